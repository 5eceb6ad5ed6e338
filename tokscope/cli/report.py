"""``tokscope report``: one shareable document with statistics, whitespace, overlap and excerpts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from tokscope.cli.cache import cache_options
from tokscope.cli.engine import engine_options
from tokscope.cli.options import (
    corpus_options,
    hidden_option,
    jobs_option,
    output_options,
    tokenizer_options,
)
from tokscope.cli.output import Format, Output, check_chart_folder, check_target, write_text
from tokscope.cli.progress import quiet_option

if TYPE_CHECKING:
    from tokscope.corpus.documents import CorpusOptions
    from tokscope.report import Report


MAX_RUN = 16
"""The longest whitespace run of the report's spectrum."""


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@tokenizer_options
@corpus_options
@output_options(
    json=False,
    output_required=True,
    output_help="The file to write (report.html, or report.md with --markdown, the charts as "
    "SVG files in a folder beside it).",
)
@jobs_option(
    default=1,
    help="Worker processes for the corpus pass; 1 measures in this process with the tokenizers "
    "already loaded (best below tens of megabytes).",
)
@engine_options
@cache_options
@hidden_option
@quiet_option
def report(
    paths: tuple[str, ...],
    tokenizers: tuple[str, ...],
    out: Output,
    jobs: int,
    engine: str,
    scheduler: str | None,
    filters: CorpusOptions,
    no_cache: bool,
    verbose: bool,
    hidden: int,
    quiet: bool,
) -> None:
    """Write one self-contained report on how tokenizers handle the code under PATH.

    The HTML file needs nothing else: styles and SVG charts are inline, and it makes no network
    request. It holds the corpus statistics, the whitespace spectrum and indentation parity, the
    vocabulary overlap, the vocabulary health (reachability, unreachable entries, entries never
    used on the corpus, parameters at --hidden) and the source lines where the tokenizers differ
    most, each chart with its numbers and a one-line caption, and the tokenizer files and hashes
    at the top. The corpus is read and tokenized once, by the statistics pass (--jobs, --engine
    dask); parity and excerpts use the first 64 KiB of files by name.

    \b
    Examples:
      tokscope report corpora/ -o report.html
      tokscope report src/ -t modernbert -t ./my-tokenizer/ -o report.html
      tokscope report corpora/ --markdown -o report.md
    """
    import threading
    from dataclasses import replace

    from rich.console import Console

    from tokscope.cache import open_store
    from tokscope.cli.cache import say_cache
    from tokscope.cli.engine import check_engine, run_corpus
    from tokscope.errors import TokscopeError
    from tokscope.loading.sources import load_many
    from tokscope.render.report.svg import warm_up
    from tokscope.report import assemble, run_options, tokenizer_part_beside
    from tokscope.stats.engine.beside import Beside
    from tokscope.stats.engine.cached import CacheCounts
    from tokscope.stats.engine.spare import spare_cores, spare_memory
    from tokscope.stats.prepared import Prepared

    check_engine(engine, scheduler)
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise TokscopeError(
            "tokscope report draws its charts with matplotlib: pip install 'tokscope[report]'"
        ) from None
    if out.path is None:
        raise TokscopeError("tokscope report writes a file: give -o report.html (or report.md)")
    target = out.path
    markdown = out.format is Format.MARKDOWN
    corpus = filters
    check_target(target, inputs=paths, corpus=corpus, tokenizers=tokenizers)
    if markdown:
        check_chart_folder(_chart_dir(target))
    err = Console(stderr=True)
    show = not quiet and err.is_terminal

    def stage(name: str) -> None:
        if show:
            err.print(f"[dim]report: {name}…[/dim]")

    # the work on the tokenizers alone is done beside the pass, on the core it leaves idle,
    # by a process that loads them while this one does (when there is memory for a second copy)
    beside = Beside(tokenizers) if spare_cores() and spare_memory() else None
    try:
        part = beside.ask(tokenizer_part_beside, MAX_RUN, not no_cache) if beside else None
        loaded = load_many(tokenizers)
        if beside is not None:
            beside.expect(loaded)
        counts = CacheCounts()
        done = run_corpus(
            paths,
            corpus,
            replace(run_options(loaded, jobs=jobs), cache=not no_cache),
            engine=engine,
            scheduler=scheduler,
            description="report",
            quiet=quiet,
            preps=[Prepared(t) for t in loaded] if jobs <= 1 and engine == "local" else None,
            cache_counts=counts,
        )
        say_cache(counts, used=not no_cache, verbose=verbose)
        # the charts' imports, while this process mostly waits for the work beside
        charts = threading.Thread(target=warm_up, name="tokscope-charts", daemon=True)
        charts.start()
        store = None if no_cache else open_store()
        result = assemble(
            done,
            paths,
            loaded,
            max_run=MAX_RUN,
            hidden=hidden,
            stage=stage,
            store=store,
            part=part,
            beside=beside,
        )
    finally:
        if beside is not None:
            beside.stop()
    charts.join()
    _write(result, target, markdown)
    click.echo(f"wrote {target}", err=True)


def _chart_dir(target: Path) -> Path:
    """The folder beside a Markdown report that holds its charts."""
    return target.with_name(target.stem + "_charts")


def _write(result: Report, target: Path, markdown: bool) -> None:
    """Write the report (and a Markdown report's charts, first), each file atomically."""
    if markdown:
        from tokscope.errors import TokscopeError
        from tokscope.render.report.markdown import render_markdown

        chart_dir = _chart_dir(target)
        text, files = render_markdown(result, chart_dir=chart_dir.name)
        check_chart_folder(chart_dir)
        try:
            chart_dir.mkdir(exist_ok=True)
        except OSError as exc:
            raise TokscopeError(
                f"cannot write the charts into {chart_dir}: {exc.strerror}"
            ) from None
        for name, svg in files.items():
            write_text(chart_dir / name, svg)
    else:
        from tokscope.render.report.html import render_html

        text = render_html(result)
    write_text(target, text)
