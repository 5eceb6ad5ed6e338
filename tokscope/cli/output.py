"""Where every command's output goes: standard output, or a file written atomically.

All terminal and file output of the CLI passes through here, so that the rules hold for every
command and format alike:

- a file is written to a temporary file in its own folder and renamed over the target when
  complete; on any failure (a renderer raising, a full disk, Ctrl-C) the old file is untouched
  and the temporary file removed;
- the target is checked before anything is read or measured: its folder exists and is writable,
  and it is none of the inputs (nor a file that walking an input folder would read);
- standard output that fails (a full disk) is one line; a closed pipe (``| head``) ends quietly;
- the terminal width is never below :data:`MIN_WIDTH`, whatever ``COLUMNS`` says.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from tokscope.errors import OutputError

if TYPE_CHECKING:
    from tokscope.corpus.walk import CorpusOptions

MIN_WIDTH = 40
"""Narrowest layout the terminal views are drawn for (``COLUMNS=1`` or ``0`` gives this)."""

FILE_WIDTH = 120
"""Width of a terminal view written to a file when no ``--width`` is given."""


class Format(str, Enum):
    """The output formats a command can be asked for; each command maps every one it offers."""

    TERMINAL = "terminal"
    JSON = "json"
    MARKDOWN = "markdown"


@dataclass(frozen=True)
class Output:
    """What the shared output options asked for: a format, and a file or standard output."""

    format: Format
    """The format chosen with ``--json`` / ``--markdown`` (terminal tables otherwise)."""
    path: Path | None
    """The file given with ``-o/--output``; None (or ``-``) for standard output."""


def check_target(
    path: Path | None,
    *,
    inputs: Iterable[str] = (),
    corpus: CorpusOptions | None = None,
    tokenizers: Iterable[str] = (),
) -> None:
    """Refuse, before anything is read, an output file that cannot be written or is an input.

    ``inputs`` are the files and folders the command will read; with ``corpus`` (the walk's
    options) a file under an input folder that the walk would read counts as an input. The
    ``tokenizers`` specs that are paths (``PATH`` or ``NAME=PATH``) are inputs too.
    """
    if path is None:
        return
    inputs = [*inputs, *_spec_paths(tokenizers)]
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder; give a file name")
    folder = path.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise OutputError(f"cannot write {path}: folder {str(folder)!r} {what}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {path}: folder {str(folder)!r} is not writable")
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"cannot write {path}: the file is read-only")
    clash = _input_clash(path, inputs, corpus)
    if clash is not None:
        raise OutputError(
            f"refusing to write {path}: it is {clash}, and writing would replace it; "
            "give an output file outside the inputs"
        )


def _spec_paths(specs: Iterable[str]) -> list[str]:
    """The tokenizer specs that name existing files or folders."""
    found = []
    for spec in specs:
        for candidate in (spec, spec.partition("=")[2]):
            if candidate and os.path.exists(candidate):
                found.append(candidate)
                break
    return found


def _input_clash(path: Path, inputs: Iterable[str], corpus: CorpusOptions | None) -> str | None:
    """How ``path`` is one of ``inputs`` (a phrase for the message), or None."""
    if not path.exists():
        return None  # a new file is read by no walk that starts before it is written
    target = path.resolve()
    for raw in inputs:
        given = Path(raw)
        try:
            real = given.resolve()
        except (OSError, RuntimeError):
            continue
        if real == target:
            return f"the input {raw}"
        if given.is_dir() and target.is_relative_to(real):
            from tokscope.corpus.walk import CorpusOptions, iter_files

            for item in iter_files([raw], corpus or CorpusOptions()):
                if isinstance(item, Path) and item.resolve() == target:
                    return f"a file of the input folder {raw}"
    return None


def check_chart_folder(folder: Path) -> None:
    """Refuse a folder for a report's charts that a file already names."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(
            f"cannot write the charts into {folder}: a file of that name exists; move it away "
            "or write the report under another name"
        )


