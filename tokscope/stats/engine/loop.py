"""The one stats loop: batches -> measure -> merge, shared by every engine.

An engine only decides *where* a batch is measured (in this process, in a worker process, on a
Dask worker); what is measured and how the partial results are merged is here, once:

* :func:`measure_batch` turns a batch of documents into a :class:`Partial`: the stats
  :class:`~tokscope.stats.Aggregate` plus the :class:`Extras` other commands asked for (the
  scripts seen, for ``overlap``; a sample of documents, for ``report``'s parity and excerpts);
* :func:`merge_parts` merges parts in any order with :func:`~tokscope.stats.merge_all`;
* :func:`finish` turns the merged part into a :class:`Run`.

Merging is associative and commutative (the aggregate's merge, a set union, and a sample that is
the first documents by name within a byte budget), so every engine gives the same run whatever
the batching, the number of workers and the order parts finish in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING

from tokscope.corpus.cost import TOO_COSTLY, too_costly
from tokscope.corpus.documents import DEFAULT_MAX_SOLID_RUN
from tokscope.corpus.walk import Document, Skipped, SkipReport
from tokscope.errors import TokenizerError, TokscopeError
from tokscope.stats.engine.extras import Collect, Extras

if TYPE_CHECKING:
    from concurrent.futures import Future

    from tokscope.stats import Aggregate, StatsReport, TokenizerInfo, TokenText
    from tokscope.stats.encoding import Encoded
    from tokscope.stats.engine.cached import Ahead, RunCache
    from tokscope.stats.prepared import Prepared

Advance = Callable[[int, int], None]
"""Called with (files, bytes) as batches finish."""


@dataclass
class CacheCounts:
    """How the cache served a run, in (document, tokenizer) entries."""

    hits: int = 0
    """Entries read from the cache."""
    misses: int = 0
    """Entries measured (and stored)."""

    def add(self, other: CacheCounts) -> None:
        """Add ``other``'s counts (in place)."""
        self.hits += other.hits
        self.misses += other.misses


@dataclass
class Partial:
    """The result of measuring some documents: statistics and extras."""

    aggregate: Aggregate
    """The counts behind the statistics."""
    extras: Extras
    """What else was collected."""
    cache: CacheCounts = field(default_factory=CacheCounts)
    """How the cache served these documents (nothing without the cache)."""


@dataclass(frozen=True)
class Run:
    """The result of a pass over a corpus."""

    report: StatsReport
    """The statistics (as ``tokscope stats``)."""
    aggregate: Aggregate = field(repr=False)
    """The counts behind them (id histograms among them)."""
    extras: Extras = field(repr=False)
    """What else was collected."""


