"""The report as one self-contained HTML file: inline styles and SVG charts, no script, no
network request."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from tokscope.render.common.sections import Section
from tokscope.render.diff.tokens import shown_pieces
from tokscope.render.report.outline import ALL_ANALYSED, SKIPPED, TELLING_LINES, Part, outline
from tokscope.render.report.sections import skipped_section
from tokscope.render.report.svg import Chart, scoped
from tokscope.render.visible import WHITESPACE_WORDS
from tokscope.report import Excerpt, Report

CSS = """
body { font: 15px/1.5 system-ui, sans-serif; color: #1d2330; margin: 0 auto; max-width: 1180px;
       padding: 0 24px 48px; }
h1 { margin: 24px 0 4px; } h2 { margin-top: 40px; border-bottom: 1px solid #d8dde6; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { padding: 3px 10px; text-align: left; border-bottom: 1px solid #eceff4;
         vertical-align: top; }
th.num, td.num { text-align: right; }
.scroll { max-width: 100%; overflow-x: auto; }
td code { overflow-wrap: anywhere; }
code, .tokens { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
figure.chart { display: flex; gap: 24px; flex-wrap: wrap; align-items: flex-start;
               margin: 16px 0 32px; }
figure.chart .plot svg { max-width: 100%; height: auto; }
figure.chart .plot { max-width: 640px; min-width: 0; }
figure.chart figcaption { flex-basis: 100%; }
.tokens span { padding: 1px 0; white-space: pre; }
.t0 { background: #dbe8fb; } .t1 { background: #fbe5c8; }
.rewritten { text-decoration: underline wavy #c77d00; }
.empty { color: #888; font-style: italic; }
.dropped { color: #c62828; font-weight: bold; }
.note { color: #5b6577; font-size: 13px; }
.lossy { color: #b3261e; font-weight: 600; }
"""


def _html_table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    cls: str = "",
    *,
    numeric: Sequence[bool] | None = None,
) -> str:
    """A table of cells that are already HTML (escaped text or markup built here), in a box that
    scrolls sideways when the page is narrower than the table. ``numeric`` says which columns are
    right-aligned (every column but the first when not given)."""
    right = list(numeric) if numeric is not None else [i > 0 for i in range(len(header))]

    def align(i: int) -> str:
        return ' class="num"' if i < len(right) and right[i] else ""

    head = "".join(f"<th{align(i)}>{escape(h)}</th>" for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f"<td{align(i)}>{cell}</td>" for i, cell in enumerate(row)) + "</tr>"
        for row in rows
    )
    attr = f' class="{cls}"' if cls else ""
    return (
        f'<div class="scroll"><table{attr}><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


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
    numeric = [c.numeric for c in columns]
    table = _html_table([c.header for c in columns], rows, cls, numeric=numeric)
    note = f'<p class="note">{escape(section.note)}</p>' if section.note else ""
    return table + note


def _part(part: Part) -> str:
    out = [f"<h2>{escape(part.title)}</h2>"]
    for item in part.items:
        if isinstance(item, Chart):
            out.append(_figure(item))
            continue
        if item.title != part.title:
            out.append(f"<h3>{escape(item.title)}</h3>")
        out.append(_section(item, "meta" if part.title == "Provenance" else ""))
    return "\n".join(out)


def _excerpt(excerpt: Excerpt) -> str:
    diff = excerpt.diff
    rows = []
    for c, column in enumerate(diff.columns):
        spans = "".join(
            f'<span class="{_classes(s.kind, s.parity)}">{escape(s.text)}</span>'
            for s in shown_pieces(diff, excerpt.row, c)
        )
        rows.append(
            f'<tr><td>{escape(column.name)}</td><td class="tokens">'
            f'{spans}</td><td class="num">{excerpt.row.token_count(c)}</td></tr>'
        )
    title = f"{escape(diff.source.name)}, line {excerpt.row.number}: {escape(excerpt.why)}"
    return (
        f'<h3>{title}</h3><div class="scroll"><table><tbody>{"".join(rows)}</tbody></table></div>'
    )


def _classes(kind: str, parity: int) -> str:
    if kind == "dropped":
        return "dropped"
    return f"t{parity}" + ("" if kind == "token" else f" {kind}")


def _skipped(report: Report) -> str:
    skipped = skipped_section(report)
    return f"<p>{ALL_ANALYSED}</p>" if skipped is None else _section(skipped)


def render_html(report: Report) -> str:
    """The whole report as one HTML document."""
    names = ", ".join(name for name, _ in report.tokenizers)
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>tokscope report: {escape(names)}</title><style>{CSS}</style></head><body>",
        f"<h1>tokscope report</h1><p>How {escape(names)} tokenize this corpus.</p>",
        *(_part(part) for part in outline(report)),
        f"<h2>{TELLING_LINES}</h2>",
        f'<p class="note">Tokens on alternating backgrounds; {escape(WHITESPACE_WORDS)}; '
        "∅ text no token covers; wavy underline: the token stands for other text.</p>",
        *(_excerpt(e) for e in report.excerpts),
        f"<h2>{SKIPPED}</h2>",
        _skipped(report),
        "</body></html>\n",
    ]
    return "\n".join(parts)
