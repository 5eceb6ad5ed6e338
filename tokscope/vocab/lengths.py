"""Entries by length: a histogram of bytes per entry and the longest entries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

LENGTH_EDGES: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 33, 65)
"""Lower bounds of the histogram's bins: one bin per length up to 16 bytes, then 17-32, 33-64
and 65 or more."""


@dataclass(frozen=True)
class LengthBin:
    """Entries whose text is ``low`` to ``high`` bytes long."""

    low: int
    """Shortest length in the bin, in bytes."""
    high: int | None
    """Longest length in the bin (None: no upper bound)."""
    entries: int
    """Entries of a length in the bin."""

    @property
    def label(self) -> str:
        """``7``, ``17-32`` or ``65+``."""
        if self.high is None:
            return f"{self.low}+"
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


def length_bins(
    lengths: Iterable[int], edges: tuple[int, ...] = LENGTH_EDGES
) -> tuple[LengthBin, ...]:
    """The histogram of ``lengths`` over the bins starting at ``edges`` (every bin, even empty).

    >>> [(b.label, b.entries) for b in length_bins([1, 1, 3, 40], (1, 2, 33))]
    [('1', 2), ('2-32', 1), ('33+', 1)]
    """
    counts = Counter(lengths)
    bins = []
    for k, low in enumerate(edges):
        high = edges[k + 1] - 1 if k + 1 < len(edges) else None
        n = sum(
            c for length, c in counts.items() if length >= low and (high is None or length <= high)
        )
        bins.append(LengthBin(low, high, n))
    return tuple(bins)
