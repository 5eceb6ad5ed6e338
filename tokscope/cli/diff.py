"""``tokscope diff``: how each tokenizer splits a file, line by line."""

from __future__ import annotations

import click

from tokscope.cli.options import (
    colours_on,
    json_option,
    print_rich,
    terminal_width,
    tokenizer_options,
    width_option,
)


@click.command()
@click.argument("file", metavar="FILE")
@tokenizer_options
@click.option(
    "--lines",
    "line_range",
    metavar="A:B",
    help="Show only lines A to B (1-based, inclusive; A: or :B also work). "
    "Long files show their first 200 lines by default.",
)
@click.option(
    "--layout",
    type=click.Choice(["auto", "side", "stacked"]),
    default="auto",
    show_default=True,
    help="Tokenizers side by side, or stacked under each line.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=10_000_000,
    show_default=True,
    help="Refuse files larger than this.",
)
@width_option
@json_option
def diff(
    file: str,
    tokenizers: tuple[str, ...],
    line_range: str | None,
    layout: str,
    max_bytes: int,
    width: int | None,
    json_: bool,
) -> None:
    """Show how each tokenizer splits FILE (- for standard input).

    One row per source line and one column per tokenizer, tokens on alternating backgrounds,
    whitespace made visible (· space, → tab, ↵ newline, ␍ CR) and text that no token covers
    marked ∅. A summary gives tokens, bytes/token, dropped characters and whether
    decode(encode(text)) gives the text back.

    \b
    Examples:
      tokscope diff corpora/python/inventory.py
      tokscope diff app.py -t modernbert -t ./my-tokenizer/ --lines 10:40
      cat app.go | tokscope diff - --json
    """
    from tokscope.corpus.textio import read_source
    from tokscope.diff import compare, parse_line_range
    from tokscope.loading.sources import load_many

    lines = parse_line_range(line_range) if line_range else None
    source = read_source(file, max_bytes=max_bytes)
    loaded = load_many(tokenizers)
    result = compare(source, loaded, lines=lines)
    if json_:
        from tokscope.render.diff.json import diff_json

        click.echo(diff_json(result), nl=False)
        return
    from tokscope.render.diff_view import render_diff

    cols = terminal_width(width)
    marks = not colours_on()
    print_rich(render_diff(result, layout=layout, width=cols, marks=marks), width=cols)
