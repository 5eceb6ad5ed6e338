"""Measure a batch of documents with each tokenizer: every count behind the metrics.

All the documents of a batch are laid end to end, so each count is one numpy operation per batch
rather than per document: token spans come from :func:`tokscope.stats.spans.token_spans`, and what
a token overlaps (words, indentation runs, lexemes, identifier boundaries) is found with
``searchsorted`` over the spans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tokscope.corpus.walk import Document
from tokscope.stats.aggregate import (
    CONTEXTS,
    DOC,
    N_CLASSES,
    N_KINDS,
    TOK,
    Aggregate,
    round_trip_example,
)
from tokscope.stats.batch import Batch
from tokscope.stats.damage import Damage, damaged_bytes
from tokscope.stats.encoding import Encoded, encode_texts
from tokscope.stats.identifiers import TokenizerPass, tally_identifiers
from tokscope.stats.prepared import Prepared
from tokscope.stats.spans import losses, token_spans
from tokscope.whitespace.counting import identifier_forms_at


def _overlaps(
    starts: np.ndarray, ends: np.ndarray, unit_starts: np.ndarray, unit_ends: np.ndarray
) -> np.ndarray:
    """How many tokens (ordered spans) overlap each unit."""
    n = np.searchsorted(starts, unit_ends, "left") - np.searchsorted(ends, unit_starts, "right")
    counts: np.ndarray = np.maximum(n, 0)
    return counts


def _by(keys: np.ndarray, size: int, weights: np.ndarray | None = None) -> np.ndarray:
    if weights is None:
        counts: np.ndarray = np.bincount(keys, minlength=size).astype(np.int64)
    else:
        counts = np.rint(np.bincount(keys, weights=weights, minlength=size)).astype(np.int64)
    return counts


IdCounts = tuple[tuple[int, ...], tuple[int, ...]]
"""A sparse histogram: the ids used, ascending, and how many times each."""


def id_counts(ids: np.ndarray) -> IdCounts:
    """The sparse histogram of ``ids``."""
    found, times = np.unique(ids, return_counts=True)
    return tuple(found.tolist()), tuple(times.tolist())


def add_counts(into: np.ndarray, ids: np.ndarray) -> None:
    """Add to ``into[i]`` how many times ``i`` is in ``ids``: a histogram over the vocabulary,
    touched only where ``ids`` are when they are few (one file's tokens against XLM-R's 250,002
    entries), else counted whole."""
    if len(ids) * 8 < len(into):
        found, times = np.unique(ids, return_counts=True)
        into[found] += times
    else:
        into += np.bincount(ids, minlength=len(into))


@dataclass(frozen=True)
class Used:
    """What one tokenizer used on one document, as sparse histograms."""

    histogram: IdCounts
    """The ids of its tokens."""
    crossing: IdCounts
    """The ids of its tokens that cross a boundary."""


def measure(
    docs: Sequence[Document],
    preps: Sequence[Prepared],
    *,
    lex: bool,
    encoded: Sequence[Encoded] | None = None,
    batch: Batch | None = None,
) -> Aggregate:
    """The aggregate of ``docs`` for every tokenizer (documents must be non-empty); ``encoded``
    is :func:`encode_texts` of their texts when it was computed ahead, ``batch`` their
    :class:`~tokscope.stats.batch.Batch` when it was built before."""
    return _measure(docs, preps, lex=lex, encoded=encoded, batch=batch, used=None)


def measure_one(
    doc: Document,
    preps: Sequence[Prepared],
    *,
    lex: bool,
    encoded: Sequence[Encoded] | None = None,
    batch: Batch | None = None,
) -> tuple[Aggregate, list[Used]]:
    """:func:`measure` of one document, with its id histograms and boundary crossings as
    :class:`Used` (per tokenizer) instead of in the aggregate, whose arrays of a vocabulary's
    size stay empty: for the cache's one-document entries, which keep them sparse."""
    used: list[Used] = []
    return _measure([doc], preps, lex=lex, encoded=encoded, batch=batch, used=used), used


