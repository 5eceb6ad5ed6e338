"""The statistics pass served from the cache: per document and tokenizer, measure only what is
not stored yet.

For a batch, :meth:`RunCache.lookup` finds the stored :class:`~tokscope.cache.Entry` of every
(document, tokenizer) pair; :func:`measure_entries` measures the missing pairs (in this process
or in a worker process), each document alone so that its entry can be stored; and
:meth:`RunCache.complete` stores the new entries and adds every document to the batch's
:class:`~tokscope.stats.engine.loop.Partial` with :func:`~tokscope.cache.add_document`. The
result is the one the uncached pass gives, byte for byte (the aggregate merges documents in any
grouping), and the engines merge these parts exactly as they merge their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tokscope.cache import Entry, Store, add_document, decode, encode, entry_of, key_of
from tokscope.cache.keys import code_fingerprint, text_digest
from tokscope.corpus.walk import Document
from tokscope.stats.engine.loop import Collect, Extras, Partial, fails_to_tokenize

if TYPE_CHECKING:
    from tokscope.stats import TokenizerInfo
    from tokscope.stats.prepared import Prepared

Needs = list[tuple[int, ...]]
"""Per document of a batch, the tokenizers (by index) it still has to be measured with."""


@dataclass
class CacheCounts:
    """How the cache served a run, in (document, tokenizer) entries."""

    hits: int = 0
    """Entries read from the cache."""
    misses: int = 0
    """Entries measured (and stored)."""


@dataclass
class Lookup:
    """A batch, with what the cache holds for it and what is left to measure."""

    batch: list[Document]
    """The documents, in batch order."""
    keys: list[list[str]]
    """Per document, the key of each tokenizer's entry."""
    found: list[list[Entry | None]]
    """Per document, each tokenizer's stored entry (None: to measure)."""
    needs: Needs = field(default_factory=list)
    """Per document still to measure (in :attr:`missing` order), the tokenizers it needs."""
    missing: list[Document] = field(default_factory=list)
    """The documents some tokenizer still has to measure."""


def tokenizer_key(info: TokenizerInfo) -> str:
    """What identifies a tokenizer's behaviour: its format and the SHA-256 of each file."""
    prov = info.provenance
    return key_of([prov.format, *(ref.sha256 for ref in prov.files)])


class RunCache:
    """The cache as one run uses it: the store, the key parts fixed for the run, and counts."""

    def __init__(
        self,
        store: Store,
        infos: Sequence[TokenizerInfo],
        *,
        lex: bool,
        errors: str,
        counts: CacheCounts | None = None,
    ) -> None:
        from tokscope import __version__

        self.store = store
        self.infos = tuple(infos)
        self.lex = lex
        self.counts = counts if counts is not None else CacheCounts()
        self._run = [__version__, code_fingerprint(), f"lex={lex}", f"errors={errors}"]
        self._tokenizers = [tokenizer_key(info) for info in self.infos]

    def lookup(self, batch: list[Document]) -> Lookup:
        """The stored entries of ``batch`` and what is missing."""
        from tokscope.lexing import canonical_language

        keys: list[list[str]] = []
        found: list[list[Entry | None]] = []
        look = Lookup(batch, keys, found)
        for doc in batch:
            doc_part = [canonical_language(doc.language), text_digest(doc.text)]
            mine = [key_of([*self._run, tok, *doc_part]) for tok in self._tokenizers]
            entries: list[Entry | None] = []
            for key in mine:
                body = self.store.get(key)
                entries.append(None if body is None else decode(body))
            keys.append(mine)
            found.append(entries)
            need = tuple(k for k, e in enumerate(entries) if e is None)
            self.counts.hits += len(entries) - len(need)
            self.counts.misses += len(need)
            if need:
                look.needs.append(need)
                look.missing.append(doc)
        return look

    def complete(self, look: Lookup, measured: Measured, collect: Collect) -> Partial:
        """The batch's part, from the entries found and ``measured`` (one dict per missing
        document, tokenizer index -> entry, or None: skipped), the new entries stored."""
        from tokscope.corpus.documents import Skipped, SkipReport
        from tokscope.errors import TokenizerError
        from tokscope.stats import Aggregate

        new = iter(measured)
        total = Aggregate(self.infos, lex=self.lex)
        kept: list[Document] = []
        lost: list[Skipped] = []
        for doc, keys, entries in zip(look.batch, look.keys, look.found):
            if any(e is None for e in entries):
                fresh = next(new)
                if fresh is None:
                    lost.append(Skipped(doc.name, TokenizerError.reason))
                    continue
                for k, entry in fresh.items():
                    self.store.put(keys[k], encode(entry))
                    entries[k] = entry
            add_document(total, doc.name, [e for e in entries if e is not None])
            kept.append(doc)
        total.add_contents(doc.text.encode("utf-8") for doc in kept)  # the corpus fingerprint
        if lost:
            total.skipped = total.skipped.merge(SkipReport.of(lost))
        extras = Extras()
        extras.add(kept, collect)
        return Partial(total, extras)


