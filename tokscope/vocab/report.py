"""Everything ``tokscope vocab`` reports on one vocabulary (:func:`describe_vocab`)."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tokscope.loading.sources import LoadedTokenizer, Provenance
from tokscope.overlap.categories import CATEGORIES, Categorizer
from tokscope.overlap.corpus import CorpusCounts
from tokscope.overlap.keywords import code_keywords
from tokscope.overlap.vocabulary import NormalisedVocab, normalise, sample_key
from tokscope.vocab.entries import Entry, EntryTable, compile_pattern, grep_ids, lookup_ids
from tokscope.vocab.lengths import LengthBin, length_bins
from tokscope.vocab.reachability import STATUSES, Reachability
from tokscope.vocab.stored import stored_reachability
from tokscope.vocab.usage import CorpusUsage, corpus_usage

if TYPE_CHECKING:
    from tokscope.cache import Store
    from tokscope.stats.engine.loop import CacheCounts


@dataclass(frozen=True)
class StatusCount:
    """Entries of one reachability status and what their embedding rows cost."""

    status: str
    """A key of :data:`~tokscope.vocab.reachability.STATUSES`."""
    entries: int
    """How many entries have it."""
    params: int
    """``entries`` x hidden."""


@dataclass(frozen=True)
class CategoryRow:
    """Reachability of the entries of one category."""

    category: str
    """A key of :data:`~tokscope.overlap.CATEGORIES`."""
    entries: int
    """Entries of the category (special and empty entries are in no category)."""
    reachable: int
    """Of those, entries the tokenizer produces."""
    unreachable: int
    """Entries whose text encodes to something else."""
    partial: int
    """Byte fragments (``byte-fragment`` is the only category that has them)."""
    unreachable_params: int
    """``unreachable`` x hidden."""
    examples: tuple[Entry, ...]
    """A few entries: unreachable ones first, then the shortest."""


@dataclass(frozen=True)
class DuplicateGroup:
    """Entries that stand for the same text (found by :func:`~tokscope.overlap.normalise`)."""

    entries: tuple[Entry, ...]
    """The entries, by id."""


@dataclass(frozen=True)
class GrepResult:
    """The entries whose decoded text matches ``--grep``."""

    pattern: str
    """The regular expression."""
    matches: int
    """How many entries match."""
    entries: tuple[Entry, ...]
    """The first matches, shortest text first."""


@dataclass(frozen=True)
class VocabFacts:
    """What each entry of one vocabulary is worth."""

    name: str
    """The tokenizer's display name."""
    provenance: Provenance
    """Where its files came from."""
    model_type: str
    """``BPE``, ``Unigram``, ``WordPiece`` or ``WordLevel``."""
    size: int
    """Entries, added tokens included (the embedding rows)."""
    hidden: int
    """The embedding width parameters are counted at."""
    context: tuple[str, ...]
    """What was switched off to encode in a neutral context (see docs/vocab.md)."""
    statuses: tuple[StatusCount, ...]
    """Entries per reachability status, every status in :data:`STATUSES` order."""
    categories: tuple[CategoryRow, ...]
    """Reachability per category (categories with entries)."""
    unreachable: tuple[Entry, ...]
    """Every unreachable entry: whitespace first, then by category and length."""
    lengths: tuple[LengthBin, ...]
    """Non-special entries by bytes per entry."""
    longest: tuple[Entry, ...]
    """The longest non-special entries, longest first."""
    duplicate_groups: int
    """How many texts more than one entry stands for."""
    duplicates: tuple[DuplicateGroup, ...]
    """The first of those groups, shortest text first."""
    corpus: CorpusUsage | None
    """Use on ``--corpus``, when given."""
    lookup: tuple[Entry, ...]
    """The entries asked for with ``--id``."""
    grep: GrepResult | None
    """The matches of ``--grep``, when given."""

    def count(self, status: str) -> int:
        """Entries with ``status``."""
        return next(s.entries for s in self.statuses if s.status == status)


