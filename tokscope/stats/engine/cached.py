"""The statistics pass served from the cache: per document and tokenizer, measure only what is
not stored yet.

:meth:`RunCache.measure` is the cache's step in the one loop
(:func:`~tokscope.stats.engine.loop.measure_batch` calls it for every batch when the cache is on,
in this process, in a worker process or on a Dask worker): it finds the stored
:class:`~tokscope.cache.Entry` of every (document, tokenizer) pair, measures the documents some
tokenizer still lacks (each document once, with the tokenizers it needs, so that its entries can
be stored), stores the new entries and adds every document to the batch's
:class:`~tokscope.stats.engine.loop.Partial` with :func:`~tokscope.cache.add_document`. The result
is the one the uncached pass gives, byte for byte (the aggregate merges documents in any
grouping), and the part says how many pairs the cache served.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tokscope.cache import Entry, Store, add_document, decode, encode, entry_of, key_of
from tokscope.cache.keys import code_parts, text_digest, tokenizer_key
from tokscope.cache.lexemes import Lexed, decode_lexemes, encode_lexemes, lexeme_key
from tokscope.corpus.walk import Document
from tokscope.stats.engine.loop import CacheCounts, Collect, Extras, Partial, fails_to_tokenize

if TYPE_CHECKING:
    from tokscope.corpus.documents import Skipped
    from tokscope.stats import Aggregate, TokenizerInfo
    from tokscope.stats.encoding import Encoded
    from tokscope.stats.prepared import Prepared

Needs = list[tuple[int, ...]]
"""Per document of a batch, the tokenizers (by index) it still has to be measured with."""

Encodings = dict[tuple[int, ...], list["Encoded"]]
"""Per set of tokenizers (their indices), the encodings of the missing documents that need just
that set, in order (:func:`encode_missing`)."""


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
    groups: list[Group] = field(default_factory=list)
    """The batch cut into groups (:mod:`tokscope.cache.groups`), in order; the documents of a
    group the cache holds have no entries read (their :attr:`found` lists are empty)."""


@dataclass
class Group:
    """A run of a batch's documents, ``batch[start:end]``."""

    start: int
    end: int
    key: str | None
    """Its cache key; None for a group of one document (its entry is the group)."""
    stored: Aggregate | None = None
    """Its aggregate, when the cache holds it."""


@dataclass(frozen=True)
class Ahead:
    """A batch looked up in the cache, with its missing documents encoded
    (:meth:`RunCache.look_ahead`)."""

    look: Lookup
    encoded: Encodings
    """The missing documents' encodings (:func:`encode_missing`)."""
    lexeme_keys: list[str]
    """Per missing document, the cache key of its lexemes (empty without lexical classes)."""
    lexed: list[Lexed | None]
    """Per missing document, its lexemes when the cache holds them (empty without lexical
    classes)."""


