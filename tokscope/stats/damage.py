"""Which source bytes a tokenizer damages: bytes no token covers, and bytes a token covers but
does not stand for (a tab that becomes ``▁``, a newline folded into a ``▁word``).

A unit (word, indentation run, lexeme) is *damaged* when any of its bytes is; the statistics count
damaged units next to fertility, so that a run folded into the next word's ``▁`` does not read as a
unit covered by exactly one token.
"""

from __future__ import annotations

import numpy as np

from tokscope.stats.prepared import Prepared


def damaged_bytes(
    prep: Prepared, data: bytes, ids: list[int], starts: np.ndarray, ends: np.ndarray
) -> np.ndarray:
    """Per byte of ``data``, whether it is damaged by the tokens ``ids`` at exact byte spans
    ``starts``/``ends`` (ordered, not overlapping).

    A covered byte is kept when it is in place in what its token stands for, the two aligned at
    their ends (so SentencePiece's inserted leading ``▁`` is an addition, not a rewrite); every
    other byte of the span is rewritten.

    XLM-R's ``▁x`` over ``"\\tx"`` keeps ``x`` and rewrites the tab; no token over a byte drops it.
    """
    n = len(data)
    damaged = np.ones(n, dtype=bool)
    if not n or not len(ids):
        return damaged
    source = np.frombuffer(data, dtype=np.uint8)
    clen = prep.lengths_at(np.fromiter(ids, dtype=np.int64, count=len(ids)))
    content = np.frombuffer(b"".join(map(prep.contents.__getitem__, ids)), dtype=np.uint8)
    cend = np.cumsum(clen)
    span = ends - starts
    # Bytes of each span that have a counterpart in the token's content, counted from the end.
    keep = np.minimum(span, clen)
    total = int(keep.sum())
    if total:
        first = np.cumsum(keep) - keep
        within = np.arange(total) - np.repeat(first, keep)
        src = np.repeat(ends - keep, keep) + within
        con = np.repeat(cend - keep, keep) + within
        same = source[src] == content[con]
        damaged[src[same]] = False
    return damaged


class Damage:
    """Which bytes of a batch are damaged (:func:`damaged_bytes`), asked of units of it."""

    def __init__(self, damaged: np.ndarray) -> None:
        self._count = (
            np.concatenate(([0], np.cumsum(damaged, dtype=np.int64))) if damaged.any() else None
        )

    def units(self, unit_starts: np.ndarray, unit_ends: np.ndarray) -> np.ndarray:
        """Per unit ``[start, end)``, whether any of its bytes is damaged."""
        if self._count is None:  # a tokenizer whose tokens tile every file damages nothing
            return np.zeros(len(unit_starts), dtype=bool)
        hit: np.ndarray = self._count[unit_ends] - self._count[unit_starts] > 0
        return hit