Measured = list[dict[int, Entry] | None]
"""Per missing document, tokenizer index -> entry; None for a document some tokenizer fails on
(skipped as ``tokenizer-error``, as :func:`~tokscope.stats.engine.loop.measure_batch` does)."""


def measure_entries(
    docs: Sequence[Document], prep_of: Callable[[int], Prepared], needs: Needs, *, lex: bool
) -> Measured:
    """Each document measured alone by the tokenizers it needs (``prep_of(k)`` is tokenizer
    ``k``): tokenizer index -> entry, or None when a tokenizer fails on the document."""
    from tokscope.stats.measure import measure

    out: Measured = []
    for doc, need in zip(docs, needs):
        try:
            out.append({k: entry_of(measure([doc], [prep_of(k)], lex=lex)) for k in need})
        except Exception:
            if not fails_to_tokenize(doc, [prep_of(k) for k in need]):
                raise
            out.append(None)
    return out


MeasureTask = Callable[[list[Document], Needs, bool], Measured]
"""A worker function measuring the missing pairs of a batch (picklable, module level)."""


def pool_parts(
    pool: Executor,
    docs: Iterable[list[Document]],
    cache: RunCache,
    *,
    measure: MeasureTask,
    lex: bool,
    collect: Collect,
    in_flight: int,
) -> Callable[[], Iterator[Partial]]:
    """The parts of a process pool's pass through the cache: lookups, stores and assembly here,
    the missing pairs measured by ``measure`` in the workers (at most ``in_flight`` batches
    at a time); batches served wholly from the cache never reach the pool."""
    from concurrent.futures import FIRST_COMPLETED, Future, wait

    def parts() -> Iterator[Partial]:
        pending: dict[Future[Measured], Lookup] = {}

        def done(futures: Iterable[Future[Measured]]) -> Iterator[Partial]:
            for f in futures:
                yield cache.complete(pending.pop(f), f.result(), collect)

        for batch in docs:
            look = cache.lookup(batch)
            if not look.missing:
                yield cache.complete(look, [], collect)
                continue
            while len(pending) >= in_flight:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                yield from done(finished)
            pending[pool.submit(measure, look.missing, look.needs, lex)] = look
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            yield from done(finished)
        cache.store.evict()

    return parts


__all__ = [
    "CacheCounts",
    "Lookup",
    "MeasureTask",
    "Needs",
    "RunCache",
    "measure_entries",
    "pool_parts",
    "tokenizer_key",
]


def pool_cache(
    lex: bool, errors: str, counts: CacheCounts | None
) -> Callable[[Sequence[TokenizerInfo]], RunCache]:
    """How to make a process pool's cache once the workers name the tokenizers."""
    from tokscope.cache import open_store

    store = open_store()

    def make(infos: Sequence[TokenizerInfo]) -> RunCache:
        return RunCache(store, infos, lex=lex, errors=errors, counts=counts)

    return make
