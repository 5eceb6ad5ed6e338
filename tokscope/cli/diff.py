"""``tokscope diff``: how each tokenizer splits a file, line by line."""

from __future__ import annotations

import click

from tokscope.cli.options import output_options, tokenizer_options, width_option
from tokscope.cli.output import Format, Output, check_target, colours_on, emit, layout_width


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
@output_options(markdown=False)
def diff(
    file: str,
    tokenizers: tuple[str, ...],
    line_range: str | None,
    layout: str,
    max_bytes: int,
    width: int | None,
    out: Output,
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
    check_target(out.path, inputs=[] if file == "-" else [file], tokenizers=tokenizers)
    source = read_source(file, max_bytes=max_bytes)
    loaded = load_many(tokenizers)
    result = compare(source, loaded, lines=lines)
    if out.format is Format.JSON:
        from tokscope.render.json_out import diff_json

        emit(out, diff_json(result))
        return
    from tokscope.render.diff_view import render_diff

    cols = layout_width(out, width)
    marks = out.path is not None or not colours_on()
    emit(out, render_diff(result, layout=layout, width=cols, marks=marks), width=cols)
