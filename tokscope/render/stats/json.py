"""``stats --json``: the report as a versioned JSON document (schema in ``docs/metrics.md``).

The same corpus gives byte-identical output whatever ``--jobs`` and the order files are found in:
keys keep a fixed order, lists are sorted, floats are rounded to
:data:`~tokscope.render.common.numbers.JSON_DIGITS` places.
"""

from __future__ import annotations

from typing import Any

from tokscope.render.common.envelope import dumps, envelope, provenance, skipped
from tokscope.render.common.numbers import rounded
from tokscope.render.stats.rows import corpus_warning
from tokscope.stats import (
    Alignment,
    Comparison,
    CorpusFacts,
    Metrics,
    RoundTripExample,
    StatsReport,
    TokenText,
    UnitMetrics,
)
from tokscope.stats.worst import WorstFile

STATS_SCHEMA = 3
"""Version of the ``stats`` document; bumped when a field changes meaning or disappears."""


def _units(u: UnitMetrics) -> dict[str, Any]:
    return {
        "units": u.units,
        "bytes": u.bytes,
        "tokens": u.tokens,
        "fertility": rounded(u.fertility),
        "pcw": rounded(u.pcw),
        "continuation_share": rounded(u.continuation_share),
        "uncovered": u.uncovered,
        "damaged": u.damaged,
        "damaged_share": rounded(u.damaged_share),
    }


def _alignment(a: Alignment) -> dict[str, Any]:
    return {
        "boundaries": a.boundaries,
        "aligned": a.aligned,
        "rate": rounded(a.rate),
        "split_boundaries": a.split_boundaries,
        "split_aligned": a.split_aligned,
        "recall": rounded(a.recall),
        "whole_boundaries": a.whole_boundaries,
    }


def _identifiers(m: Metrics) -> dict[str, Any] | None:
    if not m.alignment:
        return None
    return {
        "with_boundaries": m.bounded_identifiers,
        "kept_whole": m.whole_identifiers,
        "token_starts_inside": m.identifier_token_starts,
        "token_starts_on_subword": m.identifier_starts_on_subword,
        "precision": rounded(m.identifier_precision),
    }


def metrics(m: Metrics) -> dict[str, Any]:
    """One tokenizer's metrics over a slice of the corpus."""
    return {
        "files": m.files,
        "tokens": m.tokens,
        "bytes_per_token": rounded(m.bytes_per_token),
        "chars_per_token": rounded(m.chars_per_token),
        "nsl": rounded(m.nsl),
        "lossless": m.lossless,
        "preserved_bytes": m.preserved_bytes,
        "preserved_bytes_per_token": rounded(m.preserved_bytes_per_token),
        "preserved_chars_per_token": rounded(m.preserved_chars_per_token),
        "preserved_nsl": rounded(m.preserved_nsl),
        "words": _units(m.words),
        "boundary_crossing_rate": rounded(m.boundary_crossing_rate),
        "renyi_efficiency": rounded(m.renyi_efficiency),
        "whitespace_cost": rounded(m.whitespace_cost),
        "whitespace_bytes": m.whitespace_bytes,
        "whitespace_lost_bytes": m.whitespace_lost_bytes,
        "whitespace_lost_share": rounded(m.whitespace_lost_share),
        "dropped_bytes": m.dropped_bytes,
        "round_trip": m.round_trip,
        "round_trip_fidelity": rounded(m.round_trip_fidelity),
        "context_fit": {str(n): rounded(share) for n, share in m.context_fit},
        "unk_rate": rounded(m.unk_rate),
        "indentation": _units(m.indentation),
        "classes": {cls: _units(u) for cls, u in m.classes} if m.classes else None,
        "identifier_alignment": {a.kind: _alignment(a) for a in m.alignment}
        if m.alignment
        else None,
        "identifier_splits": _identifiers(m),
        "context_dependence": {
            "identifiers_after_whitespace": m.identifiers_after_whitespace,
            "dependent": m.context_dependent,
            "share": rounded(m.context_dependent_share),
        },
    }


