"""Stream a corpus through the tokenizers, in batches, in worker processes.

Documents are read lazily and grouped into batches of about :data:`BATCH_BYTES`. Each batch becomes
a partial :class:`~tokscope.stats.Aggregate`; partial aggregates merge associatively and
commutatively, so the result is the same whatever the number of workers and the order batches
finish in. Token lists live only as long as their batch, and at most ``2 × jobs`` batches are in
flight, so memory does not grow with the corpus.

With ``jobs > 1`` each worker is a separate process (``spawn``, safe on every platform) that loads
the tokenizers once, in its initializer, and encodes with the tokenizer's own thread pool turned
off: the workers are the parallelism.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tokscope.corpus.walk import CorpusOptions, Document, Skipped, SkipReport, iter_corpus
from tokscope.errors import TokscopeError
from tokscope.stats.engine.signals import stopping_children, worker_setup

if TYPE_CHECKING:
    from tokscope.stats import Aggregate, StatsReport, TokenText
    from tokscope.stats.prepared import Prepared

BATCH_BYTES = 1 << 19
"""Target size of a batch: large enough to amortise per-batch work, small enough to balance."""

BATCH_DOCS = 2048
"""At most this many documents per batch (many tiny records)."""


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
    """Worker processes; 1 works in this process."""
    top: int = 10
    """Examples per list (fragmented identifiers, crossing tokens)."""
    batch_bytes: int = BATCH_BYTES
    """Target batch size in bytes."""


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
    known = {name for spec in specs for name in _names(spec)}
    if not known & set(_names(ref)):
        specs.append(ref)
    return specs


def _default_specs() -> tuple[str, ...]:
    from tokscope.loading.sources import DEFAULT_SPECS

    return DEFAULT_SPECS


def _names(spec: str) -> list[str]:
    """What a spec may be called: itself, its alias, and for a path the name it loads under."""
    from pathlib import Path

    from tokscope.loading.sources import _name_for_path, canonical_alias

    names = [spec]
    alias = canonical_alias(spec)
    if alias:
        names.append(alias)
    path = Path(spec).expanduser()
    if path.exists():
        names.append(_name_for_path(path))
    return names


def batches(
    items: Iterable[Document | Skipped], *, batch_bytes: int, skipped: list[Skipped]
) -> Iterator[list[Document]]:
    """Documents grouped into batches; skipped inputs are appended to ``skipped``."""
    batch: list[Document] = []
    size = 0
    for item in items:
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        batch.append(item)
        size += item.n_bytes
        if size >= batch_bytes or len(batch) >= BATCH_DOCS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def count_files(paths: Sequence[str], corpus: CorpusOptions) -> int | None:
    """How many files ``iter_corpus`` will read, found without reading them (for a progress
    bar's time left); None when a dataset is among them (its records are not counted ahead)."""
    import fnmatch
    from pathlib import Path

    from tokscope.corpus.walk import DATASET_SUFFIXES

    def matches(path: Path, patterns: tuple[str, ...]) -> bool:
        text = path.as_posix()
        return any(fnmatch.fnmatch(text, p) or fnmatch.fnmatch(path.name, p) for p in patterns)

    total = 0
    for raw in paths:
        root = Path(raw)
        if root.is_file():
            if raw.endswith(DATASET_SUFFIXES):
                return None
            total += 1
            continue
        for folder, dirs, files in os.walk(root):
            base = Path(folder)
            dirs[:] = [
                d
                for d in dirs
                if d not in corpus.skip_dirs
                and not matches(base / d, corpus.exclude)
                and not (base / d / "pyvenv.cfg").exists()
            ]
            for name in files:
                path = base / name
                if matches(path, corpus.exclude) or (
                    corpus.include and not matches(path, corpus.include)
                ):
                    continue
                if name.endswith(DATASET_SUFFIXES):
                    return None
                total += 1
    return total


Advance = Callable[[int, int], None]
"""Called with (files, bytes) as batches finish."""


def run(
    paths: Sequence[str],
    corpus: CorpusOptions,
    options: RunOptions,
    *,
    advance: Advance | None = None,
) -> StatsReport:
    """Measure every document under ``paths`` and return the report."""
    from tokscope.stats import finalize

    skipped: list[Skipped] = []
    docs = batches(iter_corpus(paths, corpus), batch_bytes=options.batch_bytes, skipped=skipped)
    specs = run_specs(options)
    if options.jobs <= 1:
        total, texts = _run_here(specs, docs, options, advance)
    else:
        total, texts = _run_pool(specs, docs, options, advance)
    total.skipped = total.skipped.merge(SkipReport.of(skipped))
    reference = _reference_name(total, options.reference)
    return finalize(total, reference=reference, top=options.top, token_texts=texts)


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
    from tokscope.stats import Aggregate, finalize, wanted_tokens
    from tokscope.stats.measure import measure

    total = Aggregate([p.info for p in preps], lex=lex)
    skipped: list[Skipped] = []
    for batch in batches(docs, batch_bytes=BATCH_BYTES, skipped=skipped):
        total.merge(measure(batch, preps, lex=lex))
    texts = _texts(preps, wanted_tokens(total, top=top))
    return finalize(total, reference=_reference_name(total, reference), top=top, token_texts=texts)


def _reference_name(total: Aggregate, reference: str) -> str:
    """The name of the tokenizer ``reference`` (a spec or a name) designates."""
    wanted = set(_names(reference))
    for info in total.tokenizers:
        if wanted & {info.name, *_names(info.provenance.spec)}:
            return info.name
    names = ", ".join(t.name for t in total.tokenizers)
    raise TokscopeError(
        f"--reference {reference!r} names none of the tokenizers measured ({names}): "
        "give one of those names"
    )


def _prepare(specs: Sequence[str]) -> list[Prepared]:
    from tokscope.loading.sources import load_many
    from tokscope.stats.prepared import Prepared

    return [Prepared(t) for t in load_many(specs)]


def _texts(preps: Sequence[Prepared], wanted: Sequence[set[int]]) -> list[dict[int, TokenText]]:
    return [{i: prep.text(i) for i in sorted(ids)} for prep, ids in zip(preps, wanted)]


def _run_here(
    specs: Sequence[str],
    docs: Iterator[list[Document]],
    options: RunOptions,
    advance: Advance | None,
) -> tuple[Aggregate, list[dict[int, TokenText]]]:
    from tokscope.stats import Aggregate, wanted_tokens
    from tokscope.stats.measure import measure

    preps = _prepare(specs)
    total = Aggregate([p.info for p in preps], lex=options.lex)
    for batch in docs:
        total.merge(measure(batch, preps, lex=options.lex))
        if advance:
            advance(len(batch), sum(d.n_bytes for d in batch))
    return total, _texts(preps, wanted_tokens(total, top=options.top))


# -- worker processes -----------------------------------------------------------------------------

_WORKER: list[Prepared] = []
_WORKER_ERROR: list[TokscopeError] = []


def _worker_init(specs: Sequence[str], parent: int | None = None) -> None:
    """Load the tokenizers once per worker; an error is kept and raised by every task."""
    worker_setup(parent)  # dies with the parent, leaves Ctrl-C to it
    os.environ["TOKENIZERS_PARALLELISM"] = "false"  # the workers are the parallelism
    try:
        _WORKER[:] = _prepare(specs)
    except TokscopeError as exc:
        _WORKER_ERROR.append(exc)


def _worker_ready() -> list[Prepared]:
    if _WORKER_ERROR:
        raise _WORKER_ERROR[0]
    return _WORKER


def _worker_measure(batch: list[Document], lex: bool) -> Aggregate:
    from tokscope.stats.measure import measure

    return measure(batch, _worker_ready(), lex=lex)


def _worker_infos() -> list[object]:
    return [p.info for p in _worker_ready()]


def _worker_texts(wanted: Sequence[set[int]]) -> list[dict[int, TokenText]]:
    return _texts(_worker_ready(), wanted)


def _run_pool(
    specs: Sequence[str],
    docs: Iterator[list[Document]],
    options: RunOptions,
    advance: Advance | None,
) -> tuple[Aggregate, list[dict[int, TokenText]]]:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    from tokscope.stats import Aggregate, wanted_tokens

    context = multiprocessing.get_context("spawn")
    with (
        ProcessPoolExecutor(
            max_workers=options.jobs,
            mp_context=context,
            initializer=_worker_init,
            initargs=(list(specs), os.getpid()),
        ) as pool,
        stopping_children(pool),
    ):
        # No waiting for a first answer: the pool starts a worker per task submitted while all
        # are busy, so every worker loads its tokenizers at the same time.
        merged: list[Aggregate] = []
        pending: dict[Future[Aggregate], tuple[int, int]] = {}

        def collect(done: Iterable[Future[Aggregate]]) -> None:
            for future in done:
                files, n_bytes = pending.pop(future)
                part = future.result()
                if not merged:
                    merged.append(Aggregate(part.tokenizers, lex=options.lex))
                merged[0].merge(part)
                if advance:
                    advance(files, n_bytes)

        for batch in docs:
            while len(pending) >= 2 * options.jobs:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                collect(finished)
            future = pool.submit(_worker_measure, batch, options.lex)
            pending[future] = (len(batch), sum(d.n_bytes for d in batch))
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            collect(finished)
        if not merged:  # nothing to measure: still load the tokenizers, for their names
            infos = pool.submit(_worker_infos).result()
            merged.append(Aggregate(infos, lex=options.lex))  # type: ignore[arg-type]
        total = merged[0]
        texts = pool.submit(_worker_texts, wanted_tokens(total, top=options.top)).result()
    return total, texts


__all__ = [
    "BATCH_BYTES",
    "RunOptions",
    "analyse",
    "batches",
    "count_files",
    "default_jobs",
    "run",
    "run_specs",
]
