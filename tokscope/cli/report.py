"""``tokscope report``: one shareable document with statistics, whitespace, overlap and excerpts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from tokscope.cli.options import tokenizer_options
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
    help="Worker processes for the statistics; 1 measures in this process with the tokenizers "
    "already loaded (best below tens of megabytes).",
)
@quiet_option
def report(
    paths: tuple[str, ...],
    tokenizers: tuple[str, ...],
    output: str,
    markdown: bool,
    jobs: int,
    quiet: bool,
) -> None:
    """Write one self-contained report on how tokenizers handle the code under PATH.

    The HTML file needs nothing else: styles and SVG charts are inline, and it makes no network
    request. It holds the corpus statistics, the whitespace spectrum and indentation parity, the
    vocabulary overlap and the source lines where the tokenizers differ most, each chart with its
    numbers and a one-line caption, and the tokenizer files and hashes at the top.

    \b
    Examples:
      tokscope report corpora/ -o report.html
      tokscope report src/ -t modernbert -t ./my-tokenizer/ -o report.html
      tokscope report corpora/ --markdown -o report.md
    """
    from rich.console import Console

    from tokscope.errors import TokscopeError
    from tokscope.loading.sources import load_many
    from tokscope.report import build_report

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

    result = build_report(paths, loaded, jobs=jobs, stage=stage)
    try:
        _write(result, target, markdown)
    except OSError as exc:
        raise TokscopeError(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"wrote {target}", err=True)


def _write(result: Report, target: Path, markdown: bool) -> None:
    if markdown:
        from tokscope.render.report.markdown import render_markdown

        chart_dir = target.with_name(target.stem + "_charts")
        text, files = render_markdown(result, chart_dir=chart_dir.name)
        chart_dir.mkdir(parents=True, exist_ok=True)
        for name, svg in files.items():
            (chart_dir / name).write_text(svg, encoding="utf-8")
    else:
        from tokscope.render.report.html import render_html

        text = render_html(result)
    target.write_text(text, encoding="utf-8")