def batches(
    items: Iterable[Document | Skipped],
    *,
    batch_bytes: int,
    skipped: list[Skipped],
    batch_docs: int = 2048,
    max_solid_run: int = DEFAULT_MAX_SOLID_RUN,
) -> Iterator[list[Document]]:
    """Documents grouped into batches of about ``batch_bytes`` (at most ``batch_docs``
    documents); skipped inputs are appended to ``skipped``, and so are documents with a run of
    more than ``max_solid_run`` characters without whitespace (``too-costly``, see
    :mod:`tokscope.corpus.cost`).

    Past ``batch_bytes`` or ``batch_docs``, a batch ends after a document that ends a cache
    group (:func:`~tokscope.cache.groups.ends_group`, which depends on its name only), unless it
    reaches twice either first: so an edit that changes a file's size (or a record added to a
    dataset of small records) does not move the batch ends, and with them the groups, of the
    files after it."""
    from tokscope.cache.groups import ends_group

    batch: list[Document] = []
    size = 0
    for item in items:
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        if too_costly(item.text, max_solid_run):
            skipped.append(Skipped(item.name, TOO_COSTLY))
            continue
        batch.append(item)
        size += item.n_bytes
        over = size >= batch_bytes or len(batch) >= batch_docs
        if over and (
            size >= 2 * batch_bytes or len(batch) >= 2 * batch_docs or ends_group(item.name)
        ):
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def measure_batch(
    batch: Sequence[Document],
    preps: Sequence[Prepared],
    *,
    lex: bool,
    collect: Collect,
    encoded: Future[list[Encoded]] | None = None,
    cache: RunCache | None = None,
    looked: Future[Ahead] | None = None,
) -> Partial:
    """The part of one batch: its aggregate and what ``collect`` asks for; ``encoded`` gives
    the batch's encodings when they were started ahead (:func:`measure_all`). With ``cache``,
    the pairs it holds are read and only the others measured (:meth:`RunCache.measure`;
    ``looked`` is its :meth:`~RunCache.look_ahead` of the batch, when started ahead).

    When measuring the batch fails, each document is encoded and decoded alone: those some
    tokenizer fails on are skipped as ``tokenizer-error`` and the rest measured again (a failure
    that no document explains is raised)."""
    from tokscope.stats.measure import measure

    if cache is not None:
        return cache.measure(list(batch), collect, None if looked is None else looked.result())
    kept = batch
    try:
        ahead = None if encoded is None else encoded.result()
        agg = measure(batch, preps, lex=lex, encoded=ahead)
    except Exception:
        failed = {id(doc) for doc in batch if fails_to_tokenize(doc, preps)}
        if not failed:
            raise
        kept = [doc for doc in batch if id(doc) not in failed]
        agg = measure(kept, preps, lex=lex)
        lost = (Skipped(d.name, TokenizerError.reason) for d in batch if id(d) in failed)
        agg.skipped = agg.skipped.merge(SkipReport.of(lost))
    extras = Extras()
    extras.add(kept, collect)
    return Partial(agg, extras)


def fails_to_tokenize(doc: Document, preps: Sequence[Prepared]) -> bool:
    """Whether some tokenizer fails to encode ``doc`` or to decode its ids
    (a :class:`~tokscope.errors.TokenizerError`)."""
    for prep in preps:
        try:
            prep.loaded.decode(prep.loaded.encode(doc.text).ids)
        except TokenizerError:
            return True
    return False


def merge_parts(
    parts: Iterable[Partial],
    *,
    lex: bool,
    infos: Callable[[], Sequence[TokenizerInfo]],
    advance: Advance | None = None,
    consume: bool = False,
) -> Partial:
    """All ``parts`` merged (in any order); ``infos()`` names the tokenizers when there is no
    part. ``advance`` is told the documents and bytes of each part as it is merged. With
    ``consume``, the parts' aggregates are taken over (:meth:`~tokscope.stats.Aggregate.merge`):
    for parts nothing else holds."""
    from tokscope.stats import DOC, merge_all

    it = iter(parts)
    first = next(it, None)
    tokenizers = first.aggregate.tokenizers if first is not None else tuple(infos())
    extras = Extras()
    served = CacheCounts()

    def aggregates() -> Iterator[Aggregate]:
        if first is None:
            return
        for part in chain((first,), it):  # one at a time: parts are merged as they come
            extras.merge(part.extras)
            served.add(part.cache)
            if advance is not None:
                docs = part.aggregate.docs.values()
                advance(
                    sum(int(d[DOC.at("docs")]) for d in docs),
                    sum(int(d[DOC.at("bytes")]) for d in docs),
                )
            yield part.aggregate

    merged = merge_all(aggregates(), tokenizers, lex=lex, consume=consume)
    return Partial(merged, extras, served)


