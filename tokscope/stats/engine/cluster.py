"""Corpus statistics on a Dask cluster: shards become tasks, partial aggregates are merged.

The client walks the inputs (:func:`tokscope.corpus.walk.iter_files`) and reads only Parquet
footers; it plans :class:`Part` s: a range of row groups of a Parquet shard, a whole JSON Lines
shard, or a group of source files. Each part is a task: the worker reads it with the same
functions as the local engine, measures it with the tokenizers it loaded once (a per-process cache
keyed by the specs and the sha256 of the files), and returns a partial result (its aggregate and
extras). The client merges them with :func:`~tokscope.stats.engine.loop.merge_parts`, as the local
engine does, which is associative and commutative: the report is byte-identical to the local
engine's whatever the number of workers, the order tasks finish in, and the tasks retried.

Workers resolve tokenizer specs themselves (paths, then ``TOKSCOPE_TOKENIZERS`` on the worker);
every partial aggregate carries the sha256 of the files its worker used, and a worker that used
other files than the first is an error. A worker that dies costs only its running task, which the
scheduler runs again elsewhere; a task that raises is retried ``retries`` times.

dask is optional (``pip install 'tokscope[dask]'``) and imported only by this engine.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tokscope.corpus.walk import (
    DATASET_SUFFIXES,
    PARQUET_SUFFIXES,
    CorpusOptions,
    Document,
    Skipped,
    SkipReport,
    display_name,
    iter_files,
    read_file,
)
from tokscope.errors import TokscopeError
from tokscope.stats.engine.clients import connect, dask_modules, local_cluster
from tokscope.stats.engine.local import RunOptions, run_specs
from tokscope.stats.engine.loop import (
    Advance,
    CacheCounts,
    Collect,
    Partial,
    Run,
    finish,
    measure_all,
    merge_parts,
    prepare,
)
from tokscope.stats.engine.loop import token_texts as texts_of

if TYPE_CHECKING:
    from tokscope.stats import Aggregate, StatsReport, TokenizerInfo, TokenText
    from tokscope.stats.prepared import Prepared

PART_BYTES = 64 << 20
"""Target size of a task (uncompressed bytes): big enough to amortise scheduling, small enough
that a lost task costs little and the cluster stays balanced."""

PART_FILES = 4096
"""At most this many source files per task."""

RETRIES = 2
"""Times a task that raised is run again before the run fails."""


@dataclass(frozen=True)
class Part:
    """One task: what a worker reads and measures."""

    files: tuple[str, ...]
    """Source files, or a single dataset shard."""
    groups: tuple[int, ...] | None = None
    """For a Parquet shard: the row groups to read (None: all)."""
    n_bytes: int = 0
    """Estimated size, for balancing."""


@dataclass(frozen=True)
class Plan:
    """The tasks of a run and what the client skipped while planning."""

    parts: tuple[Part, ...]
    """Tasks, in corpus order."""
    skipped: tuple[Skipped, ...]
    """Inputs skipped while walking (missing, link loops) or shards that cannot be opened."""
    shards: int
    """Dataset shards found (readable or not)."""


@dataclass(frozen=True)
class DaskRun:
    """The report of a Dask run and how the run went."""

    report: StatsReport
    """The same report as the local engine's."""
    run: Run
    """The whole pass (the report, its counts and the extras collected)."""
    shards: int
    """Dataset shards in the corpus."""
    tasks: int
    """Tasks run."""
    retried: int | None
    """Task runs repeated (a worker died, or the task raised); None when the scheduler could not
    say."""


def plan(paths: Sequence[str], corpus: CorpusOptions, *, part_bytes: int = PART_BYTES) -> Plan:
    """Split the corpus into tasks; reads Parquet footers, nothing else."""
    parts: list[Part] = []
    skipped: list[Skipped] = []
    shards = 0
    files: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal files, size
        if files:
            parts.append(Part(tuple(files), None, size))
            files, size = [], 0

    for item in iter_files(paths, corpus):
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        name = str(item)
        if name.endswith(PARQUET_SUFFIXES):
            shards += 1
            parts.extend(_parquet_parts(item, corpus, part_bytes, skipped))
        elif name.endswith(DATASET_SUFFIXES):
            shards += 1
            parts.append(Part((name,), None, _size(item)))
        else:
            files.append(name)
            size += _size(item)
            if size >= part_bytes or len(files) >= PART_FILES:
                flush()
    flush()
    return Plan(tuple(parts), tuple(skipped), shards)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _parquet_parts(
    path: Path, corpus: CorpusOptions, part_bytes: int, skipped: list[Skipped]
) -> Iterator[Part]:
    from tokscope.corpus.parquet import row_groups

    groups = row_groups(path)
    if groups is None:  # what read_parquet would report, without sending a task
        skipped.append(Skipped(display_name(str(path)), "unreadable"))
        return
    if not groups:
        yield Part((str(path),), None, 0)
        return
    chosen: list[int] = []
    size = 0
    for group in groups:
        chosen.append(group.index)
        size += group.n_bytes
        if size >= part_bytes:
            yield Part((str(path),), tuple(chosen), size)
            chosen, size = [], 0
    if chosen:
        yield Part((str(path),), tuple(chosen), size)


def _read_part(part: Part, corpus: CorpusOptions) -> Iterator[Document | Skipped]:
    if part.groups is not None:
        from tokscope.corpus.parquet import read_parquet

        yield from read_parquet(Path(part.files[0]), corpus, groups=part.groups)
        return
    for name in part.files:
        yield from read_file(Path(name), corpus)


