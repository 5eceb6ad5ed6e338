"""Options shared by several commands, as decorators."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def tokenizer_options(func: F) -> F:
    """``-t/--tokenizer SPEC`` (repeatable), bound to ``tokenizers``."""
    return click.option(
        "-t",
        "--tokenizer",
        "tokenizers",
        multiple=True,
        metavar="SPEC",
        help="Tokenizer: alias (modernbert, olmo, xlm-roberta, roberta), hub id, path, or "
        "tiktoken:NAME. Repeatable. Default: modernbert, xlm-roberta, roberta.",
    )(func)


def json_option(func: F) -> F:
    """``--json``, bound to ``json_``."""
    return click.option("--json", "json_", is_flag=True, help="Print JSON instead of tables.")(func)


def width_option(func: F) -> F:
    """``--width N`` for the terminal renderers."""
    return click.option(
        "--width",
        type=click.IntRange(min=40),
        default=None,
        help="Render for this many columns (default: the terminal's width).",
    )(func)


def print_rich(renderable: Any, *, width: int | None) -> None:
    """Print a rich renderable to standard output."""
    from rich.console import Console

    console = Console(width=width, highlight=False, soft_wrap=False)
    console.print(renderable)


def terminal_width(width: int | None) -> int:
    """The width the terminal renderers should lay out for."""
    if width is not None:
        return width
    from rich.console import Console

    return Console().width


def colours_on() -> bool:
    """Whether standard output will show colours (a terminal, and NO_COLOR not set)."""
    from rich.console import Console

    console = Console()
    return console.is_terminal and console.color_system is not None and not console.no_color


def file_filter_options(func: F) -> F:
    """``--include GLOB``, ``--exclude GLOB`` (repeatable) and ``--max-bytes N`` for corpora."""
    func = click.option(
        "--max-bytes",
        type=click.IntRange(min=1),
        default=10_000_000,
        show_default=True,
        help="Skip files and records larger than this.",
    )(func)
    func = click.option(
        "--exclude",
        multiple=True,
        metavar="GLOB",
        help="Leave out files matching GLOB. Repeatable.",
    )(func)
    return click.option(
        "--include", multiple=True, metavar="GLOB", help="Only files matching GLOB. Repeatable."
    )(func)


def hidden_option(func: F) -> F:
    """``--hidden N``: the embedding width that vocabulary parameters are counted at."""
    return click.option(
        "--hidden",
        type=click.IntRange(min=1),
        default=1024,
        show_default=True,
        help="Hidden (embedding) size: vocabulary parameters = entries x hidden.",
    )(func)