class RunCache:
    """The cache as one run uses it: the store, the key parts fixed for the run, and counts."""

    def __init__(
        self,
        store: Store,
        infos: Sequence[TokenizerInfo],
        *,
        prep_of: Callable[[int], Prepared],
        lex: bool,
        errors: str,
    ) -> None:
        self.store = store
        self.infos = tuple(infos)
        self.prep_of = prep_of
        """Tokenizer ``k``, loaded when first asked for (only for a document to measure)."""
        self.lex = lex
        self._run = [*code_parts(), f"lex={lex}", f"errors={errors}"]
        self._tokenizers = [tokenizer_key(info.provenance) for info in self.infos]

    def lookup(self, batch: list[Document]) -> Lookup:
        """The stored entries of ``batch`` and what is missing."""
        from tokscope.cache.groups import decode_group, group_key, group_spans
        from tokscope.lexing import canonical_language

        keys: list[list[str]] = []
        for doc in batch:
            doc_part = [canonical_language(doc.language), text_digest(doc.text)]
            keys.append([key_of([*self._run, tok, *doc_part]) for tok in self._tokenizers])
        found: list[list[Entry | None]] = [[] for _ in batch]
        look = Lookup(batch, keys, found)
        names = [doc.name for doc in batch]
        for start, end in group_spans(names):
            group = Group(start, end, None)
            look.groups.append(group)
            if end - start > 1:
                group.key = group_key(names[start:end], keys[start:end])
                body = self.store.get(group.key)
                if body is not None:
                    group.stored = decode_group(body, self.infos, lex=self.lex)
                if group.stored is not None:
                    for key in (k for mine in keys[start:end] for k in mine):
                        self.store.touch(key)  # kept as long as the group: an edit needs them
                    continue
            for i in range(start, end):
                entries: list[Entry | None] = []
                for key in keys[i]:
                    body = self.store.get(key)
                    entries.append(None if body is None else decode(body))
                found[i] = entries
                need = tuple(k for k, e in enumerate(entries) if e is None)
                if need:
                    look.needs.append(need)
                    look.missing.append(batch[i])
        return look

    def look_ahead(self, batch: list[Document]) -> Ahead:
        """What the cache holds for ``batch``, and the missing documents encoded: the part of
        :meth:`measure` that can run in a thread while the previous batch is counted (the
        tokenizers release the GIL while they encode)."""
        from tokscope.lexing import canonical_language

        look = self.lookup(batch)
        keys = []
        if self.lex:
            keys = [lexeme_key(canonical_language(d.language), d.text) for d in look.missing]
        lexed = [decode_lexemes(b) if (b := self.store.get(k)) is not None else None for k in keys]
        return Ahead(look, encode_missing(look.missing, self.prep_of, look.needs), keys, lexed)

    def measure(
        self, batch: list[Document], collect: Collect, ahead: Ahead | None = None
    ) -> Partial:
        """The part of ``batch``: what the cache holds, the rest measured and stored;
        ``ahead`` is :meth:`look_ahead` of ``batch`` when it was started before."""
        if ahead is None:
            ahead = self.look_ahead(batch)
        look = ahead.look
        lexed = list(ahead.lexed)
        measured = measure_entries(
            look.missing,
            self.prep_of,
            look.needs,
            lex=self.lex,
            encoded=ahead.encoded,
            lexed=lexed if self.lex else None,
        )
        for key, before, after in zip(ahead.lexeme_keys, ahead.lexed, lexed):
            if before is None and after is not None:
                self.store.put(key, encode_lexemes(after))
        return self.complete(look, measured, collect)

    def complete(self, look: Lookup, measured: Measured, collect: Collect) -> Partial:
        """The batch's part, from the entries found and ``measured`` (one dict per missing
        document, tokenizer index -> entry, or None: skipped), the new entries stored."""
        from tokscope.corpus.documents import SkipReport
        from tokscope.stats import Aggregate

        new = iter(measured)
        total: Aggregate | None = None
        kept: list[Document] = []
        lost: list[Skipped] = []
        for group in look.groups:
            part = group.stored
            if part is not None:
                kept += look.batch[group.start : group.end]
            else:
                part = self._group_part(look, group, new, kept, lost)
            if total is None:
                total = part  # made or read here, used nowhere else
            else:
                total.merge(part, consume=True)
        if total is None:
            total = Aggregate(self.infos, lex=self.lex)
        total.add_contents(doc.text.encode("utf-8") for doc in kept)  # the corpus fingerprint
        if lost:
            total.skipped = total.skipped.merge(SkipReport.of(lost))
        self.store.flush()  # this batch's entries written in one transaction
        extras = Extras()
        extras.add(kept, collect)
        misses = sum(map(len, look.needs))
        pairs = len(look.batch) * len(self.infos)
        return Partial(total, extras, CacheCounts(pairs - misses, misses))

    def _group_part(
        self,
        look: Lookup,
        group: Group,
        new: Iterator[dict[int, Entry] | None],
        kept: list[Document],
        lost: list[Skipped],
    ) -> Aggregate:
        """The aggregate of a group the cache does not hold, from its documents' entries (those
        missing taken from ``new``, in order, and stored); the group stored too when no document
        of it was skipped. Its documents are added to ``kept`` or ``lost``."""
        from tokscope.cache.groups import encode_group
        from tokscope.corpus.documents import Skipped
        from tokscope.errors import TokenizerError
        from tokscope.stats import Aggregate

        part = Aggregate(self.infos, lex=self.lex, sparse=True)  # a few files' ids
        whole = True
        for i in range(group.start, group.end):
            doc, keys, entries = look.batch[i], look.keys[i], look.found[i]
            if any(e is None for e in entries):
                fresh = next(new)
                if fresh is None:
                    lost.append(Skipped(doc.name, TokenizerError.reason))
                    whole = False
                    continue
                for k, entry in fresh.items():
                    self.store.put(keys[k], encode(entry))
                    entries[k] = entry
            add_document(part, doc.name, [e for e in entries if e is not None])
            kept.append(doc)
        if whole and group.key is not None:
            self.store.put(group.key, encode_group(part))
        return part


