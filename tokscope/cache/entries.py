"""One document measured with one tokenizer: the cache's unit, as bytes and back.

An :class:`Entry` is what one tokenizer made of one document
(:class:`~tokscope.stats.measure.Piece`): the part that depends only on the document's text and
language (the file name is put back when the entry is used), with id histograms kept sparse (a
file uses a few hundred ids of a vocabulary of hundreds of thousands). :func:`add_document` adds
the entries of one document (one per tokenizer) to an aggregate exactly as merging the aggregate
of that document would, so a run served from the cache is the run measured afresh.
"""

from __future__ import annotations

import marshal
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from tokscope.stats.aggregate import Aggregate, RoundTripExample
from tokscope.stats.layout import DOC, TOK
from tokscope.whitespace.counting import Forms

if TYPE_CHECKING:
    from tokscope.stats.measure import Piece

FORMAT = 5
"""Version of the body written by :func:`encode` (bumped when the layout changes)."""


EntryForms = tuple[tuple[str, ...], tuple[tuple[str, int, str, tuple[int, ...]], ...]]
"""An entry's identifier forms (see :attr:`Entry.forms`)."""


@dataclass(frozen=True)
class Entry:
    """What one tokenizer made of one document."""

    language: str
    """The document's language (canonical name)."""
    docs: tuple[int, ...]
    """Tokenizer-independent counts (:data:`~tokscope.stats.aggregate.DOC` layout)."""
    counts: tuple[int, ...]
    """The tokenizer's counts (:data:`~tokscope.stats.aggregate.TOK` layout)."""
    histogram: tuple[tuple[int, ...], tuple[int, ...]]
    """(ids, occurrences) of the ids used."""
    crossing: tuple[tuple[int, ...], tuple[int, ...]]
    """(ids, boundary-crossing occurrences) of the ids that cross."""
    identifiers: tuple[tuple[str, int, int, int, tuple[int, ...]], ...]
    """(name, occurrences, tokens, byte offset of the first occurrence, its token ids)."""
    failures: tuple[tuple[int, str, str], ...]
    """Round-trip failures as (char, source, decoded)."""
    forms: EntryForms = ((), ())
    """Identifier forms (:data:`~tokscope.whitespace.counting.Forms`), compact: (the distinct
    whitespace strings, ((identifier, first token id, first token, (whitespace index,
    occurrences, whitespace index, occurrences, ...)), ...)). Each whitespace string is stored
    once: forms were most of an entry's size when they repeated it."""
    lost: int = 0
    """Bytes the document's round trip loses (:mod:`tokscope.stats.worst`)."""


def entry_of(piece: Piece, k: int = 0) -> Entry:
    """The entry of tokenizer ``k`` in what :func:`~tokscope.stats.measure.measure_each` made
    of one document."""
    if not 0 <= k < len(piece.counts):
        raise ValueError(f"no tokenizer {k} in this document's counts")
    return Entry(
        language=piece.language,
        docs=piece.docs,
        counts=piece.counts[k],
        histogram=piece.histograms[k],
        crossing=piece.crossing[k],
        identifiers=tuple(
            (name, row[0], row[1 + k], offset, splits[k])
            for name, row, offset, splits in piece.identifiers
        ),
        failures=tuple((e.char, e.source, e.decoded) for e in piece.failures[k]),
        forms=_compact(piece.forms[k]),
        lost=piece.lost[k],
    )


def _compact(words: dict[str, Forms]) -> EntryForms:
    spaces: dict[str, int] = {}
    rows = []
    for word, forms in sorted(words.items()):
        for (token_id, token), by_ws in sorted(forms.items()):
            flat: list[int] = []
            for ws, n in sorted(by_ws.items()):
                flat += (spaces.setdefault(ws, len(spaces)), n)
            rows.append((word, token_id, token, tuple(flat)))
    return tuple(spaces), tuple(rows)


def encode(entry: Entry) -> bytes:
    """The entry as bytes: :mod:`marshal` of its fields (tuples, ints and strings only), which
    reads back several times quicker than JSON. The store checks each body's digest before
    :func:`decode` sees it, and :func:`decode` checks the shape of what it reads."""
    body = (
        FORMAT,
        entry.language,
        entry.docs,
        entry.counts,
        entry.histogram,
        entry.crossing,
        entry.identifiers,
        entry.failures,
        entry.forms,
        entry.lost,
    )
    return marshal.dumps(body, 4)


