"""Walk files, folders and datasets into documents, with a reason for everything skipped.

Every input either becomes a :class:`Document` or a :class:`Skipped` with one of :data:`REASONS`;
nothing is dropped silently and nothing is written. Order is deterministic: paths are visited in
the order given, folder entries in sorted order, records in file order.

The walk is the only one in tokscope (the progress count, :func:`count_files`, and the Dask
planner use it too). It is iterative, so a tree of any depth is walked in time linear in its size.
Symbolic links are followed; a link to one of its own ancestor folders is a ``link-loop``, a link
to nothing a ``broken-link``. Each real file and folder (device and inode) is read once: reaching
it again, through a link or because it was given twice, counts one ``duplicate``. FIFOs, sockets
and devices inside a folder are ``special-file``; given by name (``<(cmd)``, ``/dev/stdin``) they
are read, up to the size limit. An input that does not exist is ``missing`` when other inputs do
exist, and an :class:`~tokscope.errors.InputError` when none does.

What is left out inside folders is counted too: a folder skipped by default
(:data:`~tokscope.corpus.documents.SKIP_DIRS`, virtual environments) is one ``excluded-folder``
(its files are not counted: that would walk trees often larger than the source), and a file or
folder matched by a ``.gitignore`` in a git checkout (:mod:`tokscope.corpus.ignore`) is
``ignored``. Version control folders and tool caches
(:data:`~tokscope.corpus.documents.QUIET_DIRS`) are left out silently. Inputs named by the
caller are always read: ``include``, ``exclude`` and the rules apply to what folders hold.

Readers are chosen by suffix (:data:`DATASET_SUFFIXES`): JSON Lines and gzip JSON Lines
(:mod:`tokscope.corpus.readers`), Parquet (:mod:`tokscope.corpus.parquet`, with pyarrow), and
everything else as one source file.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tokscope.corpus.documents import (
    DATASET_SUFFIXES,
    JSONL_SUFFIXES,
    LANG_FIELDS,
    PARQUET_SUFFIXES,
    QUIET_DIRS,
    REASONS,
    SKIP_DIRS,
    CorpusOptions,
    Document,
    Skipped,
    SkipReport,
    display_name,
)
from tokscope.corpus.ignore import IGNORE_FILE, IgnoreRules, rules_for
from tokscope.corpus.parquet import read_parquet
from tokscope.corpus.readers import language_for, read_jsonl, read_source_file, record_document
from tokscope.errors import InputError

Key = tuple[int, int]
"""A file's identity: (device, inode)."""


def iter_corpus(
    paths: Iterable[str], options: CorpusOptions | None = None
) -> Iterator[Document | Skipped]:
    """Every document and every skipped input under ``paths``, in a deterministic order.

    Raises :class:`~tokscope.errors.InputError` at once when no input exists."""
    opts = options or CorpusOptions()
    return _read_all(iter_files(paths, opts), opts)


def _read_all(files: Iterator[Path | Skipped], opts: CorpusOptions) -> Iterator[Document | Skipped]:
    for item in files:
        if isinstance(item, Skipped):
            yield item
        else:
            yield from read_file(item, opts)


def iter_files(
    paths: Iterable[str], options: CorpusOptions | None = None
) -> Iterator[Path | Skipped]:
    """The files :func:`iter_corpus` reads (source files and datasets alike), without reading
    them, and the inputs skipped while walking; same order as :func:`iter_corpus`.

    Raises :class:`~tokscope.errors.InputError` at once when no input exists."""
    names = [os.fspath(p) for p in paths]
    check_inputs(names)
    return _walk_inputs(names, options or CorpusOptions())


