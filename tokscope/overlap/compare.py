"""Two normalised vocabularies compared: their sets of forms, overall and per category with
samples, and their raw entries id by id (:func:`compare_ids`)."""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from tokscope.loading.sources import LoadedTokenizer
from tokscope.overlap.categories import CATEGORIES
from tokscope.overlap.vocabulary import (
    Continuation,
    Form,
    NormalisedVocab,
    sample_key,
    vocabulary_entries,
)


@dataclass(frozen=True)
class SetOverlap:
    """Two sets of forms: sizes, intersection, Jaccard and coverage."""

    a: int
    """Forms of A."""
    b: int
    """Forms of B."""
    shared: int
    """Forms in both."""

    @property
    def union(self) -> int:
        """Forms in either."""
        return self.a + self.b - self.shared

    @property
    def jaccard(self) -> float:
        """|A∩B| / |A∪B| (0 when both are empty)."""
        return self.shared / self.union if self.union else 0.0

    @property
    def a_in_b(self) -> float | None:
        """Coverage of A by B: |A∩B| / |A| (None when A is empty)."""
        return self.shared / self.a if self.a else None

    @property
    def b_in_a(self) -> float | None:
        """Coverage of B by A: |A∩B| / |B| (None when B is empty)."""
        return self.shared / self.b if self.b else None


@dataclass(frozen=True)
class CategoryOverlap:
    """The overlap of two vocabularies within one category, with samples."""

    category: str
    """A key of :data:`CATEGORIES`."""
    counts: SetOverlap
    """Sizes and intersection within the category."""
    shared: tuple[Form, ...]
    """Samples of forms in both (shortest first, then by bytes)."""
    a_only: tuple[Form, ...]
    """Samples of forms only in A."""
    b_only: tuple[Form, ...]
    """Samples of forms only in B."""


@dataclass(frozen=True)
class IdDelta:
    """Ids one vocabulary has and the other lacks."""

    count: int
    """How many."""
    ranges: tuple[tuple[int, int], ...]
    """Runs of consecutive ids, ``(first, last)`` inclusive."""
    special: tuple[str, ...]
    """The tokens flagged special among them, by id."""
    others: int
    """How many are not flagged special."""
    first_other: str | None
    """The first (lowest id) of the others."""
    last_other: str | None
    """The last (highest id) of the others."""


@dataclass(frozen=True)
class IdComparison:
    """The two vocabularies compared id by id, as the tokenizers write their entries."""

    identical: int
    """Ids present in both with the same string (and, for added tokens, the same settings)."""
    different: int
    """Ids present in both whose entry differs."""
    a_only: IdDelta
    """Ids only A has."""
    b_only: IdDelta
    """Ids only B has."""

    @property
    def a_extends_b(self) -> bool:
        """A holds every entry of B at the same id, and perhaps more."""
        return self.different == 0 and self.b_only.count == 0 and self.identical > 0

    @property
    def b_extends_a(self) -> bool:
        """B holds every entry of A at the same id, and perhaps more."""
        return self.different == 0 and self.a_only.count == 0 and self.identical > 0