def measure_all(
    docs: Iterable[Document | Skipped],
    preps: Sequence[Prepared],
    *,
    lex: bool,
    collect: Collect,
    batch_bytes: int,
    advance: Advance | None = None,
    max_solid_run: int = DEFAULT_MAX_SOLID_RUN,
    cache: RunCache | None = None,
) -> Partial:
    """Every document measured in this process, skipped inputs counted (documents over
    ``max_solid_run`` as ``too-costly``); with ``cache``, through it (``preps`` are then not
    used: the cache loads a tokenizer only when it has something to measure).

    The next batch is encoded (with the cache: looked up, and its missing documents encoded) in
    a thread while this one is measured: the tokenizers release the GIL while they encode, so
    encoding and the counting in Python and numpy overlap."""
    from concurrent.futures import ThreadPoolExecutor
    from functools import partial

    from tokscope.stats.encoding import encode_texts

    skipped: list[Skipped] = []
    chunks = batches(docs, batch_bytes=batch_bytes, skipped=skipped, max_solid_run=max_solid_run)
    with ThreadPoolExecutor(1, thread_name_prefix="tokscope-encode") as ahead:

        def started() -> Iterator[Partial]:
            """Each batch measured, the next one started in the thread meanwhile."""
            previous: Callable[[], Partial] | None = None
            for batch in chunks:
                if cache is not None:
                    looked = ahead.submit(cache.look_ahead, batch)
                    current = partial(
                        measure_batch,
                        batch,
                        preps,
                        lex=lex,
                        collect=collect,
                        cache=cache,
                        looked=looked,
                    )
                else:
                    encoded = ahead.submit(encode_texts, preps, [d.text for d in batch])
                    current = partial(
                        measure_batch, batch, preps, lex=lex, collect=collect, encoded=encoded
                    )
                if previous is not None:
                    yield previous()
                previous = current
            if previous is not None:
                yield previous()

        parts = started()
        infos = (lambda: cache.infos) if cache is not None else (lambda: [p.info for p in preps])
        # the parts are made here and dropped once merged: they can be taken over
        total = merge_parts(parts, lex=lex, infos=infos, advance=advance, consume=True)
    total.aggregate.skipped = total.aggregate.skipped.merge(SkipReport.of(skipped))
    return total


def finish(
    total: Partial,
    *,
    reference: str,
    top: int,
    texts: Callable[[Sequence[set[int]]], list[dict[int, TokenText]]],
) -> Run:
    """The run of a merged part: the report's metrics, with the token texts ``texts(wanted)``
    gives for the ids the report names."""
    from tokscope.stats import finalize, wanted_tokens

    agg = total.aggregate
    found = texts(wanted_tokens(agg, top=top))
    name = reference_name(agg.tokenizers, reference)
    report = finalize(agg, reference=name, top=top, token_texts=found)
    return Run(report, agg, total.extras)


def token_texts(
    preps: Sequence[Prepared], wanted: Sequence[set[int]]
) -> list[dict[int, TokenText]]:
    """The text of the tokens ``wanted`` (per tokenizer)."""
    return [{i: prep.text(i) for i in sorted(ids)} for prep, ids in zip(preps, wanted)]


def prepare(specs: Sequence[str]) -> list[Prepared]:
    """Load and prepare the tokenizers ``specs`` name."""
    from tokscope.loading.sources import load_many
    from tokscope.stats.prepared import Prepared

    return [Prepared(t) for t in load_many(specs)]


def spec_names(spec: str) -> list[str]:
    """What a spec may be called: itself, its alias, and for a path the name it loads under;
    for ``NAME=SPEC``, also NAME and the names of SPEC."""
    from tokscope.loading.named import existing_path
    from tokscope.loading.sources import canonical_alias, name_for_path, parse_spec

    named = parse_spec(spec)
    names = [spec] if named.name is None else [spec, named.name, named.spec]
    alias = canonical_alias(named.spec)
    if alias:
        names.append(alias)
    path = existing_path(named.spec)
    if path is not None:
        names.append(name_for_path(path))
    return names


def reference_name(tokenizers: Sequence[TokenizerInfo], reference: str) -> str:
    """The name of the tokenizer ``reference`` (a spec or a name) designates."""
    wanted = set(spec_names(reference))
    for info in tokenizers:
        if wanted & {info.name, *spec_names(info.provenance.spec)}:
            return info.name
    names = ", ".join(t.name for t in tokenizers)
    raise TokscopeError(
        f"--reference {reference!r} names none of the tokenizers measured ({names}): "
        "give one of those names"
    )


__all__ = [
    "Advance",
    "CacheCounts",
    "Collect",
    "Extras",
    "Partial",
    "Run",
    "batches",
    "fails_to_tokenize",
    "finish",
    "measure_all",
    "measure_batch",
    "merge_parts",
    "prepare",
    "reference_name",
    "spec_names",
    "token_texts",
]
