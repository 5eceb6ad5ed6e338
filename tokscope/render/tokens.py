"""What a row of ``diff`` shows for one tokenizer, independent of the output format.

The terminal view and the HTML report draw the same pieces; only the styling differs.
"""

from __future__ import annotations

from dataclasses import dataclass

from tokscope.align.segment import TokenSpan
from tokscope.diff import DiffResult, Row
from tokscope.render.visible import visible


@dataclass(frozen=True)
class Shown:
    """One piece of a line as displayed."""

    text: str
    """The text to draw, whitespace made visible (``∅`` per dropped character)."""
    kind: str
    """``token``, ``rewritten`` (stands for other text), ``empty`` (covers nothing), ``dropped``."""
    parity: int
    """0 or 1, alternating between neighbouring tokens (0 for dropped text)."""


def shown_pieces(result: DiffResult, row: Row, column: int) -> list[Shown]:
    """The pieces of ``row`` for tokenizer ``column``, in order.

    A token that holds part of a character shows the character once, on its first piece, and
    ``…`` on the others; a token covering no source text shows its vocabulary entry.
    """
    text = result.source.text
    out: list[Shown] = []
    shown_to = 0
    parity = 0
    for fragment in row.cells[column]:
        piece = fragment.piece
        if not isinstance(piece, TokenSpan):
            out.append(Shown("∅" * (fragment.char_end - fragment.char_start), "dropped", 0))
            continue
        if piece.byte_start == piece.byte_end:
            out.append(Shown(piece.token, "empty", parity))
        else:
            chars = text[max(fragment.char_start, shown_to) : fragment.char_end]
            kind = "rewritten" if piece.differs else "token"
            out.append(Shown(visible(chars) if chars else "…", kind, parity))
        shown_to = max(shown_to, fragment.char_end)
        parity ^= 1
    return out
