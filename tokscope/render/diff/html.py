"""``diff --html``: one self-contained page, the lines side by side for every tokenizer.

Inline CSS and one small inline script (highlighting the same source span in every column);
no external resource, no network request. Hovering or focusing a token shows its id, vocabulary
entry, bytes and spans (pure CSS, so it works without the script too). File names, file contents
and tokenizer names are escaped everywhere.
"""

from __future__ import annotations

from html import escape

from tokscope.diff import Column, DiffResult, Row
from tokscope.render.diff.tokens import Shown, shown_pieces, unknown_note

CSS = """
body { font: 14px/1.45 system-ui, "DejaVu Sans", sans-serif; color: #1d2330; margin: 0;
       padding: 0 20px 40px; }
h1 { font-size: 20px; margin: 18px 0 2px; word-break: break-all; }
.meta, .legend { color: #5b6577; font-size: 13px; margin: 2px 0 10px; }
table { border-collapse: collapse; }
.summary th, .summary td { padding: 2px 10px; text-align: right; border-bottom: 1px solid #e3e7ee; }
.summary th:first-child, .summary td:first-child { text-align: left; }
.lines { width: 100%; table-layout: fixed; margin-top: 14px; }
.lines th { position: sticky; top: 0; background: #f4f6fa; text-align: left; padding: 4px 6px;
            border-bottom: 1px solid #c9d0dc; font-weight: 600; }
.lines td { vertical-align: top; padding: 3px 6px; border-bottom: 1px solid #eceff4; }
.lines .ln, .lines .n { width: 3.2em; text-align: right; color: #7a8496; }
.tokens { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px;
          overflow-wrap: anywhere; }
.tokens span { white-space: pre; position: relative; padding: 1px 0; border-radius: 2px; }
.t0 { background: #dbe8fb; } .t1 { background: #fbe5c8; }
.rewritten { text-decoration: underline wavy #c77d00; }
.unknown { text-decoration: underline wavy #c62828; outline: 1px dashed #c62828; }
.empty { color: #888; font-style: italic; }
.dropped { color: #c62828; font-weight: bold; }
.continued { color: #8a94a6; }
.tokens span.hl { background: #ffe45c; box-shadow: 0 0 0 1px #b59500; }
.tokens span[data-tip]:focus { outline: 2px solid #1b5fc1; }
.tokens span[data-tip]:hover::after, .tokens span[data-tip]:focus::after {
  content: attr(data-tip); position: absolute; left: 0; top: 1.6em; z-index: 10;
  background: #1d2330; color: #fff; padding: 4px 7px; border-radius: 4px; font-size: 12px;
  white-space: pre; pointer-events: none; }
"""

SCRIPT = """
(function () {
  var marks = Array.prototype.slice.call(document.querySelectorAll(".tokens [data-s]"));
  var starts = marks.map(function (m) { return +m.dataset.s; });
  var ends = marks.map(function (m, k) { return Math.max(+m.dataset.e, starts[k] + 0.5); });
  var lit = [];
  function clear() {
    lit.forEach(function (m) { m.classList.remove("hl"); });
    lit = [];
  }
  function light(event) {
    var t = event.target.closest ? event.target.closest(".tokens [data-s]") : null;
    if (!t) { return; }
    clear();
    var s = +t.dataset.s, e = Math.max(+t.dataset.e, s + 0.5);
    for (var k = 0; k < marks.length; k++) {
      if (starts[k] < e && s < ends[k]) { marks[k].classList.add("hl"); lit.push(marks[k]); }
    }
  }
  document.addEventListener("mouseover", light);
  document.addEventListener("focusin", light);
  document.addEventListener("mouseout", clear);
  document.addEventListener("focusout", clear);
})();
"""


