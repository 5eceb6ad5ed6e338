"""Measure a batch of documents with each tokenizer: every count behind the metrics.

All the documents of a batch are laid end to end, so each count is one numpy operation per batch
rather than per document (:mod:`tokscope.stats.tokenizer_counts`). Counts are made per document,
then summed per language (:func:`measure`) or kept per document (:func:`measure_each`, which the
cache's entries are cut from).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from tokscope.corpus.walk import Document
from tokscope.stats.aggregate import Aggregate, RoundTripExample
from tokscope.stats.batch import Batch
from tokscope.stats.encoding import Encoded, encode_texts
from tokscope.stats.identifiers import identifier_tallies, tally_identifiers
from tokscope.stats.layout import DOC, N_CLASSES, N_KINDS
from tokscope.stats.prepared import Prepared
from tokscope.stats.tokenizer_counts import Counted, FormsInto, by_key, count_tokenizer
from tokscope.whitespace.counting import Forms

IdCounts = tuple[tuple[int, ...], tuple[int, ...]]
"""A sparse histogram: the ids used, ascending, and how many times each."""


def add_counts(into: np.ndarray, ids: np.ndarray) -> None:
    """Add to ``into[i]`` how many times ``i`` is in ``ids``: a histogram over the vocabulary,
    touched only where ``ids`` are when they are few (one file's tokens against XLM-R's 250,002
    entries), else counted whole."""
    if len(ids) * 8 < len(into):
        found, times = np.unique(ids, return_counts=True)
        into[found] += times
    else:
        into += np.bincount(ids, minlength=len(into))


IdentifierTally = tuple[str, tuple[int, ...], int, tuple[tuple[int, ...], ...]]
"""(identifier, (occurrences, tokens with tokenizer 0, ...), byte offset of its first occurrence,
the token ids of that occurrence per tokenizer)."""


@dataclass(frozen=True)
class Piece:
    """What the tokenizers made of one document: the counts :func:`measure` adds up, kept for
    that document alone (:func:`tokscope.cache.entry_of` cuts the cache's entries from it)."""

    language: str
    """The document's language (canonical name)."""
    docs: tuple[int, ...]
    """Tokenizer-independent counts (:data:`~tokscope.stats.aggregate.DOC` layout)."""
    counts: tuple[tuple[int, ...], ...]
    """Per tokenizer, its counts (:data:`~tokscope.stats.aggregate.TOK` layout)."""
    histograms: tuple[IdCounts, ...]
    """Per tokenizer, the ids of its tokens."""
    crossing: tuple[IdCounts, ...]
    """Per tokenizer, the ids of its tokens that cross a boundary."""
    identifiers: tuple[IdentifierTally, ...]
    """The document's identifiers, by name."""
    failures: tuple[tuple[RoundTripExample, ...], ...]
    """Per tokenizer, its round-trip failure (none or one)."""
    forms: tuple[dict[str, Forms], ...]
    """Per tokenizer, the identifier forms (with lexical classes)."""
    lost: tuple[int, ...]
    """Per tokenizer, the bytes the round trip loses (:mod:`tokscope.stats.worst`)."""


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
    agg = Aggregate([p.info for p in preps], lex=lex)
    if not docs:
        return agg
    if batch is None:
        batch = Batch(docs, lex=lex)
    lang = batch.lang

    def forms_into(i: int, k: int) -> dict[str, Forms]:
        return agg.forms_of(batch.languages[int(lang[i])])[k]

    doc_rows, per_tok = _count(batch, preps, encoded, forms_into)
    agg.add_contents(batch.datas)
    n_lang = len(batch.languages)
    tok_lang = [np.repeat(lang, c.n_tok) for c in per_tok] if n_lang > 1 else []
    by_lang = [_per_language(batch, c.rows) for c in per_tok]
    for li, (name, doc_counts) in enumerate(zip(batch.languages, _per_language(batch, doc_rows))):
        mine, counts, hists = agg.language(name)
        mine += doc_counts
        for k, c in enumerate(per_tok):
            counts[k] += by_lang[k][li]
            flat = c.tokens.ids
            add_counts(hists[k], flat if n_lang == 1 else flat[tok_lang[k] == li])
    names = [d.name for d in batch.docs]
    for k, c in enumerate(per_tok):
        add_counts(agg.crossing_ids[k], c.tokens.ids[c.crossing])
        for failure in c.failures.values():
            agg.add_failure(k, failure)
        agg.worst[k].add_many(names, c.n_tok, batch.n_bytes, c.lost)
    if lex and len(batch.ident_units):
        tally_identifiers(agg, batch, [c.tokens for c in per_tok])
    return agg


def measure_each(
    docs: Sequence[Document],
    preps: Sequence[Prepared],
    *,
    lex: bool,
    encoded: Sequence[Encoded] | None = None,
    batch: Batch | None = None,
) -> list[Piece]:
    """What :func:`measure` counts, kept per document (in ``docs`` order): the batch is counted
    once, as :func:`measure` counts it, and cut per document."""
    if not docs:
        return []
    if batch is None:
        batch = Batch(docs, lex=lex)
    forms: list[list[dict[str, Forms]]] = [[{} for _ in preps] for _ in docs]
    doc_rows, per_tok = _count(batch, preps, encoded, lambda i, k: forms[i][k])
    n = len(docs)
    idents: list[list[IdentifierTally]] = [[] for _ in docs]
    if lex and len(batch.ident_units):
        passes = [c.tokens for c in per_tok]
        for d, ident, row, offset, splits in identifier_tallies(batch, passes, per_doc=True):
            idents[d].append((ident, tuple(row), offset, splits()))
    hists: list[list[IdCounts]] = []
    crossed: list[list[IdCounts]] = []
    for c in per_tok:
        doc_of = np.repeat(np.arange(n), c.n_tok)
        hists.append(_id_counts_per_doc(c.tokens.ids, doc_of, n))
        crossed.append(_id_counts_per_doc(c.tokens.ids[c.crossing], doc_of[c.crossing], n))
    return [
        Piece(
            language=batch.languages[int(batch.lang[i])],
            docs=tuple(doc_rows[i].tolist()),
            counts=tuple(tuple(c.rows[i].tolist()) for c in per_tok),
            histograms=tuple(mine[i] for mine in hists),
            crossing=tuple(mine[i] for mine in crossed),
            identifiers=tuple(sorted(idents[i])),
            failures=tuple((c.failures[i],) if i in c.failures else () for c in per_tok),
            forms=tuple(forms[i]),
            lost=tuple(int(c.lost[i]) for c in per_tok),
        )
        for i in range(n)
    ]


def _id_counts_per_doc(ids: np.ndarray, doc_of: np.ndarray, n: int) -> list[IdCounts]:
    """The sparse histogram of the ``ids`` of each of ``n`` documents (``doc_of`` gives each
    id's document, ascending), from one ``np.unique`` over (document, id) pairs."""
    width = int(ids.max()) + 1 if len(ids) else 1
    pairs, times = np.unique(doc_of * width + ids, return_counts=True)
    cut = np.searchsorted(pairs, np.arange(n + 1) * width, "left").tolist()
    found, counts = (pairs % width).tolist(), times.tolist()
    return [(tuple(found[a:b]), tuple(counts[a:b])) for a, b in pairwise(cut)]


def _per_language(batch: Batch, rows: np.ndarray) -> np.ndarray:
    """Per-document ``rows`` summed per language of :attr:`Batch.languages`."""
    if len(batch.languages) == 1:
        total: np.ndarray = rows.sum(axis=0, keepdims=True)
        return total
    out = np.zeros((len(batch.languages), rows.shape[1]), dtype=np.int64)
    np.add.at(out, batch.lang, rows)
    return out


def _count(
    batch: Batch,
    preps: Sequence[Prepared],
    encoded: Sequence[Encoded] | None,
    forms_into: FormsInto,
) -> tuple[np.ndarray, list[Counted]]:
    """The batch's (documents x :data:`~tokscope.stats.aggregate.DOC`) counts, and each
    tokenizer's counts."""
    if encoded is None:
        encoded = encode_texts(preps, batch.texts)
    n = len(batch.docs)
    rows = np.zeros((n, DOC.size), dtype=np.int64)
    d = DOC.slices
    rows[:, d["docs"].start] = 1
    rows[:, d["bytes"].start] = batch.n_bytes
    rows[:, d["chars"].start] = batch.n_chars
    rows[:, d["ws_bytes"].start] = batch.ws_bytes
    rows[:, d["words"].start] = by_key(batch.words_doc, n)
    rows[:, d["indent_runs"].start] = by_key(batch.indent_doc, n)
    rows[:, d["indent_bytes"].start] = by_key(
        batch.indent_doc, n, batch.indent[1] - batch.indent[0]
    )
    if batch.lex:
        key = batch.unit_doc * N_CLASSES + batch.unit_cls
        size = n * N_CLASSES
        rows[:, d["class_units"]] = by_key(key, size).reshape(n, N_CLASSES)
        rows[:, d["class_bytes"]] = by_key(key, size, batch.unit_ends - batch.unit_starts).reshape(
            n, N_CLASSES
        )
        bkey = batch.bound_doc * N_KINDS + batch.bound_kind
        rows[:, d["boundaries"]] = by_key(bkey, n * N_KINDS).reshape(n, N_KINDS)
        bounded = np.unique(batch.bound_ident)
        rows[:, d["bounded_identifiers"].start] = by_key(
            batch.unit_doc[batch.ident_units[bounded]], n
        )
    per_tok = [
        count_tokenizer(k, prep, batch, encoded[k], forms_into) for k, prep in enumerate(preps)
    ]
    return rows, per_tok
