"""The report as Markdown, with the charts as SVG files beside it."""

from __future__ import annotations

from collections.abc import Sequence

from tokscope.render.common.markdown import code, fenced, finish, section_table, table
from tokscope.render.diff.tokens import shown_pieces
from tokscope.render.report.charts import all_charts
from tokscope.render.report.outline import ALL_ANALYSED, SKIPPED, TELLING_LINES, Part, outline
from tokscope.render.report.sections import corpus_line, skipped_section
from tokscope.render.report.svg import Chart
from tokscope.render.visible import WHITESPACE_WORDS
from tokscope.report import Excerpt, Report


def _part(part: Part, chart_dir: str) -> list[str]:
    out = ["", f"## {part.title}"]
    for item in part.items:
        if isinstance(item, Chart):
            out += [
                "",
                f"### {item.title}",
                "",
                item.caption,
                "",
                f"![{item.title}]({chart_dir}/{item.key}.svg)",
                "",
                *table(item.columns, item.rows, [False, *(True for _ in item.columns[1:])]),
            ]
            continue
        if item.title != part.title:
            out += ["", f"### {item.title}"]
        out += ["", *section_table(item)]
    return out


def _excerpt(excerpt: Excerpt) -> list[str]:
    diff = excerpt.diff
    width = max(len(c.name) for c in diff.columns)
    lines = []
    for c, column in enumerate(diff.columns):
        pieces = "┊".join(
            ("≠" if s.kind == "rewritten" else "") + s.text
            for s in shown_pieces(diff, excerpt.row, c)
        )
        lines.append(f"{column.name.ljust(width)}  {pieces}")
    title = f"### {code(diff.source.name)}, line {excerpt.row.number}: {excerpt.why}"
    return ["", title, "", *fenced(lines)]


def render_markdown(report: Report, *, chart_dir: str) -> tuple[str, dict[str, str]]:
    """The Markdown text and the SVG files it links to (file name -> SVG), under ``chart_dir``."""
    files = chart_files(all_charts(report))
    out = [
        "# tokscope report",
        "",
        f"tokscope {report.version}, generated {report.generated}; inputs: "
        f"{code(' '.join(report.inputs))}; {corpus_line(report)}.",
    ]
    for part in outline(report):
        out += _part(part, chart_dir)
    out += [
        "",
        f"## {TELLING_LINES}",
        "",
        f"Tokens separated by ┊; {WHITESPACE_WORDS}; ∅ text no token covers; "
        "≠ before a token that stands for other text.",
    ]
    for excerpt in report.excerpts:
        out += _excerpt(excerpt)
    skipped = skipped_section(report)
    out += ["", f"## {SKIPPED}", ""]
    out += [ALL_ANALYSED] if skipped is None else section_table(skipped)
    return finish(out), files


def chart_files(charts: Sequence[Chart]) -> dict[str, str]:
    """File name -> SVG for ``charts``."""
    return {f"{c.key}.svg": c.svg for c in charts}
