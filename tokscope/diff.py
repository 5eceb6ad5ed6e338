"""Side-by-side comparison of how several tokenizers split one text, line by line."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from tokscope.align.segment import Gap, Segmentation, TokenSpan, segment
from tokscope.corpus.textio import SourceText
from tokscope.errors import TokscopeError
from tokscope.loading.sources import LoadedTokenizer, Provenance

Piece = TokenSpan | Gap
"""What a line shows for one tokenizer: tokens, and the gaps no token covers."""

DEFAULT_MAX_LINES = 200
"""Lines shown when a long file is diffed without ``--lines``."""


@dataclass(frozen=True)
class Column:
    """One tokenizer's view of the whole text."""

    name: str
    """Tokenizer name."""
    provenance: Provenance
    """Where it came from."""
    segmentation: Segmentation
    """Tokens and dropped spans of the whole text."""


@dataclass(frozen=True)
class Fragment:
    """The part of a token or gap that lies on one line (a token may cover ``\n`` and go on)."""

    piece: Piece
    """The whole token or gap."""
    char_start: int
    """Start of the part on this line."""
    char_end: int
    """End of the part on this line."""
    first: bool
    """This line holds the start of the piece."""


@dataclass(frozen=True)
class Row:
    """One source line: what each tokenizer makes of it."""

    number: int
    """1-based line number."""
    cells: tuple[tuple[Fragment, ...], ...]
    """Per tokenizer (in column order), the parts of tokens and gaps on this line."""

    def token_count(self, column: int) -> int:
        """Tokens that start on this line, for one column."""
        return sum(1 for f in self.cells[column] if f.first and isinstance(f.piece, TokenSpan))


@dataclass(frozen=True)
class DiffResult:
    """The input of every ``diff`` renderer."""

    source: SourceText
    """The text compared."""
    columns: tuple[Column, ...]
    """One per tokenizer."""
    rows: tuple[Row, ...]
    """The lines shown."""
    total_lines: int
    """Lines in the whole text."""
    truncated: bool
    """True when a long text was cut to :data:`DEFAULT_MAX_LINES` because no range was given."""


def parse_line_range(value: str) -> tuple[int, int | None]:
    """Read ``A:B``, ``A:`` or ``:B`` (1-based, inclusive) into ``(A, B or None)``.

    >>> parse_line_range("10:20")
    (10, 20)
    """
    head, sep, tail = value.partition(":")
    try:
        first = int(head) if head.strip() else 1
        last = int(tail) if tail.strip() else None
        if not sep:
            last = first
    except ValueError:
        raise TokscopeError(f"--lines {value!r}: write a range like 10:40, 10: or :40") from None
    if first < 1 or (last is not None and last < first):
        raise TokscopeError(
            f"--lines {value!r}: lines start at 1 and the end must not come before the start"
        )
    return first, last


def line_starts(text: str) -> list[int]:
    r"""Char offset of the start of each line (a line ends after ``\n``).

    >>> line_starts("a\nb\n")
    [0, 2]
    """
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        if pos + 1 < len(text):
            starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def compare(
    source: SourceText,
    tokenizers: Sequence[LoadedTokenizer],
    *,
    lines: tuple[int, int | None] | None = None,
) -> DiffResult:
    """Segment ``source`` with each tokenizer and cut the pieces at line breaks."""
    columns = tuple(Column(t.name, t.provenance, segment(t, source.text)) for t in tokenizers)
    starts = line_starts(source.text)
    total = len(starts) if source.text else 0
    truncated = False
    if lines is None:
        first, last = 1, total
        if total > DEFAULT_MAX_LINES:
            last, truncated = DEFAULT_MAX_LINES, True
    else:
        first, last = lines[0], min(lines[1] or total, total)
        if total and first > total:
            raise TokscopeError(f"--lines starts at {first} but {source.name} has {total} lines")
    per_line: list[list[list[Fragment]]] = [[[] for _ in columns] for _ in range(total)]
    ends = [*starts[1:], len(source.text)]
    for c, column in enumerate(columns):
        pieces: list[Piece] = [*column.segmentation.tokens, *column.segmentation.dropped]
        pieces.sort(key=lambda p: (p.byte_start, p.byte_end, isinstance(p, TokenSpan)))
        for piece in pieces:
            line = max(bisect_right(starts, piece.char_start) - 1, 0)
            if piece.char_start == piece.char_end and total:
                per_line[line][c].append(Fragment(piece, piece.char_start, piece.char_end, True))
                continue
            while line < total and starts[line] < piece.char_end:
                lo, hi = max(piece.char_start, starts[line]), min(piece.char_end, ends[line])
                per_line[line][c].append(Fragment(piece, lo, hi, lo == piece.char_start))
                line += 1
    rows = tuple(
        Row(n, tuple(tuple(cell) for cell in per_line[n - 1])) for n in range(first, last + 1)
    )
    return DiffResult(source, columns, rows, total, truncated)