def _category_rank(entry: Entry) -> tuple[int, int, bytes, bool]:
    """Whitespace first, then the categories in display order, then the shortest."""
    order = list(CATEGORIES)
    rank = order.index(entry.category) if entry.category in CATEGORIES else len(order)
    return (rank, *sample_key(entry.form))


def _longest(lengths: Mapping[int, int], n: int) -> list[int]:
    """The ``n`` ids of the longest forms, longest first, ties by id: only the ids at least as
    long as the ``n``-th longest are sorted."""
    if n <= 0 or not lengths:
        return []
    cut = heapq.nlargest(n, lengths.values())[-1]
    near = [i for i, length in lengths.items() if length >= cut]
    return sorted(near, key=lambda i: (-lengths[i], i))[:n]


def describe_vocab(
    tok: LoadedTokenizer,
    *,
    hidden: int = 1024,
    top: int = 10,
    corpus: CorpusCounts | None = None,
    ids: Sequence[int] = (),
    grep: str | None = None,
    normalised: NormalisedVocab | None = None,
    store: Store | None = None,
    served: CacheCounts | None = None,
    reach: Reachability | None = None,
) -> VocabFacts:
    """Reachability, categories, lengths, duplicates and (optionally) corpus use and lookups
    of every entry of ``tok``; ``normalised`` (its :func:`~tokscope.overlap.normalise` with the
    code keywords, special tokens left out) saves normalising it again; the reachability is
    read from and kept in ``store`` when one is given (:mod:`tokscope.vocab.stored`; ``served``
    counts whether it was); ``reach``, when given, is that reachability, computed already."""
    pattern = compile_pattern(grep) if grep is not None else None
    vocab = normalised or normalise(tok, Categorizer(code_keywords().words))
    if reach is None:
        reach = stored_reachability(tok, vocab, store, served)
    table = EntryTable(vocab, reach)
    lookup = lookup_ids(table, ids)

    status = reach.status
    per_status = Counter(status.values())
    statuses = tuple(StatusCount(s, per_status[s], per_status[s] * hidden) for s in STATUSES)

    by_category: dict[str, list[int]] = {}
    for i, form in vocab.form_of.items():
        by_category.setdefault(vocab.forms[form], []).append(i)
    shown = min(top, 6)
    categories = []
    for category in CATEGORIES:
        members = by_category.get(category)
        if not members:
            continue
        counts = Counter(map(status.__getitem__, members))
        # unreachable entries first, then the shortest
        unreachable_members = [i for i in members if status[i] == "unreachable"]
        ranked = vocab.first_by_sample(unreachable_members, shown)
        if len(ranked) < shown:
            others = (i for i in members if status[i] != "unreachable")
            ranked += vocab.first_by_sample(others, shown - len(ranked))
        categories.append(
            CategoryRow(
                category=category,
                entries=len(members),
                reachable=counts["reachable"],
                unreachable=counts["unreachable"],
                partial=counts["partial-utf8"],
                unreachable_params=counts["unreachable"] * hidden,
                examples=table.many(ranked),
            )
        )

    unreachable = sorted(
        table.many(reach.ids("unreachable")), key=lambda e: (_category_rank(e), e.id)
    )
    lengths = list(vocab.lengths.values())
    longest_ids = _longest(vocab.lengths, top)
    groups = tuple(DuplicateGroup(table.many(d.ids)) for d in vocab.duplicates[:top])

    grep_result = None
    if pattern is not None:
        hits = grep_ids(vocab, pattern)
        grep_result = GrepResult(grep or "", len(hits), table.many(hits[: max(top, 50)]))

    return VocabFacts(
        name=tok.name,
        provenance=tok.provenance,
        model_type=vocab.model_type,
        size=vocab.size,
        hidden=hidden,
        context=reach.context,
        statuses=statuses,
        categories=tuple(categories),
        unreachable=tuple(unreachable),
        lengths=length_bins(lengths),
        longest=table.many(longest_ids),
        duplicate_groups=len(vocab.duplicates),
        duplicates=groups,
        corpus=None if corpus is None else corpus_usage(table, corpus, hidden=hidden, top=top),
        lookup=lookup,
        grep=grep_result,
    )
