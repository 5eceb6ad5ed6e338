"""One tokenizer over a batch, counted per document: the counts behind every metric of the
:data:`~tokscope.stats.aggregate.TOK` layout (:func:`count_tokenizer`), which
:mod:`tokscope.stats.measure` sums per language or keeps per document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tokscope.stats.aggregate import RoundTripExample, round_trip_example
from tokscope.stats.batch import Batch
from tokscope.stats.damage import Damage, damaged_bytes
from tokscope.stats.encoding import Encoded
from tokscope.stats.identifiers import TokenizerPass
from tokscope.stats.layout import CONTEXTS, N_CLASSES, N_KINDS, TOK
from tokscope.stats.prepared import Prepared
from tokscope.stats.spans import losses, token_spans
from tokscope.whitespace.counting import Forms, identifier_forms_at


def overlaps(
    starts: np.ndarray, ends: np.ndarray, unit_starts: np.ndarray, unit_ends: np.ndarray
) -> np.ndarray:
    """How many tokens (ordered spans) overlap each unit."""
    n = np.searchsorted(starts, unit_ends, "left") - np.searchsorted(ends, unit_starts, "right")
    counts: np.ndarray = np.maximum(n, 0)
    return counts


def by_key(keys: np.ndarray, size: int, weights: np.ndarray | None = None) -> np.ndarray:
    """How many of ``keys`` (each in ``0 .. size - 1``) are each value, or the sum of their
    ``weights`` (exact integers)."""
    if weights is None:
        counts: np.ndarray = np.bincount(keys, minlength=size).astype(np.int64)
    else:
        counts = np.rint(np.bincount(keys, weights=weights, minlength=size)).astype(np.int64)
    return counts


@dataclass(frozen=True)
class Counted:
    """One tokenizer over a batch, counted per document."""

    rows: np.ndarray
    """(documents x :data:`~tokscope.stats.aggregate.TOK`) counts."""
    ids: list[np.ndarray]
    """Per document, its token ids."""
    crossing: np.ndarray
    """Over the batch's tokens (``tokens.ids``), those that cross a boundary."""
    n_tok: np.ndarray
    """Per document, its tokens."""
    lost: np.ndarray
    """Per document, the bytes its round trip loses (0 when it round-trips)."""
    failures: dict[int, RoundTripExample]
    """Document index -> its round-trip failure."""
    tokens: TokenizerPass
    """The tokens end to end, for the identifier tallies."""


FormsInto = Callable[[int, int], dict[str, Forms]]
"""(document index, tokenizer index) -> where that document's identifier forms are counted."""


def _identifier_alignment(
    out: np.ndarray, batch: Batch, starts: np.ndarray, ends: np.ndarray, ident_tokens: np.ndarray
) -> None:
    """Sub-word boundaries on a token boundary (all, and in identifiers split into two tokens or
    more), identifiers kept whole, and token starts inside identifiers that fall on a sub-word
    boundary (the counts of recall and precision)."""
    t = TOK.slices
    n = len(batch.docs)
    ident_doc = batch.unit_doc[batch.ident_units]
    us, ue = batch.unit_starts[batch.ident_units], batch.unit_ends[batch.ident_units]
    inner = np.searchsorted(starts, ue, "left") - np.searchsorted(starts, us, "right")
    out[:, t["ident_token_starts"].start] = by_key(ident_doc, n, np.maximum(inner, 0))
    if not len(batch.bounds):
        return
    at = batch.bounds
    last = max(len(starts) - 1, 0)
    at_start = np.minimum(np.searchsorted(starts, at, "left"), last)
    at_end = np.minimum(np.searchsorted(ends, at, "left"), last)
    if len(starts):
        on_start = starts[at_start] == at
        aligned = on_start | (ends[at_end] == at)
    else:
        on_start = aligned = np.zeros(len(at), bool)
    whole = ident_tokens[batch.bound_ident] == 1
    bkey = batch.bound_doc * N_KINDS + batch.bound_kind
    size = n * N_KINDS
    out[:, t["aligned"]] = by_key(bkey, size, aligned).reshape(n, N_KINDS)
    out[:, t["split_boundaries"]] = by_key(bkey, size, ~whole).reshape(n, N_KINDS)
    out[:, t["split_aligned"]] = by_key(bkey, size, aligned & ~whole).reshape(n, N_KINDS)
    out[:, t["ident_starts_on_subword"].start] = by_key(batch.bound_doc, n, on_start)
    bounded = np.unique(batch.bound_ident)
    out[:, t["whole_identifiers"].start] = by_key(ident_doc[bounded], n, ident_tokens[bounded] == 1)


