"""Read source files exactly: as bytes, strictly UTF-8, no newline translation."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from tokscope.errors import InputError

DEFAULT_MAX_BYTES = 10_000_000
"""Files above this size are refused by default (10 MB)."""


@dataclass(frozen=True)
class SourceText:
    """A source file's text, decoded without any change."""

    name: str
    """The path as given (``-`` for standard input)."""
    text: str
    """The decoded text; ``\\r\\n`` stays ``\\r\\n``."""
    n_bytes: int
    """Size of the file in bytes."""


def decode_source(name: str, data: bytes) -> SourceText:
    """Decode ``data`` as strict UTF-8, refusing binary content with a one-line reason."""
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        raise InputError(
            f"{name} looks binary (NUL byte at offset {nul}): tokscope reads UTF-8 source text"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}): convert it first, e.g. iconv -f latin1 -t utf-8"
        ) from None
    return SourceText(name, text, len(data))


def read_source(name: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read a file (or ``-`` for standard input) as exact UTF-8 text."""
    if name == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        path = Path(name)
        if path.is_dir():
            raise InputError(f"{name} is a directory: give a source file")
        try:
            with path.open("rb") as handle:
                data = handle.read(max_bytes + 1)
        except FileNotFoundError:
            raise InputError(f"{name}: no such file") from None
        except OSError as exc:
            raise InputError(f"cannot read {name}: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(
            f"{name} is larger than {max_bytes:,} bytes: pass --max-bytes to raise the limit"
        )
    return decode_source(name, data)
