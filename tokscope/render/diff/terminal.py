"""Terminal view of a :class:`~tokscope.diff.DiffResult`."""

from __future__ import annotations

from collections.abc import Iterator

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from tokscope.diff import Column, DiffResult, Row
from tokscope.render.diff.tokens import Shown, shown_pieces, unknown_note

TOKEN_STYLES = ("on #1f3b57", "on #4a3b12")
"""Alternating backgrounds, so that neighbouring tokens stay apart."""
DIFFERS_STYLE = "underline #ffd75f"
DROPPED_STYLE = "bold #ff5f5f"
EMPTY_STYLE = "dim italic"
CONTINUED_STYLE = "dim"
ID_STYLE = "dim #87afd7"
BOUNDARY = "┊"
"""Drawn between tokens when colours are off."""
REWRITTEN = "≠"
"""Drawn before a rewritten or unknown token when colours are off."""
MIN_COLUMN = 28
"""Width below which a side-by-side tokenizer column is too narrow to read."""

LEGEND = (
    "· space  → tab  ↵ newline  ↤ CR  ∅ dropped: no token covers it  "
    "underlined: rewritten or unknown, the token stands for other text  "
    "↳ the token above goes on here  … rest of a split character  "
    "round trip: decode(encode(text)) == text"
)

_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def subscript(number: int) -> str:
    """``number`` in subscript digits, as ``--ids`` writes it after a token.

    >>> subscript(486)
    '₄₈₆'
    """
    return str(number).translate(_SUBSCRIPT)


class TokenFlow:
    """The tokens of one cell, wrapped only between tokens, never inside one.

    A token wider than the whole cell is the only thing folded.
    """

    def __init__(self, chunks: list[Text], sep: str) -> None:
        self.chunks = chunks
        self.sep = sep

    def _width(self, k: int) -> int:
        return self.chunks[k].cell_len + (len(self.sep) if k else 0)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widths = [self._width(k) for k in range(len(self.chunks))]
        widest = max(widths, default=1)
        return Measurement(min(widest, options.max_width), max(sum(widths), 1))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        width = max(options.max_width, 1)
        out = Text(overflow="fold", no_wrap=False)
        used = 0
        for chunk in self.chunks:
            extra = len(self.sep) if used and self.sep else 0
            if used and used + extra + chunk.cell_len > width:
                out.append("\n")
                used, extra = 0, 0
            if extra:
                out.append(self.sep, style="dim")
            out.append_text(chunk)
            used += extra + chunk.cell_len
        yield out


def side_by_side_fits(result: DiffResult, width: int) -> bool:
    """Whether ``width`` columns are enough to show the tokenizers next to each other."""
    return width >= 6 + len(result.columns) * (MIN_COLUMN + 5)


def render_diff(
    result: DiffResult,
    *,
    layout: str = "auto",
    width: int = 100,
    marks: bool = False,
    ids: bool = False,
) -> RenderableType:
    """Rows of tokens per source line, one column (or sub-row) per tokenizer, then a summary.

    ``layout`` is ``side``, ``stacked`` or ``auto`` (side by side when ``width`` allows).
    ``marks`` draws a ``┊`` between tokens, for output without colours; ``ids`` writes each
    token's id after it in subscript digits.
    """
    side = layout == "side" or (layout == "auto" and side_by_side_fits(result, width))
    cell = _Cells(result, marks, ids)
    body = _side_by_side(result, cell) if side else _stacked(result, cell)
    legend = LEGEND
    if marks:
        legend = f"{BOUNDARY} token boundary  {REWRITTEN} rewritten or unknown  {legend}"
    if ids:
        legend += "  ₁₂₃ token id"
    parts: list[RenderableType] = [_header(result), body, summary_table(result)]
    parts += [_unknown_line(column) for column in result.columns if column.summary.unknown]
    parts.append(Text(legend, style="dim"))
    return Group(*parts)


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


class _Cells:
    """Builds the token cell of one row and tokenizer."""

    def __init__(self, result: DiffResult, marks: bool, ids: bool) -> None:
        self.result = result
        self.marks = marks
        self.ids = ids

    def __call__(self, row: Row, column: int) -> TokenFlow:
        chunks = [self._chunk(s) for s in shown_pieces(self.result, row, column)]
        return TokenFlow(chunks, BOUNDARY if self.marks else "")

    def _chunk(self, shown: Shown) -> Text:
        out = Text()
        if self.marks and shown.kind == "rewritten":
            out.append(REWRITTEN, style="bold")
        out.append(shown.text, style=_STYLES[shown.kind].format(bg=TOKEN_STYLES[shown.parity]))
        if self.ids and shown.token is not None and shown.kind != "continued":
            out.append(subscript(shown.token.id), style=ID_STYLE)
        return out


def _side_by_side(result: DiffResult, cell: _Cells) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=True, show_edge=False)
    table.add_column("line", justify="right", style="dim", no_wrap=True)
    for column in result.columns:
        table.add_column(Text(column.name), ratio=1)
        table.add_column("n", justify="right", style="dim", no_wrap=True)
    for row in result.rows:
        cells: list[RenderableType] = [str(row.number)]
        for c in range(len(result.columns)):
            cells += [cell(row, c), str(row.token_count(c))]
        table.add_row(*cells)
    return table


def _stacked(result: DiffResult, cell: _Cells) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=True, show_edge=False)
    table.add_column("line", justify="right", style="dim", no_wrap=True)
    table.add_column("tokenizer", style="bold", no_wrap=True)
    table.add_column("tokens", ratio=1)
    table.add_column("n", justify="right", style="dim", no_wrap=True)
    for row in result.rows:
        for c, column in enumerate(result.columns):
            number = str(row.number) if c == 0 else ""
            table.add_row(
                number,
                Text(column.name),
                cell(row, c),
                str(row.token_count(c)),
                end_section=c == len(result.columns) - 1,
            )
    return table


_STYLES = {
    "token": "{bg}",
    "rewritten": "{bg} " + DIFFERS_STYLE,
    "empty": "{bg} " + EMPTY_STYLE,
    "dropped": DROPPED_STYLE,
    "continued": CONTINUED_STYLE,
}


def _unknown_line(column: Column) -> Text:
    line = Text(f"{column.name}: ", style="bold")
    line.append(unknown_note(column.summary), style=DIFFERS_STYLE)
    return line


def summary_table(result: DiffResult) -> Table:
    """Whole-text totals per tokenizer: tokens, bytes/token, dropped, rewritten, round trip."""
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
    table.add_column("unknown", justify="right")
    table.add_column("round trip")
    for column in result.columns:
        s = column.summary
        dropped = Text(f"{s.dropped_chars:,}", style=DROPPED_STYLE if s.dropped_chars else "")
        unknown = Text(f"{s.unknown:,}", style=DIFFERS_STYLE if s.unknown else "")
        trip = Text("yes", style="green") if s.round_trip else Text("no", style=DROPPED_STYLE)
        table.add_row(
            Text(column.name),
            f"{s.tokens:,}",
            f"{s.bytes_per_token:.2f}",
            dropped,
            f"{s.rewritten:,}",
            unknown,
            trip,
        )
    return table
