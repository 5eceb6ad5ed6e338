"""The ``stats`` report: every metric per tokenizer, overall and per language, with examples,
computed from an :class:`~tokscope.stats.aggregate.Aggregate`. Definitions: ``docs/metrics.md``."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from tokscope.corpus.walk import SkipReport
from tokscope.lexing import CLASSES
from tokscope.measures import whitespace_cost, whitespace_lost_share
from tokscope.stats.aggregate import (
    CONTEXTS,
    DOC,
    KINDS,
    RENYI_ALPHA,
    TOK,
    Aggregate,
    RoundTripExample,
    TokenizerInfo,
    fingerprint_hex,
)


@dataclass(frozen=True)
class UnitMetrics:
    """How a tokenizer covers one kind of unit (words, indentation runs, a lexical class)."""

    units: int
    """Units in the corpus."""
    bytes: int
    """Their total size in bytes."""
    tokens: int
    """Σ n_u: tokens overlapping each unit, summed over units (a token spanning two units counts
    for both)."""
    fertility: float | None
    """tokens / units."""
    pcw: float | None
    """Proportion of continued units: share of units covered by two tokens or more."""
    continuation_share: float | None
    """Σ(n_u − 1) / Σ n_u over units with at least one token."""
    uncovered: int
    """Units no token overlaps (their text was dropped)."""


@dataclass(frozen=True)
class Alignment:
    """Identifier sub-word boundaries of one kind and how many a token boundary falls on."""

    kind: str
    """``snake_case``, ``camelCase`` or ``dunder``."""
    boundaries: int
    """Sub-word boundaries found in identifiers."""
    aligned: int
    """Those that coincide with a token boundary."""
    rate: float | None
    """aligned / boundaries."""


@dataclass(frozen=True)
class Metrics:
    """Every metric of one tokenizer over a slice of the corpus (all of it, or one language)."""

    files: int
    """Documents in the slice."""
    tokens: int
    """Tokens, without the post-processor's special tokens."""
    bytes_per_token: float | None
    """UTF-8 bytes / tokens."""
    chars_per_token: float | None
    """Characters / tokens."""
    nsl: float | None
    """Normalised sequence length: tokens / tokens of the reference tokenizer."""
    words: UnitMetrics
    """Whitespace-separated words."""
    boundary_crossing_rate: float | None
    """Share of tokens that cross a lexeme boundary or a line break."""
    renyi_efficiency: float | None
    """H_2.5(p) / log |V| of the token-id distribution."""
    whitespace_cost: float | None
    """Whitespace tokens / tokens (:func:`tokscope.measures.whitespace_cost`)."""
    whitespace_bytes: int
    """Whitespace bytes in the source (:data:`tokscope.text.WHITESPACE`)."""
    whitespace_lost_bytes: int
    """Bytes of source whitespace that no token covers or that decode does not restore
    (:func:`tokscope.measures.whitespace_lost_bytes`)."""
    whitespace_lost_share: float | None
    """whitespace_lost_bytes / whitespace_bytes."""
    dropped_bytes: int
    """Source bytes no token covers."""
    round_trip: int
    """Files with decode(encode(text)) == text."""
    round_trip_fidelity: float | None
    """round_trip / files."""
    context_fit: tuple[tuple[int, float | None], ...]
    """(context length, share of files whose tokens, special tokens included, fit)."""
    unk_rate: float | None
    """Unknown-token occurrences / tokens."""
    indentation: UnitMetrics
    """Runs of spaces and tabs that start a line."""
    classes: tuple[tuple[str, UnitMetrics], ...]
    """Per lexical class (empty with ``--no-lex``)."""
    alignment: tuple[Alignment, ...]
    """Identifier boundary alignment per kind (empty with ``--no-lex``)."""


@dataclass(frozen=True)
class TokenText:
    """How a vocabulary entry is written and the text it stands for."""

    id: int
    """Vocabulary id."""
    token: str
    """The entry as the tokenizer writes it (``Ġx``, ``▁x``)."""
    text: str
    """The source text it stands for (bytes that are part of a character as ``\\xNN``)."""


@dataclass(frozen=True)
class FragmentedIdentifier:
    """A frequent identifier that a tokenizer splits into many tokens."""

    name: str
    """The identifier."""
    occurrences: int
    """How often it occurs in the corpus."""
    tokens_per_occurrence: float
    """Mean tokens per occurrence, in context."""
    split: tuple[TokenText, ...]
    """The tokens of its first occurrence (first file by name)."""


@dataclass(frozen=True)
class CrossingToken:
    """A token that often crosses a lexeme boundary."""

    token: TokenText
    """The entry."""
    count: int
    """Boundary-crossing occurrences."""