def decode(data: bytes) -> Entry | None:
    """The entry :func:`encode` wrote, or None for anything else (an older format, damage)."""
    try:
        body: Any = marshal.loads(data)
    except (ValueError, EOFError, TypeError, MemoryError):
        return None
    if not (isinstance(body, tuple) and len(body) == 10 and body[0] == FORMAT):
        return None
    _, language, docs, counts, hist, cross, idents, failures, forms, lost = body
    if not (
        isinstance(language, str)
        and _ints(docs)
        and _ints(counts)
        and _pairs(hist)
        and _pairs(cross)
        and _rows(idents, 5)
        and _rows(failures, 3)
        and isinstance(forms, tuple)
        and len(forms) == 2
        and isinstance(forms[0], tuple)
        and _rows(forms[1], 4)
        and isinstance(lost, int)
    ):
        return None
    return Entry(language, docs, counts, hist, cross, idents, failures, forms, lost)


def _array(values: tuple[int, ...]) -> np.ndarray:
    return np.asarray(values, dtype=np.int64)


def _ints(value: object) -> bool:
    return isinstance(value, tuple) and all(type(x) is int for x in value)


def _rows(value: object, width: int) -> bool:
    return isinstance(value, tuple) and all(
        type(row) is tuple and len(row) == width for row in value
    )


def _pairs(value: object) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and _ints(value[0]) and _ints(value[1])


def add_forms(into: dict[str, Forms], forms: EntryForms) -> None:
    """Add an entry's identifier forms to ``into`` in place: what
    :func:`~tokscope.whitespace.counting.merge_forms` does with the same forms as dictionaries,
    without building them first (``tests/test_cache.py`` checks the totals agree)."""
    spaces, rows = forms
    for word, token_id, token, flat in rows:
        mine = into.get(word)
        if mine is None:
            mine = into[word] = {}
        counts = mine.get((token_id, token))
        if counts is None:
            mine[(token_id, token)] = {spaces[flat[i]]: flat[i + 1] for i in range(0, len(flat), 2)}
            continue
        for i in range(0, len(flat), 2):
            ws = spaces[flat[i]]
            counts[ws] = counts.get(ws, 0) + flat[i + 1]


def add_document(total: Aggregate, name: str, entries: Sequence[Entry]) -> None:
    """Add one document called ``name``, measured by each tokenizer of ``total`` (``entries[k]``
    for tokenizer ``k``), to ``total``: what merging that document's aggregate would do, but for
    the corpus fingerprint, which the caller folds in from the text
    (:meth:`Aggregate.add_contents`)."""
    if len(entries) != len(total.tokenizers):
        raise ValueError("one entry per tokenizer is needed")
    first = entries[0]
    docs, counts = total.counts_of(first.language)
    docs += np.asarray(first.docs, dtype=np.int64)
    for k, entry in enumerate(entries):
        counts[k] += np.asarray(entry.counts, dtype=np.int64)
        ids, values = entry.histogram
        if ids:
            total.add_ids(first.language, k, _array(ids), _array(values))
        ids, values = entry.crossing
        if ids:
            total.add_crossing(k, _array(ids), _array(values))
        total.worst[k].add(
            name, entry.counts[TOK.at("tokens")], first.docs[DOC.at("bytes")], entry.lost
        )
        for char, source, decoded in entry.failures:
            total.add_failure(k, RoundTripExample(name, char, source, decoded))
        if total.lex:  # the identifier forms are counted with lexical classes, as measure does
            add_forms(total.forms_of(first.language)[k], entry.forms)
    tokens = [{i[0]: i for i in entry.identifiers} for entry in entries[1:]]
    for ident, occurrences, n_tokens, offset, split in first.identifiers:
        rows = [tok[ident] for tok in tokens]
        row = [occurrences, n_tokens, *(r[2] for r in rows)]

        def splits(
            split: tuple[int, ...] = split, rows: list[Any] = rows
        ) -> tuple[tuple[int, ...], ...]:
            return (split, *(r[4] for r in rows))

        total.add_identifier(ident, row, name, offset, splits)


__all__ = ["FORMAT", "Entry", "add_document", "decode", "encode", "entry_of"]