def _measure(
    docs: Sequence[Document],
    preps: Sequence[Prepared],
    *,
    lex: bool,
    encoded: Sequence[Encoded] | None,
    batch: Batch | None,
    used: list[Used] | None,
) -> Aggregate:
    agg = Aggregate([p.info for p in preps], lex=lex)
    if not docs:
        return agg
    if encoded is None:
        encoded = encode_texts(preps, [d.text for d in docs])
    if batch is None:
        batch = Batch(docs, lex=lex)
    agg.add_contents(batch.datas)
    n_lang = len(batch.languages)
    doc_counts = np.zeros((n_lang, DOC.size), dtype=np.int64)
    d = DOC.slices
    lang = batch.lang
    doc_counts[:, d["docs"].start] = _by(lang, n_lang)
    doc_counts[:, d["bytes"].start] = _by(lang, n_lang, batch.n_bytes)
    doc_counts[:, d["chars"].start] = _by(lang, n_lang, batch.n_chars)
    doc_counts[:, d["ws_bytes"].start] = _by(lang, n_lang, batch.ws_bytes)
    doc_counts[:, d["words"].start] = _by(batch.words_lang, n_lang)
    doc_counts[:, d["indent_runs"].start] = _by(batch.indent_lang, n_lang)
    doc_counts[:, d["indent_bytes"].start] = _by(
        batch.indent_lang, n_lang, batch.indent[1] - batch.indent[0]
    )
    if lex:
        key = batch.unit_lang * N_CLASSES + batch.unit_cls
        size = n_lang * N_CLASSES
        doc_counts[:, d["class_units"]] = _by(key, size).reshape(n_lang, N_CLASSES)
        doc_counts[:, d["class_bytes"]] = _by(
            key, size, batch.unit_ends - batch.unit_starts
        ).reshape(n_lang, N_CLASSES)
        bkey = batch.bound_lang * N_KINDS + batch.bound_kind
        doc_counts[:, d["boundaries"]] = _by(bkey, n_lang * N_KINDS).reshape(n_lang, N_KINDS)
        bounded = np.unique(batch.bound_ident)
        doc_counts[:, d["bounded_identifiers"].start] = _by(
            batch.unit_lang[batch.ident_units[bounded]], n_lang
        )
    per_tok = [_measure_tokenizer(agg, k, prep, batch, encoded[k]) for k, prep in enumerate(preps)]
    for li, name in enumerate(batch.languages):
        mine, counts, hists = agg.language(name)
        mine += doc_counts[li]
        for k, (tok_counts, tok_ids, _crossed, _pass) in enumerate(per_tok):
            counts[k] += tok_counts[li]
            if used is None:
                add_counts(hists[k], tok_ids[li])
    for k, (_counts, tok_ids, crossed, _pass) in enumerate(per_tok):
        if used is None:
            add_counts(agg.crossing_ids[k], crossed)
        else:  # one document, one language
            used.append(Used(id_counts(tok_ids[0]), id_counts(crossed)))
    if lex and len(batch.ident_units):
        tally_identifiers(agg, batch, [p[3] for p in per_tok])
    return agg


def _identifier_alignment(
    out: np.ndarray, batch: Batch, starts: np.ndarray, ends: np.ndarray, ident_tokens: np.ndarray
) -> None:
    """Sub-word boundaries on a token boundary (all, and in identifiers split into two tokens or
    more), identifiers kept whole, and token starts inside identifiers that fall on a sub-word
    boundary (the counts of recall and precision)."""
    t = TOK.slices
    n_lang = len(batch.languages)
    ident_lang = batch.unit_lang[batch.ident_units]
    us, ue = batch.unit_starts[batch.ident_units], batch.unit_ends[batch.ident_units]
    inner = np.searchsorted(starts, ue, "left") - np.searchsorted(starts, us, "right")
    out[:, t["ident_token_starts"].start] = _by(ident_lang, n_lang, np.maximum(inner, 0))
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
    bkey = batch.bound_lang * N_KINDS + batch.bound_kind
    size = n_lang * N_KINDS
    out[:, t["aligned"]] = _by(bkey, size, aligned).reshape(n_lang, N_KINDS)
    out[:, t["split_boundaries"]] = _by(bkey, size, ~whole).reshape(n_lang, N_KINDS)
    out[:, t["split_aligned"]] = _by(bkey, size, aligned & ~whole).reshape(n_lang, N_KINDS)
    out[:, t["ident_starts_on_subword"].start] = _by(batch.bound_lang, n_lang, on_start)
    bounded = np.unique(batch.bound_ident)
    out[:, t["whole_identifiers"].start] = _by(
        ident_lang[bounded], n_lang, ident_tokens[bounded] == 1
    )


def _context_forms(
    agg: Aggregate,
    k: int,
    prep: Prepared,
    batch: Batch,
    all_ids: list[list[int]],
    starts: list[np.ndarray],
    ends: list[np.ndarray],
) -> None:
    """The first token of each identifier after whitespace, as ``whitespace --corpus`` counts
    it (:func:`~tokscope.whitespace.counting.identifier_forms_at`), per language."""
    tokens = prep.tokens
    for i, text in enumerate(batch.texts):
        base = int(batch.base[i])
        ids = all_ids[i]

        def first(j: int, ids: list[int] = ids) -> tuple[int, str]:
            return ids[j], tokens[ids[j]]

        into = agg.forms_of(batch.languages[int(batch.lang[i])])[k]
        identifier_forms_at(
            text, (starts[i] - base).tolist(), (ends[i] - base).tolist(), first, into
        )


