"""Align tokens with the exact source text they cover.

``tokenizers`` reports character offsets, which are not enough on their own (see DESIGN.md): some
post-processors trim whitespace out of offsets although the token carries it, several byte-level
tokens can report the same character when each holds part of it, and SentencePiece inserts a ``▁``
that stands for no source character at all. :func:`segment` resolves all three by reading what each
token stands for (:class:`~tokscope.loading.entries.EntryDecoder`) against the source bytes, so
that:

* every token gets an exact byte span, and the char span that contains it;
* the covered byte spans and the dropped spans tile the source, in order, with no overlap;
* a token whose content differs from the text it covers (a tab rewritten as ``▁``, an NFC
  composition, an unknown token) is flagged.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from tokscope.loading.sources import LoadedTokenizer
from tokscope.text import ByteIndex


@dataclass(frozen=True)
class TokenSpan:
    """One token and the source text it covers."""

    id: int
    """Vocabulary id."""
    token: str
    """The vocabulary entry as the tokenizer writes it (``Ġx``, ``▁x``, ``##x``...)."""
    char_start: int
    """First character of the span (the character holding ``byte_start`` for partial tokens)."""
    char_end: int
    """One past the last character the token touches."""
    byte_start: int
    """Exact start of the span in the UTF-8 source."""
    byte_end: int
    """Exact end of the span in the UTF-8 source."""
    surface: str
    """The source text covered; bytes that are part of a character are written ``\\xNN``."""
    decoded: str
    """What the token stands for (its entry mapped back to text), written the same way."""
    partial: bool
    """The span starts or ends inside a multi-byte character."""
    differs: bool
    """``decoded`` is not the text the token covers (rewritten, normalised or unknown)."""

    @property
    def n_bytes(self) -> int:
        """Source bytes covered."""
        return self.byte_end - self.byte_start


@dataclass(frozen=True)
class Gap:
    """Source text that no token covers."""

    char_start: int
    """First dropped character."""
    char_end: int
    """One past the last dropped character."""
    byte_start: int
    """Start in the UTF-8 source."""
    byte_end: int
    """End in the UTF-8 source."""
    text: str
    """The dropped text."""


@dataclass(frozen=True)
class Segmentation:
    """A text as one tokenizer splits it (no special tokens added)."""

    text: str
    """The source text."""
    tokens: tuple[TokenSpan, ...]
    """Tokens in order."""
    dropped: tuple[Gap, ...]
    """Spans of the source covered by no token, in order."""
    decoded: str
    """``decode(encode(text))``."""
    n_bytes: int
    """UTF-8 length of the source."""

    @property
    def round_trip(self) -> bool:
        """Whether decoding the tokens gives back the source exactly."""
        return self.decoded == self.text

    @property
    def dropped_chars(self) -> int:
        """Characters covered by no token."""
        return sum(g.char_end - g.char_start for g in self.dropped)

    @property
    def dropped_bytes(self) -> int:
        """Bytes covered by no token."""
        return sum(g.byte_end - g.byte_start for g in self.dropped)

    @property
    def bytes_per_token(self) -> float:
        """Source bytes per token (0 for an empty text)."""
        return self.n_bytes / len(self.tokens) if self.tokens else 0.0


def _show(data: bytes) -> str:
    return data.decode("utf-8", errors="backslashreplace")


def segment(tok: LoadedTokenizer, text: str) -> Segmentation:
    """Encode ``text`` without special tokens and align every token with the source.

    >>> seg = segment(load("roberta"), "a  b")  # doctest: +SKIP
    >>> [(t.token, t.surface) for t in seg.tokens]  # doctest: +SKIP
    [('a', 'a'), ('Ġ', ' '), ('Ġb', ' b')]
    """
    encoding = tok.encode(text, add_special_tokens=False)
    ids: list[int] = encoding.ids
    tokens: list[str] = encoding.tokens
    offsets: list[tuple[int, int]] = encoding.offsets
    data = text.encode("utf-8", "surrogatepass")
    index = ByteIndex(data)
    contents = [tok.entries.content(i, t) for i, t in zip(ids, tokens)]
    spans = _byte_spans(data, index, offsets, contents)
    normalizer = tok.tokenizer.normalizer
    if normalizer is not None and not index.ascii:
        spans = _absorb_composed_marks(data, spans, contents, normalizer.normalize_str)
    metaspace = tok.entries.metaspace is not None

    out: list[TokenSpan] = []
    gaps: list[Gap] = []
    covered_to = 0
    for token_id, token, content, (start, end) in zip(ids, tokens, contents, spans):
        if start > covered_to:
            gaps.append(_gap(text, data, index, covered_to, start))
        covered_to = max(covered_to, end)
        source = data[start:end]
        synthetic_space = metaspace and content[:1] == b" " and content[1:] == source
        out.append(
            TokenSpan(
                id=token_id,
                token=token,
                char_start=index.char(start),
                char_end=index.char_end(start, end),
                byte_start=start,
                byte_end=end,
                surface=_show(source),
                decoded=_show(content),
                partial=not (index.on_boundary(start) and index.on_boundary(end)),
                differs=content != source and not synthetic_space,
            )
        )
    if covered_to < len(data):
        gaps.append(_gap(text, data, index, covered_to, len(data)))
    decoded = tok.decode(ids, skip_special_tokens=False)
    return Segmentation(text, tuple(out), tuple(gaps), decoded, len(data))


def _gap(text: str, data: bytes, index: ByteIndex, start: int, end: int) -> Gap:
    c0, c1 = index.char(start), index.char_end(start, end)
    return Gap(c0, c1, start, end, text[c0:c1])


def _byte_spans(
    data: bytes, index: ByteIndex, offsets: list[tuple[int, int]], contents: list[bytes]
) -> list[tuple[int, int]]:
    """Exact, ordered, non-overlapping byte spans for each token.

    Tokens whose char spans overlap (byte-level pieces of one character, SentencePiece's inserted
    ``▁`` before a character, a ``Ġ`` merged with the first bytes of an emoji) form a group that
    splits its bytes by matching each token's content against the source. A group whose offsets
    were trimmed is widened over the neighbouring bytes its content accounts for.
    """
    groups: list[tuple[int, int, int, int]] = []
    i, n = 0, len(offsets)
    while i < n:
        group_end = offsets[i][1]
        j = i + 1
        while j < n:
            s, e = offsets[j]
            touching = s == group_end and (offsets[j - 1][0] == offsets[j - 1][1] or s == e)
            if not (s < group_end or touching):
                break
            group_end = max(group_end, e)
            j += 1
        groups.append((i, j, index.byte(offsets[i][0]), index.byte(group_end)))
        i = j
    spans: list[tuple[int, int]] = []
    prev_end = 0
    for k, (i, j, raw_start, raw_end) in enumerate(groups):
        start = max(raw_start, prev_end)
        end = max(raw_end, start)
        ceiling = max(groups[k + 1][2], end) if k + 1 < len(groups) else len(data)
        start, end = widen(data, start, end, b"".join(contents[i:j]), prev_end, ceiling)
        spans.extend(_split_shared(data, start, end, contents[i:j]))
        prev_end = end
    return spans


def widen(
    data: bytes, start: int, end: int, content: bytes, floor: int, ceiling: int
) -> tuple[int, int]:
    """Grow ``[start, end)`` within ``[floor, ceiling)`` so that it holds exactly ``content``.

    Trimmed offsets lose the whitespace at a token's edges; the bytes are still in the source
    next to the span. Growing backwards is tried first, as trimming mostly removes a leading space.
    """
    source = data[start:end]
    if len(content) <= len(source):
        return start, end
    for before in range(len(content) - len(source), -1, -1):
        if content[before : before + len(source)] != source:
            continue
        after = len(content) - len(source) - before
        lo, hi = start - before, end + after
        if lo >= floor and hi <= ceiling and data[lo:hi] == content:
            return lo, hi
    return start, end


def _absorb_composed_marks(
    data: bytes,
    spans: list[tuple[int, int]],
    contents: list[bytes],
    normalize: Callable[[str], str],
) -> list[tuple[int, int]]:
    """Give combining marks that a normalizer composed into the previous token back to it.

    NFC turns ``e`` + U+0301 into ``é`` and the offsets then cover only the ``e``: the mark is
    not dropped, it is inside the token.
    """
    out = list(spans)
    for k, (start, end) in enumerate(out):
        stop = out[k + 1][0] if k + 1 < len(out) else len(data)
        if stop <= end or start == end:
            continue
        try:
            gap = data[end:stop].decode("utf-8")
            covered = data[start:stop].decode("utf-8")
        except UnicodeDecodeError:
            continue
        if all(unicodedata.category(ch).startswith("M") for ch in gap) and (
            normalize(covered).encode("utf-8") == contents[k]
        ):
            out[k] = (start, stop)
    return out


def _split_shared(
    data: bytes, start: int, end: int, contents: list[bytes]
) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = start
    last = len(contents) - 1
    for k, content in enumerate(contents):
        if k == last:
            spans.append((pos, end))
        elif content and data.startswith(content, pos) and pos + len(content) <= end:
            spans.append((pos, pos + len(content)))
            pos += len(content)
        else:
            spans.append((pos, pos))
    return spans
