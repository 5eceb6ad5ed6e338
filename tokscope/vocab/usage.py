"""A vocabulary on a corpus: the most frequent tokens, and the entries never used with their
cost. The ids are counted once for every tokenizer by :func:`tokscope.overlap.count_corpus`."""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass

from tokscope.corpus.walk import SkipReport
from tokscope.overlap.corpus import CorpusCounts
from tokscope.vocab.entries import Entry, EntryTable


@dataclass(frozen=True)
class TokenUse:
    """One entry and how often it occurs on the corpus."""

    entry: Entry
    """The entry."""
    count: int
    """Its occurrences."""
    share: float
    """``count`` over all tokens counted."""


@dataclass(frozen=True)
class CorpusUsage:
    """How one vocabulary is used on a corpus."""

    documents: int
    """Documents encoded."""
    n_bytes: int
    """Their UTF-8 size."""
    skipped: SkipReport
    """Inputs not analysed, by reason."""
    tokens: int
    """Tokens counted, special tokens left out."""
    used_entries: int
    """Non-special entries that occur at least once."""
    never_used: int
    """Non-special entries that never occur."""
    never_used_params: int
    """Their embedding parameters: ``never_used`` x hidden."""
    never_used_by_status: tuple[tuple[str, int], ...]
    """The never-used entries per reachability status (statuses that have some)."""
    top: tuple[TokenUse, ...]
    """The most frequent entries, most frequent first (ties by id)."""
    never_used_examples: tuple[Entry, ...]
    """Some reachable entries that never occur, shortest first."""


def corpus_usage(table: EntryTable, counts: CorpusCounts, *, hidden: int, top: int) -> CorpusUsage:
    """Usage of ``table``'s vocabulary according to its id counts in ``counts``."""
    from tokscope.vocab.reachability import STATUSES

    vocab = table.vocab
    ids: Mapping[int, int] = counts.counts.get(vocab.name, {})
    status = table.reach.status
    candidates = [i for i, s in status.items() if s != "special"]
    tokens = sum(n for i, n in ids.items() if status.get(i) != "special")
    never = [i for i in candidates if not ids.get(i)]
    per_status = {s: 0 for s in STATUSES}
    for i in never:
        per_status[status[i]] += 1
    ranked = heapq.nsmallest(
        top,
        ((n, i) for i, n in ids.items() if n and status.get(i, "special") != "special"),
        key=lambda pair: (-pair[0], pair[1]),
    )
    unused_reachable = vocab.first_by_sample((i for i in never if status[i] == "reachable"), top)
    return CorpusUsage(
        documents=counts.documents,
        n_bytes=counts.n_bytes,
        skipped=counts.skipped,
        tokens=tokens,
        used_entries=len(candidates) - len(never),
        never_used=len(never),
        never_used_params=len(never) * hidden,
        never_used_by_status=tuple((s, n) for s, n in per_status.items() if n),
        top=tuple(TokenUse(table(i), n, n / tokens if tokens else 0.0) for n, i in ranked),
        never_used_examples=table.many(unused_reachable),
    )