def check_inputs(names: Sequence[str]) -> None:
    """Raise a one-line :class:`~tokscope.errors.InputError` when ``names`` is not empty and
    none of them exists (an input that is missing among existing ones is skipped instead)."""
    if not names or any(_exists(n) for n in names):
        return
    hint = "give files, folders or datasets that exist"
    if len(names) == 1:
        raise InputError(f"{display_name(names[0])}: {REASONS[_missing_reason(names[0])]}; {hint}")
    shown = ", ".join(f"{display_name(n)} ({REASONS[_missing_reason(n)]})" for n in names[:3])
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    raise InputError(f"none of the inputs exists: {shown}{more}; {hint}")


def _exists(name: str) -> bool:
    try:
        os.stat(name)
    except (OSError, ValueError):
        return False
    return True


def _missing_reason(name: str) -> str:
    """Why ``name`` cannot be reached: ``missing``, ``broken-link``, ``link-loop`` or
    ``unreadable``."""
    try:
        os.stat(name)
    except ValueError:  # a NUL character in the name
        return "missing"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "link-loop"
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return "broken-link" if os.path.islink(name) else "missing"
        return "unreadable"
    return "missing"


def _excluded(path: Path, patterns: tuple[str, ...]) -> bool:
    text = path.as_posix()
    return any(fnmatch.fnmatch(text, p) or fnmatch.fnmatch(path.name, p) for p in patterns)


def _key(info: os.stat_result) -> Key:
    return (info.st_dev, info.st_ino)


def _walk_inputs(names: list[str], opts: CorpusOptions) -> Iterator[Path | Skipped]:
    seen_files: set[Key] = set()
    seen_dirs: set[Key] = set()
    for raw in names:
        try:
            info = os.stat(raw)
        except (OSError, ValueError):
            yield Skipped(display_name(raw), _missing_reason(raw))
            continue
        key = _key(info)
        if stat.S_ISDIR(info.st_mode):
            if key in seen_dirs:
                yield Skipped(display_name(raw), "duplicate")
            else:
                yield from _walk_dir(Path(raw), key, opts, seen_dirs, seen_files)
        elif key in seen_files:
            yield Skipped(display_name(raw), "duplicate")
        else:  # a file, or a stream given by name (read up to the limit)
            seen_files.add(key)
            yield Path(raw)


def _scan(folder: Path) -> list[os.DirEntry[str]] | None:
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda e: e.name)
    except OSError:
        return None


def _walk_dir(
    root: Path, key: Key, opts: CorpusOptions, seen_dirs: set[Key], seen_files: set[Key]
) -> Iterator[Path | Skipped]:
    """The files under ``root``, depth first in sorted order, with an explicit stack (no
    recursion) and the chain of open folders kept as a set (loop checks in constant time)."""
    entries = _scan(root)
    if entries is None:
        yield Skipped(display_name(str(root)), "unreadable")
        return
    seen_dirs.add(key)
    top = os.path.abspath(root)
    rules = rules_for(root) if opts.ignore else None
    stack = [_Frame(key, root, top, rules, iter(entries))]
    open_dirs = {key}
    while stack:
        frame = stack[-1]
        entry = next(frame.pending, None)
        if entry is None:
            stack.pop()
            open_dirs.discard(frame.key)
            continue
        path = frame.folder / entry.name
        if _excluded(path, opts.exclude):
            continue
        try:
            info = entry.stat()  # follows symbolic links
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                reason = "link-loop"
            elif entry.is_symlink():
                reason = "broken-link"
            else:
                reason = "unreadable"
            yield Skipped(display_name(str(path)), reason)
            continue
        entry_key = _key(info)
        absolute = os.path.join(frame.absolute, entry.name)
        if stat.S_ISDIR(info.st_mode):
            if entry.name in QUIET_DIRS:
                continue
            if frame.rules is not None and frame.rules.ignores(absolute, is_dir=True):
                yield Skipped(display_name(str(path)), "ignored")
                continue
            if _skipped_by_default(entry.name, opts) and not _named(entry.name, opts.include):
                yield Skipped(display_name(str(path)), "excluded-folder")
                continue
            if entry_key in open_dirs:
                yield Skipped(display_name(str(path)), "link-loop")
                continue
            if entry_key in seen_dirs:
                yield Skipped(display_name(str(path)), "duplicate")
                continue
            children = _scan(path)
            if children is None:
                yield Skipped(display_name(str(path)), "unreadable")
                continue
            if (
                opts.default_excludes
                and any(c.name == "pyvenv.cfg" for c in children)
                and not _named(entry.name, opts.include)
            ):  # a virtual environment
                yield Skipped(display_name(str(path)), "excluded-folder")
                continue
            seen_dirs.add(entry_key)
            open_dirs.add(entry_key)
            inner = frame.rules
            if inner is not None and any(c.name == IGNORE_FILE for c in children):
                inner = inner.entering(absolute)
            stack.append(_Frame(entry_key, path, absolute, inner, iter(children)))
            continue
        if opts.include and not _excluded(path, opts.include):
            continue
        if frame.rules is not None and frame.rules.ignores(absolute, is_dir=False):
            yield Skipped(display_name(str(path)), "ignored")
        elif not stat.S_ISREG(info.st_mode):
            yield Skipped(display_name(str(path)), "special-file")
        elif entry_key in seen_files:
            yield Skipped(display_name(str(path)), "duplicate")
        else:
            seen_files.add(entry_key)
            yield path


