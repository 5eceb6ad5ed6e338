"""The worst files of one tokenizer: a bounded top-k that merges in any grouping and order.

Two rankings (definitions: ``docs/metrics.md``): the files with the most tokens per byte, and
the files whose round trip loses the most bytes. Each keeps at most :data:`WORST_KEPT` rows,
ordered by a total key (score, then file name in code point order, then the other figures), so
the top k of a union is the same whatever the batching, worker count, engine or cache.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np

WORST_KEPT = 5
"""Files kept per ranking and tokenizer (``--top`` shows fewer when smaller)."""


class Row(NamedTuple):
    """One file's figures with one tokenizer."""

    file: str
    tokens: int
    bytes: int
    lost: int


@dataclass(frozen=True)
class WorstFile:
    """A file in a worst-files ranking."""

    file: str
    """The file (or ``path:LINE`` record)."""
    tokens: int
    """Its tokens."""
    bytes: int
    """Its UTF-8 bytes."""
    tokens_per_byte: float
    """tokens / bytes."""
    bytes_lost: int
    """Bytes its round trip loses (0 when ``decode(encode(x)) == x``)."""


def _dense_key(row: Row) -> tuple[Any, ...]:
    return (-Fraction(row.tokens, row.bytes), row.file, row.tokens, row.bytes, row.lost)


def _lossy_key(row: Row) -> tuple[Any, ...]:
    return (-row.lost, row.file, row.tokens, row.bytes)


def _keep(kept: list[Row], more: Sequence[Row], key: Any) -> None:
    kept.extend(more)
    kept.sort(key=key)
    del kept[WORST_KEPT:]


def _keep_one(kept: list[Row], row: Row, key: Any) -> None:
    """:func:`_keep` of one row, put in its place without sorting the others again (the cache
    adds its files one at a time)."""
    if len(kept) >= WORST_KEPT and key(row) >= key(kept[-1]):
        return
    bisect.insort(kept, row, key=key)  # after the rows of an equal key, as the stable sort does
    del kept[WORST_KEPT:]


def _candidates(score: np.ndarray, eligible: np.ndarray) -> list[int]:
    """Indices that may be in the top :data:`WORST_KEPT` by ``score`` (ties kept: the exact key
    decides later). Float division of integers below 2**53 is monotonic, so no true top file is
    lost to rounding."""
    idx = np.flatnonzero(eligible)
    if len(idx) > WORST_KEPT:
        s = score[idx]
        floor = np.partition(s, len(s) - WORST_KEPT)[len(s) - WORST_KEPT]
        idx = idx[s >= floor]
    found: list[int] = idx.tolist()
    return found


class WorstFiles:
    """The worst files of one tokenizer so far, by tokens per byte and by bytes lost."""

    def __init__(self) -> None:
        self.dense: list[Row] = []
        """The files with the most tokens per byte, worst first."""
        self.lossy: list[Row] = []
        """The files losing the most bytes in a round trip (only those losing some), worst
        first."""

    def add(self, file: str, tokens: int, n_bytes: int, lost: int) -> None:
        """Consider one file."""
        row = Row(file, int(tokens), int(n_bytes), int(lost))
        if row.bytes > 0:
            _keep_one(self.dense, row, _dense_key)
        if row.lost > 0:
            _keep_one(self.lossy, row, _lossy_key)

    def add_many(
        self, files: Sequence[str], tokens: np.ndarray, n_bytes: np.ndarray, lost: np.ndarray
    ) -> None:
        """Consider a batch of files (arrays in ``files`` order); only likely candidates reach
        Python."""

        def rows(at: list[int]) -> list[Row]:
            return [Row(files[i], int(tokens[i]), int(n_bytes[i]), int(lost[i])) for i in at]

        has_bytes = n_bytes > 0
        density = np.divide(tokens, n_bytes, out=np.zeros(len(tokens)), where=has_bytes)
        _keep(self.dense, rows(_candidates(density, has_bytes)), _dense_key)
        _keep(self.lossy, rows(_candidates(lost, lost > 0)), _lossy_key)

    def merge(self, other: WorstFiles) -> None:
        """Keep the worst of both (in place)."""
        _keep(self.dense, other.dense, _dense_key)
        _keep(self.lossy, other.lossy, _lossy_key)

    def lost_of_one(self) -> int:
        """The bytes lost of the one file considered (0 when it loses none)."""
        return max((row.lost for row in self.lossy), default=0)

    def canonical(self) -> tuple[tuple[Row, ...], tuple[Row, ...]]:
        """Both rankings as tuples (for equality)."""
        return tuple(self.dense), tuple(self.lossy)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WorstFiles) and self.canonical() == other.canonical()

    __hash__ = None  # type: ignore[assignment]

    def report(self, top: int) -> tuple[tuple[WorstFile, ...], tuple[WorstFile, ...]]:
        """The first ``top`` of each ranking as :class:`WorstFile` rows."""

        def shown(rows: list[Row]) -> tuple[WorstFile, ...]:
            return tuple(
                WorstFile(r.file, r.tokens, r.bytes, r.tokens / r.bytes, r.lost) for r in rows[:top]
            )

        return shown(self.dense), shown(self.lossy)


__all__ = ["WORST_KEPT", "Row", "WorstFile", "WorstFiles"]
