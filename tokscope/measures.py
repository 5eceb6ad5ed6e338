"""The whitespace measures every command reports, each defined once: whitespace tokens,
whitespace cost, and whitespace lost (in bytes, and as a share).

The functions here are the plain reference definitions over a :class:`~tokscope.align.segment.
Segmentation`. ``tokscope stats`` computes the same numbers with a vectorised fast path
(``tokscope/stats/measure.py``); ``tests/test_measures.py`` checks it against these functions.

Whitespace means the characters of :data:`tokscope.text.WHITESPACE` (ASCII whitespace), in every
measure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from tokscope.align.segment import Segmentation
from tokscope.text import WHITESPACE_BYTES, WHITESPACE_STRING


def is_whitespace_entry(content: bytes) -> bool:
    """Whether a vocabulary entry is a *whitespace token*: what it stands for (its content bytes)
    is non-empty and made only of whitespace (``Ġ``, ``Ċ``, a raw run of spaces, a lone ``▁``).

    >>> is_whitespace_entry(b"  \\n"), is_whitespace_entry(b" x"), is_whitespace_entry(b"")
    (True, False, False)
    """
    return bool(content) and not content.translate(None, WHITESPACE_STRING)


def content_tables(contents: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per entry, its length in bytes, whether it is a whitespace token, and whether it holds
    anything else than whitespace: :func:`is_whitespace_entry` over all entries at once
    (``tests/test_measures.py`` checks they agree).

    >>> [t.tolist() for t in content_tables([b" ", b"ab", b"", b" a"])]
    [[1, 2, 0, 2], [True, False, False, False], [False, True, False, True]]
    """
    lengths = np.fromiter(map(len, contents), dtype=np.int64, count=len(contents))
    joined = np.frombuffer(b"".join(contents), dtype=np.uint8)
    ws = np.zeros(256, dtype=np.int64)
    ws[list(WHITESPACE_STRING)] = 1
    counts = np.concatenate(([0], np.cumsum(ws[joined])))
    ends = np.cumsum(lengths)
    ws_bytes = counts[ends] - counts[ends - lengths]
    is_ws = (lengths > 0) & (ws_bytes == lengths)
    return lengths, is_ws, ws_bytes < lengths


def whitespace_bytes(data: bytes) -> int:
    """Whitespace bytes of a UTF-8 text.

    >>> whitespace_bytes("a \\t\\u00a0b".encode())
    2
    """
    return len(data) - len(data.translate(None, WHITESPACE_STRING))


def whitespace_cost(whitespace_tokens: int, tokens: int) -> float | None:
    """**Whitespace cost**: whitespace tokens / all tokens (None without tokens)."""
    return whitespace_tokens / tokens if tokens else None


def whitespace_lost_bytes(seg: Segmentation) -> int:
    """**Whitespace lost**: bytes of source whitespace that no token covers or that decode does
    not restore.

    For each whitespace character, count its occurrences in the source that no token covers,
    and how many fewer of it ``decode(encode(text))`` has than the source; the larger of the two
    is lost, and the sum over the characters is the result. A covered occurrence counts as
    restored as far as the decoded text has enough of that character, so a tab rewritten as a
    space is a lost tab, and a space the decoder inserts elsewhere does not hide one no token
    covers. 0 when the text round-trips and every byte is covered.

    XLM-R on ``"  x"``: one space is covered by no token and decode gives ``"x"``, so 2.
    """
    data = seg.text.encode("utf-8", "surrogatepass")
    uncovered = Counter(
        b
        for gap in seg.dropped
        for b in data[gap.byte_start : gap.byte_end]
        if b in WHITESPACE_BYTES
    )
    if seg.round_trip:
        return sum(uncovered.values())
    source = Counter(b for b in data if b in WHITESPACE_BYTES)
    decoded = Counter(
        b for b in seg.decoded.encode("utf-8", "surrogatepass") if b in WHITESPACE_BYTES
    )
    return sum(max(uncovered[b], source[b] - decoded[b]) for b in WHITESPACE_BYTES)


def whitespace_lost_share(lost_bytes: int, whitespace_bytes: int) -> float | None:
    """**Whitespace lost share**: whitespace lost bytes / whitespace bytes of the source (None
    when the source has no whitespace)."""
    return lost_bytes / whitespace_bytes if whitespace_bytes else None
