"""Turn the bytes of a source file or the records of a JSON Lines dataset into documents.

Every reader goes through :mod:`tokscope.corpus.textio`, so the limits are the same everywhere:
a source file is read up to ``max_bytes + 1`` bytes; a JSON Lines file (plain or gzip-compressed,
decompressed as a stream) is read line by line, each line up to :func:`line_limit` bytes, and the
record's text up to ``max_bytes``. Faults are counted, never raised: corrupt compressed data is
``unreadable``, a line that is not a JSON object (or is nested too deeply to parse) is
``bad-json``, and a dataset with no record at all (no bytes, or only blank lines) is ``empty``.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from tokscope.corpus.documents import (
    LANG_FIELDS,
    CorpusOptions,
    Document,
    Skipped,
    display_name,
)
from tokscope.corpus.textio import Undecodable, decode_text, iter_lines, read_limited

JSON_ESCAPE_FACTOR = 6
"""The most bytes JSON may spend on one byte of text (a control byte written as ``\\u00XX``)."""

LINE_SLACK = 1 << 20
"""Room on a JSON line for the fields besides the text (1 MiB)."""

PATH_FIELDS = ("path", "max_stars_repo_path")
"""Record fields whose file extension gives a language when no language field is present."""


def line_limit(max_bytes: int) -> int:
    """The longest JSON line read for a record whose text may hold ``max_bytes`` bytes: its
    text fully escaped, plus :data:`LINE_SLACK` for the other fields. Longer lines are skipped
    as ``too-large`` without being held in memory."""
    return JSON_ESCAPE_FACTOR * max_bytes + LINE_SLACK


def text_document(name: str, data: bytes, opts: CorpusOptions, language: str) -> Document | Skipped:
    """The document of ``data`` (a file's bytes or a record's text), or why it is skipped:
    ``empty``, ``too-large``, ``binary``, ``not-utf8`` (unless ``opts.errors`` is ``replace``)."""
    if not data:
        return Skipped(name, "empty")
    if len(data) > opts.max_bytes:
        return Skipped(name, "too-large")
    text = decode_text(data, replace=opts.errors == "replace")
    if isinstance(text, Undecodable):
        return Skipped(name, text.reason)
    return Document(name, text, opts.language or language, len(text.encode("utf-8")))


def read_source_file(path: Path, opts: CorpusOptions) -> Document | Skipped:
    """One source file (or stream) as a document, read up to ``opts.max_bytes + 1`` bytes."""
    name = display_name(str(path))
    try:
        data = read_limited(path, opts.max_bytes)
    except (OSError, ValueError):
        return Skipped(name, "unreadable")
    if data is None:
        return Skipped(name, "too-large")
    return text_document(name, data, opts, language_for(path.name))


def read_jsonl(path: Path, opts: CorpusOptions) -> Iterator[Document | Skipped]:
    """The records of a JSON Lines file (gzip-compressed when its name ends in ``.gz``), named
    ``path:LINE``, in file order."""
    name = display_name(str(path))
    limit = line_limit(opts.max_bytes)
    records = 0
    try:
        opener = gzip.open if str(path).endswith(".gz") else open
        with opener(path, "rb") as handle:
            for number, line in enumerate(iter_lines(handle, limit), start=1):
                if line is None:
                    records += 1
                    yield Skipped(f"{name}:{number}", "too-large")
                elif line.strip():
                    records += 1
                    yield json_record(f"{name}:{number}", line, opts)
    except (OSError, EOFError, ValueError, zlib.error):
        yield Skipped(name, "unreadable")
        return
    if not records:
        yield Skipped(name, "empty")


def json_record(name: str, line: bytes, opts: CorpusOptions) -> Document | Skipped:
    """The document of one JSON line; ``bad-json`` when it is not a JSON object (malformed, not
    UTF-8, or nested too deeply for the parser)."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return Skipped(name, "bad-json")
    if not isinstance(record, dict):
        return Skipped(name, "bad-json")
    return record_document(name, record, opts)


def record_document(
    name: str, record: dict[str, object], opts: CorpusOptions
) -> Document | Skipped:
    """The document of one dataset record (a JSON object or a Parquet row): its text field (a
    record whose text is missing, null or not a string is skipped as ``no-text``), its language
    from ``lang_field`` (or ``lang``/``language``, or the extension of a ``path`` field). A blank
    language field counts as missing."""
    text = record.get(opts.text_field)
    if not isinstance(text, str):
        return Skipped(name, "no-text")
    fields = (opts.lang_field,) if opts.lang_field else LANG_FIELDS
    language = next(
        (v for v in (record.get(f) for f in fields) if isinstance(v, str) and v.strip()), None
    )
    if language is None:
        path = next((record[f] for f in PATH_FIELDS if record.get(f)), None)
        language = language_for(path) if isinstance(path, str) else "unknown"
    return text_document(name, text.encode("utf-8", "surrogatepass"), opts, language)


@lru_cache(maxsize=4096)
def language_for(filename: str) -> str:
    """Pygments' language name for a file name, or ``unknown``.

    >>> language_for("app.py")
    'Python'
    """
    from tokscope.lexing.filenames import lexer_class_for_filename

    found = lexer_class_for_filename(Path(filename).name)
    return "unknown" if found is None else str(found.name)


__all__ = [
    "JSON_ESCAPE_FACTOR",
    "LINE_SLACK",
    "PATH_FIELDS",
    "json_record",
    "language_for",
    "line_limit",
    "read_jsonl",
    "read_source_file",
    "record_document",
    "text_document",
]