def _measure_tokenizer(
    agg: Aggregate, k: int, prep: Prepared, batch: Batch, encoded: Encoded
) -> tuple[np.ndarray, list[np.ndarray], np.ndarray, TokenizerPass]:
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
        _context_forms(agg, k, prep, batch, all_ids, starts_parts, ends_parts)
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
    for i, text in decoded.items():
        if text == texts[i]:
            round_trip[i] = True
        else:
            agg.add_failure(k, round_trip_example(batch.docs[i].name, texts[i], text))
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

    n_lang = len(batch.languages)
    lang = batch.lang
    tok_lang = np.repeat(lang, n_tok)
    t = TOK.slices
    out = np.zeros((n_lang, TOK.size), dtype=np.int64)
    out[:, t["tokens"].start] = _by(lang, n_lang, n_tok)
    out[:, t["round_trip"].start] = _by(lang, n_lang, round_trip)
    for context in CONTEXTS:
        fits = n_tok + prep.info.special_tokens_added <= context
        out[:, t[f"fit_{context}"].start] = _by(lang, n_lang, fits)
    if prep.info.unk_id is not None:
        out[:, t["unk"].start] = _by(tok_lang[flat == prep.info.unk_id], n_lang)
    out[:, t["ws_tokens"].start] = _by(tok_lang, n_lang, prep.is_ws_at(flat))
    out[:, t["dropped_bytes"].start] = _by(lang, n_lang, dropped)
    out[:, t["ws_lost_bytes"].start] = _by(lang, n_lang, ws_lost)

    # Boundary crossing: a token holding text of two non-whitespace units, or a line break and
    # non-whitespace text of its own.
    solid_s, solid_e = batch.solid_below
    touching = solid_s[ends] - solid_e[starts + 1]  # solid starts before the end, ends after
    newlines = batch.newlines_below
    lines = newlines[ends] - newlines[starts]
    crossing = (touching >= 2) | ((lines >= 1) & prep.has_text_at(flat))
    out[:, t["crossing"].start] = _by(tok_lang[crossing], n_lang)
    crossed = flat[crossing]

    damaged = np.zeros(batch.total, dtype=bool)
    for i in np.flatnonzero(~tiles).tolist():
        base = int(batch.base[i])
        damaged[base : base + len(batch.datas[i])] = damaged_bytes(
            prep, batch.datas[i], all_ids[i], starts_parts[i] - base, ends_parts[i] - base
        )

    damage = Damage(damaged)
    for prefix, (us, ue), ulang in (
        ("word", batch.words, batch.words_lang),
        ("indent", batch.indent, batch.indent_lang),
    ):
        out[:, t[f"{prefix}_damaged"].start] = _by(ulang, n_lang, damage.units(us, ue))
        n = _overlaps(starts, ends, us, ue)
        out[:, t[f"{prefix}_tokens"].start] = _by(ulang, n_lang, n)
        covered = "words_covered" if prefix == "word" else "indent_covered"
        continued = "words_continued" if prefix == "word" else "indent_continued"
        out[:, t[covered].start] = _by(ulang, n_lang, n >= 1)
        out[:, t[continued].start] = _by(ulang, n_lang, n >= 2)

    ident_tokens = np.zeros(0, dtype=np.int64)
    if batch.lex:
        n = _overlaps(starts, ends, batch.unit_starts, batch.unit_ends)
        key = batch.unit_lang * N_CLASSES + batch.unit_cls
        size = n_lang * N_CLASSES
        out[:, t["class_tokens"]] = _by(key, size, n).reshape(n_lang, N_CLASSES)
        out[:, t["class_covered"]] = _by(key, size, n >= 1).reshape(n_lang, N_CLASSES)
        out[:, t["class_continued"]] = _by(key, size, n >= 2).reshape(n_lang, N_CLASSES)
        out[:, t["class_damaged"]] = _by(
            key, size, damage.units(batch.unit_starts, batch.unit_ends)
        ).reshape(n_lang, N_CLASSES)
        ident_tokens = n[batch.ident_units]
        _identifier_alignment(out, batch, starts, ends, ident_tokens)

    by_lang = [flat] if n_lang == 1 else [flat[tok_lang == li] for li in range(n_lang)]

    # Worst files (tokscope/stats/worst.py): bytes lost = whitespace lost + other bytes no token
    # covers, 0 for a file that round-trips.
    lost = np.where(round_trip, 0, ws_lost + text_lost)
    agg.worst[k].add_many([d.name for d in batch.docs], n_tok, batch.n_bytes, lost)
    return out, by_lang, crossed, TokenizerPass(flat, starts, ends, ident_tokens)