@dataclass
class _Frame:
    """One open folder of the walk."""

    key: Key
    folder: Path
    absolute: str
    rules: IgnoreRules | None
    pending: Iterator[os.DirEntry[str]]


def _skipped_by_default(name: str, opts: CorpusOptions) -> bool:
    return opts.default_excludes and name in opts.skip_dirs


def _named(name: str, patterns: tuple[str, ...]) -> bool:
    """Whether a folder called ``name`` is a path component of one of the ``--include``
    patterns (``'*/dist/*'``, ``'build/**'``), which brings it back."""
    return any(name in p.replace(os.sep, "/").split("/") for p in patterns)


def count_files(paths: Sequence[str], options: CorpusOptions | None = None) -> int | None:
    """How many files :func:`iter_corpus` will read, from the same walk, without reading them
    (for a progress bar's time left); None when a dataset is among them (its records are not
    counted ahead)."""
    total = 0
    for item in iter_files(paths, options):
        if isinstance(item, Path):
            if item.name.endswith(DATASET_SUFFIXES):
                return None
            total += 1
    return total


def read_file(path: Path, opts: CorpusOptions) -> Iterator[Document | Skipped]:
    """The documents of one file, by suffix: the records of a Parquet or JSON Lines dataset,
    or the file itself as one source document."""
    name = path.name
    if name.endswith(PARQUET_SUFFIXES):
        yield from read_parquet(path, opts)
    elif name.endswith(JSONL_SUFFIXES):
        yield from read_jsonl(path, opts)
    else:
        yield read_source_file(path, opts)


def read_path_list(stream: BinaryIO | None = None) -> list[str]:
    """The paths listed one per line on ``stream`` (standard input by default): only the line
    end is removed (a name may begin or end with spaces), empty lines are ignored, and bytes
    that are not UTF-8 are kept as the file system gives them (``surrogateescape``)."""
    source = sys.stdin.buffer if stream is None else stream
    out: list[str] = []
    for line in source:
        if line.endswith(b"\n"):
            line = line[:-1]
        if line:
            out.append(os.fsdecode(line))
    return out


__all__ = [
    "DATASET_SUFFIXES",
    "JSONL_SUFFIXES",
    "LANG_FIELDS",
    "PARQUET_SUFFIXES",
    "REASONS",
    "SKIP_DIRS",
    "CorpusOptions",
    "Document",
    "SkipReport",
    "Skipped",
    "check_inputs",
    "count_files",
    "display_name",
    "iter_corpus",
    "iter_files",
    "language_for",
    "read_file",
    "read_path_list",
    "record_document",
]
