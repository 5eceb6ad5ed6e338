"""Stream a corpus through the tokenizers, in batches, in this process or in worker processes.

Documents are read lazily and grouped into batches of about :data:`BATCH_BYTES`. Each batch
becomes a :class:`~tokscope.stats.engine.loop.Partial` (a partial :class:`~tokscope.stats.Aggregate`
and the extras asked for) by :func:`~tokscope.stats.engine.loop.measure_batch`, and the parts are
merged by :func:`~tokscope.stats.engine.loop.merge_parts`: the one loop every engine shares. Parts
merge associatively and commutatively, so the result is the same whatever the number of workers
and the order batches finish in. Token lists live only as long as their batch, and at most
``2 × jobs`` batches are in flight, so memory does not grow with the corpus.

With ``jobs > 1`` each worker is a separate process (``spawn``, safe on every platform) that loads
the tokenizers once, in its initializer, and encodes with the tokenizer's own thread pool turned
off: the workers are the parallelism.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from itertools import chain
from typing import TYPE_CHECKING, TypeVar

from tokscope.corpus.walk import CorpusOptions, Document, Skipped, SkipReport, iter_corpus
from tokscope.errors import TokscopeError
from tokscope.stats.engine.loop import (
    Advance,
    CacheCounts,
    Collect,
    Partial,
    Run,
    batches,
    finish,
    measure_all,
    measure_batch,
    merge_parts,
    prepare,
    spec_names,
    token_texts,
)
from tokscope.stats.engine.pool import RenewedPool
from tokscope.stats.engine.signals import stopping_children, worker_setup

if TYPE_CHECKING:
    from tokscope.stats import StatsReport, TokenizerInfo, TokenText
    from tokscope.stats.engine.cached import RunCache
    from tokscope.stats.prepared import Prepared

BATCH_BYTES = 1 << 19
"""Target size of a batch: large enough to amortise per-batch work, small enough to balance."""

BATCH_DOCS = 2048
"""At most this many documents per batch (many tiny records)."""

"""How many times a broken pool of workers is replaced before the run gives up."""

T = TypeVar("T")


@dataclass(frozen=True)
class RunOptions:
    """What to measure and how."""

    specs: tuple[str, ...] = ()
    """Tokenizer specs; empty means the default set."""
    reference: str = "roberta"
    """Spec or name of the tokenizer NSL is relative to; added to the run when not in ``specs``."""
    lex: bool = True
    """Compute lexical classes with pygments (``--no-lex`` turns it off)."""
    jobs: int = 1
    """Worker processes; 1 works in this process, 0 chooses from the corpus size
    (:func:`choose_jobs`)."""
    top: int = 10
    """Examples per list (fragmented identifiers, crossing tokens)."""
    batch_bytes: int = BATCH_BYTES
    """Target batch size in bytes."""
    collect: Collect = field(default_factory=Collect)
    """What the pass collects besides the statistics."""
    cache: bool = False
    """Serve (document, tokenizer) pairs measured before from the cache, and store new ones
    (:mod:`tokscope.cache`)."""


SMALL_CORPUS_BYTES = 64 << 20
"""Below this many bytes of documents, ``jobs=0`` measures in this process: the tokenizers'
own thread pool already uses every core, and worker processes would each load every tokenizer."""

SMALL_LEXED_CORPUS_BYTES = 16 << 20
"""The same bound with lexical classes: pygments lexes in Python, on one core in this process,
so workers pay for their loading sooner (on 2 cores, 6 MB took as long either way, 20 MB 11%
less with two workers)."""


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_specs(options: RunOptions) -> list[str]:
    """The specs to load: the ones given (or the default set), then the reference if missing."""
    specs = list(options.specs or _default_specs())
    ref = options.reference
    known = {name for spec in specs for name in spec_names(spec)}
    if not known & set(spec_names(ref)):
        specs.append(ref)
    return specs


def _default_specs() -> tuple[str, ...]:
    from tokscope.loading.sources import DEFAULT_SPECS

    return DEFAULT_SPECS


def run(
    paths: Sequence[str],
    corpus: CorpusOptions,
    options: RunOptions,
    *,
    advance: Advance | None = None,
) -> StatsReport:
    """Measure every document under ``paths`` and return the report."""
    return run_pass(paths, corpus, options, advance=advance).report


def run_pass(
    paths: Sequence[str],
    corpus: CorpusOptions,
    options: RunOptions,
    *,
    advance: Advance | None = None,
    preps: Sequence[Prepared] | None = None,
    cache_counts: CacheCounts | None = None,
) -> Run:
    """One pass over the corpus under ``paths``: the statistics and what ``options.collect``
    asks for. With one job, ``preps`` (tokenizers already prepared in this process) are used
    instead of loading ``options.specs`` again. With ``options.cache``, ``cache_counts`` (when
    given) is told how many entries the cache served."""
    items: Iterable[Document | Skipped] = iter_corpus(paths, corpus)
    jobs = options.jobs
    if jobs <= 0:
        jobs, items = choose_jobs(items, lex=options.lex)
    if jobs > 1:
        errors = corpus.errors if options.cache else None
        done, served = _run_pool(
            run_specs(options),
            items,
            replace(options, jobs=jobs),
            advance,
            corpus.max_solid_run,
            errors,
        )
    else:
        done, served = _run_here(items, corpus, options, preps, advance)
    if options.cache:
        from tokscope.cache import open_store

        open_store().evict()
        if cache_counts is not None:
            cache_counts.add(served)
    return done


def _run_here(
    items: Iterable[Document | Skipped],
    corpus: CorpusOptions,
    options: RunOptions,
    preps: Sequence[Prepared] | None,
    advance: Advance | None,
) -> tuple[Run, CacheCounts]:
    """The pass in this process. Through the cache, tokenizers not given are loaded only when
    the cache cannot answer for them (:class:`~tokscope.stats.engine.lazy.LazyTokenizers`)."""
    from functools import partial

    cache: RunCache | None = None
    if options.cache and preps is None:
        from tokscope.cache import open_store
        from tokscope.stats.engine.cached import RunCache
        from tokscope.stats.engine.lazy import LazyTokenizers

        store = open_store()
        lazy = LazyTokenizers(run_specs(options), store)
        here: list[Prepared] = []
        texts: Callable[[Sequence[set[int]]], list[dict[int, TokenText]]] = lazy.texts
        cache = RunCache(
            store, lazy.infos, prep_of=lazy.__getitem__, lex=options.lex, errors=corpus.errors
        )
    else:
        here = list(preps) if preps is not None else prepare(run_specs(options))
        texts = partial(token_texts, here)
        if options.cache:  # the keys need the vocabulary tables now (otherwise read later)
            from tokscope.stats.engine.cached import cache_for

            cache = cache_for(here, lex=options.lex, errors=corpus.errors)
    total = measure_all(
        items,
        here,
        lex=options.lex,
        collect=options.collect,
        batch_bytes=options.batch_bytes,
        advance=advance,
        max_solid_run=corpus.max_solid_run,
        cache=cache,
    )
    done = finish(total, reference=options.reference, top=options.top, texts=texts)
    return done, total.cache


def choose_jobs(
    items: Iterable[Document | Skipped], *, lex: bool = False
) -> tuple[int, Iterable[Document | Skipped]]:
    """The number of workers for a corpus (1 below :data:`SMALL_CORPUS_BYTES`, or
    :data:`SMALL_LEXED_CORPUS_BYTES` with lexical classes, else :func:`default_jobs`), and the
    items again (those read to decide come first)."""
    bound = SMALL_LEXED_CORPUS_BYTES if lex else SMALL_CORPUS_BYTES
    it = iter(items)
    head: list[Document | Skipped] = []
    size = 0
    for item in it:
        head.append(item)
        if isinstance(item, Document):
            size += item.n_bytes
            if size >= bound:
                return default_jobs(), chain(head, it)
    return 1, head


def analyse(
    docs: Iterable[Document],
    preps: Sequence[Prepared],
    *,
    reference: str,
    lex: bool = True,
    top: int = 10,
) -> StatsReport:
    """The report for documents already in memory, measured in this process.

    ``preps`` are :class:`~tokscope.stats.prepared.Prepared` tokenizers; ``reference`` names
    one of them.
    """
    total = measure_all(docs, preps, lex=lex, collect=Collect(), batch_bytes=BATCH_BYTES)
    done = finish(
        total, reference=reference, top=top, texts=lambda wanted: token_texts(preps, wanted)
    )
    return done.report


# -- worker processes -----------------------------------------------------------------------------

_WORKER: list[Prepared] = []
_WORKER_ERROR: list[TokscopeError] = []
_WORKER_CACHE: list[RunCache] = []


def _worker_init(
    specs: Sequence[str], parent: int | None = None, cache: tuple[bool, str] | None = None
) -> None:
    """Load the tokenizers once per worker, and open the cache when ``cache`` gives the run's
    (lex, ``--errors``); an error is kept and raised by every task."""
    worker_setup(parent)  # dies with the parent, leaves Ctrl-C to it
    os.environ["TOKENIZERS_PARALLELISM"] = "false"  # the workers are the parallelism
    try:
        _WORKER[:] = prepare(specs)
    except TokscopeError as exc:
        _WORKER_ERROR.append(exc)
        return
    if cache is not None:
        from tokscope.stats.engine.cached import cache_for

        _WORKER_CACHE[:] = [cache_for(_WORKER, lex=cache[0], errors=cache[1])]


def _worker_ready() -> list[Prepared]:
    if _WORKER_ERROR:
        raise _WORKER_ERROR[0]
    return _WORKER


def _worker_measure(batch: list[Document], lex: bool, collect: Collect) -> Partial:
    cache = _WORKER_CACHE[0] if _WORKER_CACHE else None
    return measure_batch(batch, _worker_ready(), lex=lex, collect=collect, cache=cache)


def _worker_infos() -> list[TokenizerInfo]:
    return [p.info for p in _worker_ready()]


def _worker_texts(wanted: Sequence[set[int]]) -> list[dict[int, TokenText]]:
    return token_texts(_worker_ready(), wanted)


def _run_pool(
    specs: Sequence[str],
    items: Iterable[Document | Skipped],
    options: RunOptions,
    advance: Advance | None,
    max_solid_run: int,
    cache_errors: str | None = None,
) -> tuple[Run, CacheCounts]:
    """The pass in ``options.jobs`` worker processes; with ``cache_errors`` (the run's
    ``--errors``), each worker goes through the cache."""
    skipped: list[Skipped] = []
    docs = batches(
        items,
        batch_bytes=options.batch_bytes,
        skipped=skipped,
        batch_docs=BATCH_DOCS,
        max_solid_run=max_solid_run,
    )
    cache = None if cache_errors is None else (options.lex, cache_errors)
    pool = RenewedPool(options.jobs, _worker_init, (list(specs), os.getpid(), cache))
    with pool, stopping_children(pool):
        pending: dict[Future[Partial], list[Document]] = {}

        def submit(batch: list[Document]) -> None:
            try:
                future = pool.submit(_worker_measure, batch, options.lex, options.collect)
            except BrokenProcessPool as exc:  # broken since the last answer: lost like the rest
                future = Future()
                future.set_exception(exc)
            pending[future] = batch

        def finished() -> Iterator[Partial]:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            lost: list[list[Document]] = []
            for future in done:
                batch = pending.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    lost.append(batch)
            if lost:  # every batch of the broken pool fails: wait for them all, then retry
                wait(pending)
                for future, batch in list(pending.items()):
                    if future.exception() is None:
                        yield future.result()
                    elif isinstance(future.exception(), BrokenProcessPool):
                        lost.append(batch)
                    else:
                        future.result()  # raises
                pending.clear()
                pool.renew()
                for batch in sorted(lost, key=lambda b: b[0].name):
                    submit(batch)

        def parts() -> Iterator[Partial]:
            # No waiting for a first answer: the pool starts a worker per task submitted while
            # all are busy, so every worker loads its tokenizers at the same time.
            for batch in docs:
                while len(pending) >= 2 * options.jobs:
                    yield from finished()
                submit(batch)
            while pending:
                yield from finished()

        total = merge_parts(
            parts(),
            lex=options.lex,
            infos=lambda: pool.call(_worker_infos),
            advance=advance,
            consume=True,  # each part was unpickled here from a worker's answer
        )
        total.aggregate.skipped = total.aggregate.skipped.merge(SkipReport.of(skipped))
        done = finish(
            total,
            reference=options.reference,
            top=options.top,
            texts=lambda wanted: pool.call(_worker_texts, wanted),
        )
        return done, total.cache


__all__ = [
    "BATCH_BYTES",
    "SMALL_CORPUS_BYTES",
    "SMALL_LEXED_CORPUS_BYTES",
    "RunOptions",
    "analyse",
    "batches",
    "choose_jobs",
    "default_jobs",
    "run",
    "run_pass",
    "run_specs",
]
