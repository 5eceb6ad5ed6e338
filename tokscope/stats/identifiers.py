"""Identifiers in the statistics: their sub-word boundaries, and the tallies of occurrences,
tokens and first splits per identifier."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from tokscope.stats.aggregate import Aggregate

if TYPE_CHECKING:
    from tokscope.stats.batch import Batch

_PIECE = re.compile(r"_+|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+|[^\W\d_]+|.", re.S)


@lru_cache(maxsize=1 << 16)
def subword_boundaries(name: str) -> tuple[tuple[int, int], ...]:
    """(character offset, kind index) of each sub-word boundary of an identifier.

    Kinds index :data:`~tokscope.stats.KINDS`: boundaries next to an underscore run are
    ``snake_case`` (``max|_|len``), those of the leading and trailing ``__`` of a dunder name are
    ``dunder`` (``__|init|__``), and a change of case between letters is ``camelCase``
    (``get|User|Name``, ``HTTP|Server``). Boundaries next to digits are not counted.

    >>> subword_boundaries("__init_subclass__")
    ((2, 2), (6, 0), (7, 0), (15, 2))
    """
    if len(name) < 2 or ("_" not in name and (name.islower() or name.isupper())):
        return ()
    pieces = [m.group() for m in _PIECE.finditer(name)]
    if len(pieces) < 2:
        return ()
    dunder = len(name) > 4 and name.startswith("__") and name.endswith("__") and len(pieces) > 2
    found: list[tuple[int, int]] = []
    pos = 0
    last = len(pieces) - 1
    for k in range(last):
        left, right = pieces[k], pieces[k + 1]
        pos += len(left)
        if left[0] == "_" or right[0] == "_":
            edge = (k == 0 and left[0] == "_") or (k + 1 == last and right[0] == "_")
            found.append((pos, 2 if dunder and edge else 0))
        elif left[0].isalpha() and right[0].isalpha():
            found.append((pos, 1))
    return tuple(found)


@dataclass
class TokenizerPass:
    """One tokenizer's view of a batch, kept for the identifier tallies."""

    ids: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    ident_tokens: np.ndarray


Tally = tuple[int, str, list[int], int, Callable[[], tuple[tuple[int, ...], ...]]]
"""(document, identifier, [occurrences, tokens with tokenizer 0, ...], byte offset of its first
occurrence in that document, a function giving the token ids of that occurrence per tokenizer)."""


def identifier_tallies(batch: Batch, passes: list[TokenizerPass], *, per_doc: bool) -> list[Tally]:
    """The tallies of ``batch``'s identifiers: one per identifier, at its first occurrence by
    (file name, offset); with ``per_doc``, one per identifier and document instead."""
    units = batch.ident_units
    unit_start = batch.unit_starts[units]
    doc = batch.unit_doc[units]
    index: dict[object, int] = {}
    keys: Iterable[object] = zip(doc.tolist(), batch.ident_names) if per_doc else batch.ident_names
    local = np.fromiter(
        (index.setdefault(n, len(index)) for n in keys), dtype=np.int64, count=len(units)
    )
    unique = len(index)
    occurrences = np.bincount(local, minlength=unique)
    sums = [np.bincount(local, weights=p.ident_tokens, minlength=unique) for p in passes]
    table = np.rint(np.vstack([occurrences, *sums])).astype(np.int64).T.tolist()
    # First occurrence: smallest (file name, offset); files in a batch need not be sorted.
    names = [d.name for d in batch.docs]
    rank = np.empty(len(names), dtype=np.int64)
    rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
    order = np.lexsort((unit_start, rank[doc], local))
    first = order[np.concatenate(([True], local[order][1:] != local[order][:-1]))]
    unit_end = batch.unit_ends[units]
    first_start, first_end = unit_start[first], unit_end[first]
    bounds = [
        (
            p.ids.tolist(),
            np.searchsorted(p.ends, first_start, "right").tolist(),
            np.searchsorted(p.starts, first_end, "left").tolist(),
        )
        for p in passes
    ]
    out: list[Tally] = []
    for k, occ in enumerate(first.tolist()):
        d = int(doc[occ])

        def splits(k: int = k) -> tuple[tuple[int, ...], ...]:
            return tuple(tuple(ids[lo[k] : hi[k]]) for ids, lo, hi in bounds)

        offset = int(unit_start[occ] - batch.base[d])
        out.append((d, batch.ident_names[occ], table[int(local[occ])], offset, splits))
    return out


def tally_identifiers(agg: Aggregate, batch: Batch, passes: list[TokenizerPass]) -> None:
    """Add ``batch``'s identifiers to ``agg``: occurrences and tokens per identifier, and the
    split of each one's first occurrence."""
    names = [d.name for d in batch.docs]
    for d, ident, row, offset, splits in identifier_tallies(batch, passes, per_doc=False):
        agg.add_identifier(ident, row, names[d], offset, splits)
