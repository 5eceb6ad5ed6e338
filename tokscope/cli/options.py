"""Options shared by several commands, as decorators.

Each option set is defined once here and reused, the way sqlite-utils shares ``output_options``:
:func:`output_options` (``--json``, ``--markdown``, ``-o/--output``, handed to the command as one
:class:`~tokscope.cli.output.Output`), :func:`corpus_options` (``--include``, ``--exclude``,
``--max-bytes``, ``--no-ignore``, ``--no-default-excludes``, handed over as one
:class:`~tokscope.corpus.documents.CorpusOptions`), :func:`jobs_option`,
:func:`tokenizer_options`, :func:`width_option` and :func:`hidden_option`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from tokscope.cli.engine import engine_options
from tokscope.cli.output import Format, Output, colours_on, print_rich, terminal_width
from tokscope.errors import TokscopeError

F = TypeVar("F", bound=Callable[..., Any])

MAX_JOBS = 256
"""Most worker processes ``-j/--jobs`` accepts (each loads every tokenizer)."""

__all__ = [
    "MAX_JOBS",
    "check_specs",
    "colours_on",
    "corpus_options",
    "file_filter_options",
    "hidden_option",
    "jobs_option",
    "json_option",
    "max_bytes_option",
    "output_options",
    "parse_max_bytes",
    "print_rich",
    "terminal_width",
    "tokenizer_options",
    "width_option",
]


def check_specs(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    """Check ``NAME=SPEC`` names before anything is read (an empty name, a name given twice:
    one-line errors); the specs are passed on as given."""
    from tokscope.loading.named import parse_specs

    parse_specs(value)
    return value


def tokenizer_options(func: F) -> F:
    """``-t/--tokenizer [NAME=]SPEC`` (repeatable), bound to ``tokenizers``."""
    return click.option(
        "-t",
        "--tokenizer",
        "tokenizers",
        multiple=True,
        metavar="SPEC",
        callback=check_specs,
        help="Tokenizer: alias (modernbert, olmo, xlm-roberta, roberta), hub id, path, or "
        "tiktoken:NAME; NAME=SPEC calls it NAME (v2=./out/tokenizer.json). Repeatable. "
        "Default: modernbert, xlm-roberta, roberta.",
    )(func)


def json_option(func: F) -> F:
    """``--json``, bound to ``json_`` (for a command that has no other output option)."""
    return click.option("--json", "json_", is_flag=True, help="Print JSON instead of tables.")(func)


def output_options(
    *,
    json: bool = True,
    markdown: bool = True,
    output_required: bool = False,
    output_help: str = "Write the output to FILE (atomically) instead of standard output.",
) -> Callable[[F], F]:
    """``--json``, ``--markdown`` and ``-o/--output FILE``, given to the command as one
    ``out: Output`` keyword.

    ``json`` and ``markdown`` say which of the two format flags the command offers. Giving both
    is a one-line error; ``-o -`` is standard output.
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            as_json = bool(kwargs.pop("json_", False))
            as_markdown = bool(kwargs.pop("markdown", False))
            path = kwargs.pop("output", None)
            if as_json and as_markdown:
                raise TokscopeError("--json and --markdown cannot be combined: pick one")
            fmt = Format.JSON if as_json else Format.MARKDOWN if as_markdown else Format.TERMINAL
            target = None if path in (None, "-") else Path(path)
            return func(*args, out=Output(fmt, target), **kwargs)

        command: Any = wrapper
        command = click.option(
            "-o",
            "--output",
            required=output_required,
            metavar="FILE",
            help=output_help,
        )(command)
        if markdown:
            command = click.option(
                "--markdown", is_flag=True, help="Markdown instead of the default format."
            )(command)
        if json:
            command = click.option(
                "--json", "json_", is_flag=True, help="JSON instead of tables (schemas in docs/)."
            )(command)
        return command  # type: ignore[no-any-return]

    return decorate


