"""The report as Markdown, with the charts as SVG files beside it."""

from __future__ import annotations

from collections.abc import Sequence

from tokscope.render.common.markdown import code, fenced, finish, section_table, table
from tokscope.render.common.sections import Section
from tokscope.render.diff.tokens import shown_pieces
from tokscope.render.report.charts import all_charts
from tokscope.render.report.sections import (
    corpus_line,
    files_section,
    fragmented_section,
    skipped_section,
    summary_notes,
    summary_section,
    verdicts_section,
)
from tokscope.render.report.svg import Chart
from tokscope.report import Report


def _part(section: Section) -> list[str]:
    return ["", f"## {section.title}", "", *section_table(section)]


def render_markdown(report: Report, *, chart_dir: str) -> tuple[str, dict[str, str]]:
    """The Markdown text and the SVG files it links to (file name -> SVG), under ``chart_dir``."""
    charts = all_charts(report)
    files = chart_files(charts)
    out = [
        "# tokscope report",
        "",
        f"tokscope {report.version}, generated {report.generated}; inputs: "
        f"{code(' '.join(report.inputs))}; {corpus_line(report)}.",
    ]
    out += _part(files_section(report))
    out += _part(summary_section(report))
    for note in summary_notes(report):
        out += ["", note]
    out += _part(verdicts_section(report))
    out += _part(fragmented_section(report))
    for chart in charts:
        out += [
            "",
            f"## {chart.title}",
            "",
            chart.caption,
            "",
            f"![{chart.title}]({chart_dir}/{chart.key}.svg)",
            "",
            *table(chart.columns, chart.rows, [False, *(True for _ in chart.columns[1:])]),
        ]
    out += [
        "",
        "## Telling lines",
        "",
        "Tokens separated by ┊; · space, → tab, ↵ newline, ␍ CR; ∅ text no token covers; "
        "≠ before a token that stands for other text.",
        "",
    ]
    for excerpt in report.excerpts:
        diff = excerpt.diff
        out += [f"{code(diff.source.name)}, line {excerpt.row.number}: {excerpt.why}", ""]
        width = max(len(c.name) for c in diff.columns)
        lines = []
        for c, column in enumerate(diff.columns):
            pieces = "┊".join(
                ("≠" if s.kind == "rewritten" else "") + s.text
                for s in shown_pieces(diff, excerpt.row, c)
            )
            lines.append(f"{column.name.ljust(width)}  {pieces}")
        out += [*fenced(lines), ""]
    skipped = skipped_section(report)
    if skipped is not None:
        out += _part(skipped)
    return finish(out), files


def chart_files(charts: Sequence[Chart]) -> dict[str, str]:
    """File name -> SVG for ``charts``."""
    return {f"{c.key}.svg": c.svg for c in charts}
