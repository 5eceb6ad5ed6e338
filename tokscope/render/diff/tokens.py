"""What a row of ``diff`` shows for one tokenizer, independent of the output format.

The terminal view, the diff page and the HTML report draw the same pieces; only the styling
differs.
"""

from __future__ import annotations

from dataclasses import dataclass

from tokscope.align.segment import TokenSpan
from tokscope.diff import DiffResult, Row, Summary
from tokscope.render.visible import visible

CONTINUED = "↳"
"""Drawn at the start of a line that a token from the line above runs into."""
DROPPED = "∅"
"""Drawn for each character that no token covers."""
SPLIT_CHAR = "…"
"""Drawn for a token holding only the rest of a character already shown."""


@dataclass(frozen=True)
class Shown:
    """One piece of a line as displayed."""

    text: str
    """The text to draw, whitespace made visible (``∅`` per dropped character)."""
    kind: str
    """``token``; ``rewritten`` (stands for other text than it covers, unknown tokens too);
    ``empty`` (covers nothing); ``dropped``; ``continued`` (a token from the line above)."""
    parity: int
    """0 or 1, alternating between neighbouring tokens (0 for dropped text)."""
    token: TokenSpan | None = None
    """The token drawn (None for dropped text)."""
    unknown: bool = False
    """The token is the tokenizer's unknown token."""


def shown_pieces(result: DiffResult, row: Row, column: int) -> list[Shown]:
    """The pieces of ``row`` for tokenizer ``column``, in order.

    A token is drawn whole on the line where it starts, and as ``↳`` on the lines it runs into.
    A token that holds part of a character shows the character once, on its first piece, and
    ``…`` on the others; a token covering no source text shows its vocabulary entry.
    """
    text = result.source.text
    col = result.columns[column]
    out: list[Shown] = []
    shown_to = 0
    parity = 0
    for fragment in row.cells[column]:
        piece = fragment.piece
        if not isinstance(piece, TokenSpan):
            out.append(Shown(DROPPED * (fragment.char_end - fragment.char_start), "dropped", 0))
            continue
        if not fragment.first:
            out.append(Shown(CONTINUED, "continued", parity ^ 1, piece))
            shown_to = max(shown_to, fragment.char_end)
            continue
        unknown = col.is_unknown(piece)
        if piece.byte_start == piece.byte_end:
            out.append(Shown(piece.token, "empty", parity, piece, unknown))
        else:
            chars = text[max(fragment.char_start, shown_to) : fragment.char_end]
            kind = "rewritten" if piece.differs else "token"
            out.append(Shown(visible(chars) if chars else SPLIT_CHAR, kind, parity, piece, unknown))
        shown_to = max(shown_to, fragment.char_end)
        parity ^= 1
    return out


def plural(n: int, word: str) -> str:
    """``n word`` or ``n words``, with thousands separators.

    >>> plural(1, "character"), plural(58, "character")
    ('1 character', '58 characters')
    """
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def unknown_note(summary: Summary) -> str:
    """The unknown tokens of a summary in words: ``1 unknown token, <unk> for 58 characters``."""
    entry = summary.unknown_entry or "the unknown token"
    return (
        f"{plural(summary.unknown, 'unknown token')}, {entry} for "
        f"{plural(summary.unknown_chars, 'character')}"
    )