def _context_forms(
    forms_into: FormsInto,
    k: int,
    prep: Prepared,
    batch: Batch,
    all_ids: list[list[int]],
    starts: list[np.ndarray],
    ends: list[np.ndarray],
) -> None:
    """The first token of each identifier after whitespace, as ``whitespace --corpus`` counts
    it (:func:`~tokscope.whitespace.counting.identifier_forms_at`), into ``forms_into``."""
    tokens = prep.tokens
    for i, text in enumerate(batch.texts):
        base = int(batch.base[i])
        ids = all_ids[i]

        def first(j: int, ids: list[int] = ids) -> tuple[int, str]:
            return ids[j], tokens[ids[j]]

        identifier_forms_at(
            text, (starts[i] - base).tolist(), (ends[i] - base).tolist(), first, forms_into(i, k)
        )


def count_tokenizer(
    k: int, prep: Prepared, batch: Batch, encoded: Encoded, forms_into: FormsInto
) -> Counted:
    """Tokenizer ``k`` (``prep``) over ``batch``, from its encodings: every count of the
    :data:`~tokscope.stats.aggregate.TOK` layout per document, and what the aggregate keeps
    besides; identifier forms go to ``forms_into``."""
    tok = prep.loaded.tokenizer
    texts = batch.texts
    encodings, with_offsets = encoded.encodings, encoded.offsets
    all_ids: list[list[int]] = [e.ids for e in encodings]
    n_docs = len(texts)
    starts_parts: list[np.ndarray] = []
    ends_parts: list[np.ndarray] = []
    dropped = np.zeros(n_docs, dtype=np.int64)
    tiles = np.zeros(n_docs, dtype=bool)
    decoded: dict[int, str] = {}
    replaced: set[int] = set()
    arrays = [np.fromiter(ids, dtype=np.int64, count=len(ids)) for ids in all_ids]
    if n_docs:
        prep.meet(np.concatenate(arrays))  # the batch's new ids at once, not file by file
    for i in range(n_docs):
        spans, ids = token_spans(
            prep,
            texts[i],
            batch.datas[i],
            all_ids[i],
            encodings[i].offsets if with_offsets else None,
            batch.boc[i],
            arrays[i],
        )
        if ids is not all_ids[i]:  # segment() had to be used
            replaced.add(i)
            all_ids[i] = ids
            arrays[i] = np.fromiter(ids, dtype=np.int64, count=len(ids))
        base = int(batch.base[i])
        starts_parts.append(spans.starts + base)
        ends_parts.append(spans.ends + base)
        dropped[i] = spans.dropped
        tiles[i] = spans.tiles
        if spans.decoded is not None:
            decoded[i] = spans.decoded
    if batch.lex:  # identifier figures are off with --no-lex, this one too
        _context_forms(forms_into, k, prep, batch, all_ids, starts_parts, ends_parts)
    n_tok = np.array([len(x) for x in all_ids], dtype=np.int64)
    flat = np.concatenate(arrays) if n_docs else np.zeros(0, np.int64)
    starts = np.concatenate(starts_parts)
    ends = np.concatenate(ends_parts)

    # Round trip: tiling plus a concatenating decoder is a round trip; anything else is decoded.
    round_trip = tiles.copy() if prep.concat_decodes else np.zeros(n_docs, dtype=bool)
    todo = [i for i in range(n_docs) if not round_trip[i] and i not in decoded]
    if encoded.decoded is not None:  # decoded ahead, from the ids as encoded
        for i in [i for i in todo if i not in replaced]:
            decoded[i] = encoded.decoded[i]
        todo = [i for i in todo if i in replaced]
    if todo:
        for i, text in zip(
            todo, tok.decode_batch([all_ids[i] for i in todo], skip_special_tokens=False)
        ):
            decoded[i] = text
    failures: dict[int, RoundTripExample] = {}
    for i, text in decoded.items():
        if text == texts[i]:
            round_trip[i] = True
        else:
            failures[i] = round_trip_example(batch.docs[i].name, texts[i], text)
    ws_lost = np.zeros(n_docs, dtype=np.int64)
    text_lost = np.zeros(n_docs, dtype=np.int64)  # other bytes no token covers
    for i in np.flatnonzero((dropped > 0) | ~round_trip).tolist():
        base = int(batch.base[i])
        ws_lost[i], text_lost[i] = losses(
            batch.datas[i],
            starts_parts[i] - base,
            ends_parts[i] - base,
            None if round_trip[i] else decoded[i],
        )

    n = n_docs
    tok_doc = np.repeat(np.arange(n), n_tok)
    t = TOK.slices
    out = np.zeros((n, TOK.size), dtype=np.int64)
    out[:, t["tokens"].start] = n_tok
    out[:, t["round_trip"].start] = round_trip
    for context in CONTEXTS:
        out[:, t[f"fit_{context}"].start] = n_tok + prep.info.special_tokens_added <= context
    if prep.info.unk_id is not None:
        out[:, t["unk"].start] = by_key(tok_doc[flat == prep.info.unk_id], n)
    out[:, t["ws_tokens"].start] = by_key(tok_doc, n, prep.is_ws_at(flat))
    out[:, t["dropped_bytes"].start] = dropped
    out[:, t["ws_lost_bytes"].start] = ws_lost

    # Boundary crossing: a token holding text of two non-whitespace units, or a line break and
    # non-whitespace text of its own.
    solid_s, solid_e = batch.solid_below
    touching = solid_s[ends] - solid_e[starts + 1]  # solid starts before the end, ends after
    newlines = batch.newlines_below
    lines = newlines[ends] - newlines[starts]
    crossing = (touching >= 2) | ((lines >= 1) & prep.has_text_at(flat))
    out[:, t["crossing"].start] = by_key(tok_doc[crossing], n)

    damaged = np.zeros(batch.total, dtype=bool)
    for i in np.flatnonzero(~tiles).tolist():
        base = int(batch.base[i])
        damaged[base : base + len(batch.datas[i])] = damaged_bytes(
            prep, batch.datas[i], all_ids[i], starts_parts[i] - base, ends_parts[i] - base
        )

    damage = Damage(damaged)
    for prefix, (us, ue), udoc in (
        ("word", batch.words, batch.words_doc),
        ("indent", batch.indent, batch.indent_doc),
    ):
        out[:, t[f"{prefix}_damaged"].start] = by_key(udoc, n, damage.units(us, ue))
        over = overlaps(starts, ends, us, ue)
        out[:, t[f"{prefix}_tokens"].start] = by_key(udoc, n, over)
        covered = "words_covered" if prefix == "word" else "indent_covered"
        continued = "words_continued" if prefix == "word" else "indent_continued"
        out[:, t[covered].start] = by_key(udoc, n, over >= 1)
        out[:, t[continued].start] = by_key(udoc, n, over >= 2)

    ident_tokens = np.zeros(0, dtype=np.int64)
    if batch.lex:
        over = overlaps(starts, ends, batch.unit_starts, batch.unit_ends)
        key = batch.unit_doc * N_CLASSES + batch.unit_cls
        size = n * N_CLASSES
        out[:, t["class_tokens"]] = by_key(key, size, over).reshape(n, N_CLASSES)
        out[:, t["class_covered"]] = by_key(key, size, over >= 1).reshape(n, N_CLASSES)
        out[:, t["class_continued"]] = by_key(key, size, over >= 2).reshape(n, N_CLASSES)
        out[:, t["class_damaged"]] = by_key(
            key, size, damage.units(batch.unit_starts, batch.unit_ends)
        ).reshape(n, N_CLASSES)
        ident_tokens = over[batch.ident_units]
        _identifier_alignment(out, batch, starts, ends, ident_tokens)

    # Worst files (tokscope/stats/worst.py): bytes lost = whitespace lost + other bytes no token
    # covers, 0 for a file that round-trips.
    lost = np.where(round_trip, 0, ws_lost + text_lost)
    tokens = TokenizerPass(flat, starts, ends, ident_tokens)
    return Counted(out, arrays, crossing, n_tok, lost, failures, tokens)


__all__ = ["Counted", "FormsInto", "by_key", "count_tokenizer", "overlaps"]
