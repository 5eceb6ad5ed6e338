"""Walk files, folders and datasets into documents, with a reason for everything skipped.

Every input either becomes a :class:`Document` or a :class:`Skipped` with one of :data:`REASONS`;
nothing is dropped silently and nothing is written. Order is deterministic: paths are visited in
sorted order, records in file order. Datasets are JSON Lines (gzip-compressed or not) and Parquet
(read by :mod:`tokscope.corpus.parquet`, with pyarrow, in row-group batches).
"""

from __future__ import annotations

import fnmatch
import gzip
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

REASONS: dict[str, str] = {
    "binary": "binary content (NUL byte)",
    "not-utf8": "not valid UTF-8",
    "empty": "empty",
    "too-large": "larger than --max-bytes",
    "unreadable": "could not be read",
    "missing": "no such file or folder",
    "broken-link": "symbolic link to nothing",
    "link-loop": "symbolic link loop",
    "bad-json": "malformed JSON line",
    "no-text": "record without a text field",
}
"""Why an input was not analysed, by short code."""

SKIP_DIRS: frozenset[str] = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        "build",
        "dist",
        "target",
        ".eggs",
        ".idea",
        ".vscode",
        "site-packages",
    }
)
"""Folder names skipped by default: version control, virtual environments, build output."""

DATASET_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".parquet")
"""Files read as datasets (one record per line or per row) rather than as source files."""

PARQUET_SUFFIXES = (".parquet",)
"""Datasets read as Parquet (the others are JSON Lines)."""

LANG_FIELDS = ("lang", "language")
"""Record fields tried for a language when no ``lang_field`` is given."""


@dataclass(frozen=True)
class Document:
    """One text to analyse: a source file or a dataset record."""

    name: str
    """The file path, or ``path:LINE`` for a dataset record."""
    text: str
    """The exact text (``\\r\\n`` kept)."""
    language: str
    """Language name (pygments' name for the file type, or the record's language field)."""
    n_bytes: int
    """UTF-8 size of ``text``."""


@dataclass(frozen=True)
class Skipped:
    """An input that was not analysed, and why."""

    name: str
    """The path, or ``path:LINE`` for a record."""
    reason: str
    """A key of :data:`REASONS`."""


@dataclass(frozen=True)
class CorpusOptions:
    """How to walk and read a corpus."""

    include: tuple[str, ...] = ()
    """Glob patterns a file's path or name must match (any of them), when given."""
    exclude: tuple[str, ...] = ()
    """Glob patterns of files or folders to leave out."""
    max_bytes: int = 10_000_000
    """Files and records above this size are skipped as ``too-large``."""
    errors: str = "skip"
    """``skip`` files that are not UTF-8, or ``replace`` the bad bytes with U+FFFD."""
    text_field: str = "content"
    """Field of a dataset record holding the text."""
    lang_field: str | None = None
    """Field of a dataset record holding the language (default: ``lang`` or ``language``)."""
    language: str | None = None
    """Force this language for every document."""
    skip_dirs: frozenset[str] = field(default=SKIP_DIRS)
    """Folder names not entered."""


def iter_corpus(
    paths: Iterable[str], options: CorpusOptions | None = None
) -> Iterator[Document | Skipped]:
    """Every document and every skipped input under ``paths``, in a deterministic order."""
    opts = options or CorpusOptions()
    for item in iter_files(paths, opts):
        if isinstance(item, Skipped):
            yield item
        else:
            yield from read_file(item, opts)


def iter_files(
    paths: Iterable[str], options: CorpusOptions | None = None
) -> Iterator[Path | Skipped]:
    """The files :func:`iter_corpus` reads (source files and datasets alike), without reading
    them, and the inputs skipped while walking; same order as :func:`iter_corpus`."""
    opts = options or CorpusOptions()
    for raw in paths:
        path = Path(raw)
        if path.is_symlink() and not path.exists():
            yield Skipped(raw, _link_reason(path))
        elif path.is_dir():
            yield from _walk_dir(path, opts, set())
        elif path.exists():
            yield path
        else:
            yield Skipped(raw, "missing")


def _link_reason(path: Path) -> str:
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return "link-loop"
    except OSError as exc:
        return "link-loop" if exc.errno == 40 else "broken-link"  # ELOOP
    return "broken-link"


def _excluded(path: Path, patterns: tuple[str, ...]) -> bool:
    text = path.as_posix()
    return any(fnmatch.fnmatch(text, p) or fnmatch.fnmatch(path.name, p) for p in patterns)


def _walk_dir(folder: Path, opts: CorpusOptions, seen: set[str]) -> Iterator[Path | Skipped]:
    real = os.path.realpath(folder)
    if real in seen:
        yield Skipped(str(folder), "link-loop")
        return
    seen = seen | {real}
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        yield Skipped(str(folder), "unreadable")
        return
    for entry in entries:
        path = Path(entry.path)
        if _excluded(path, opts.exclude):
            continue
        if entry.is_symlink() and not path.exists():
            yield Skipped(str(path), _link_reason(path))
        elif entry.is_dir():
            if entry.name not in opts.skip_dirs and not (path / "pyvenv.cfg").exists():
                yield from _walk_dir(path, opts, seen)
        elif entry.is_file():
            if opts.include and not _excluded(path, opts.include):
                continue
            yield path


