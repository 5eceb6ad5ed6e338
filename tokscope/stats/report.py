"""The ``stats`` report: every metric per tokenizer, overall and per language, with examples,
computed from an :class:`~tokscope.stats.aggregate.Aggregate`. Definitions: ``docs/metrics.md``."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from tokscope.lexing import CLASSES
from tokscope.measures import whitespace_cost, whitespace_lost_share
from tokscope.stats.aggregate import RENYI_ALPHA, Aggregate, TokenizerInfo, fingerprint_hex
from tokscope.stats.layout import CONTEXTS, DOC, KINDS, TOK
from tokscope.stats.metrics import (
    Alignment,
    CrossingToken,
    FragmentedIdentifier,
    LanguageSummary,
    Metrics,
    StatsReport,
    TokenizerReport,
    TokenText,
    UnitMetrics,
)
from tokscope.stats.worst import WORST_KEPT
from tokscope.whitespace.counting import dependence

FRAGMENT_POOL = 1000
"""Identifiers considered "frequent": this many, by occurrences."""


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def _units(
    n: int, n_bytes: int, tokens: int, covered: int, continued: int, damaged: int
) -> UnitMetrics:
    return UnitMetrics(
        units=n,
        bytes=n_bytes,
        tokens=tokens,
        fertility=_ratio(tokens, n),
        pcw=_ratio(continued, n),
        continuation_share=_ratio(tokens - covered, tokens),
        uncovered=n - covered,
        damaged=damaged,
        damaged_share=_ratio(damaged, n),
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
    ref: tuple[int, int],
    info: TokenizerInfo,
    lex: bool,
    dependence: tuple[int, int],
) -> Metrics:
    """The metrics of one tokenizer; ``ref`` is the reference's (tokens, whitespace lost),
    ``dependence`` (identifiers after whitespace, dependent ones)."""
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
        cdam = counts[t["class_damaged"]]
        classes = tuple(
            (
                cls,
                _units(
                    int(units[k]),
                    int(unit_bytes[k]),
                    int(ctok[k]),
                    int(ccov[k]),
                    int(ccon[k]),
                    int(cdam[k]),
                ),
            )
            for k, cls in enumerate(CLASSES)
        )
        alignment = _alignment(docs, counts)
    n_bytes = one(docs, d["bytes"])
    ref_tokens, ref_lost = ref
    preserved = n_bytes - ws_lost
    ref_rate = _ratio(ref_tokens, n_bytes - ref_lost)
    rate = _ratio(tokens, preserved)
    starts = one(counts, t["ident_token_starts"])
    on_subword = one(counts, t["ident_starts_on_subword"])
    return Metrics(
        files=n_docs,
        tokens=tokens,
        bytes_per_token=_ratio(n_bytes, tokens),
        chars_per_token=_ratio(one(docs, d["chars"]), tokens),
        nsl=_ratio(tokens, ref_tokens),
        lossless=ws_lost == 0,
        preserved_bytes=preserved,
        preserved_bytes_per_token=_ratio(preserved, tokens),
        preserved_chars_per_token=_ratio(one(docs, d["chars"]) - ws_lost, tokens),
        preserved_nsl=None if rate is None or not ref_rate else rate / ref_rate,
        words=_units(
            one(docs, d["words"]),
            one(docs, d["bytes"]) - ws_bytes,  # words are the runs between whitespace
            one(counts, t["word_tokens"]),
            one(counts, t["words_covered"]),
            one(counts, t["words_continued"]),
            one(counts, t["word_damaged"]),
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
            one(counts, t["indent_damaged"]),
        ),
        classes=classes,
        alignment=alignment,
        bounded_identifiers=one(docs, d["bounded_identifiers"]),
        whole_identifiers=one(counts, t["whole_identifiers"]),
        identifier_token_starts=starts,
        identifier_starts_on_subword=on_subword,
        identifier_precision=_ratio(on_subword, starts) if lex else None,
        identifiers_after_whitespace=dependence[0],
        context_dependent=dependence[1],
        context_dependent_share=_ratio(dependence[1], dependence[0]) if lex else None,
    )


def _alignment(docs: np.ndarray, counts: np.ndarray) -> tuple[Alignment, ...]:
    d, t = DOC.slices, TOK.slices
    bounds, aligned = docs[d["boundaries"]], counts[t["aligned"]]
    split, split_aligned = counts[t["split_boundaries"]], counts[t["split_aligned"]]
    return tuple(
        Alignment(
            kind,
            int(bounds[k]),
            int(aligned[k]),
            _ratio(int(aligned[k]), int(bounds[k])),
            int(split[k]),
            int(split_aligned[k]),
            _ratio(int(split_aligned[k]), int(split[k])),
            int(bounds[k] - split[k]),
        )
        for k, kind in enumerate(KINDS)
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
    pool = frequent_identifiers(agg.identifiers)
    for k in range(len(agg.tokenizers)):
        for name, _occ, _mean in _fragmented(pool, k, top):
            wanted[k].update(agg.first_seen[name][2][k])
        wanted[k].update(_top_ids(agg.crossing_ids[k], top))
    return wanted


def _top_ids(counts: np.ndarray, top: int) -> list[int]:
    nz = np.flatnonzero(counts != 0)
    order = sorted(nz.tolist(), key=lambda i: (-int(counts[i]), i))
    return order[:top]


def frequent_identifiers(
    identifiers: Mapping[str, list[int]], pool: int = FRAGMENT_POOL
) -> list[tuple[str, list[int]]]:
    """The ``pool`` identifiers with the most occurrences (ties by name), as (name, tally):
    ``sorted(identifiers.items(), key=(-occurrences, name))[:pool]``, sorting only those that
    occur at least as often as the ``pool``-th most frequent (a corpus has tens of thousands).

    >>> frequent_identifiers({"b": [2], "a": [2], "c": [5], "d": [1]}, 3)
    [('c', [5]), ('a', [2]), ('b', [2])]
    """
    rows = list(identifiers.items())
    if len(rows) > pool > 0:
        occ = np.fromiter((row[0] for _, row in rows), dtype=np.int64, count=len(rows))
        floor = np.partition(occ, len(occ) - pool)[len(occ) - pool]
        rows = [rows[i] for i in np.flatnonzero(occ >= floor).tolist()]
    return sorted(rows, key=lambda kv: (-kv[1][0], kv[0]))[:pool]


def _fragmented(
    pool: list[tuple[str, list[int]]], k: int, top: int
) -> list[tuple[str, int, float]]:
    """The ``top`` identifiers of ``pool`` that tokenizer ``k`` splits into most tokens."""
    scored = [(name, row[0], row[k + 1] / row[0]) for name, row in pool if row[0]]
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
    tok_col, lost_col = TOK.at("tokens"), TOK.at("ws_lost_bytes")
    pool = frequent_identifiers(agg.identifiers)
    reports = []
    for k, info in enumerate(agg.tokenizers):
        per_dependence = {
            name: dependence(agg.forms[name][k]) if name in agg.forms else (0, 0) for name in names
        }
        overall_dependence = (
            sum(n for n, _ in per_dependence.values()),
            sum(d for _, d in per_dependence.values()),
        )
        overall = _metrics(
            total_docs,
            total_counts[k],
            totals_hist[k],
            (int(total_counts[ref, tok_col]), int(total_counts[ref, lost_col])),
            info,
            agg.lex,
            overall_dependence,
        )
        per_language = tuple(
            (
                name,
                _metrics(
                    agg.docs[name],
                    agg.counts[name][k],
                    agg.histograms[name][k],
                    (
                        int(agg.counts[name][ref, tok_col]),
                        int(agg.counts[name][ref, lost_col]),
                    ),
                    info,
                    agg.lex,
                    per_dependence[name],
                ),
            )
            for name in names
        )
        texts = token_texts[k]
        fragmented = tuple(
            FragmentedIdentifier(
                name, occ, mean, tuple(texts[i] for i in agg.first_seen[name][2][k])
            )
            for name, occ, mean in _fragmented(pool, k, top)
        )
        crossing = tuple(
            CrossingToken(texts[i], int(agg.crossing_ids[k][i]))
            for i in _top_ids(agg.crossing_ids[k], top)
        )
        dense, lossy = agg.worst[k].report(min(top, WORST_KEPT))
        reports.append(
            TokenizerReport(
                info,
                overall,
                per_language,
                fragmented,
                crossing,
                tuple(agg.failures[k]),
                most_tokens_per_byte=dense,
                most_bytes_lost=lossy,
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
