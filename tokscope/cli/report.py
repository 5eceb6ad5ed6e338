"""``tokscope report``: one shareable document with statistics, whitespace, overlap and excerpts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from tokscope.cli.engine import engine_options
from tokscope.cli.options import file_filter_options, tokenizer_options
from tokscope.cli.progress import quiet_option

if TYPE_CHECKING:
    from tokscope.report import Report


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@tokenizer_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    required=True,
    help="The file to write (report.html, or report.md with --markdown).",
)
@click.option(
    "--markdown",
    is_flag=True,
    help="Write Markdown, with the charts as SVG files in a folder beside it.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes for the corpus pass; 1 measures in this process with the tokenizers "
    "already loaded (best below tens of megabytes).",
)
@engine_options
@file_filter_options
@quiet_option
def report(
    paths: tuple[str, ...],
    tokenizers: tuple[str, ...],
    output: str,
    markdown: bool,
    jobs: int,
    engine: str,
    scheduler: str | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    max_bytes: int,
    quiet: bool,
) -> None:
    """Write one self-contained report on how tokenizers handle the code under PATH.

    The HTML file needs nothing else: styles and SVG charts are inline, and it makes no network
    request. It holds the corpus statistics, the whitespace spectrum and indentation parity, the
    vocabulary overlap and the source lines where the tokenizers differ most, each chart with its
    numbers and a one-line caption, and the tokenizer files and hashes at the top. The corpus is
    read and tokenized once, by the statistics pass (--jobs, --engine dask); parity and excerpts
    use the first 64 KiB of files by name.

    \b
    Examples:
      tokscope report corpora/ -o report.html
      tokscope report src/ -t modernbert -t ./my-tokenizer/ -o report.html
      tokscope report corpora/ --markdown -o report.md
    """
    from rich.console import Console

    from tokscope.cli.engine import check_engine, run_corpus
    from tokscope.corpus.walk import CorpusOptions
    from tokscope.errors import TokscopeError
    from tokscope.loading.sources import load_many
    from tokscope.report import assemble, run_options
    from tokscope.stats.prepared import Prepared

    check_engine(engine, scheduler)
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise TokscopeError(
            "tokscope report draws its charts with matplotlib: pip install 'tokscope[report]'"
        ) from None
    target = Path(output)
    if not target.parent.is_dir():
        raise TokscopeError(f"cannot write {output}: folder {str(target.parent)!r} does not exist")
    err = Console(stderr=True)
    show = not quiet and err.is_terminal
    loaded = load_many(tokenizers)

    def stage(name: str) -> None:
        if show:
            err.print(f"[dim]report: {name}…[/dim]")

    corpus = CorpusOptions(include=include, exclude=exclude, max_bytes=max_bytes)
    done = run_corpus(
        paths,
        corpus,
        run_options(loaded, jobs=jobs),
        engine=engine,
        scheduler=scheduler,
        description="report",
        quiet=quiet,
        preps=[Prepared(t) for t in loaded] if jobs <= 1 and engine == "local" else None,
    )
    result = assemble(done, paths, loaded, stage=stage)
    try:
        _write(result, target, markdown)
    except OSError as exc:
        raise TokscopeError(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"wrote {target}", err=True)


def _write(result: Report, target: Path, markdown: bool) -> None:
    if markdown:
        from tokscope.render.report_md import render_markdown

        chart_dir = target.with_name(target.stem + "_charts")
        text, files = render_markdown(result, chart_dir=chart_dir.name)
        chart_dir.mkdir(parents=True, exist_ok=True)
        for name, svg in files.items():
            (chart_dir / name).write_text(svg, encoding="utf-8")
    else:
        from tokscope.render.report_html import render_html

        text = render_html(result)
    target.write_text(text, encoding="utf-8")