def cache_for(preps: Sequence[Prepared], *, lex: bool, errors: str) -> RunCache:
    """The cache over tokenizers already loaded (in this process, a worker process or a Dask
    worker): the cache folder of this machine (:func:`~tokscope.cache.open_store`)."""
    from tokscope.cache import open_store

    given = list(preps)
    infos = [p.info for p in given]
    return RunCache(open_store(), infos, prep_of=given.__getitem__, lex=lex, errors=errors)


Measured = list[dict[int, Entry] | None]
"""Per missing document, tokenizer index -> entry; None for a document some tokenizer fails on
(skipped as ``tokenizer-error``, as :func:`~tokscope.stats.engine.loop.measure_batch` does)."""


def _by_need(needs: Needs) -> dict[tuple[int, ...], list[int]]:
    """The missing documents (their indices) grouped by the tokenizers they need."""
    groups: dict[tuple[int, ...], list[int]] = {}
    for i, need in enumerate(needs):
        groups.setdefault(need, []).append(i)
    return groups


def encode_missing(
    docs: Sequence[Document], prep_of: Callable[[int], Prepared], needs: Needs
) -> Encodings:
    """The documents that need the same tokenizers (``prep_of(k)`` is tokenizer ``k``), encoded
    together: one ``encode_batch`` per tokenizer, which uses every core. A set some document
    fails in is left out, to be encoded document by document by :func:`measure_entries`."""
    from tokscope.stats.encoding import encode_texts

    ahead: Encodings = {}
    for need, members in _by_need(needs).items():
        try:
            ahead[need] = encode_texts([prep_of(k) for k in need], [docs[i].text for i in members])
        except Exception:  # some document fails: each is encoded alone later
            continue
    return ahead


def measure_entries(
    docs: Sequence[Document],
    prep_of: Callable[[int], Prepared],
    needs: Needs,
    *,
    lex: bool,
    encoded: Encodings | None = None,
    lexed: list[Lexed | None] | None = None,
) -> Measured:
    """Each document measured by the tokenizers it needs (``prep_of(k)`` is tokenizer ``k``):
    tokenizer index -> entry, or None when a tokenizer fails on the document. The documents
    that need the same tokenizers are counted as one batch and cut per document
    (:func:`~tokscope.stats.measure.measure_each`); where that fails, each document is measured
    alone. ``encoded`` is :func:`encode_missing` of the same documents when it was done ahead;
    ``lexed`` (with lexical classes) gives each document's lexemes, or None where they are not
    known: those lexed here are put in the list, so that the caller can store them."""
    ahead = encode_missing(docs, prep_of, needs) if encoded is None else encoded
    out: Measured = [None] * len(docs)
    for need, members in _by_need(needs).items():
        preps = [prep_of(k) for k in need]
        try:
            group = [docs[i] for i in members]
            found = _entries(group, preps, need, lex, ahead.get(need), lexed, members)
        except Exception:  # measured again one by one, to find the documents that fail
            found = []
            for i in members:
                try:
                    found += _entries([docs[i]], preps, need, lex, None, lexed, [i])
                except Exception:
                    if not fails_to_tokenize(docs[i], preps):
                        raise
                    found.append(None)
        for i, entries in zip(members, found):
            out[i] = entries
    return out


def _entries(
    docs: list[Document],
    preps: list[Prepared],
    need: tuple[int, ...],
    lex: bool,
    encoded: list[Encoded] | None,
    lexed: list[Lexed | None] | None,
    at: list[int],
) -> list[dict[int, Entry] | None]:
    """The entries of ``docs`` (``at`` their indices in ``lexed``), measured as one batch by
    ``preps``, the tokenizers ``need``."""
    from tokscope.stats.batch import Batch
    from tokscope.stats.measure import measure_each

    batch = Batch(docs, lex=lex, lexed=None if lexed is None else [lexed[i] for i in at])
    pieces = measure_each(docs, preps, lex=lex, encoded=encoded, batch=batch)
    if lexed is not None:
        for j, i in enumerate(at):
            lexed[i] = batch.lexed[j]
    return [{k: entry_of(piece, m) for m, k in enumerate(need)} for piece in pieces]


__all__ = [
    "Ahead",
    "CacheCounts",
    "Encodings",
    "Group",
    "Lookup",
    "Needs",
    "RunCache",
    "cache_for",
    "encode_missing",
    "measure_entries",
]