@contextmanager
def atomic_open(path: Path) -> Iterator[TextIO]:
    """A text handle on a temporary file beside ``path``, renamed over it when the block ends.

    If the block raises (anything, Ctrl-C included), ``path`` keeps its old content and the
    temporary file is removed. A ``path`` that is not a regular file (``/dev/null``, a FIFO) is
    written directly, since it cannot be replaced.
    """
    if path.is_symlink():  # write through the link, as opening it would, not over it
        path = Path(os.path.realpath(path))
    if path.exists() and not path.is_file():
        try:
            with open(path, "w", encoding="utf-8", errors="backslashreplace") as handle:
                yield handle
        except OSError as exc:
            raise _write_error(path, exc) from None
        return
    mode = _mode_for(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
            yield handle
            handle.flush()
            try:
                os.fsync(handle.fileno())
            except OSError as exc:  # some file systems cannot sync; the rename still is atomic
                if exc.errno not in (errno.EINVAL, errno.ENOTSUP):
                    raise
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _write_error(path, exc) from None
        raise


def _mode_for(path: Path) -> int:
    """The permission bits the written file gets: the old file's, or the umask's default."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_error(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {path}: {exc.strerror or exc}")


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_open`)."""
    with atomic_open(path) as handle:
        handle.write(text)


def terminal_width(width: int | None = None) -> int:
    """The width the terminal views are laid out for: ``width``, else the terminal's, at least
    :data:`MIN_WIDTH`."""
    if width is None:
        from rich.console import Console

        width = Console().width
    return max(MIN_WIDTH, width)


def layout_width(out: Output, width: int | None = None) -> int:
    """The width a renderer that lays out by itself should use for ``out``: the terminal's
    (:func:`terminal_width`) on standard output, ``width`` or :data:`FILE_WIDTH` in a file."""
    if out.path is None:
        return terminal_width(width)
    return max(MIN_WIDTH, width or FILE_WIDTH)


def colours_on() -> bool:
    """Whether standard output will show colours (a terminal, and NO_COLOR not set)."""
    from rich.console import Console

    console = Console()
    return console.is_terminal and console.color_system is not None and not console.no_color


def print_rich(renderable: Any, *, width: int | None = None) -> None:
    """Print a rich renderable to standard output, at least :data:`MIN_WIDTH` wide."""
    from rich.console import Console

    console = Console(width=terminal_width(width), highlight=False, soft_wrap=False)
    with stdout_errors():
        console.print(renderable)


def echo(text: str) -> None:
    """Write ``text`` to standard output as it is (no newline added)."""
    import click

    with stdout_errors():
        click.echo(text, nl=False)


def emit(out: Output, rendered: Any, *, width: int | None = None) -> None:
    """Send a rendered result where ``out`` says: text as it is, a rich renderable drawn.

    In a file, a rich renderable is drawn without colours at ``width`` (default
    :data:`FILE_WIDTH`) columns, while the temporary file is open, so a renderer that fails
    half-way leaves the old file as it was.
    """
    if out.path is None:
        if isinstance(rendered, str):
            echo(rendered)
        else:
            print_rich(rendered, width=width)
        return
    with atomic_open(out.path) as handle:
        if isinstance(rendered, str):
            handle.write(rendered)
        else:
            from rich.console import Console

            console = Console(
                file=handle,
                width=max(MIN_WIDTH, width or FILE_WIDTH),
                color_system=None,
                highlight=False,
                soft_wrap=False,
            )
            console.print(rendered)


@contextmanager
def stdout_errors() -> Iterator[None]:
    """Turn a failing standard output into one line (a full disk) or a quiet end (a closed pipe,
    as ``| head`` does), never a traceback."""
    try:
        yield
    except BrokenPipeError:
        close_broken_stdout()
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            close_broken_stdout()
        raise OutputError(f"cannot write to standard output: {exc.strerror or exc}") from None


def close_broken_stdout() -> None:
    """Point standard output at the null device, so that Python's final flush stays quiet, and
    exit with status 1 as click does for a closed pipe."""
    with suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    raise SystemExit(1)
