"""What ``diff`` computes: per tokenizer a whole-text summary, and per line shown its pieces."""

from __future__ import annotations

from dataclasses import dataclass

from tokscope.align.segment import Gap, TokenSpan
from tokscope.corpus.textio import SourceText
from tokscope.errors import TokscopeError
from tokscope.loading.sources import Provenance

Piece = TokenSpan | Gap
"""What a line shows for one tokenizer: tokens, and the gaps no token covers."""

DEFAULT_MAX_LINES = 200
"""Lines shown when a long file is diffed without ``--lines``."""


@dataclass(frozen=True)
class Summary:
    """Counts over the whole text for one tokenizer (not only the lines shown)."""

    tokens: int
    """Tokens (no special tokens added)."""
    n_bytes: int
    """UTF-8 bytes of the text."""
    chars: int
    """Characters of the text."""
    dropped_chars: int
    """Characters covered by no token."""
    dropped_bytes: int
    """Bytes covered by no token."""
    rewritten: int
    """Tokens that stand for other text than they cover (unknown tokens included)."""
    unknown: int
    """Unknown tokens (the tokenizer's unknown id)."""
    unknown_chars: int
    """Characters the unknown tokens cover."""
    unknown_entry: str | None
    """The unknown token's vocabulary entry (``<unk>``), when the tokenizer has one."""
    decoded: str | None
    """``decode(encode(text))`` when it differs from the text, else None."""

    @property
    def round_trip(self) -> bool:
        """Whether decoding the tokens gives back the text exactly."""
        return self.decoded is None

    @property
    def bytes_per_token(self) -> float:
        """Bytes per token (0 for an empty text)."""
        return self.n_bytes / self.tokens if self.tokens else 0.0


@dataclass(frozen=True)
class Column:
    """One tokenizer's view of the text."""

    name: str
    """Tokenizer name."""
    provenance: Provenance
    """Where it came from."""
    summary: Summary
    """Counts over the whole text."""
    unk_id: int | None
    """The unknown token's id, if the tokenizer has one."""

    def is_unknown(self, piece: Piece) -> bool:
        """Whether ``piece`` is this tokenizer's unknown token."""
        return isinstance(piece, TokenSpan) and self.unk_id is not None and piece.id == self.unk_id


@dataclass(frozen=True)
class Fragment:
    r"""A token or gap as one line shows it.

    A token is drawn whole on the line where it starts (``first``); on each further line it
    reaches (a token holding ``\n`` and the next indentation) it leaves a continuation fragment
    (``first`` false) covering its part of that line. Gaps are cut at line breaks, each part
    ``first`` on its own line.
    """

    piece: Piece
    """The whole token or gap."""
    char_start: int
    """Start of what this line shows."""
    char_end: int
    """End of what this line shows."""
    first: bool
    """False for the continuation of a token that started on an earlier line."""


@dataclass(frozen=True)
class Row:
    """One source line: what each tokenizer makes of it."""

    number: int
    """1-based line number."""
    cells: tuple[tuple[Fragment, ...], ...]
    """Per tokenizer (in column order), the tokens and gaps of this line."""

    def token_count(self, column: int) -> int:
        """Tokens drawn (started) on this line, for one column."""
        return sum(1 for f in self.cells[column] if f.first and isinstance(f.piece, TokenSpan))

    def differing_count(self, column: int) -> int:
        """Tokens drawn on this line that stand for other text (rewritten or unknown)."""
        return sum(
            1
            for f in self.cells[column]
            if f.first and isinstance(f.piece, TokenSpan) and f.piece.differs
        )


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
