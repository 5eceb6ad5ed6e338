"""Measure a batch of documents with each tokenizer: every count behind the metrics.

All the documents of a batch are laid end to end, so each count is one numpy operation per batch
rather than per document: token spans come from :func:`tokscope.stats.spans.token_spans`, and what
a token overlaps (words, indentation runs, lexemes, identifier boundaries) is found with
``searchsorted`` over the spans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from tokscope.corpus.walk import Document
from tokscope.lexing import IDENTIFIER, WHITESPACE, canonical_language, lexeme_starts
from tokscope.stats.aggregate import (
    CONTEXTS,
    DOC,
    N_CLASSES,
    N_KINDS,
    TOK,
    Aggregate,
    round_trip_example,
)
from tokscope.stats.prepared import Prepared
from tokscope.stats.spans import token_spans, whitespace_lost
from tokscope.text import IDENTIFIER_LEXEME, WHITESPACE_BYTES, ByteIndex

_IS_WHITESPACE = np.zeros(256, dtype=bool)
_IS_WHITESPACE[sorted(WHITESPACE_BYTES)] = True


# -- identifiers ----------------------------------------------------------------------------------

_PIECE = re.compile(r"_+|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+|[^\W\d_]+|.", re.S)


@lru_cache(maxsize=1 << 16)
def subword_boundaries(name: str) -> tuple[tuple[int, int], ...]:
    """(character offset, kind index) of each sub-word boundary of an identifier.

    Kinds index :data:`~tokscope.stats.KINDS`: boundaries next to an underscore run are
    ``snake_case`` (``max|_|len``), those of the leading and trailing ``__`` of a dunder name are
    ``dunder`` (``__|init|__``), and a change of case between letters is ``camelCase``
    (``get|User|Name``, ``HTTP|Server``). Boundaries next to digits are not counted.

    >>> subword_boundaries("__init_subclass__")
    ((2, 2), (6, 0), (7, 0), (15, 2))
    """
    if len(name) < 2 or ("_" not in name and (name.islower() or name.isupper())):
        return ()
    pieces = [m.group() for m in _PIECE.finditer(name)]
    if len(pieces) < 2:
        return ()
    dunder = len(name) > 4 and name.startswith("__") and name.endswith("__") and len(pieces) > 2
    found: list[tuple[int, int]] = []
    pos = 0
    last = len(pieces) - 1
    for k in range(last):
        left, right = pieces[k], pieces[k + 1]
        pos += len(left)
        if left[0] == "_" or right[0] == "_":
            edge = (k == 0 and left[0] == "_") or (k + 1 == last and right[0] == "_")
            found.append((pos, 2 if dunder and edge else 0))
        elif left[0].isalpha() and right[0].isalpha():
            found.append((pos, 1))
    return tuple(found)


# -- one batch ------------------------------------------------------------------------------------


class _Batch:
    """The tokenizer-independent side of a batch: documents end to end, and their units."""

    def __init__(self, docs: Sequence[Document], *, lex: bool) -> None:
        self.docs = docs
        self.texts = [d.text for d in docs]
        self.datas = [t.encode("utf-8") for t in self.texts]
        self.languages = sorted({canonical_language(d.language) for d in docs})
        lang_index = {name: k for k, name in enumerate(self.languages)}
        self.lang = np.array([lang_index[canonical_language(d.language)] for d in docs], np.int64)
        self.n_bytes = np.array([len(b) for b in self.datas], dtype=np.int64)
        self.n_chars = np.array([len(t) for t in self.texts], dtype=np.int64)
        self.base = np.concatenate(([0], np.cumsum(self.n_bytes)))
        self.boc = [ByteIndex(b).offsets for b in self.datas]
        joined = np.frombuffer(b"".join(self.datas), dtype=np.uint8)
        self.total = len(joined)
        doc_of_byte = np.repeat(np.arange(len(docs)), self.n_bytes)
        starts_doc = np.zeros(self.total + 1, dtype=bool)
        starts_doc[self.base[:-1]] = True
        ws = _IS_WHITESPACE[joined]
        ws_count = np.concatenate(([0], np.cumsum(ws)))
        self.ws_bytes = ws_count[self.base[1:]] - ws_count[self.base[:-1]]
        self.words = _runs(~ws, starts_doc)
        self.words_lang = self.lang[doc_of_byte[self.words[0]]] if self.total else self.lang[:0]
        # Indentation: runs of spaces and tabs that start a line.
        blank = (joined == 32) | (joined == 9)
        runs = _runs(blank, starts_doc)
        after_newline = np.zeros(self.total, dtype=bool)
        if self.total:
            after_newline[1:] = joined[:-1] == 10
        line_start = after_newline | starts_doc[:-1]
        keep = line_start[runs[0]] if len(runs[0]) else np.zeros(0, dtype=bool)
        self.indent = (runs[0][keep], runs[1][keep])
        self.indent_lang = self.lang[doc_of_byte[self.indent[0]]]
        self.newlines = np.flatnonzero(joined == 10)
        self.lex = lex
        if lex:
            self._lex()
        else:
            self.solid = self.words

    def _lex(self) -> None:
        starts: list[np.ndarray] = []
        classes: list[np.ndarray] = []
        counts: list[int] = []
        names: list[str] = []
        name_units: list[int] = []
        bounds: list[int] = []
        bound_kind: list[int] = []
        bound_doc: list[int] = []
        offset = 0
        for d, (text, doc) in enumerate(zip(self.texts, self.docs)):
            cstarts, cls = lexeme_starts(text, canonical_language(doc.language))
            boc = self.boc[d]
            base = int(self.base[d])
            if boc is None:
                bstarts = np.asarray(cstarts, dtype=np.int64)
            else:
                bstarts = boc[np.asarray(cstarts, dtype=np.int64)]
            starts.append(bstarts + base)
            classes.append(np.asarray(cls, dtype=np.int64))
            counts.append(len(cstarts))
            ends = [*cstarts[1:], len(text)]
            for k, code in enumerate(cls):
                if code != IDENTIFIER:
                    continue
                name = text[cstarts[k] : ends[k]]
                if not IDENTIFIER_LEXEME.fullmatch(name):  # java.util.Map, @ivar, $GLOBAL
                    continue
                names.append(name)
                name_units.append(offset + k)
                found = subword_boundaries(name)
                if found:
                    at = int(bstarts[k]) + base
                    for pos, kind in found:
                        if boc is not None:
                            pos = len(name[:pos].encode("utf-8"))
                        bounds.append(at + pos)
                        bound_kind.append(kind)
                        bound_doc.append(d)
            offset += len(cstarts)
        self.unit_starts = np.concatenate(starts) if starts else np.zeros(0, np.int64)
        self.unit_ends = np.append(self.unit_starts[1:], self.total)
        self.unit_cls = np.concatenate(classes) if classes else np.zeros(0, np.int64)
        self.unit_lang = np.repeat(self.lang, counts)
        solid = self.unit_cls != WHITESPACE
        self.solid = (self.unit_starts[solid], self.unit_ends[solid])
        self.ident_names = names
        self.ident_units = np.asarray(name_units, dtype=np.int64)
        self.bounds = np.asarray(bounds, dtype=np.int64)
        self.bound_kind = np.asarray(bound_kind, dtype=np.int64)
        self.bound_lang = self.lang[np.asarray(bound_doc, dtype=np.int64)]


def _runs(mask: np.ndarray, doc_starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end of each run of True in ``mask``, runs cut at document starts."""
    if not len(mask):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    prev = np.zeros(len(mask), dtype=bool)
    prev[1:] = mask[:-1]
    prev &= ~doc_starts[:-1]
    nxt = np.zeros(len(mask), dtype=bool)
    nxt[:-1] = mask[1:]
    nxt &= ~doc_starts[1:]
    return np.flatnonzero(mask & ~prev), np.flatnonzero(mask & ~nxt) + 1


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