# -- on the workers -------------------------------------------------------------------------------

_CACHE: dict[tuple[str, ...], list[Prepared]] = {}
"""Tokenizers loaded in this worker process, by specs (loaded once per worker)."""


def _worker_tokenizers(specs: tuple[str, ...]) -> list[Prepared]:
    prepared = _CACHE.get(specs)
    if prepared is None:
        os.environ["TOKENIZERS_PARALLELISM"] = "false"  # the workers are the parallelism
        try:
            prepared = prepare(specs)
        except TokscopeError as exc:
            raise TokscopeError(
                f"a Dask worker ({_worker_name()}) cannot load the tokenizers: {exc} "
                "(set TOKSCOPE_TOKENIZERS in every worker's environment, or give paths the "
                "workers can read)"
            ) from None
        _CACHE[specs] = prepared
    return prepared


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return f"pid {os.getpid()}"


def measure_part(
    part: Part,
    specs: tuple[str, ...],
    corpus: CorpusOptions,
    lex: bool,
    batch_bytes: int,
    collect: Collect | None = None,
    cache: bool = False,
) -> Partial:
    """The partial result of one part (run on a worker), skipped inputs included; with
    ``cache``, through the worker's cache folder (:mod:`tokscope.cache`: ``TOKSCOPE_CACHE_DIR``
    or the user cache folder of the worker's machine)."""
    preps = _worker_tokenizers(specs)
    from tokscope.stats.engine.cached import cache_for

    run_cache = cache_for(preps, lex=lex, errors=corpus.errors) if cache else None
    done = measure_all(
        _read_part(part, corpus),
        preps,
        lex=lex,
        collect=collect or Collect(),
        batch_bytes=batch_bytes,
        max_solid_run=corpus.max_solid_run,
        cache=run_cache,
    )
    if run_cache is not None:
        run_cache.store.evict()
    return done


def token_texts(specs: tuple[str, ...], wanted: Sequence[set[int]]) -> list[dict[int, TokenText]]:
    """The text of the tokens the report names (run on a worker)."""
    return texts_of(_worker_tokenizers(specs), wanted)


def tokenizer_infos(specs: tuple[str, ...]) -> list[TokenizerInfo]:
    """The tokenizers' descriptions, for a run of nothing (run on a worker)."""
    return [p.info for p in _worker_tokenizers(specs)]


def _retried(dask_scheduler: Any, keys: list[str], retries: int) -> int:
    """Task runs repeated: workers lost while running a task, plus retries used (on the
    scheduler)."""
    total = 0
    for key in keys:
        task = dask_scheduler.tasks.get(key)
        if task is not None:
            total += task.suspicious + (retries - (task.retries or 0))
    return total


# -- on the client --------------------------------------------------------------------------------


def run_dask(
    paths: Sequence[str],
    corpus: CorpusOptions,
    options: RunOptions,
    *,
    client: Any,
    advance: Advance | None = None,
    part_bytes: int = PART_BYTES,
    retries: int = RETRIES,
    cache_counts: CacheCounts | None = None,
) -> DaskRun:
    """Measure the corpus on the cluster ``client`` is connected to; with ``options.cache``,
    each worker goes through its cache, and ``cache_counts`` is told how it served the run."""
    _, distributed = dask_modules()
    specs = tuple(run_specs(options))
    work = plan(paths, corpus, part_bytes=part_bytes)
    futures = [
        client.submit(
            measure_part,
            part,
            specs,
            corpus,
            options.lex,
            options.batch_bytes,
            options.collect,
            options.cache,
            retries=retries,
            pure=False,
        )
        for part in work.parts
    ]
    keys = [f.key for f in futures]
    hashes: list[str] = []

    def parts() -> Iterator[Partial]:
        for future in distributed.as_completed(futures):
            part: Partial = future.result()
            if not hashes:
                hashes.extend(t.provenance.sha256 for t in part.aggregate.tokenizers)
            _check_same_files(hashes, part.aggregate)
            yield part

    total = merge_parts(
        parts(),
        lex=options.lex,
        infos=lambda: client.submit(tokenizer_infos, specs, pure=False).result(),
        advance=advance,
    )
    try:
        retried: int | None = int(client.run_on_scheduler(_retried, keys=keys, retries=retries))
    except Exception:  # a scheduler without tokscope installed cannot say
        retried = None
    futures.clear()  # let the cluster forget the results
    if cache_counts is not None:
        cache_counts.add(total.cache)
    total.aggregate.skipped = total.aggregate.skipped.merge(SkipReport.of(work.skipped))
    done = finish(
        total,
        reference=options.reference,
        top=options.top,
        texts=lambda wanted: client.submit(token_texts, specs, wanted, pure=False).result(),
    )
    return DaskRun(done.report, done, work.shards, len(work.parts), retried)


def _check_same_files(hashes: list[str], part: Aggregate) -> None:
    for info, expected in zip(part.tokenizers, hashes):
        if info.provenance.sha256 != expected:
            raise TokscopeError(
                f"Dask workers loaded different files for tokenizer {info.name} (sha256 "
                f"{expected[:12]} and {info.provenance.sha256[:12]}): point every worker's "
                "TOKSCOPE_TOKENIZERS at the same files"
            )


__all__ = [
    "PART_BYTES",
    "RETRIES",
    "DaskRun",
    "Part",
    "Plan",
    "connect",
    "dask_modules",
    "local_cluster",
    "measure_part",
    "plan",
    "run_dask",
    "token_texts",
    "tokenizer_infos",
]
