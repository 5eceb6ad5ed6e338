"""A rich progress bar on standard error for long runs; silent when not a terminal or --quiet."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

import click


class Progress(Protocol):
    """What a long-running command reports as it goes."""

    def advance(self, files: int = 1, n_bytes: int = 0) -> None:
        """Count ``files`` more inputs done and ``n_bytes`` more bytes read."""


class _Silent:
    def advance(self, files: int = 1, n_bytes: int = 0) -> None:
        return None


class _Bar:
    def __init__(self, progress: object, task: object) -> None:
        self._progress = progress
        self._task = task
        self._bytes = 0

    def advance(self, files: int = 1, n_bytes: int = 0) -> None:
        self._bytes += n_bytes
        self._progress.update(  # type: ignore[attr-defined]
            self._task, advance=files, mb=f"{self._bytes / 1e6:,.1f} MB"
        )


def quiet_option(func: click.decorators.FC) -> click.decorators.FC:
    """``-q/--quiet``: no progress bar."""
    return click.option("-q", "--quiet", is_flag=True, help="No progress bar on stderr.")(func)


@contextmanager
def progress_bar(
    description: str, *, total: int | None = None, quiet: bool = False
) -> Iterator[Progress]:
    """A progress bar on stderr counting files and megabytes, with rate and time left.

    Nothing is drawn when ``quiet`` is set or stderr is not a terminal, so pipes and CI logs stay
    clean.
    """
    from rich.console import Console

    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield _Silent()
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as RichProgress

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files  {task.fields[mb]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with RichProgress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(description, total=total, mb="0.0 MB")
        yield _Bar(bar, task)
