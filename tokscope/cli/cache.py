"""``tokscope cache``: where the cache of measured files lives, how large it is, and clearing it;
and the ``--no-cache`` / ``--verbose`` options of the commands that use it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from tokscope.stats.engine.cached import CacheCounts

F = TypeVar("F", bound=Callable[..., Any])


def cache_options(func: F) -> F:
    """``--no-cache`` and ``-v/--verbose`` (how the cache served the run, on stderr)."""
    func = click.option(
        "-v",
        "--verbose",
        is_flag=True,
        help="Say on stderr how many (file, tokenizer) pairs the cache served.",
    )(func)
    return click.option(
        "--no-cache",
        is_flag=True,
        help="Measure everything afresh and store nothing (see tokscope cache info).",
    )(func)


def say_cache(counts: CacheCounts, *, used: bool, verbose: bool) -> None:
    """With ``verbose``, one line on stderr: the cache hits and misses of the run."""
    if not verbose:
        return
    if not used:
        click.echo("cache: not used (--no-cache)", err=True)
        return
    total = counts.hits + counts.misses
    click.echo(
        f"cache: {counts.hits} hits, {counts.misses} misses of {total} (file, tokenizer) pairs",
        err=True,
    )


@click.group()
def cache() -> None:
    """The cache of files already measured, and of tokenizers already checked.

    Re-runs of stats, report, whitespace --corpus, vocab --corpus and overlap --corpus measure
    only the (file, tokenizer) pairs not seen before: a new tokenizer, an edited file. vocab
    and report check each tokenizer's entries once (reachability depends only on its files).
    Entries live under the user cache folder (XDG_CACHE_HOME on Linux), or under
    TOKSCOPE_CACHE_DIR when set; the folder is kept under TOKSCOPE_CACHE_MAX_MB megabytes
    (1,000 by default), the least recently used entries going first. --no-cache bypasses it.

    \b
    Examples:
      tokscope cache info
      tokscope cache clear
    """


@cache.command()
@click.option("--json", "json_", is_flag=True, help="As JSON.")
def info(json_: bool) -> None:
    """Where the cache is, how many entries it holds and their size."""
    from tokscope.cache import open_store
    from tokscope.render.common.envelope import dumps, envelope
    from tokscope.render.common.numbers import count, megabytes

    found = open_store().info()
    if json_:
        body = {
            "folder": str(found.root),
            "entries": found.entries,
            "bytes": found.size,
            "max_bytes": found.max_size,
        }
        click.echo(dumps(envelope("cache info", body)), nl=False)
        return
    click.echo(f"folder:  {found.root}")
    click.echo(f"entries: {count(found.entries)}")
    click.echo(f"size:    {megabytes(found.size)} MB of at most {megabytes(found.max_size)} MB")


@cache.command()
def clear() -> None:
    """Remove every entry of the cache."""
    from tokscope.cache import open_store
    from tokscope.render.common.numbers import plural

    store = open_store()
    removed = store.clear()
    click.echo(f"removed {plural(removed, 'entry', 'entries')} from {store.root}")