def _token(t: TokenText) -> dict[str, Any]:
    return {"id": t.id, "token": t.token, "text": t.text}


def _example(e: RoundTripExample) -> dict[str, Any]:
    return {"file": e.file, "char": e.char, "source": e.source, "decoded": e.decoded}


def _worst(w: WorstFile) -> dict[str, Any]:
    return {
        "file": w.file,
        "tokens": w.tokens,
        "bytes": w.bytes,
        "tokens_per_byte": rounded(w.tokens_per_byte),
        "bytes_lost": w.bytes_lost,
    }


def document(report: StatsReport) -> dict[str, Any]:
    """The ``stats --json`` document as a dict."""
    tokenizers = []
    for t in report.tokenizers:
        info = t.info
        tokenizers.append(
            {
                "name": info.name,
                "provenance": provenance(info.provenance),
                "vocab_size": info.vocab_size,
                "unk_id": info.unk_id,
                "special_tokens_added": info.special_tokens_added,
                "overall": metrics(t.overall),
                "languages": {name: metrics(m) for name, m in t.languages},
                "fragmented_identifiers": [
                    {
                        "identifier": f.name,
                        "occurrences": f.occurrences,
                        "tokens_per_occurrence": rounded(f.tokens_per_occurrence),
                        "split": [_token(s) for s in f.split],
                    }
                    for f in t.fragmented
                ],
                "crossing_tokens": [{**_token(c.token), "count": c.count} for c in t.crossing],
                "round_trip_examples": [_example(e) for e in t.round_trip_examples],
                "worst_files": {
                    "tokens_per_byte": [_worst(w) for w in t.most_tokens_per_byte],
                    "bytes_lost": [_worst(w) for w in t.most_bytes_lost],
                },
            }
        )
    return envelope(
        "stats",
        {
            "stats_schema": STATS_SCHEMA,
            "reference": report.reference,
            "lexical_classes": report.lex,
            "corpus": {
                "files": report.files,
                "bytes": report.bytes,
                "chars": report.chars,
                "fingerprint": report.fingerprint,
                "languages": {
                    lang.name: {"files": lang.files, "bytes": lang.bytes}
                    for lang in report.languages
                },
                "skipped": skipped(report.skipped),
            },
            "tokenizers": tokenizers,
        },
    )


def _corpus_facts(facts: CorpusFacts) -> dict[str, Any]:
    return {"files": facts.files, "bytes": facts.bytes, "fingerprint": facts.fingerprint}


def comparison(c: Comparison) -> dict[str, Any]:
    """A comparison of two runs as a dict: every delta (changed or not), sorted by size of
    change, and whether both runs measured the same corpus (``corpus.match``: ``same``,
    ``different``, or ``unknown`` for a run saved without a fingerprint)."""
    return {
        "old_files": c.old_files,
        "new_files": c.new_files,
        "corpus": {
            "match": c.corpus.value,
            "warning": corpus_warning(c),
            "old": _corpus_facts(c.old_corpus),
            "new": _corpus_facts(c.new_corpus),
        },
        "only_old": list(c.only_old),
        "only_new": list(c.only_new),
        "unchanged": list(c.unchanged),
        "deltas": [
            {
                "tokenizer": d.tokenizer,
                "metric": d.metric.label,
                "key": d.metric.key,
                "unit": d.metric.unit.value,
                "old": rounded(d.old),
                "new": rounded(d.new),
                "change": rounded(d.change),
                "relative_change": rounded(d.relative),
                "changed": d.changed,
            }
            for d in c.deltas
        ],
    }


def render(report: StatsReport, baseline: Comparison | None = None) -> str:
    """The ``stats --json`` text; with a baseline, its comparison under ``"comparison"``."""
    doc = document(report)
    if baseline is not None:
        doc["comparison"] = comparison(baseline)
    return dumps(doc)


def render_comparison(c: Comparison) -> str:
    """The ``stats --compare --json`` text."""
    return dumps(envelope("stats-compare", {"stats_schema": STATS_SCHEMA, **comparison(c)}))
