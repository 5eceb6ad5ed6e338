"""Terminal view of a :class:`~tokscope.diff.DiffResult`."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tokscope.diff import DiffResult, Row
from tokscope.render.tokens import shown_pieces

TOKEN_STYLES = ("on #1f3b57", "on #4a3b12")
"""Alternating backgrounds, so that neighbouring tokens stay apart."""
DIFFERS_STYLE = "underline #ffd75f"
DROPPED_STYLE = "bold #ff5f5f"
EMPTY_STYLE = "dim italic"
BOUNDARY = "┊"
"""Drawn between tokens when colours are off."""
REWRITTEN = "≠"
"""Drawn before a rewritten token when colours are off."""
MIN_COLUMN = 28
"""Width below which a side-by-side tokenizer column is too narrow to read."""

LEGEND = (
    "· space  → tab  ↵ newline  ␍ CR  ∅ dropped: no token covers it  "
    "underlined: rewritten, the token stands for other text  … rest of a split character  "
    "round trip: decode(encode(text)) == text"
)


def side_by_side_fits(result: DiffResult, width: int) -> bool:
    """Whether ``width`` columns are enough to show the tokenizers next to each other."""
    return width >= 6 + len(result.columns) * (MIN_COLUMN + 5)


def render_diff(
    result: DiffResult, *, layout: str = "auto", width: int = 100, marks: bool = False
) -> RenderableType:
    """Rows of tokens per source line, one column (or sub-row) per tokenizer, then a summary.

    ``layout`` is ``side``, ``stacked`` or ``auto`` (side by side when ``width`` allows).
    ``marks`` draws a ``┊`` between tokens, for output without colours.
    """
    side = layout == "side" or (layout == "auto" and side_by_side_fits(result, width))
    sep = BOUNDARY if marks else ""
    body = _side_by_side(result, sep) if side else _stacked(result, sep)
    legend = f"{BOUNDARY} token boundary  {REWRITTEN} rewritten  {LEGEND}" if marks else LEGEND
    return Group(_header(result), body, summary_table(result), Text(legend, style="dim"))


def _header(result: DiffResult) -> Text:
    src = result.source
    if result.rows:
        shown = f"lines {result.rows[0].number}-{result.rows[-1].number} of {result.total_lines}"
    else:
        shown = "empty" if not src.text else f"no lines shown of {result.total_lines}"
    header = Text(f"{src.name}", style="bold")
    header.append(f"  {shown}, {src.n_bytes:,} bytes", style="dim")
    if result.truncated:
        header.append("  (long file: pass --lines A:B to see more)", style="yellow")
    return header


def _side_by_side(result: DiffResult, sep: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=True, show_edge=False)
    table.add_column("line", justify="right", style="dim", no_wrap=True)
    for column in result.columns:
        table.add_column(column.name, ratio=1, overflow="fold")
        table.add_column("n", justify="right", style="dim", no_wrap=True)
    for row in result.rows:
        cells: list[RenderableType] = [str(row.number)]
        for c in range(len(result.columns)):
            cells += [_pieces(result, row, c, sep), str(row.token_count(c))]
        table.add_row(*cells)
    return table


def _stacked(result: DiffResult, sep: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=True, show_edge=False)
    table.add_column("line", justify="right", style="dim", no_wrap=True)
    table.add_column("tokenizer", style="bold", no_wrap=True)
    table.add_column("tokens", ratio=1, overflow="fold")
    table.add_column("n", justify="right", style="dim", no_wrap=True)
    for row in result.rows:
        for c, column in enumerate(result.columns):
            number = str(row.number) if c == 0 else ""
            table.add_row(
                number,
                column.name,
                _pieces(result, row, c, sep),
                str(row.token_count(c)),
                end_section=c == len(result.columns) - 1,
            )
    return table


def _pieces(result: DiffResult, row: Row, column: int, sep: str) -> Text:
    out = Text()
    for k, shown in enumerate(shown_pieces(result, row, column)):
        if sep and k:
            out.append(sep, style="dim")
        if sep and shown.kind == "rewritten":
            out.append(REWRITTEN, style="bold")
        out.append(shown.text, style=_STYLES[shown.kind].format(bg=TOKEN_STYLES[shown.parity]))
    return out


_STYLES = {
    "token": "{bg}",
    "rewritten": "{bg} " + DIFFERS_STYLE,
    "empty": "{bg} " + EMPTY_STYLE,
    "dropped": DROPPED_STYLE,
}


def summary_table(result: DiffResult) -> Table:
    """Whole-text totals per tokenizer: tokens, bytes/token, dropped text, round trip."""
    table = Table(
        title="whole text",
        min_width=60,
        box=box.SIMPLE_HEAD,
        title_justify="left",
        title_style="bold",
    )
    table.add_column("tokenizer", style="bold")
    table.add_column("tokens", justify="right")
    table.add_column("bytes/tok", justify="right")
    table.add_column("dropped", justify="right")
    table.add_column("rewritten", justify="right")
    table.add_column("round trip")
    for column in result.columns:
        seg = column.segmentation
        rewritten = sum(1 for t in seg.tokens if t.differs)
        dropped = Text(f"{seg.dropped_chars:,}", style=DROPPED_STYLE if seg.dropped_chars else "")
        trip = Text("yes", style="green") if seg.round_trip else Text("no", style=DROPPED_STYLE)
        table.add_row(
            column.name,
            f"{len(seg.tokens):,}",
            f"{seg.bytes_per_token:.2f}",
            dropped,
            f"{rewritten:,}",
            trip,
        )
    return table
