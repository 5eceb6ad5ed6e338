"""Read bytes with a bound, and decode source text exactly: strictly UTF-8, no newline translation.

Every reader of tokscope (one source file for ``diff``, the files and records of a corpus) reads
through :func:`read_limited` or :func:`iter_lines`: at most ``max_bytes + 1`` bytes of any file or
stream, in chunks, so ``/dev/zero``, a pipe of gigabytes or a huge ``--max-bytes`` cost at most
that much memory and never one buffer of the limit's size.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from tokscope.corpus.documents import DEFAULT_MAX_BYTES, display_name
from tokscope.errors import InputError

CHUNK = 1 << 20
"""Bytes read at a time (1 MiB): the largest buffer a read allocates, whatever the limit."""

SNIFF_BYTES = 8192
"""A NUL byte among the first this many bytes marks content as binary."""


class Readable(Protocol):
    """What the readers need of a binary file or stream (a file, a pipe, a gzip stream)."""

    def read(self, size: int = ..., /) -> bytes:
        """Up to ``size`` bytes; empty at the end."""

    def readline(self, size: int = ..., /) -> bytes:
        """One line of at most ``size`` bytes; empty at the end."""


@dataclass(frozen=True)
class SourceText:
    """A source file's text, decoded without any change."""

    name: str
    """The path as given (``-`` for standard input)."""
    text: str
    """The decoded text; ``\\r\\n`` stays ``\\r\\n``."""
    n_bytes: int
    """Size of the file in bytes."""


@dataclass(frozen=True)
class Undecodable:
    """Why bytes are not source text."""

    reason: str
    """``binary`` (a NUL byte near the start) or ``not-utf8``."""
    offset: int
    """Where the first offending byte is."""
    byte: int
    """Its value."""


def read_at_most(handle: Readable, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes of ``handle``, read in chunks of at most :data:`CHUNK`: more
    than ``limit`` bytes back means the input is larger than the limit."""
    parts: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = handle.read(min(CHUNK, limit + 1 - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)


def read_limited(source: str | Path, max_bytes: int) -> bytes | None:
    """The bytes of a file, a stream (a FIFO, ``/dev/stdin``, a device) or, for ``-``, standard
    input; None when there are more than ``max_bytes``. A regular file's size is checked first,
    so a large file is not read at all; anything else is read up to ``max_bytes + 1`` bytes.
    Raises :class:`OSError` when the input cannot be opened or read."""
    if source == "-":
        data = read_at_most(sys.stdin.buffer, max_bytes)
    else:
        with open(source, "rb", buffering=0) as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(21, "Is a directory")
            if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
                return None
            data = read_at_most(handle, max_bytes)
    return None if len(data) > max_bytes else data


def iter_lines(handle: Readable, limit: int) -> Iterator[bytes | None]:
    """The lines of ``handle`` (newline kept), each read in chunks; a line longer than ``limit``
    bytes comes back as None, its bytes read and dropped without being held in memory."""
    while True:
        parts: list[bytes] = []
        size = 0
        started = False
        while True:
            piece = handle.readline(CHUNK)
            if not piece:
                break
            started = True
            size += len(piece)
            if size <= limit:
                parts.append(piece)
            else:
                parts.clear()
            if piece.endswith(b"\n"):
                break
        if not started:
            return
        yield None if size > limit else b"".join(parts)


def decode_text(data: bytes, *, replace: bool = False) -> str | Undecodable:
    """``data`` as strict UTF-8 (bad bytes become U+FFFD when ``replace``), or why it is not
    source text: a NUL byte among the first :data:`SNIFF_BYTES` bytes marks it as binary."""
    nul = data.find(b"\x00", 0, SNIFF_BYTES)
    if nul >= 0:
        return Undecodable("binary", nul, 0)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if replace:
            return data.decode("utf-8", errors="replace")
        return Undecodable("not-utf8", exc.start, data[exc.start])


def decode_source(name: str, data: bytes) -> SourceText:
    """Decode ``data`` as strict UTF-8, refusing binary content with a one-line reason."""
    text = decode_text(data)
    if isinstance(text, Undecodable):
        if text.reason == "binary":
            raise InputError(
                f"{name} looks binary (NUL byte at offset {text.offset}): "
                "tokscope reads UTF-8 source text"
            )
        raise InputError(
            f"{name} is not valid UTF-8 (byte 0x{text.byte:02x} at offset {text.offset}): "
            "convert it first, e.g. iconv -f latin1 -t utf-8"
        )
    return SourceText(name, text, len(data))


def read_source(name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read a file (or ``-`` for standard input) as exact UTF-8 text, refusing more than
    ``max_bytes`` with a one-line error."""
    shown = display_name(name)
    if name != "-" and os.path.isdir(name):
        raise InputError(f"{shown} is a directory: give a source file")
    try:
        data = read_limited(name, max_bytes)
    except FileNotFoundError:
        raise InputError(f"{shown}: no such file") from None
    except OSError as exc:
        raise InputError(f"cannot read {shown}: {exc.strerror or exc}") from None
    except ValueError:  # a NUL character in the name
        raise InputError(f"{shown}: no such file") from None
    if data is None:
        raise InputError(
            f"{shown} is larger than {max_bytes:,} bytes: pass --max-bytes to raise the limit"
        )
    return decode_source(shown, data)


__all__ = [
    "CHUNK",
    "DEFAULT_MAX_BYTES",
    "SNIFF_BYTES",
    "Readable",
    "SourceText",
    "Undecodable",
    "decode_source",
    "decode_text",
    "iter_lines",
    "read_at_most",
    "read_limited",
    "read_source",
]