def measure(docs: Sequence[Document], preps: Sequence[Prepared], *, lex: bool) -> Aggregate:
    """The aggregate of ``docs`` for every tokenizer (documents must be non-empty)."""
    agg = Aggregate([p.info for p in preps], lex=lex)
    if not docs:
        return agg
    batch = _Batch(docs, lex=lex)
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
    per_tok = [_measure_tokenizer(agg, k, prep, batch) for k, prep in enumerate(preps)]
    for li, name in enumerate(batch.languages):
        mine, counts, hists = agg.language(name)
        mine += doc_counts[li]
        for k, (tok_counts, tok_hists, _pass) in enumerate(per_tok):
            counts[k] += tok_counts[li]
            hists[k] += tok_hists[li]
    if lex and len(batch.ident_units):
        _identifiers(agg, batch, [p[2] for p in per_tok])
    return agg


@dataclass
class _TokenizerPass:
    """One tokenizer's view of a batch, kept for the identifier tallies."""

    ids: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    ident_tokens: np.ndarray


def _measure_tokenizer(
    agg: Aggregate, k: int, prep: Prepared, batch: _Batch
) -> tuple[np.ndarray, list[np.ndarray], _TokenizerPass]:
    tok = prep.loaded.tokenizer
    texts = batch.texts
    if prep.byte_level and hasattr(tok, "encode_batch_fast"):
        encodings = tok.encode_batch_fast(texts, add_special_tokens=False)
        with_offsets = False
    else:
        encodings = tok.encode_batch(texts, add_special_tokens=False)
        with_offsets = True
    all_ids: list[list[int]] = [e.ids for e in encodings]
    n_docs = len(texts)
    starts_parts: list[np.ndarray] = []
    ends_parts: list[np.ndarray] = []
    dropped = np.zeros(n_docs, dtype=np.int64)
    tiles = np.zeros(n_docs, dtype=bool)
    decoded: dict[int, str] = {}
    arrays = [np.fromiter(ids, dtype=np.int64, count=len(ids)) for ids in all_ids]
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
            all_ids[i] = ids
            arrays[i] = np.fromiter(ids, dtype=np.int64, count=len(ids))
        base = int(batch.base[i])
        starts_parts.append(spans.starts + base)
        ends_parts.append(spans.ends + base)
        dropped[i] = spans.dropped
        tiles[i] = spans.tiles
        if spans.decoded is not None:
            decoded[i] = spans.decoded
    n_tok = np.array([len(x) for x in all_ids], dtype=np.int64)
    flat = np.concatenate(arrays) if n_docs else np.zeros(0, np.int64)
    starts = np.concatenate(starts_parts)
    ends = np.concatenate(ends_parts)

    # Round trip: tiling plus a concatenating decoder is a round trip; anything else is decoded.
    round_trip = tiles.copy() if prep.concat_decodes else np.zeros(n_docs, dtype=bool)
    todo = [i for i in range(n_docs) if not round_trip[i] and i not in decoded]
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
    for i in np.flatnonzero((dropped > 0) | ~round_trip).tolist():
        base = int(batch.base[i])
        ws_lost[i] = whitespace_lost(
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
    out[:, t["ws_tokens"].start] = _by(tok_lang, n_lang, prep.is_ws[flat])
    out[:, t["dropped_bytes"].start] = _by(lang, n_lang, dropped)
    out[:, t["ws_lost_bytes"].start] = _by(lang, n_lang, ws_lost)

    # Boundary crossing: a token holding text of two non-whitespace units, or a line break and
    # non-whitespace text of its own.
    solid_s, solid_e = batch.solid
    touching = np.searchsorted(solid_s, ends, "left") - np.searchsorted(solid_e, starts, "right")
    lines = np.searchsorted(batch.newlines, ends, "left") - np.searchsorted(
        batch.newlines, starts, "left"
    )
    crossing = (touching >= 2) | ((lines >= 1) & prep.has_text[flat])
    out[:, t["crossing"].start] = _by(tok_lang[crossing], n_lang)
    agg.crossing_ids[k] += np.bincount(flat[crossing], minlength=prep.info.vocab_size)

    for prefix, (us, ue), ulang in (
        ("word", batch.words, batch.words_lang),
        ("indent", batch.indent, batch.indent_lang),
    ):
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
        ident_tokens = n[batch.ident_units]
        if len(batch.bounds):
            at = batch.bounds
            last = max(len(starts) - 1, 0)
            at_start = np.minimum(np.searchsorted(starts, at, "left"), last)
            at_end = np.minimum(np.searchsorted(ends, at, "left"), last)
            aligned = (
                (starts[at_start] == at) | (ends[at_end] == at)
                if len(starts)
                else np.zeros(len(at), bool)
            )
            bkey = batch.bound_lang * N_KINDS + batch.bound_kind
            out[:, t["aligned"]] = _by(bkey, n_lang * N_KINDS, aligned).reshape(n_lang, N_KINDS)

    hists = []
    size = prep.info.vocab_size
    if n_lang == 1:
        hists.append(np.bincount(flat, minlength=size))
    else:
        for li in range(n_lang):
            hists.append(np.bincount(flat[tok_lang == li], minlength=size))
    return out, hists, _TokenizerPass(flat, starts, ends, ident_tokens)


def _identifiers(agg: Aggregate, batch: _Batch, passes: list[_TokenizerPass]) -> None:
    """Occurrences and tokens per identifier, and the split of each one's first occurrence."""
    index: dict[str, int] = {}
    local = np.fromiter(
        (index.setdefault(n, len(index)) for n in batch.ident_names),
        dtype=np.int64,
        count=len(batch.ident_names),
    )
    unique = len(index)
    occurrences = np.bincount(local, minlength=unique)
    sums = [np.bincount(local, weights=p.ident_tokens, minlength=unique) for p in passes]
    table = np.rint(np.vstack([occurrences, *sums])).astype(np.int64).T.tolist()
    # First occurrence: smallest (file name, offset); files in a batch need not be sorted.
    units = batch.ident_units
    unit_start = batch.unit_starts[units]
    doc = np.searchsorted(batch.base, unit_start, "right") - 1
    names = [d.name for d in batch.docs]
    rank = np.empty(len(names), dtype=np.int64)
    rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
    order = np.lexsort((unit_start, rank[doc], local))
    first = order[np.concatenate(([True], local[order][1:] != local[order][:-1]))]
    unit_end = batch.unit_ends[units]
    first_start, first_end = unit_start[first], unit_end[first]
    bounds = [
        (
            p.ids.tolist(),
            np.searchsorted(p.ends, first_start, "right").tolist(),
            np.searchsorted(p.starts, first_end, "left").tolist(),
        )
        for p in passes
    ]
    for k, occ in enumerate(first.tolist()):
        ident = batch.ident_names[occ]
        d = int(doc[occ])

        def splits(k: int = k) -> tuple[tuple[int, ...], ...]:
            return tuple(tuple(ids[lo[k] : hi[k]]) for ids, lo, hi in bounds)

        offset = int(unit_start[occ] - batch.base[d])
        agg.add_identifier(ident, table[index[ident]], names[d], offset, splits)