def read_file(path: Path, opts: CorpusOptions) -> Iterator[Document | Skipped]:
    """The documents of one file: the file itself, or the records of a dataset."""
    name = str(path)
    if name.endswith(PARQUET_SUFFIXES):
        from tokscope.corpus.parquet import read_parquet

        yield from read_parquet(path, opts)
        return
    if name.endswith(DATASET_SUFFIXES):
        yield from _read_dataset(path, opts)
        return
    try:
        if path.stat().st_size > opts.max_bytes:
            yield Skipped(name, "too-large")
            return
        data = path.read_bytes()
    except OSError:
        yield Skipped(name, "unreadable")
        return
    yield _document(name, data, opts, language_for(path.name))


def _document(name: str, data: bytes, opts: CorpusOptions, language: str) -> Document | Skipped:
    if not data:
        return Skipped(name, "empty")
    if len(data) > opts.max_bytes:
        return Skipped(name, "too-large")
    if b"\x00" in data[:8192]:
        return Skipped(name, "binary")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if opts.errors != "replace":
            return Skipped(name, "not-utf8")
        text = data.decode("utf-8", errors="replace")
    return Document(name, text, opts.language or language, len(text.encode("utf-8")))


def _read_dataset(path: Path, opts: CorpusOptions) -> Iterator[Document | Skipped]:
    name = str(path)
    try:
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rb") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield _record(f"{name}:{number}", line, opts)
    except (OSError, EOFError):
        yield Skipped(name, "unreadable")


def _record(name: str, line: bytes, opts: CorpusOptions) -> Document | Skipped:
    try:
        record = json.loads(line)
    except ValueError:
        return Skipped(name, "bad-json")
    if not isinstance(record, dict):
        return Skipped(name, "bad-json")
    return record_document(name, record, opts)


def record_document(
    name: str, record: dict[str, object], opts: CorpusOptions
) -> Document | Skipped:
    """The document of one dataset record (a JSON object or a Parquet row): its text field (a
    record whose text is missing, null or not a string is skipped as ``no-text``), its language
    from ``lang_field`` (or ``lang``/``language``, or the extension of a ``path`` field)."""
    text = record.get(opts.text_field)
    if not isinstance(text, str):
        return Skipped(name, "no-text")
    fields = (opts.lang_field,) if opts.lang_field else LANG_FIELDS
    language = next((str(record[f]) for f in fields if isinstance(record.get(f), str)), None)
    if language is None:
        path = record.get("path") or record.get("max_stars_repo_path")
        language = language_for(path) if isinstance(path, str) else "unknown"
    return _document(name, text.encode("utf-8", "surrogatepass"), opts, language)


@lru_cache(maxsize=4096)
def language_for(filename: str) -> str:
    """Pygments' language name for a file name, or ``unknown``.

    >>> language_for("app.py")
    'Python'
    """
    from pygments.lexers import get_lexer_for_filename
    from pygments.util import ClassNotFound

    try:
        return str(get_lexer_for_filename(Path(filename).name).name)
    except ClassNotFound:
        return "unknown"


@dataclass(frozen=True)
class SkipReport:
    """Skipped inputs counted by reason, with the first few names of each (mergeable)."""

    counts: tuple[tuple[str, int], ...] = ()
    """``(reason, count)`` sorted by reason."""
    examples: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """``(reason, first names in sorted order)``, at most :attr:`keep` each."""
    keep: int = 3
    """How many example names are kept per reason."""

    @classmethod
    def of(cls, skipped: Iterable[Skipped], *, keep: int = 3) -> SkipReport:
        """Count ``skipped`` by reason."""
        counts: dict[str, int] = {}
        names: dict[str, list[str]] = {}
        for item in skipped:
            counts[item.reason] = counts.get(item.reason, 0) + 1
            names.setdefault(item.reason, []).append(item.name)
        return cls(
            tuple(sorted(counts.items())),
            tuple((r, tuple(sorted(n)[:keep])) for r, n in sorted(names.items())),
            keep,
        )

    def merge(self, other: SkipReport) -> SkipReport:
        """Both reports as one; the result does not depend on the order of merging."""
        counts = dict(self.counts)
        for reason, n in other.counts:
            counts[reason] = counts.get(reason, 0) + n
        names = {r: list(n) for r, n in self.examples}
        for reason, more in other.examples:
            names.setdefault(reason, []).extend(more)
        keep = min(self.keep, other.keep)
        return SkipReport(
            tuple(sorted(counts.items())),
            tuple((r, tuple(sorted(n)[:keep])) for r, n in sorted(names.items())),
            keep,
        )

    @property
    def total(self) -> int:
        """Inputs skipped, all reasons."""
        return sum(n for _, n in self.counts)
