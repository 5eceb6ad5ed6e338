"""Compare tokenizers on one text: the whole-text pass per tokenizer, then the lines shown."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from tokscope.align.segment import TokenSpan
from tokscope.corpus.textio import SourceText
from tokscope.diff.result import (
    DEFAULT_MAX_LINES,
    Column,
    DiffResult,
    Fragment,
    Piece,
    Row,
    line_starts,
)
from tokscope.diff.whole import TextIndex, WholeText
from tokscope.errors import TokscopeError
from tokscope.loading.sources import LoadedTokenizer


def compare(
    source: SourceText,
    tokenizers: Sequence[LoadedTokenizer],
    *,
    lines: tuple[int, int | None] | None = None,
) -> DiffResult:
    """Encode ``source`` once with each tokenizer; lay out the tokens of the lines shown.

    ``lines`` is ``(first, last or None)``, 1-based and inclusive; without it a long text shows
    its first :data:`~tokscope.diff.result.DEFAULT_MAX_LINES` lines. The summary of each column
    counts the whole text either way.
    """
    text = source.text
    starts = line_starts(text)
    total = len(starts) if text else 0
    truncated = False
    if lines is None:
        first, last = 1, total
        if total > DEFAULT_MAX_LINES:
            last, truncated = DEFAULT_MAX_LINES, True
    else:
        first, last = lines[0], min(lines[1] or total, total)
        if total and first > total:
            raise TokscopeError(f"--lines starts at {first} but {source.name} has {total} lines")
    index = TextIndex(text, text.encode("utf-8", "surrogatepass"))
    passes = [WholeText(t, source.name, index) for t in tokenizers]
    columns = tuple(
        Column(t.name, t.provenance, p.summary(), p.unk_id) for t, p in zip(tokenizers, passes)
    )
    if not total or last < first:
        return DiffResult(source, columns, (), total, truncated)
    c0 = starts[first - 1]
    c1 = starts[last] if last < total else len(text)
    b0, b1 = index.byte(c0), index.byte(c1)
    ends = [*starts[1:], len(text)]
    cells: list[list[list[Fragment]]] = [[[] for _ in passes] for _ in range(first, last + 1)]
    for c, whole in enumerate(passes):
        for piece in whole.pieces(b0, b1):
            _place(piece, c, cells, starts, ends, first, last)
    rows = tuple(
        Row(first + i, tuple(tuple(cell) for cell in per_column))
        for i, per_column in enumerate(cells)
    )
    return DiffResult(source, columns, rows, total, truncated)


def _place(
    piece: Piece,
    column: int,
    cells: list[list[list[Fragment]]],
    starts: list[int],
    ends: list[int],
    first: int,
    last: int,
) -> None:
    """Put ``piece`` on the lines it belongs to (lines ``first..last`` only)."""
    line = max(bisect_right(starts, piece.char_start) - 1, 0) + 1
    is_token = isinstance(piece, TokenSpan)
    if is_token and first <= line <= last:
        cells[line - first][column].append(Fragment(piece, piece.char_start, piece.char_end, True))
    n = line + 1 if is_token else line
    while n <= last and starts[n - 1] < piece.char_end:
        lo, hi = max(piece.char_start, starts[n - 1]), min(piece.char_end, ends[n - 1])
        if n >= first:
            cells[n - first][column].append(Fragment(piece, lo, hi, not is_token))
        n += 1
