"""Corpus counts as mergeable aggregates.

An :class:`Aggregate` holds only integer counts (per language, per tokenizer), id histograms,
identifier tallies and a few examples chosen by name. Merging adds counts and keeps the examples
with the smallest names, so it is associative and commutative: the result is the same whatever the
order of files, the batching or the number of worker processes. Ratios are computed once, at the
end, by :func:`tokscope.stats.report.finalize`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tokscope.corpus.walk import SkipReport
from tokscope.loading.sources import Provenance
from tokscope.stats.id_pairs import Pair, combined, dense_of, fits, pair_of
from tokscope.stats.layout import DOC, TOK
from tokscope.stats.worst import WorstFiles
from tokscope.text import around, first_difference
from tokscope.whitespace.counting import Forms, merge_forms

RENYI_ALPHA = 2.5
"""The order of the Rényi entropy (Zouhar et al. 2023 found 2.5 to track downstream quality)."""

EXAMPLES_KEPT = 3
"""Round-trip failures kept per tokenizer (those of the first files by name)."""

FINGERPRINT_MODULUS = 1 << 256
"""Document hashes are added modulo this (see :meth:`Aggregate.add_contents`)."""


def content_hash(data: bytes) -> int:
    """A document's contribution to the corpus fingerprint: the SHA-256 of its UTF-8 text, as
    an integer."""
    return int.from_bytes(hashlib.sha256(data).digest(), "big")


def fingerprint_hex(total: int) -> str:
    """The corpus fingerprint written out: SHA-256 of the sum of the document hashes (32 bytes,
    big-endian), so it looks like and is as long as any other hash.

    >>> fingerprint_hex(0)[:12]
    '66687aadf862'
    """
    return hashlib.sha256(total.to_bytes(32, "big")).hexdigest()


@dataclass(frozen=True)
class TokenizerInfo:
    """What the report needs to know about a tokenizer besides its counts."""

    name: str
    """Display name (alias, hub id or folder name)."""
    provenance: Provenance
    """Where its files came from."""
    vocab_size: int
    """Entries including added tokens: the |V| of Rényi efficiency."""
    unk_id: int | None
    """Id of the unknown token, if the model has one."""
    special_tokens_added: int
    """Tokens the post-processor adds to a single text (``[CLS]``/``[SEP]``), counted for context
    fit only."""


@dataclass(frozen=True)
class RoundTripExample:
    """A file whose ``decode(encode(text))`` is not the text, and where they first differ."""

    file: str
    """The file (or ``path:LINE`` record)."""
    char: int
    """First differing character position."""
    source: str
    """The source around that position."""
    decoded: str
    """The decoded text around that position."""


def round_trip_example(name: str, text: str, decoded: str) -> RoundTripExample:
    """Where ``decoded`` first departs from ``text`` (:func:`tokscope.text.first_difference`),
    with ten characters either side.

    >>> round_trip_example("f", "a  b", "a b").char
    2
    """
    i = first_difference(text, decoded)
    return RoundTripExample(name, i, around(text, i), around(decoded, i))


class Aggregate:
    """Counts over a set of documents for several tokenizers; merge partial aggregates with
    :meth:`merge`.

    Everything is an exact integer (or an example chosen by file name), so merging in any grouping
    and order gives the same aggregate; compare two with ``==``.
    """

    def __init__(
        self, tokenizers: Sequence[TokenizerInfo], *, lex: bool, sparse: bool = False
    ) -> None:
        """``sparse`` keeps the id histograms as the (ids, counts) pairs added
        (:meth:`add_ids`) until they are read: for an aggregate of a few documents (a cache
        group), which :meth:`merge` and pickling take as they are."""
        self.tokenizers: tuple[TokenizerInfo, ...] = tuple(tokenizers)
        """The tokenizers, in report order."""
        self.lex = lex
        """Whether lexical classes were computed (``--no-lex`` turns them off)."""
        self.docs: dict[str, np.ndarray] = {}
        """Language -> tokenizer-independent counts (:data:`DOC` layout)."""
        self.counts: dict[str, np.ndarray] = {}
        """Language -> (tokenizers x :data:`TOK`) counts."""
        self._histograms: dict[str, list[np.ndarray]] = {}
        self._crossing: list[np.ndarray] = []
        self._sparse: _SparseState | None = None
        """The id histograms as (ids, counts) pairs, per language and tokenizer and for the
        crossing ids per tokenizer, until they are read: as unpickled, or as added to a
        ``sparse`` aggregate (:meth:`merge` adds them to another aggregate as they are)."""
        if sparse:
            self._sparse = ({}, [[] for _ in self.tokenizers])
        else:
            self._crossing = [np.zeros(t.vocab_size, dtype=np.int64) for t in self.tokenizers]
        self.identifiers: dict[str, list[int]] = {}
        """Identifier -> [occurrences, tokens with tokenizer 0, tokens with tokenizer 1, ...]."""
        self.first_seen: dict[str, tuple[str, int, tuple[tuple[int, ...], ...]]] = {}
        """Identifier -> (file, byte offset, token ids per tokenizer) of its first occurrence."""
        self.forms: dict[str, list[dict[str, Forms]]] = {}
        """Language -> per tokenizer, identifier -> first token -> whitespace before -> count
        (:func:`tokscope.whitespace.counting.identifier_forms`): the context dependence."""
        self.failures: list[list[RoundTripExample]] = [[] for _ in self.tokenizers]
        """Per tokenizer, round-trip failures of the first files by name."""
        self.skipped = SkipReport()
        """Inputs not analysed, by reason."""
        self.worst: list[WorstFiles] = [WorstFiles() for _ in self.tokenizers]
        """Per tokenizer, the worst files (:mod:`tokscope.stats.worst`)."""
        self.fingerprint = 0
        """Σ :func:`content_hash` over the documents, modulo :data:`FINGERPRINT_MODULUS`: a sum,
        so the same documents give the same value whatever their order, batching or engine.
        File names are left out: the same files read from another folder match."""

    @property
    def histograms(self) -> dict[str, list[np.ndarray]]:
        """Language -> per tokenizer, occurrences of each token id."""
        if self._sparse is not None:
            self._densify()
        return self._histograms

    @property
    def crossing_ids(self) -> list[np.ndarray]:
        """Per tokenizer, boundary-crossing occurrences of each token id."""
        if self._sparse is not None:
            self._densify()
        return self._crossing

    def _densify(self) -> None:
        assert self._sparse is not None
        hists, crossing = self._sparse
        sizes = [t.vocab_size for t in self.tokenizers]
        self._histograms = {
            k: [dense_of(slot, n) for slot, n in zip(hs, sizes)] for k, hs in hists.items()
        }
        self._crossing = [dense_of(slot, n) for slot, n in zip(crossing, sizes)]
        self._sparse = None

    def well_formed(self) -> bool:
        """Whether every per-tokenizer part has one item per tokenizer, every language its
        counts and histograms, and every histogram's ids lie in its vocabulary (for an
        aggregate read back from bytes; nothing is made dense to check)."""
        n = len(self.tokenizers)
        hists, crossing = self._sparse or (
            {k: [[pair_of(h)] for h in hs] for k, hs in self._histograms.items()},
            [[pair_of(h)] for h in self._crossing],
        )
        sizes = [t.vocab_size for t in self.tokenizers]
        slots = [*crossing, *(slot for hs in hists.values() for slot in hs)]
        return (
            len(crossing) == len(self.failures) == len(self.worst) == n
            and all(len(hs) == n for hs in hists.values())
            and all(len(f) == n for f in self.forms.values())
            and self.docs.keys() == self.counts.keys() == hists.keys()
            and all(fits(pair, sizes[k % n]) for k, slot in enumerate(slots) for pair in slot)
        )

    # -- building ---------------------------------------------------------------------------------

    def language(self, name: str) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
        """The document counts, token counts and histograms of a language (created empty)."""
        docs, counts = self.counts_of(name)
        return docs, counts, self.histograms[name]

    def counts_of(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The document and token counts of a language (created empty, with its histograms)."""
        docs = self.docs.get(name)
        if docs is None:
            docs = self.docs[name] = np.zeros(DOC.size, dtype=np.int64)
            self.counts[name] = np.zeros((len(self.tokenizers), TOK.size), dtype=np.int64)
            if self._sparse is not None:
                self._sparse[0][name] = [[] for _ in self.tokenizers]
            else:
                self._histograms[name] = [
                    np.zeros(t.vocab_size, dtype=np.int64) for t in self.tokenizers
                ]
        return docs, self.counts[name]

    def add_ids(self, language: str, k: int, ids: np.ndarray, counts: np.ndarray) -> None:
        """Add ``counts`` occurrences of ``ids`` (distinct) to tokenizer ``k``'s histogram of
        ``language``."""
        self.counts_of(language)
        if self._sparse is not None:
            self._sparse[0][language][k].append((ids, counts))
        else:
            self._histograms[language][k][ids] += counts

    def add_crossing(self, k: int, ids: np.ndarray, counts: np.ndarray) -> None:
        """Add ``counts`` boundary-crossing occurrences of ``ids`` (distinct) for tokenizer
        ``k``."""
        if self._sparse is not None:
            self._sparse[1][k].append((ids, counts))
        else:
            self._crossing[k][ids] += counts

    def forms_of(self, language: str) -> list[dict[str, Forms]]:
        """Per tokenizer, the identifier forms of a language (created empty)."""
        found = self.forms.get(language)
        if found is None:
            found = self.forms[language] = [{} for _ in self.tokenizers]
        return found

    def add_identifier(
        self, name: str, counts: Sequence[int], file: str, offset: int, splits: Any
    ) -> None:
        """Count ``name``'s occurrences and tokens; ``splits()`` gives the token ids of this
        occurrence per tokenizer, asked for only when it is the earliest seen so far."""
        row = self.identifiers.get(name)
        if row is None:
            self.identifiers[name] = list(counts)
        else:
            for k, value in enumerate(counts):
                row[k] += value
        seen = self.first_seen.get(name)
        if seen is None or (file, offset) < seen[:2]:
            self.first_seen[name] = (file, offset, splits())

    def add_contents(self, datas: Iterable[bytes]) -> None:
        """Fold the UTF-8 texts of measured documents into :attr:`fingerprint`."""
        self.fingerprint = (self.fingerprint + sum(map(content_hash, datas))) % (
            FINGERPRINT_MODULUS
        )

    def add_failure(self, index: int, example: RoundTripExample) -> None:
        """Keep ``example`` if it is among the first failures by file name."""
        kept = self.failures[index]
        kept.append(example)
        kept.sort(key=lambda e: (e.file, e.char, e.source, e.decoded))
        del kept[EXAMPLES_KEPT:]

    # -- merging ----------------------------------------------------------------------------------

    def merge(self, other: Aggregate, *, consume: bool = False) -> None:
        """Add ``other``'s counts to this aggregate (in place). With ``consume``, parts of
        ``other`` are taken over instead of copied: ``other`` must not be used afterwards."""
        if [t.name for t in other.tokenizers] != [t.name for t in self.tokenizers]:
            raise ValueError("cannot merge aggregates of different tokenizers")
        if other.lex != self.lex:
            raise ValueError("cannot merge aggregates with and without lexical classes")
        sparse = other._sparse  # added as they are, without making them dense first
        for name, docs in other.docs.items():
            mine, counts, hists = self.language(name)
            mine += docs
            counts += other.counts[name]
            if sparse is None:
                for hist, more in zip(hists, other._histograms[name]):
                    hist += more
            else:
                for hist, slot in zip(hists, sparse[0][name]):
                    for ids, values in slot:
                        hist[ids] += values  # ids are distinct within a pair
        if sparse is None:
            for mine_ids, more_ids in zip(self.crossing_ids, other._crossing):
                mine_ids += more_ids
        else:
            for mine_ids, slot in zip(self.crossing_ids, sparse[1]):
                for ids, values in slot:
                    mine_ids[ids] += values
        identifiers, first_seen, other_seen = self.identifiers, self.first_seen, other.first_seen
        for ident, row in other.identifiers.items():
            tally = identifiers.get(ident)
            if tally is None:
                identifiers[ident] = row if consume else list(row)
                first_seen[ident] = other_seen[ident]
                continue
            for k, value in enumerate(row):
                tally[k] += value
            seen = other_seen[ident]
            if seen[:2] < first_seen[ident][:2]:
                first_seen[ident] = seen
        for language, per_tokenizer in other.forms.items():
            for words, more_words in zip(self.forms_of(language), per_tokenizer):
                merge_forms(words, more_words, consume=consume)
        for k, kept in enumerate(other.failures):
            for example in kept:
                self.add_failure(k, example)
        for worst, more_worst in zip(self.worst, other.worst):
            worst.merge(more_worst)
        self.skipped = self.skipped.merge(other.skipped)
        self.fingerprint = (self.fingerprint + other.fingerprint) % FINGERPRINT_MODULUS

    def canonical(self) -> tuple[Any, ...]:
        """Everything in the aggregate as plain, ordered Python values (for equality)."""

        def sparse(arr: np.ndarray) -> tuple[tuple[int, int], ...]:
            nz = np.flatnonzero(arr != 0)
            return tuple(zip(nz.tolist(), arr[nz].tolist()))

        return (
            tuple(self.tokenizers),
            self.lex,
            tuple((k, tuple(v.tolist())) for k, v in sorted(self.docs.items())),
            tuple((k, tuple(map(tuple, v.tolist()))) for k, v in sorted(self.counts.items())),
            tuple((k, tuple(sparse(h) for h in hs)) for k, hs in sorted(self.histograms.items())),
            tuple(sparse(h) for h in self.crossing_ids),
            tuple(sorted((k, tuple(v)) for k, v in self.identifiers.items())),
            tuple(sorted(self.first_seen.items())),
            tuple(
                (language, tuple(_canonical_forms(words) for words in per_tokenizer))
                for language, per_tokenizer in sorted(self.forms.items())
            ),
            tuple(tuple(f) for f in self.failures),
            tuple(w.canonical() for w in self.worst),
            self.skipped,
            self.fingerprint,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Aggregate) and self.canonical() == other.canonical()

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> dict[str, Any]:
        """Histograms travel as (ids, counts) of their non-zero entries: partial aggregates from
        worker processes stay small."""
        state = dict(self.__dict__)
        sparse = state.pop("_sparse")
        dense, crossing = state.pop("_histograms"), state.pop("_crossing")
        if sparse is None:
            state["histograms"] = {k: [pair_of(h) for h in hs] for k, hs in dense.items()}
            state["crossing_ids"] = [pair_of(h) for h in crossing]
        else:
            hists, crossed = sparse
            state["histograms"] = {k: [combined(s) for s in hs] for k, hs in hists.items()}
            state["crossing_ids"] = [combined(s) for s in crossed]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        hists, crossing = state.pop("histograms"), state.pop("crossing_ids")
        state.setdefault("fingerprint", 0)  # pickled before fingerprints were kept
        state.setdefault("worst", [WorstFiles() for _ in state["tokenizers"]])  # ... or worst
        self.__dict__.update(state)
        self._histograms, self._crossing = {}, []
        self._sparse = ({k: [[p] for p in hs] for k, hs in hists.items()}, [[p] for p in crossing])


def _canonical_forms(words: dict[str, Forms]) -> tuple[Any, ...]:
    return tuple(
        (word, tuple((key, tuple(sorted(c.items()))) for key, c in sorted(forms.items())))
        for word, forms in sorted(words.items())
    )


_SparseState = tuple[dict[str, list[list[Pair]]], list[list[Pair]]]
"""Id histograms as lists of (ids, counts) pairs that add up to them: per language and tokenizer,
and the crossing ones per tokenizer."""


def merge_all(
    parts: Iterable[Aggregate],
    tokenizers: Sequence[TokenizerInfo],
    *,
    lex: bool,
    consume: bool = False,
) -> Aggregate:
    """One aggregate from many (in any order); with ``consume``, the parts are taken over
    (:meth:`Aggregate.merge`) and must not be used afterwards."""
    total = Aggregate(tokenizers, lex=lex)
    for part in parts:
        total.merge(part, consume=consume)
    return total
