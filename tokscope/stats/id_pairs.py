"""Id histograms as (ids, counts) pairs: the non-zero entries of a count array of a vocabulary's
size, with the ids ascending. A few documents use a few hundred ids of vocabularies of hundreds
of thousands, so their histograms travel and are added in this form
(:class:`~tokscope.stats.Aggregate`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Pair = tuple[np.ndarray, np.ndarray]
"""(ids, counts): distinct ids, ascending, and how many times each occurs."""


def pair_of(arr: np.ndarray) -> Pair:
    """The non-zero entries of ``arr``."""
    nz = np.flatnonzero(arr != 0)  # a boolean scan: several times faster on int64
    return nz, arr[nz]


def dense_of(pairs: Sequence[Pair], size: int) -> np.ndarray:
    """The count array of ``size`` that ``pairs`` add up to."""
    arr = np.zeros(size, dtype=np.int64)
    for ids, counts in pairs:
        arr[ids] += counts  # distinct ids within a pair
    return arr


def combined(pairs: Sequence[Pair]) -> Pair:
    """One pair holding what ``pairs`` add up to.

    >>> one, two = (np.array([1, 5]), np.array([2, 1])), (np.array([5]), np.array([3]))
    >>> ids, counts = combined([one, two])
    >>> ids.tolist(), counts.tolist()
    ([1, 5], [2, 4])
    """
    if len(pairs) == 1:
        return pairs[0]
    if not pairs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    ids, where = np.unique(np.concatenate([p[0] for p in pairs]), return_inverse=True)
    counts = np.zeros(len(ids), dtype=np.int64)
    np.add.at(counts, where, np.concatenate([p[1] for p in pairs]))
    return ids, counts


def fits(pair: Pair, size: int) -> bool:
    """Whether ``pair`` is a histogram over ``size`` ids: arrays of integers of one length, ids
    in ``0 .. size - 1`` ascending, counts above zero (for pairs read back from bytes)."""
    ids, counts = pair
    return bool(
        isinstance(ids, np.ndarray)
        and isinstance(counts, np.ndarray)
        and ids.ndim == counts.ndim == 1
        and len(ids) == len(counts)
        and ids.dtype.kind in "iu"
        and counts.dtype.kind == "i"
        and bool(np.all(counts > 0))
        and (not len(ids) or (int(ids.min()) >= 0 and int(ids.max()) < size))
        and bool(np.all(ids[1:] > ids[:-1]))  # ascending, so distinct
    )


__all__ = ["Pair", "combined", "dense_of", "fits", "pair_of"]
