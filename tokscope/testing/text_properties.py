"""Properties of the text a tokenizer keeps: round trip, offsets, nothing dropped, determinism,
batches, no unknown token, a decode-encode fixed point."""

from __future__ import annotations

from tokenizers import Encoding

from tokscope.align.segment import Segmentation, segment
from tokscope.render.visible import visible
from tokscope.testing.access import (
    TokenizerLike,
    as_loaded,
    decode,
    encode,
    fail,
    plural,
    segment_split,
    split_of,
    unknown_ids,
    valid_text,
)
from tokscope.text import first_difference


def roundtrip(tok: TokenizerLike, text: str) -> None:
    """``decode(encode(text)) == text``: the tokens give the text back exactly.

    >>> roundtrip(load("xlm-roberta"), "a  b")  # doctest: +SKIP
    Traceback (most recent call last):
    PropertyFailure: roundtrip fails for xlm-roberta: decode(encode(text)) is not the text ...
    """
    __tracebackhide__ = True
    t, text = as_loaded(tok), valid_text(text)
    decoded = decode(t, encode(t, text).ids)
    if decoded != text:
        at = first_difference(text, decoded)
        fail(
            "roundtrip",
            t,
            text,
            f"decode(encode(text)) is not the text (first difference at character {at})",
            split_of(t, text),
            split_of(t, decoded, "decoded"),
        )


def offsets(tok: TokenizerLike, text: str) -> None:
    """The tokenizer's offsets are usable: each lies inside the text, they come in order, and,
    aligned exactly (:func:`tokscope.align.segment.segment`), the tokens and the dropped spans tile
    the
    text, every character covered by a token or reported dropped, and no token's offsets point
    away from the text it stands for."""
    __tracebackhide__ = True
    t, text = as_loaded(tok), valid_text(text)
    encoding = encode(t, text)
    previous = 0
    for k, (start, end) in enumerate(encoding.offsets):
        token = encoding.tokens[k]
        if not 0 <= start <= end <= len(text):
            fail(
                "offsets",
                t,
                text,
                f"token {k} ({token!r}) reports offsets ({start}, {end}), outside the text of "
                f"{len(text)} characters",
            )
        if start < previous:
            fail(
                "offsets",
                t,
                text,
                f"token {k} ({token!r}) starts at character {start}, before the token "
                f"before it ({previous})",
            )
        previous = start
    seg = segment(t, text)
    hole = _tiling_error(seg)
    if hole:
        fail("offsets", t, text, hole, segment_split(seg, "text"))
    for k, (span, (start, end)) in enumerate(zip(seg.tokens, encoding.offsets)):
        both = start < end and span.char_start < span.char_end
        if both and (end <= span.char_start or span.char_end <= start):
            fail(
                "offsets",
                t,
                text,
                f"token {k} ({span.token!r}) reports characters {start}..{end} but stands "
                f"for characters {span.char_start}..{span.char_end}",
                segment_split(seg, "text"),
            )


def _tiling_error(seg: Segmentation) -> str | None:
    pieces = [(t.byte_start, t.byte_end) for t in seg.tokens if t.byte_end > t.byte_start]
    pieces += [(g.byte_start, g.byte_end) for g in seg.dropped]
    position = 0
    for start, end in sorted(pieces):
        if start != position:
            what = "overlap" if start < position else "leave a hole"
            return f"tokens and dropped spans {what} at byte {min(start, position)}"
        position = end
    if position != seg.n_bytes:
        return f"tokens and dropped spans stop at byte {position} of {seg.n_bytes}"
    return None


def no_drop(tok: TokenizerLike, text: str) -> None:
    """Every character of the text is covered by some token (nothing is silently dropped)."""
    __tracebackhide__ = True
    t, text = as_loaded(tok), valid_text(text)
    seg = segment(t, text)
    if seg.dropped:
        first = seg.dropped[0]
        fail(
            "no-drop",
            t,
            text,
            f"{plural(seg.dropped_chars, 'character')} covered by no token, first "
            f"{visible(first.text)!r} at character {first.char_start}",
            segment_split(seg, "text"),
        )


def _signature(encoding: Encoding) -> tuple[tuple[int, ...], tuple[tuple[int, int], ...]]:
    keep = [k for k, m in enumerate(encoding.attention_mask) if m]
    return tuple(encoding.ids[k] for k in keep), tuple(encoding.offsets[k] for k in keep)


def deterministic(tok: TokenizerLike, text: str) -> None:
    """Encoding the same text again, before and after encoding another, gives the same ids and
    offsets (BPE dropout, for one, breaks this)."""
    __tracebackhide__ = True
    t, text = as_loaded(tok), valid_text(text)
    first = _signature(encode(t, text))
    for attempt in range(1, 4):
        encode(t, text[::-1] + "x")
        again = _signature(encode(t, text))
        if again != first:
            fail(
                "deterministic",
                t,
                text,
                f"encoding {attempt + 1} gives ids {list(again[0])}, encoding 1 gave "
                f"{list(first[0])}",
            )


def batch(tok: TokenizerLike, text: str) -> None:
    """Encoding the text inside a batch gives the ids and offsets that encoding it alone gives
    (padding, which only a batch adds, is left out of the comparison)."""
    __tracebackhide__ = True
    t, text = as_loaded(tok), valid_text(text)
    single = _signature(encode(t, text))
    batch_items = [text, text[::-1] + text, text]
    results = t.tokenizer.encode_batch(batch_items, add_special_tokens=False)
    for position in (0, 2):
        got = _signature(results[position])
        if got != single:
            fail(
                "batch",
                t,
                text,
                f"as item {position} of a batch the ids are {list(got[0])}, alone "
                f"{list(single[0])}",
            )


def no_unk(tok: TokenizerLike, text: str) -> None:
    """No token of valid Unicode text is the unknown token (byte-level models have none)."""
    __tracebackhide__ = True
    t, text = as_loaded(tok), valid_text(text)
    unknown = unknown_ids(t)
    if not unknown:
        return
    ids = encode(t, text).ids
    if unknown.intersection(ids):
        seg = segment(t, text)
        hits = [x for x in seg.tokens if x.id in unknown]
        covered = " ".join(visible(x.surface) or "∅" for x in hits[:5])
        fail(
            "no-unk",
            t,
            text,
            f"{plural(len(hits), 'unknown token')} ({t.tokenizer.id_to_token(hits[0].id)}) "
            f"for {covered}",
            segment_split(seg, "text"),
        )


def fixed_point(tok: TokenizerLike, text: str) -> None:
    """Decode-encode reaches a fixed point after one step: with ``y = decode(encode(text))``,
    ``decode(encode(y)) == y``. A lossy tokenizer may change a text once, but not again."""
    __tracebackhide__ = True
    t, text = as_loaded(tok), valid_text(text)
    once = decode(t, encode(t, text).ids)
    twice = decode(t, encode(t, once).ids)
    if twice != once:
        at = first_difference(once, twice)
        fail(
            "fixed-point",
            t,
            text,
            f"decoding and encoding again changes the text once more (at character {at})",
            split_of(t, text),
            split_of(t, once, "once"),
            split_of(t, twice, "twice"),
        )