def pick_samples(forms: Collection[Form], n: int, *, plain: bool | None = None) -> tuple[Form, ...]:
    """The shortest and the longest forms, ``n`` in all (the shortest first; see
    :func:`sample_key`). ``plain`` says that no form is a :class:`Continuation` (found out when
    not given).

    >>> pick_samples([b"abc", b"a", b"ab", b"b"], 3)
    (b'a', b'b', b'abc')
    """
    if len(forms) <= n:
        return tuple(sorted(forms, key=sample_key))
    if plain is None:
        plain = not any(isinstance(f, Continuation) for f in forms)
    if plain:
        # bytes sort by length then bytes once the candidates are cut by length (fast path)
        k_head, k_tail = (n + 1) // 2, n // 2
        lengths = list(map(len, forms))
        low = heapq.nsmallest(k_head, lengths)[-1] if k_head else -1
        high = heapq.nlargest(k_tail, lengths)[-1] if k_tail else 1 << 62
        head = sorted(f for f in forms if len(f) <= low)
        tail = sorted(f for f in forms if len(f) >= high)
        head.sort(key=len)
        tail.sort(key=len)
        return (*head[:k_head], *(tail[len(tail) - k_tail :] if k_tail else ()))
    head = heapq.nsmallest((n + 1) // 2, forms, key=sample_key)
    tail = heapq.nlargest(n // 2, forms, key=sample_key)
    return (*head, *reversed(tail))


def pair_overlap(
    a: NormalisedVocab,
    b: NormalisedVocab,
    groups_a: dict[str, set[Form]],
    groups_b: dict[str, set[Form]],
    samples: int,
) -> tuple[SetOverlap, tuple[CategoryOverlap, ...]]:
    """The overlap of two normalised vocabularies, overall and per category (``groups_*`` are
    their forms by category; ``samples`` forms are kept as examples per side)."""
    categories = []
    total_shared = 0
    plain = not (a.continuations or b.continuations)
    for category in CATEGORIES:
        fa, fb = groups_a.get(category, set()), groups_b.get(category, set())
        if not fa and not fb:
            continue
        shared = fa & fb
        total_shared += len(shared)
        categories.append(
            CategoryOverlap(
                category,
                SetOverlap(len(fa), len(fb), len(shared)),
                pick_samples(shared, samples, plain=plain),
                pick_samples(fa - shared, samples, plain=plain),
                pick_samples(fb - shared, samples, plain=plain),
            )
        )
    return SetOverlap(len(a.forms), len(b.forms), total_shared), tuple(categories)


_AddedKey = tuple[str, bool, bool, bool, bool, bool]


def _added_keys(tok: LoadedTokenizer) -> dict[int, _AddedKey]:
    return {
        i: (a.content, a.special, a.single_word, a.lstrip, a.rstrip, a.normalized)
        for i, a in tok.tokenizer.get_added_tokens_decoder().items()
    }


def compare_ids(
    a: LoadedTokenizer,
    b: LoadedTokenizer,
    entries_a: Mapping[int, str] | None = None,
    entries_b: Mapping[int, str] | None = None,
) -> IdComparison:
    """Compare the entries of ``a`` and ``b`` id by id: the same string, and for added tokens the
    same settings (special, single_word, lstrip, rstrip, normalized)."""
    ea = vocabulary_entries(a) if entries_a is None else entries_a
    eb = vocabulary_entries(b) if entries_b is None else entries_b
    added_a, added_b = _added_keys(a), _added_keys(b)
    dense = _dense(ea) and _dense(eb)  # ids 0..n-1, the usual case: ranges, not sets
    common: Iterable[int] = range(min(len(ea), len(eb))) if dense else ea.keys() & eb.keys()
    identical = different = 0
    for i in common:
        if ea[i] == eb[i] and added_a.get(i) == added_b.get(i):
            identical += 1
        else:
            different += 1
    return IdComparison(
        identical,
        different,
        _delta(ea, range(len(eb), len(ea)) if dense else _only(ea, eb), a.special_ids),
        _delta(eb, range(len(ea), len(eb)) if dense else _only(eb, ea), b.special_ids),
    )


def _dense(entries: Mapping[int, str]) -> bool:
    return not entries or (min(entries) == 0 and max(entries) == len(entries) - 1)


def _only(mine: Mapping[int, str], theirs: Mapping[int, str]) -> list[int]:
    return sorted(mine.keys() - theirs.keys())


def _delta(mine: Mapping[int, str], ids: Sequence[int], special: frozenset[int]) -> IdDelta:
    """What ``ids`` (ascending: a range or a sorted list) hold of ``mine``."""
    ranges: list[tuple[int, int]] = []
    if ids and ids[-1] - ids[0] + 1 == len(ids):
        ranges.append((ids[0], ids[-1]))  # one block (the usual case): no need to walk it
    else:
        for i in ids:
            if ranges and ranges[-1][1] == i - 1:
                ranges[-1] = (ranges[-1][0], i)
            else:
                ranges.append((i, i))
    members = ids if isinstance(ids, range) else set(ids)
    specials = [i for i in sorted(special) if i in members]
    first = next((i for i in ids if i not in special), None)
    last = next((i for i in reversed(ids) if i not in special), None)
    return IdDelta(
        count=len(ids),
        ranges=tuple(ranges),
        special=tuple(mine[i] for i in specials),
        others=len(ids) - len(specials),
        first_other=None if first is None else mine[first],
        last_other=None if last is None else mine[last],
    )
