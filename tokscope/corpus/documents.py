"""What the corpus readers produce: documents, skipped inputs and their reasons, and the options.

Every module of :mod:`tokscope.corpus` (the walker, the readers, Parquet) and every consumer of a
corpus imports these definitions from here, so none of them needs another's internals.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

REASONS: dict[str, str] = {
    "binary": "binary content (NUL byte)",
    "not-utf8": "not valid UTF-8",
    "empty": "empty (a file of no bytes, or a dataset without records)",
    "too-large": "larger than --max-bytes",
    "unreadable": "could not be read",
    "missing": "no such file or folder",
    "broken-link": "symbolic link to nothing",
    "link-loop": "symbolic link loop",
    "special-file": "FIFO, socket or device inside a folder",
    "duplicate": "same file or folder as an earlier input",
    "bad-json": "malformed JSON line",
    "no-text": "record without a text field",
    "tokenizer-error": "a tokenizer failed while encoding or decoding it",
    "too-costly": "a run of text without whitespace longer than the cost bound",
    "excluded-folder": "a folder skipped by default: build output, dependencies, a virtual "
    "environment; --no-default-excludes enters it",
    "ignored": "matched by a .gitignore rule; --no-ignore reads it",
}
"""Why an input was not analysed, by short code."""

DEFAULT_MAX_BYTES = 10_000_000
"""Files and records above this size are refused by default (10 MB)."""

DEFAULT_MAX_SOLID_RUN = 100_000
"""Documents with a run of more characters than this without whitespace are refused by
default as ``too-costly`` (see :mod:`tokscope.corpus.cost`)."""

MAX_BYTES_CEILING = 1 << 40
"""The largest ``--max-bytes`` accepted (1 TiB): beyond it the value is a typo, not a limit."""

QUIET_DIRS: frozenset[str] = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
    }
)
"""Folder names never entered and not counted: version control and tool caches.

They hold a repository's object database, bytecode or a tool's cache, never source, and nearly
every checkout has them, so counting them would add a line to every summary and tell nothing.
Named as an input, such a folder is walked like any other."""

SKIP_DIRS: frozenset[str] = frozenset(
    {
        ".tox",
        ".nox",
        ".venv",
        "venv",
        "node_modules",
        "build",
        "dist",
        "target",
        ".eggs",
        ".idea",
        ".vscode",
        "site-packages",
    }
)
"""Folder names skipped by default and counted as ``excluded-folder``: virtual environments,
dependencies, build output, editor settings. A folder holding ``pyvenv.cfg`` (a virtual
environment of any name) is skipped the same way. Each folder counts once, whatever it holds:
counting its files would mean walking trees (``node_modules``, ``site-packages``) that are often
larger than the source itself."""

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
"""Datasets read as JSON Lines, one record per line (``.gz``: gzip-compressed)."""

PARQUET_SUFFIXES = (".parquet",)
"""Datasets read as Parquet, one record per row."""

DATASET_SUFFIXES = JSONL_SUFFIXES + PARQUET_SUFFIXES
"""Files read as datasets (one record per line or per row) rather than as source files."""

LANG_FIELDS = ("lang", "language")
"""Record fields tried for a language when no ``lang_field`` is given."""


@dataclass(frozen=True)
class Document:
    """One text to analyse: a source file or a dataset record."""

    name: str
    """The file path, or ``path:LINE`` for a dataset record, made printable by
    :func:`display_name`."""
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
    """The path, or ``path:LINE`` for a record, made printable by :func:`display_name`."""
    reason: str
    """A key of :data:`REASONS`."""


@dataclass(frozen=True)
class CorpusOptions:
    """How to walk and read a corpus."""

    include: tuple[str, ...] = ()
    """Glob patterns a file's path or name must match (any of them), when given."""
    exclude: tuple[str, ...] = ()
    """Glob patterns of files or folders to leave out."""
    max_bytes: int = DEFAULT_MAX_BYTES
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
    """Folder names not entered, counted as ``excluded-folder`` (with virtual environments)."""
    max_solid_run: int = DEFAULT_MAX_SOLID_RUN
    """Documents with a run of more characters than this without whitespace are skipped as
    ``too-costly`` by the commands that tokenize a corpus (see :mod:`tokscope.corpus.cost`)."""
    default_excludes: bool = True
    """Skip :attr:`skip_dirs` and virtual environments; False enters them
    (``--no-default-excludes``). An ``include`` pattern naming a folder (``'*/dist/*'``) enters
    that folder too."""
    ignore: bool = True
    """Honour ``.gitignore`` files when walking a folder inside a git checkout (``--no-ignore``
    turns it off); what they match is counted as ``ignored``."""


STDIN_NAME = "<stdin>"
"""How standard input (given as ``-``) is named in every view."""


def display_name(name: str) -> str:
    """``name`` as valid, printable UTF-8: bytes that were not UTF-8 (kept by Python as lone
    surrogates, ``surrogateescape``) and control characters are shown as ``\\xNN`` escapes;
    ``-`` (standard input) is :data:`STDIN_NAME`.

    File names are data: a name read from the file system may hold any byte but ``/`` and NUL,
    and it must survive JSON, Markdown and the terminal unchanged in meaning.

    >>> display_name("bin\\udcff.py")
    'bin\\\\xff.py'
    >>> display_name("tab\\there")
    'tab\\\\x09here'
    >>> display_name("café.py")
    'café.py'
    """
    if name == "-":
        return STDIN_NAME
    if name.isprintable():
        return name
    out: list[str] = []
    for char in name:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # one undecodable byte, as surrogateescape keeps it
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        elif unicodedata.category(char) == "Cc":
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


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


__all__ = [
    "DATASET_SUFFIXES",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_SOLID_RUN",
    "JSONL_SUFFIXES",
    "LANG_FIELDS",
    "MAX_BYTES_CEILING",
    "PARQUET_SUFFIXES",
    "QUIET_DIRS",
    "REASONS",
    "SKIP_DIRS",
    "STDIN_NAME",
    "CorpusOptions",
    "Document",
    "SkipReport",
    "Skipped",
    "display_name",
]
