"""Running the statistics pass from a command: the engine options, and the pass with its progress
bar, on this machine or on Dask (for ``stats``, ``report``, ``whitespace --corpus``, and the
``--corpus`` of ``vocab`` and ``overlap``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tokscope.cli.progress import progress_bar

if TYPE_CHECKING:
    from tokscope.corpus.walk import CorpusOptions
    from tokscope.loading.sources import LoadedTokenizer
    from tokscope.overlap import CorpusCounts
    from tokscope.stats.engine.cached import CacheCounts
    from tokscope.stats.engine.local import RunOptions
    from tokscope.stats.engine.loop import Run
    from tokscope.stats.prepared import Prepared

F = TypeVar("F", bound=Callable[..., Any])


def engine_options(func: F) -> F:
    """``--engine local|dask`` and ``--scheduler ADDRESS``."""
    func = click.option(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="Dask scheduler to connect to (default: start a local cluster of --jobs workers).",
    )(func)
    return click.option(
        "--engine",
        type=click.Choice(["local", "dask"]),
        default="local",
        show_default=True,
        help="Where to run: worker processes here, or a Dask cluster "
        "(pip install 'tokscope[dask]').",
    )(func)


_SCHEDULER = re.compile(
    r"(?:(?:tcp|tls|ws|wss|ucx|inproc)://)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+)(?::\d{1,5})?/?"
)
"""A Dask scheduler address: [PROTOCOL://]HOST[:PORT]."""


def check_engine(engine: str, scheduler: str | None) -> None:
    """A one-line error for ``--scheduler`` without ``--engine dask``, or one that is not an
    address."""
    from tokscope.errors import TokscopeError

    if scheduler is None:
        return
    if engine != "dask":
        raise TokscopeError("--scheduler is for --engine dask: add --engine dask")
    if not _SCHEDULER.fullmatch(scheduler):
        raise TokscopeError(
            f"--scheduler {scheduler!r} is not a scheduler address: write "
            "[PROTOCOL://]HOST:PORT, e.g. tcp://10.0.0.5:8786"
        )


def run_corpus(
    inputs: Sequence[str],
    corpus: CorpusOptions,
    options: RunOptions,
    *,
    engine: str = "local",
    scheduler: str | None = None,
    description: str = "stats",
    quiet: bool = False,
    preps: Sequence[Prepared] | None = None,
    cache_counts: CacheCounts | None = None,
) -> Run:
    """One pass over the corpus with a progress bar on stderr.

    Locally the files are counted first (for the time left), only when the bar is drawn;
    ``preps`` are tokenizers already prepared in this process, used when ``options.jobs`` is 1;
    ``cache_counts`` is told how the cache served the run. On Dask, how the run went is said on
    stderr.
    """
    check_engine(engine, scheduler)
    if engine == "dask":
        return _run_dask(
            inputs,
            corpus,
            options,
            scheduler,
            description=description,
            quiet=quiet,
            cache_counts=cache_counts,
        )
    from rich.console import Console

    from tokscope.corpus.walk import count_files
    from tokscope.stats.engine.local import run_pass

    drawn = not quiet and Console(stderr=True).is_terminal
    total = count_files(inputs, corpus) if drawn else None
    with progress_bar(description, total=total, quiet=quiet) as bar:
        return run_pass(
            inputs,
            corpus,
            options,
            advance=lambda files, n: bar.advance(files, n),
            preps=preps,
            cache_counts=cache_counts,
        )


def _run_dask(
    inputs: Sequence[str],
    corpus: CorpusOptions,
    options: RunOptions,
    scheduler: str | None,
    *,
    description: str,
    quiet: bool,
    cache_counts: CacheCounts | None,
) -> Run:
    from tokscope.stats.engine.cluster import connect, run_dask

    with (
        connect(scheduler, options.jobs) as client,
        progress_bar(description, quiet=quiet) as bar,
    ):
        done = run_dask(
            inputs,
            corpus,
            options,
            client=client,
            advance=bar.advance,
            cache_counts=cache_counts,
        )
    if not quiet:
        retried = "unknown" if done.retried is None else done.retried
        click.echo(
            f"dask: {done.shards} shards in {done.tasks} tasks, {done.report.files} records "
            f"and files analysed, {done.report.skipped.total} skipped, {retried} task runs "
            "retried",
            err=True,
        )
    return done.run


def corpus_counts(
    loaded: Sequence[LoadedTokenizer],
    corpus: Sequence[str],
    *,
    filters: CorpusOptions,
    jobs: int,
    engine: str,
    scheduler: str | None,
    quiet: bool,
    cache: bool = False,
    cache_counts: CacheCounts | None = None,
) -> CorpusCounts:
    """The tokenizers' id counts on the corpus, from one statistics pass (no lexing; served
    from the cache with ``cache``, its hits and misses told to ``cache_counts``); a one-line
    error when no document could be read."""
    from tokscope.errors import TokscopeError
    from tokscope.overlap import counts_of
    from tokscope.stats.engine.local import RunOptions
    from tokscope.stats.engine.loop import Collect
    from tokscope.stats.prepared import Prepared

    specs = tuple(t.provenance.named_spec for t in loaded)
    options = RunOptions(
        specs=specs,
        reference=specs[0],
        lex=False,
        jobs=jobs,
        collect=Collect(scripts=True),
        cache=cache,
    )
    done = run_corpus(
        list(corpus),
        filters,
        options,
        engine=engine,
        scheduler=scheduler,
        description="encoding",
        quiet=quiet,
        preps=[Prepared(t) for t in loaded] if jobs <= 1 and engine == "local" else None,
        cache_counts=cache_counts,
    )
    counts = counts_of(done.aggregate, done.extras.scripts, names=[t.name for t in loaded])
    if counts.documents == 0:
        reasons = ", ".join(f"{n} {r}" for r, n in counts.skipped.counts) or "nothing found"
        raise TokscopeError(
            f"--corpus {' '.join(corpus)}: no document could be read ({reasons}); "
            "point at source files, folders or .jsonl datasets"
        )
    return counts