def jobs_option(*, default: int | None = None, help: str) -> Callable[[F], F]:
    """``-j/--jobs N``: worker processes, 1 to :data:`MAX_JOBS` (a one-line error otherwise)."""

    def check(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= MAX_JOBS:
            raise TokscopeError(
                f"-j/--jobs {value}: give a number of worker processes from 1 to {MAX_JOBS}"
            )
        return value

    def decorate(func: F) -> F:
        return click.option(
            "-j",
            "--jobs",
            type=int,
            metavar="N",
            default=default,
            show_default=default is not None,
            callback=check,
            help=f"{help} 1 to {MAX_JOBS}.",
        )(func)

    return decorate


def width_option(func: F) -> F:
    """``--width N`` for the terminal renderers."""
    return click.option(
        "--width",
        type=click.IntRange(min=40),
        default=None,
        help="Render for this many columns (default: the terminal's width).",
    )(func)


def parse_max_bytes(ctx: click.Context, param: click.Parameter, value: object) -> int:
    """``--max-bytes``: a whole number of bytes from 1 to
    :data:`~tokscope.corpus.documents.MAX_BYTES_CEILING`, written ``10000000``, ``10_000_000``
    or ``1e7``; anything else is a one-line error (exit status 2)."""
    from tokscope.corpus.documents import MAX_BYTES_CEILING
    from tokscope.errors import TokscopeError

    text = str(value).strip().replace("_", "")
    try:
        number = int(text)
    except ValueError:
        try:
            real = float(text)
        except ValueError:
            real = float("nan")
        if not real.is_integer():
            raise TokscopeError(
                f"--max-bytes {value!r}: give a whole number of bytes, e.g. 10000000"
            ) from None
        number = int(real)
    if not 1 <= number <= MAX_BYTES_CEILING:
        raise TokscopeError(
            f"--max-bytes {value}: give a number of bytes from 1 to {MAX_BYTES_CEILING:,}"
        )
    return number


def max_bytes_option(help_text: str) -> Callable[[F], F]:
    """``--max-bytes N`` (default 10,000,000), bound to ``max_bytes``, checked by
    :func:`parse_max_bytes`."""
    return click.option(
        "--max-bytes",
        metavar="BYTES",
        default="10000000",
        show_default=True,
        callback=parse_max_bytes,
        help=help_text,
    )


def corpus_options(func: F) -> F:
    """The options of every command that reads a corpus, given to the command as one
    ``filters: CorpusOptions`` keyword: ``--include GLOB`` and ``--exclude GLOB`` (repeatable),
    ``--max-bytes N``, ``--no-ignore`` and ``--no-default-excludes``.

    Files named on the command line (or listed on standard input) are always read: the filters,
    the default excludes and ``.gitignore`` rules apply to what is found inside folders."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from tokscope.corpus.documents import CorpusOptions

        corpus = CorpusOptions(
            include=tuple(kwargs.pop("include")),
            exclude=tuple(kwargs.pop("exclude")),
            max_bytes=kwargs.pop("max_bytes"),
            ignore=not kwargs.pop("no_ignore"),
            default_excludes=not kwargs.pop("no_default_excludes"),
        )
        return func(*args, filters=corpus, **kwargs)

    command: Any = wrapper
    command = click.option(
        "--no-default-excludes",
        is_flag=True,
        help="Also enter the folders skipped by default (build, dist, target, node_modules, "
        "site-packages, virtual environments...), each counted as excluded-folder otherwise. "
        "Version control folders and tool caches (.git, __pycache__...) stay skipped.",
    )(command)
    command = click.option(
        "--no-ignore",
        is_flag=True,
        help="Do not honour .gitignore files (by default, inside a git checkout, what they "
        "match is skipped and counted as ignored).",
    )(command)
    command = max_bytes_option("Skip files and records larger than this.")(command)
    command = click.option(
        "--exclude",
        multiple=True,
        metavar="GLOB",
        help="Leave out files and folders matching GLOB inside folders. Repeatable.",
    )(command)
    command = click.option(
        "--include",
        multiple=True,
        metavar="GLOB",
        help="Only files matching GLOB inside folders (files named on the command line or on "
        "standard input are always read); a GLOB naming a folder skipped by default, like "
        "'*/dist/*', enters it. Repeatable.",
    )(command)
    return command  # type: ignore[no-any-return]


file_filter_options = corpus_options
"""The former name of :func:`corpus_options`."""


def corpus_pass_options(func: F) -> F:
    """The options of a command whose corpus pass is optional (``vocab``, ``overlap``: with
    ``--corpus PATH``): :func:`corpus_options`, ``-j/--jobs`` (1 by default: in this process)
    and the engine's ``--engine`` and ``--scheduler``."""
    jobs = jobs_option(
        default=1, help="With --corpus: worker processes for the corpus pass (1: here)."
    )
    return corpus_options(jobs(engine_options(func)))


def hidden_option(func: F) -> F:
    """``--hidden N``: the embedding width that vocabulary parameters are counted at."""
    return click.option(
        "--hidden",
        type=click.IntRange(min=1),
        default=1024,
        show_default=True,
        help="Hidden (embedding) size: vocabulary parameters = entries x hidden.",
    )(func)