@dataclass(frozen=True)
class TokenizerReport:
    """Everything measured for one tokenizer."""

    info: TokenizerInfo
    """Name, provenance, vocabulary size."""
    overall: Metrics
    """Over the whole corpus."""
    languages: tuple[tuple[str, Metrics], ...]
    """Per language, sorted by name."""
    fragmented: tuple[FragmentedIdentifier, ...]
    """The most fragmented of the frequent identifiers."""
    crossing: tuple[CrossingToken, ...]
    """The most common boundary-crossing tokens."""
    round_trip_examples: tuple[RoundTripExample, ...]
    """Round-trip failures of the first files by name."""


@dataclass(frozen=True)
class LanguageSummary:
    """How much of the corpus is in one language."""

    name: str
    """Pygments' name for it (``unknown`` when no lexer matched)."""
    files: int
    """Documents."""
    bytes: int
    """UTF-8 bytes."""


@dataclass(frozen=True)
class StatsReport:
    """The result of ``tokscope stats``."""

    files: int
    """Documents analysed."""
    bytes: int
    """Their UTF-8 size."""
    chars: int
    """Their characters."""
    languages: tuple[LanguageSummary, ...]
    """Per language, sorted by name."""
    skipped: SkipReport
    """Inputs not analysed, by reason."""
    reference: str
    """Name of the tokenizer NSL is relative to."""
    lex: bool
    """Whether lexical classes were computed."""
    tokenizers: tuple[TokenizerReport, ...]
    """One report per tokenizer, in the order given."""
    fingerprint: str = ""
    """The documents' content fingerprint (:func:`~tokscope.stats.aggregate.fingerprint_hex`)."""


FRAGMENT_POOL = 1000
"""Identifiers considered "frequent": this many, by occurrences."""


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def _units(n: int, n_bytes: int, tokens: int, covered: int, continued: int) -> UnitMetrics:
    return UnitMetrics(
        units=n,
        bytes=n_bytes,
        tokens=tokens,
        fertility=_ratio(tokens, n),
        pcw=_ratio(continued, n),
        continuation_share=_ratio(tokens - covered, tokens),
        uncovered=n - covered,
    )


def renyi_efficiency(
    counts: np.ndarray, vocab_size: int, alpha: float = RENYI_ALPHA
) -> float | None:
    """H_α(p) / log |V| for the distribution of token-id ``counts``.

    >>> round(renyi_efficiency(np.array([1, 1, 1, 1]), 4), 6)
    1.0
    """
    total = int(counts.sum())
    if total == 0 or vocab_size < 2:
        return None
    p = counts[counts > 0] / total
    entropy = math.log(float(np.sum(p**alpha))) / (1 - alpha)
    return entropy / math.log(vocab_size)


def _metrics(
    docs: np.ndarray,
    counts: np.ndarray,
    hist: np.ndarray,
    ref_tokens: int,
    info: TokenizerInfo,
    lex: bool,
) -> Metrics:
    d = DOC.slices
    t = TOK.slices

    def one(layout_vec: np.ndarray, sl: slice) -> int:
        return int(layout_vec[sl.start])

    n_docs = one(docs, d["docs"])
    tokens = one(counts, t["tokens"])
    ws_bytes = one(docs, d["ws_bytes"])
    ws_lost = one(counts, t["ws_lost_bytes"])
    round_trip = one(counts, t["round_trip"])
    classes: tuple[tuple[str, UnitMetrics], ...] = ()
    alignment: tuple[Alignment, ...] = ()
    if lex:
        units, unit_bytes = docs[d["class_units"]], docs[d["class_bytes"]]
        ctok, ccov, ccon = (
            counts[t["class_tokens"]],
            counts[t["class_covered"]],
            counts[t["class_continued"]],
        )
        classes = tuple(
            (
                cls,
                _units(int(units[k]), int(unit_bytes[k]), int(ctok[k]), int(ccov[k]), int(ccon[k])),
            )
            for k, cls in enumerate(CLASSES)
        )
        bounds, aligned = docs[d["boundaries"]], counts[t["aligned"]]
        alignment = tuple(
            Alignment(
                kind, int(bounds[k]), int(aligned[k]), _ratio(int(aligned[k]), int(bounds[k]))
            )
            for k, kind in enumerate(KINDS)
        )
    return Metrics(
        files=n_docs,
        tokens=tokens,
        bytes_per_token=_ratio(one(docs, d["bytes"]), tokens),
        chars_per_token=_ratio(one(docs, d["chars"]), tokens),
        nsl=_ratio(tokens, ref_tokens),
        words=_units(
            one(docs, d["words"]),
            one(docs, d["bytes"]) - ws_bytes,  # words are the runs between whitespace
            one(counts, t["word_tokens"]),
            one(counts, t["words_covered"]),
            one(counts, t["words_continued"]),
        ),
        boundary_crossing_rate=_ratio(one(counts, t["crossing"]), tokens),
        renyi_efficiency=renyi_efficiency(hist, info.vocab_size),
        whitespace_cost=whitespace_cost(one(counts, t["ws_tokens"]), tokens),
        whitespace_bytes=ws_bytes,
        whitespace_lost_bytes=ws_lost,
        whitespace_lost_share=whitespace_lost_share(ws_lost, ws_bytes),
        dropped_bytes=one(counts, t["dropped_bytes"]),
        round_trip=round_trip,
        round_trip_fidelity=_ratio(round_trip, n_docs),
        context_fit=tuple((n, _ratio(one(counts, t[f"fit_{n}"]), n_docs)) for n in CONTEXTS),
        unk_rate=_ratio(one(counts, t["unk"]), tokens),
        indentation=_units(
            one(docs, d["indent_runs"]),
            one(docs, d["indent_bytes"]),
            one(counts, t["indent_tokens"]),
            one(counts, t["indent_covered"]),
            one(counts, t["indent_continued"]),
        ),
        classes=classes,
        alignment=alignment,
    )


