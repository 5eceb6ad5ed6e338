"""Exact token spans, fast: what :func:`tokscope.align.segment.segment` gives, without
per-token Python.

The counts behind the metrics need, for every token, the exact bytes of source it covers.
``segment()`` is the reference, but it is per-token Python (about 20 µs per token), so
:func:`token_spans` gets the same spans three ways, cheapest first:

1. **Tiling.** When the bytes each token stands for, laid end to end, are exactly the source (the
   normal case for byte-level BPE), the spans are their running sums; no offsets are needed, so
   such tokenizers are run through ``encode_batch_fast``.
2. **Offsets.** Otherwise, when the character offsets are ordered, non-empty and need none of
   ``segment``'s repairs, they are the spans (SentencePiece's usual case).
3. **segment().** Anything else goes through ``segment`` itself.

``tests/test_stats_fastpath.py`` checks that the spans, dropped bytes and round-trip flags are
those of ``segment`` on every corpus file and on generated text, for every kind of tokenizer.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import numpy as np

from tokscope.align.segment import segment, widen
from tokscope.stats.prepared import Prepared
from tokscope.text import WHITESPACE_BYTES

_WHITESPACE_INDEX = np.array(sorted(WHITESPACE_BYTES), dtype=np.int64)


@dataclass
class Spans:
    """Where one document's tokens are, exactly as :func:`~tokscope.align.segment.segment` says."""

    starts: np.ndarray
    """Byte where each token starts."""
    ends: np.ndarray
    """Byte where each token ends."""
    dropped: int
    """Source bytes no token covers."""
    tiles: bool
    """The tokens' bytes laid end to end are the source."""
    decoded: str | None = None
    """decode(ids), when it had to be computed."""


def token_spans(
    prep: Prepared,
    text: str,
    data: bytes,
    ids: list[int],
    offsets: list[tuple[int, int]] | None,
    boc: np.ndarray | None,
    arr: np.ndarray | None = None,
) -> tuple[Spans, list[int]]:
    """Exact byte spans of ``ids`` in ``data`` (see the module docstring), and the ids (from
    ``segment`` when it had to be used). ``arr`` is ``ids`` as an array, when already made."""
    if arr is None:
        arr = np.fromiter(ids, dtype=np.int64, count=len(ids))
    lengths = prep.lengths_at(arr)
    if int(lengths.sum()) == len(data) and b"".join(map(prep.contents.__getitem__, ids)) == data:
        ends = np.cumsum(lengths)
        return Spans(ends - lengths, ends, 0, True), ids
    if offsets is None:
        encoding = prep.loaded.tokenizer.encode(text, add_special_tokens=False)
        if encoding.ids != ids:  # cannot happen: the same pipeline with offsets tracked
            raise AssertionError("encode and encode_batch_fast disagree")
        offsets = encoding.offsets
    spans = _offset_spans(prep, data, arr, lengths, offsets, boc)
    if spans is not None:
        return spans, ids
    seg = segment(prep.loaded, text)
    starts = np.fromiter((t.byte_start for t in seg.tokens), dtype=np.int64, count=len(seg.tokens))
    ends = np.fromiter((t.byte_end for t in seg.tokens), dtype=np.int64, count=len(seg.tokens))
    seg_ids = [t.id for t in seg.tokens]
    return Spans(starts, ends, seg.dropped_bytes, False, seg.decoded), seg_ids


def _offset_spans(
    prep: Prepared,
    data: bytes,
    ids: np.ndarray,
    lengths: np.ndarray,
    offsets: list[tuple[int, int]],
    boc: np.ndarray | None,
) -> Spans | None:
    """The spans straight from the offsets, when ``segment`` would not change them; else None."""
    n = len(offsets)
    if n == 0:
        return Spans(np.zeros(0, np.int64), np.zeros(0, np.int64), len(data), False)
    off = np.fromiter(chain.from_iterable(offsets), dtype=np.int64, count=2 * n).reshape(n, 2)
    if boc is not None:
        off = boc[off]
    starts, ends = off[:, 0], off[:, 1]
    # segment() groups tokens whose offsets overlap or touch when empty: none of that here.
    if not (np.all(starts < ends) and np.all(starts[1:] >= ends[:-1])):
        return None
    # It widens a token whose content is longer than its span over the bytes next to it.
    for k in np.flatnonzero(lengths > ends - starts).tolist():
        floor = int(ends[k - 1]) if k else 0
        ceiling = max(int(starts[k + 1]), int(ends[k])) if k + 1 < n else len(data)
        content = prep.contents[int(ids[k])]
        if widen(data, int(starts[k]), int(ends[k]), content, floor, ceiling) != (
            int(starts[k]),
            int(ends[k]),
        ):
            return None
    gaps_after = np.append(starts[1:], len(data)) - ends
    # It gives combining marks after a token back to it (NFC); gaps starting with ASCII are safe.
    if boc is not None and prep.loaded.tokenizer.normalizer is not None:
        arr = np.frombuffer(data, dtype=np.uint8)
        gap_at = ends[gaps_after > 0]
        if len(gap_at) and np.any(arr[gap_at] >= 0x80):
            return None
    dropped = int(starts[0]) + int(gaps_after.sum())
    return Spans(starts, ends, dropped, False)


def losses(
    data: bytes, starts: np.ndarray, ends: np.ndarray, decoded: str | None
) -> tuple[int, int]:
    """(whitespace lost, other bytes no token covers) of one document, from its token spans
    (``starts``, ``ends``) and ``decode(ids)`` (None when it is the source).

    The first is :func:`tokscope.measures.whitespace_lost_bytes` (``tests/test_measures.py``
    checks the two agree for every kind of tokenizer); with the second, it is what a file's
    round trip loses (:mod:`tokscope.stats.worst`).
    """
    arr = np.frombuffer(data, dtype=np.uint8)
    size = len(data) + 1
    depth = np.bincount(starts, minlength=size) - np.bincount(ends, minlength=size)
    covered = np.cumsum(depth[:-1]) > 0
    by_byte = np.bincount(arr[~covered], minlength=256)
    uncovered = by_byte[_WHITESPACE_INDEX]
    other = int(by_byte.sum() - uncovered.sum())
    if decoded is None:
        return int(uncovered.sum()), other
    source = np.bincount(arr, minlength=256)[_WHITESPACE_INDEX]
    out = np.frombuffer(decoded.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    restored = np.bincount(out, minlength=256)[_WHITESPACE_INDEX]
    return int(np.maximum(uncovered, source - restored).sum()), other
