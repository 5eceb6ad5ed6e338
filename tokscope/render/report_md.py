"""The report as Markdown, with the charts as SVG files beside it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tokscope.render.charts import Chart
from tokscope.render.report_charts import all_charts
from tokscope.render.tokens import shown_pieces
from tokscope.report import Report


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = [
        "| " + " | ".join(_cell(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def render_markdown(report: Report, *, chart_dir: str) -> tuple[str, dict[str, str]]:
    """The Markdown text and the SVG files it links to (file name -> SVG), under ``chart_dir``."""
    charts = all_charts(report)
    files = chart_files(charts)
    stats = report.stats
    out = [
        "# tokscope report",
        "",
        f"tokscope {report.version}, generated {report.generated}; inputs: "
        f"{' '.join(report.inputs)}; {stats.files:,} files, {stats.bytes:,} bytes, "
        f"{stats.skipped.total} skipped.",
        "",
        _table(
            ("tokenizer", "found in", "file", "sha256"),
            [
                (name, prov.origin, prov.hub_id or f.path, f.sha256)
                for name, prov in report.tokenizers
                for f in prov.files
            ],
        ),
        "",
        "## Whitespace runs, in words",
        "",
        _table(("tokenizer", "verdict"), [(s.name, s.verdict) for s in report.spectrum.tokenizers]),
    ]
    for chart in charts:
        out += [
            "",
            f"## {chart.title}",
            "",
            chart.caption,
            "",
            f"![{chart.title}]({chart_dir}/{chart.key}.svg)",
            "",
            _table(chart.columns, chart.rows),
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
        out += [f"**{diff.source.name}, line {excerpt.row.number}**: {excerpt.why}", "", "```"]
        width = max(len(c.name) for c in diff.columns)
        for c, column in enumerate(diff.columns):
            pieces = "┊".join(
                ("≠" if s.kind == "rewritten" else "") + s.text
                for s in shown_pieces(diff, excerpt.row, c)
            )
            out.append(f"{column.name.ljust(width)}  {pieces}")
        out += ["```", ""]
    if stats.skipped.total:
        examples = dict(stats.skipped.examples)
        out += [
            "## Skipped inputs",
            "",
            _table(
                ("reason", "inputs", "first of them"),
                [(r, str(n), ", ".join(examples.get(r, ()))) for r, n in stats.skipped.counts],
            ),
        ]
    return "\n".join(out) + "\n", files


def chart_files(charts: Sequence[Chart]) -> dict[str, str]:
    """File name -> SVG for ``charts``."""
    return {f"{c.key}.svg": c.svg for c in charts}