def reference_index(agg: Aggregate, reference: str) -> int:
    """Position of the reference tokenizer among ``agg.tokenizers`` (by name or spec)."""
    for k, info in enumerate(agg.tokenizers):
        if reference in (info.name, info.provenance.spec):
            return k
    raise ValueError(f"reference {reference!r} is not among the tokenizers measured")


def wanted_tokens(agg: Aggregate, *, top: int) -> list[set[int]]:
    """Per tokenizer, the ids :func:`finalize` will show (so a caller can look their text up)."""
    wanted: list[set[int]] = [set() for _ in agg.tokenizers]
    for k in range(len(agg.tokenizers)):
        for name, _occ, _mean in _fragmented(agg, k, top):
            wanted[k].update(agg.first_seen[name][2][k])
        wanted[k].update(_top_ids(agg.crossing_ids[k], top))
    return wanted


def _top_ids(counts: np.ndarray, top: int) -> list[int]:
    nz = np.flatnonzero(counts)
    order = sorted(nz.tolist(), key=lambda i: (-int(counts[i]), i))
    return order[:top]


def _frequent(agg: Aggregate) -> list[tuple[str, list[int]]]:
    rows = sorted(agg.identifiers.items(), key=lambda kv: (-kv[1][0], kv[0]))
    return rows[:FRAGMENT_POOL]


def _fragmented(agg: Aggregate, k: int, top: int) -> list[tuple[str, int, float]]:
    scored = [(name, row[0], row[k + 1] / row[0]) for name, row in _frequent(agg) if row[0]]
    scored.sort(key=lambda x: (-x[2], -x[1], x[0]))
    return scored[:top]


def finalize(
    agg: Aggregate,
    *,
    reference: str,
    top: int,
    token_texts: Sequence[Mapping[int, TokenText]],
) -> StatsReport:
    """The report: every metric per tokenizer, overall and per language, with examples.

    ``token_texts`` gives, per tokenizer, the text of at least the ids :func:`wanted_tokens` named.
    """
    ref = reference_index(agg, reference)
    names = sorted(agg.docs)
    total_docs = np.zeros(DOC.size, dtype=np.int64)
    total_counts = np.zeros((len(agg.tokenizers), TOK.size), dtype=np.int64)
    totals_hist = [np.zeros(t.vocab_size, dtype=np.int64) for t in agg.tokenizers]
    for name in names:
        total_docs += agg.docs[name]
        total_counts += agg.counts[name]
        for hist, more in zip(totals_hist, agg.histograms[name]):
            hist += more
    tok_col = TOK.at("tokens")
    reports = []
    for k, info in enumerate(agg.tokenizers):
        overall = _metrics(
            total_docs,
            total_counts[k],
            totals_hist[k],
            int(total_counts[ref, tok_col]),
            info,
            agg.lex,
        )
        per_language = tuple(
            (
                name,
                _metrics(
                    agg.docs[name],
                    agg.counts[name][k],
                    agg.histograms[name][k],
                    int(agg.counts[name][ref, tok_col]),
                    info,
                    agg.lex,
                ),
            )
            for name in names
        )
        texts = token_texts[k]
        fragmented = tuple(
            FragmentedIdentifier(
                name, occ, mean, tuple(texts[i] for i in agg.first_seen[name][2][k])
            )
            for name, occ, mean in _fragmented(agg, k, top)
        )
        crossing = tuple(
            CrossingToken(texts[i], int(agg.crossing_ids[k][i]))
            for i in _top_ids(agg.crossing_ids[k], top)
        )
        reports.append(
            TokenizerReport(
                info, overall, per_language, fragmented, crossing, tuple(agg.failures[k])
            )
        )
    d = DOC.slices
    return StatsReport(
        files=int(total_docs[d["docs"].start]),
        bytes=int(total_docs[d["bytes"].start]),
        chars=int(total_docs[d["chars"].start]),
        languages=tuple(
            LanguageSummary(
                n, int(agg.docs[n][d["docs"].start]), int(agg.docs[n][d["bytes"].start])
            )
            for n in names
        ),
        skipped=agg.skipped,
        reference=agg.tokenizers[ref].name,
        lex=agg.lex,
        tokenizers=tuple(reports),
        fingerprint=fingerprint_hex(agg.fingerprint),
    )
