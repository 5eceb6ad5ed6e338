"""The report as one self-contained HTML file: inline styles and SVG charts, no script, no
network request."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from tokscope.render.common.sections import Section
from tokscope.render.diff.tokens import shown_pieces
from tokscope.render.report.charts import all_charts
from tokscope.render.report.sections import (
    files_section,
    fragmented_section,
    meta_section,
    skipped_section,
    summary_notes,
    summary_section,
    verdicts_section,
)
from tokscope.render.report.svg import Chart, scoped
from tokscope.report import Excerpt, Report

CSS = """
body { font: 15px/1.5 system-ui, sans-serif; color: #1d2330; margin: 0 auto; max-width: 1180px;
       padding: 0 24px 48px; }
h1 { margin: 24px 0 4px; } h2 { margin-top: 40px; border-bottom: 1px solid #d8dde6; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { padding: 3px 10px; text-align: right; border-bottom: 1px solid #eceff4; }
th:first-child, td:first-child { text-align: left; }
code, .tokens { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
figure.chart { display: flex; gap: 24px; flex-wrap: wrap; align-items: flex-start;
               margin: 16px 0 32px; }
figure.chart .plot svg { max-width: 640px; height: auto; }
figure.chart figcaption { flex-basis: 100%; }
.meta td { text-align: left; }
.tokens span { padding: 1px 0; white-space: pre; }
.t0 { background: #dbe8fb; } .t1 { background: #fbe5c8; }
.rewritten { text-decoration: underline wavy #c77d00; }
.empty { color: #888; font-style: italic; }
.dropped { color: #c62828; font-weight: bold; }
.verdict td { text-align: left; }
.note { color: #5b6577; font-size: 13px; }
.lossy { color: #b3261e; font-weight: 600; }
"""


def _html_table(header: Sequence[str], rows: Iterable[Sequence[str]], cls: str = "") -> str:
    """A table of cells that are already HTML (escaped text or markup built here)."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    attr = f' class="{cls}"' if cls else ""
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure(chart: Chart) -> str:
    return (
        f'<figure class="chart" id="chart-{chart.key}">'
        f"<figcaption><strong>{escape(chart.title)}.</strong> {escape(chart.caption)}"
        "</figcaption>"
        f'<div class="plot">{scoped(chart.svg, chart.key)}</div>'
        f"{_html_table(chart.columns, [[escape(c) for c in r] for r in chart.rows])}</figure>"
    )


def _section(section: Section, cls: str = "") -> str:
    columns = section.columns
    rows = [
        [escape(v) if not c.code else f"<code>{escape(v)}</code>" for c, v in zip(columns, row)]
        for row in section.rows
    ]
    return _html_table([c.header for c in columns], rows, cls)


def _provenance(report: Report) -> str:
    return _section(meta_section(report), "meta") + _section(files_section(report), "meta")


def _verdicts(report: Report) -> str:
    return _section(verdicts_section(report), "verdict")


def _fragmented(report: Report) -> str:
    return _section(fragmented_section(report))


def _excerpt(excerpt: Excerpt) -> str:
    diff = excerpt.diff
    rows = []
    for c, column in enumerate(diff.columns):
        spans = "".join(
            f'<span class="{_classes(s.kind, s.parity)}">{escape(s.text)}</span>'
            for s in shown_pieces(diff, excerpt.row, c)
        )
        rows.append(
            f'<tr><td>{escape(column.name)}</td><td class="tokens" style="text-align:left">'
            f"{spans}</td><td>{excerpt.row.token_count(c)}</td></tr>"
        )
    title = f"{escape(diff.source.name)}, line {excerpt.row.number}: {escape(excerpt.why)}"
    return f"<h3>{title}</h3><table><tbody>{''.join(rows)}</tbody></table>"


def _classes(kind: str, parity: int) -> str:
    if kind == "dropped":
        return "dropped"
    return f"t{parity}" + ("" if kind == "token" else f" {kind}")


def _skipped(report: Report) -> str:
    skipped = skipped_section(report)
    return "<p>Every input was analysed.</p>" if skipped is None else _section(skipped)


def render_html(report: Report) -> str:
    """The whole report as one HTML document."""
    charts = {c.key: c for c in all_charts(report)}

    def chart(key: str) -> str:
        return _figure(charts[key]) if key in charts else ""

    names = ", ".join(name for name, _ in report.tokenizers)
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>tokscope report: {escape(names)}</title><style>{CSS}</style></head><body>",
        f"<h1>tokscope report</h1><p>How {escape(names)} tokenize this corpus.</p>",
        _provenance(report),
        "<h2>Summary</h2>",
        _section(summary_section(report)),
        *(f'<p class="lossy">{escape(note)}</p>' for note in summary_notes(report)),
        '<p class="note">Definitions: docs/metrics.md. Whitespace cost: share of tokens that are '
        "only whitespace. Whitespace lost: bytes of source whitespace that no token covers or "
        "that decode does not restore (the same number as tokscope whitespace --corpus).</p>",
        "<h2>Fragmentation</h2>",
        chart("bytes-per-token"),
        chart("fertility"),
        "<h3>Most fragmented frequent identifiers</h3>",
        _fragmented(report),
        "<h2>Whitespace</h2>",
        _verdicts(report),
        chart("indentation-runs"),
        chart("indentation-parity"),
        "<h2>Vocabulary overlap</h2>",
        chart("overlap"),
        "<h2>Context fit</h2>",
        chart("context-fit"),
        "<h2>Telling lines</h2>",
        '<p class="note">Tokens on alternating backgrounds; · space, → tab, ↵ newline, '
        "␍ CR; ∅ text no token covers; wavy underline: the token stands for other text.</p>",
        *(_excerpt(e) for e in report.excerpts),
        "<h2>Skipped inputs</h2>",
        _skipped(report),
        "</body></html>\n",
    ]
    return "\n".join(parts)
