"""A tokenizer's per-id tables kept in the cache (:class:`~tokscope.stats.prepared.Tables`).

They depend only on the tokenizer's files and the code, so the key is
:func:`~tokscope.cache.keys.code_parts` and :func:`~tokscope.cache.keys.tokenizer_key`. A run
that measures a few edited files then loads the tokenizer but does not read its whole
vocabulary (for XLM-R's 250,002 entries that reading costs more than measuring the files). The
body is compressed: lengths as little-endian integers, the two flags as bits, the absent ids.
"""

from __future__ import annotations

import marshal
import zlib
from typing import TYPE_CHECKING, Any

import numpy as np

from tokscope.cache.keys import code_parts, key_of, tokenizer_key
from tokscope.stats.prepared import Tables

if TYPE_CHECKING:
    from tokscope.loading.tokenizer import Provenance

FORMAT = 1
"""Version of the body written by :func:`encode_tables`."""


def tables_key(prov: Provenance) -> str:
    """The cache key of the tables of the tokenizer ``prov`` describes."""
    return key_of(["tables", *code_parts(), tokenizer_key(prov)])


def encode_tables(tables: Tables) -> bytes:
    """``tables`` as compressed bytes."""
    body = (
        FORMAT,
        len(tables.lengths),
        np.asarray(tables.lengths, dtype="<i8").tobytes(),
        np.packbits(tables.is_ws).tobytes(),
        np.packbits(tables.has_text).tobytes(),
        tuple(int(i) for i in tables.absent),
    )
    return zlib.compress(marshal.dumps(body, 4), 1)


def decode_tables(data: bytes) -> Tables | None:
    """What :func:`encode_tables` wrote, or None for anything else."""
    try:
        body: Any = marshal.loads(zlib.decompress(data))
    except (ValueError, EOFError, TypeError, MemoryError, zlib.error):
        return None
    if not (isinstance(body, tuple) and len(body) == 6 and body[0] == FORMAT):
        return None
    _, size, lengths, is_ws, has_text, absent = body
    if not isinstance(size, int) or size < 0:
        return None
    flags = (size + 7) // 8
    if not (
        isinstance(lengths, bytes)
        and len(lengths) == 8 * size
        and isinstance(is_ws, bytes)
        and isinstance(has_text, bytes)
        and len(is_ws) == len(has_text) == flags
        and isinstance(absent, tuple)
        and all(type(i) is int and 0 <= i < size for i in absent)
    ):
        return None

    def bits(raw: bytes) -> np.ndarray:
        return np.unpackbits(np.frombuffer(raw, dtype=np.uint8), count=size).astype(bool)

    return Tables(
        np.frombuffer(lengths, dtype="<i8").astype(np.int64), bits(is_ws), bits(has_text), absent
    )


__all__ = ["decode_tables", "encode_tables", "tables_key"]
