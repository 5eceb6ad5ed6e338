"""``tokscope diff``: how each tokenizer splits a file, line by line."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import click

from tokscope.cli.options import (
    colours_on,
    json_option,
    print_rich,
    terminal_width,
    tokenizer_options,
    width_option,
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


def display_name(name: str) -> str:
    r"""A path as valid text: bytes that are not UTF-8 (surrogate escapes) written ``\xNN``.

    >>> display_name("bin\udcff.py")
    'bin\\xff.py'
    """
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _html_target(output: str, file: str | None) -> Path:
    """Check, before any work, that ``output`` can be written and is not the input."""
    target = Path(output)
    if target.is_dir():
        raise TokscopeError(f"cannot write {output}: it is a folder, give a file name")
    if not target.parent.is_dir():
        raise TokscopeError(f"cannot write {output}: folder {str(target.parent)!r} does not exist")
    if file not in (None, "-") and target.exists():
        try:
            same = os.path.samefile(target, file)
        except OSError:
            same = False
        if same:
            raise TokscopeError(f"refusing to write {output}: it is the input file")
    return target


def write_atomically(target: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``target`` and rename it over ``target``.

    A failure leaves ``target`` as it was.
    """
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException as exc:
        os.unlink(tmp)
        if isinstance(exc, OSError):
            raise TokscopeError(f"cannot write {target}: {exc.strerror or exc}") from None
        raise


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
    file: str | None,
    snippet: str | None,
    tokenizers: tuple[str, ...],
    line_range: str | None,
    layout: str,
    ids: bool,
    html_out: str | None,
    max_bytes: int,
    width: int | None,
    json_: bool,
) -> None:
    """Show how each tokenizer splits FILE (- for standard input) or a --text snippet.

    One row per source line and one column per tokenizer, tokens on alternating backgrounds,
    whitespace made visible (· space, → tab, ↵ newline, ␍ CR), text that no token covers
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
    from tokscope.corpus.textio import SourceText, read_source
    from tokscope.diff import compare, parse_line_range
    from tokscope.loading.sources import load_many

    if (file is None) == (snippet is None):
        raise TokscopeError("give a FILE (- for standard input) or --text SNIPPET, not both")
    if json_ and html_out:
        raise TokscopeError("--json and --html each choose the output: give one of them")
    lines = parse_line_range(line_range) if line_range else None
    target = _html_target(html_out, file) if html_out else None
    if snippet is not None:
        text = unescape(snippet)
        source = SourceText("<text>", text, len(text.encode("utf-8", "surrogatepass")))
    else:
        assert file is not None
        source = read_source(file, max_bytes=max_bytes)
        source = SourceText(display_name(source.name), source.text, source.n_bytes)
    loaded = load_many(tokenizers)
    if target is not None:
        from tokscope.render.diff_html import render_diff_html

        whole = lines if lines is not None else (1, None)
        write_atomically(target, render_diff_html(compare(source, loaded, lines=whole)))
        click.echo(f"wrote {target}", err=True)
        return
    result = compare(source, loaded, lines=lines)
    if json_:
        from tokscope.render.diff_json import diff_json

        click.echo(diff_json(result), nl=False)
        return
    from tokscope.render.diff_view import render_diff

    cols = terminal_width(width)
    marks = not colours_on()
    print_rich(render_diff(result, layout=layout, width=cols, marks=marks, ids=ids), width=cols)
