"""``tokscope diff``: how each tokenizer splits a file, line by line."""

from __future__ import annotations

import re
from pathlib import Path

import click

from tokscope.cli.options import max_bytes_option, output_options, tokenizer_options, width_option
from tokscope.cli.output import (
    Format,
    Output,
    check_target,
    colours_on,
    emit,
    layout_width,
    write_text,
)
from tokscope.errors import TokscopeError

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "0": "\0"}
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(.))", re.DOTALL)


def unescape(snippet: str) -> str:
    r"""Interpret ``\n``, ``\t``, ``\r``, ``\\``, ``\0``, ``\xNN`` and ``\uNNNN`` in ``snippet``.

    Any other backslash stays as it is.

    >>> unescape(r"def f():\n\treturn 1\q")
    'def f():\n\treturn 1\\q'
    """

    def one(match: re.Match[str]) -> str:
        code4, code2, char = match.groups()
        if code4 or code2:
            return chr(int(code4 or code2, 16))
        return _ESCAPES.get(char, match.group(0))

    return _ESCAPE.sub(one, snippet)


@click.command()
@click.argument("file", metavar="FILE", required=False)
@click.option(
    "--text",
    "snippet",
    metavar="SNIPPET",
    help=r"Compare on SNIPPET instead of a file (\n, \t, \r, \\, \xNN and \uNNNN are read "
    "as escapes).",
)
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
@click.option("--ids", is_flag=True, help="Write each token's id after it (terminal view).")
@click.option(
    "--html",
    "html_out",
    metavar="OUT.html",
    help="Write a self-contained HTML page of the whole file (or --lines) instead.",
)
@max_bytes_option("Refuse files larger than this.")
@width_option
@output_options(markdown=False)
def diff(
    file: str | None,
    snippet: str | None,
    tokenizers: tuple[str, ...],
    line_range: str | None,
    layout: str,
    ids: bool,
    html_out: str | None,
    max_bytes: int,
    width: int | None,
    out: Output,
) -> None:
    """Show how each tokenizer splits FILE (- for standard input) or a --text snippet.

    One row per source line and one column per tokenizer, tokens on alternating backgrounds,
    whitespace made visible (· space, → tab, ↵ newline, ↤ CR), text that no token covers
    marked ∅, and rewritten or unknown tokens underlined (≠ without colours). A summary gives,
    for the whole text, tokens, bytes/token, dropped characters, rewritten and unknown tokens
    and whether decode(encode(text)) gives the text back.

    \b
    Examples:
      tokscope diff corpora/python/inventory.py
      tokscope diff app.py -t modernbert -t ./my-tokenizer/ --lines 10:40 --ids
      tokscope diff --text 'if x:\n\treturn 1' -t xlm-roberta
      tokscope diff app.py --html app-tokens.html
      cat app.go | tokscope diff - --json
    """
    from tokscope.corpus.documents import display_name
    from tokscope.corpus.textio import SourceText, read_source
    from tokscope.diff import compare, parse_line_range
    from tokscope.loading.sources import load_many

    if (file is None) == (snippet is None):
        raise TokscopeError("give a FILE (- for standard input) or --text SNIPPET, not both")
    if out.format is Format.JSON and html_out:
        raise TokscopeError("--json and --html each choose the output: give one of them")
    lines = parse_line_range(line_range) if line_range else None
    html_target = Path(html_out) if html_out else None
    inputs = [] if file in (None, "-") else [file]
    check_target(out.path, inputs=inputs, tokenizers=tokenizers)
    check_target(html_target, inputs=inputs, tokenizers=tokenizers)
    if snippet is not None:
        text = unescape(snippet)
        source = SourceText("<text>", text, len(text.encode("utf-8", "surrogatepass")))
    else:
        assert file is not None
        source = read_source(file, max_bytes=max_bytes)
        source = SourceText(display_name(source.name), source.text, source.n_bytes)
    loaded = load_many(tokenizers)
    if html_target is not None:
        from tokscope.render.diff.html import render_diff_html

        whole = lines if lines is not None else (1, None)
        write_text(html_target, render_diff_html(compare(source, loaded, lines=whole)))
        click.echo(f"wrote {html_target}", err=True)
        return
    result = compare(source, loaded, lines=lines)
    if out.format is Format.JSON:
        from tokscope.render.diff.json import diff_json

        emit(out, diff_json(result))
        return
    from tokscope.render.diff.terminal import render_diff

    cols = layout_width(out, width)
    marks = out.path is not None or not colours_on()
    rendered = render_diff(result, layout=layout, width=cols, marks=marks, ids=ids)
    emit(out, rendered, width=cols)