def _tip(shown: Shown) -> str:
    t = shown.token
    if t is None:
        return ""
    content = " ".join(f"{b:02x}" for b in t.surface.encode("utf-8", "surrogatepass"))
    lines = [
        f"id {t.id}",
        f"entry {t.token!r}",
        f"bytes [{t.byte_start}, {t.byte_end}): {content or '(none)'}",
        f"chars [{t.char_start}, {t.char_end})",
    ]
    if shown.unknown:
        lines.append(f"unknown token: stands for {t.decoded!r}, not the text")
    elif t.differs:
        lines.append(f"rewritten: stands for {t.decoded!r}")
    if shown.kind == "continued":
        lines.insert(0, "continues the token on the line above")
    return "\n".join(lines)


def _span(shown: Shown, char_start: int, char_end: int) -> str:
    if shown.kind == "dropped":
        classes = "dropped"
    else:
        classes = f"t{shown.parity}" + ("" if shown.kind == "token" else f" {shown.kind}")
        if shown.unknown:
            classes += " unknown"
    attrs = f'class="{classes}" data-s="{char_start}" data-e="{char_end}"'
    tip = _tip(shown)
    if tip:
        attrs += f' tabindex="0" data-tip="{escape(tip, quote=True)}"'
    return f"<span {attrs}>{escape(shown.text)}</span>"


def _cell(result: DiffResult, row: Row, column: int) -> str:
    spans = []
    for shown, fragment in zip(shown_pieces(result, row, column), row.cells[column]):
        piece = fragment.piece
        start, end = (
            (piece.char_start, piece.char_end)
            if shown.token is not None
            else (fragment.char_start, fragment.char_end)
        )
        spans.append(_span(shown, start, end))
    return "<wbr>".join(spans)


def _summary(columns: tuple[Column, ...]) -> str:
    head = (
        "tokenizer",
        "tokens",
        "bytes/token",
        "dropped chars",
        "rewritten",
        "unknown",
        "round trip",
    )
    rows = []
    for column in columns:
        s = column.summary
        cells = (
            column.name,
            f"{s.tokens:,}",
            f"{s.bytes_per_token:.2f}",
            f"{s.dropped_chars:,}",
            f"{s.rewritten:,}",
            unknown_note(s) if s.unknown else "0",
            "yes" if s.round_trip else "no",
        )
        rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join(rows)
    return f'<table class="summary"><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>'


def render_diff_html(result: DiffResult) -> str:
    """The page: file name, summary of the whole text, then every line shown side by side."""
    src = result.source
    if result.rows:
        shown = f"lines {result.rows[0].number}–{result.rows[-1].number} of {result.total_lines}"
    else:
        shown = "no lines"
    head = ['<th class="ln">line</th>']
    for column in result.columns:
        head += [f"<th>{escape(column.name)}</th>", '<th class="n">n</th>']
    body = []
    for row in result.rows:
        cells = [f'<td class="ln">{row.number}</td>']
        for c in range(len(result.columns)):
            cells.append(f'<td class="tokens">{_cell(result, row, c)}</td>')
            cells.append(f'<td class="n">{row.token_count(c)}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    legend = (
        "Tokens on alternating backgrounds; · space, → tab, ↵ newline, ↤ CR; ∅ text no token "
        "covers; wavy underline: the token stands for other text (rewritten; red and boxed: "
        "unknown token); ↳ a token from the line above goes on; … rest of a split character. "
        "Hover or focus (Tab) a token for its id, entry, bytes and spans; the same source text "
        "lights up in every column. n: tokens starting on the line. Round trip: "
        "decode(encode(text)) == text."
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>tokscope diff: {escape(src.name)}</title>",
            f"<style>{CSS}</style></head><body>",
            f"<h1>{escape(src.name)}</h1>",
            f'<p class="meta">{escape(shown)}, {src.n_bytes:,} bytes; the summary counts the '
            "whole text</p>",
            _summary(result.columns),
            f'<p class="legend">{escape(legend)}</p>',
            f'<table class="lines"><thead><tr>{"".join(head)}</tr></thead>',
            f"<tbody>{''.join(body)}</tbody></table>",
            f"<script>{SCRIPT}</script>",
            "</body></html>",
            "",
        ]
    )
