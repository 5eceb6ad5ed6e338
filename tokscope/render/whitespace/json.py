"""``tokscope whitespace --json`` (spectrum, ``--corpus`` and ``--reindent``): deterministic
documents in the common envelope."""

from __future__ import annotations

from typing import Any

from tokscope.render.common.envelope import dumps, envelope, provenance, skipped
from tokscope.render.common.numbers import rounded
from tokscope.render.whitespace.rows import four_vs_eight
from tokscope.whitespace import KINDS, POSITIONS, CorpusReport, RunCell, Spectrum
from tokscope.whitespace.reindent import ParityReport


def _cell_json(cell: RunCell) -> dict[str, Any]:
    return {
        "length": cell.length,
        "tokens": cell.tokens,
        "own": cell.own,
        "joins_previous": cell.joins_previous,
        "joins_next": cell.joins_next,
        "dropped_bytes": cell.dropped,
        "added": cell.added,
        "round_trip": cell.round_trip,
        "distinct_previous": cell.distinct_previous,
        "distinct_next": cell.distinct_next,
        "pieces": [
            {"id": p.id, "token": p.token, "text": p.text, "joined": p.joined} for p in cell.pieces
        ],
        "ids": list(cell.ids),
    }


def spectrum_payload(result: Spectrum) -> dict[str, Any]:
    """The ``whitespace --json`` document as a dict."""
    positions = sorted({p for k in result.kinds for p in KINDS[k].positions})
    return envelope(
        "whitespace",
        {
            "mode": "spectrum",
            "max_run": result.max_run,
            "kinds": [
                {
                    "name": k,
                    "prefix": KINDS[k].prefix,
                    "unit": KINDS[k].unit,
                    "positions": list(KINDS[k].positions),
                }
                for k in result.kinds
            ],
            "positions": [
                {
                    "name": p,
                    "description": POSITIONS[p].description,
                    "before": POSITIONS[p].before,
                    "after": POSITIONS[p].after,
                }
                for p in positions
            ],
            "tokenizers": [
                {
                    "name": tok.name,
                    "provenance": provenance(tok.provenance),
                    "verdict": tok.verdict,
                    "series": [
                        {
                            "kind": s.kind,
                            "position": s.position,
                            "phrase": s.phrase,
                            "baseline_tokens": s.baseline_tokens,
                            "four_vs_eight": four_vs_eight(s),
                            "cells": [_cell_json(c) for c in s.cells],
                        }
                        for s in tok.series
                    ],
                    "context": {
                        "max_variants": tok.max_variants,
                        "identifiers": [
                            {
                                "identifier": e.identifier,
                                "contexts": e.contexts,
                                "variants": [
                                    {
                                        "tokens": list(v.tokens),
                                        "ids": list(v.ids),
                                        "texts": list(v.texts),
                                        "count": v.count,
                                        "contexts": list(v.contexts),
                                    }
                                    for v in e.variants
                                ],
                            }
                            for e in tok.context
                        ],
                    },
                }
                for tok in result.tokenizers
            ],
        },
    )


def spectrum_json(result: Spectrum) -> str:
    """The ``whitespace --json`` document."""
    return dumps(spectrum_payload(result))


def corpus_payload(report: CorpusReport) -> dict[str, Any]:
    """The ``whitespace --corpus --json`` document as a dict."""
    return envelope(
        "whitespace",
        {
            "mode": "corpus",
            "documents": report.documents,
            "bytes": report.bytes,
            "languages": dict(report.languages),
            "tokenizers": [{"name": n, "provenance": provenance(p)} for n, p in report.tokenizers],
            "indentation": [
                {
                    "label": i.label,
                    "tabs": i.tabs,
                    "spaces": i.spaces,
                    "other": i.other,
                    "lines": i.lines,
                }
                for i in report.indentation
            ],
            "runs": [
                {"kind": r.kind, "position": r.position, "length": r.length, "count": r.count}
                for r in report.runs
            ],
            "cost": [
                {
                    "tokenizer": r.tokenizer,
                    "language": r.language,
                    "files": r.files,
                    "bytes": r.bytes,
                    "whitespace_bytes": r.whitespace_bytes,
                    "tokens": r.tokens,
                    "whitespace_tokens": r.whitespace_tokens,
                    "whitespace_cost": rounded(r.whitespace_cost),
                    "dropped_bytes": r.dropped_bytes,
                    "whitespace_lost_bytes": r.whitespace_lost_bytes,
                    "whitespace_lost_share": rounded(r.whitespace_lost_share),
                    "round_trip_files": r.round_trip_files,
                    "identifier_occurrences": r.identifier_occurrences,
                    "dependent_occurrences": r.dependent_occurrences,
                    "dependent_share": rounded(r.dependent_share),
                }
                for r in report.rows
            ],
            "identifier_examples": [
                {
                    "tokenizer": e.tokenizer,
                    "language": e.language,
                    "identifier": e.identifier,
                    "dependent": e.dependent,
                    "variants": [
                        {"first_token": t, "occurrences": n, "whitespace_before": ws}
                        for t, n, ws in e.variants
                    ],
                }
                for e in report.examples
            ],
            "skipped": skipped(report.skipped),
        },
    )


def corpus_json(report: CorpusReport) -> str:
    """The ``whitespace --corpus --json`` document."""
    return dumps(corpus_payload(report))


def parity_payload(report: ParityReport) -> dict[str, Any]:
    """The ``whitespace --reindent --json`` document as a dict."""
    return envelope(
        "whitespace",
        {
            "mode": "reindent",
            "styles": list(report.styles),
            "tokenizers": [{"name": n, "provenance": provenance(p)} for n, p in report.tokenizers],
            "totals": [
                {
                    "tokenizer": t.tokenizer,
                    "original": t.original,
                    "styles": {
                        s: {"tokens": n, "premium": rounded(t.premium(i))}
                        for i, (s, n) in enumerate(zip(report.styles, t.styles))
                    },
                }
                for t in report.totals
            ],
            "files": [
                {
                    "name": f.name,
                    "language": f.language,
                    "original": f.original or None,
                    "method": f.method or None,
                    "refused": f.refused,
                    "reason": f.reason,
                    "tokens": {
                        name: {"original": orig, **dict(zip(report.styles, counts))}
                        for name, orig, counts in f.tokens
                    },
                }
                for f in report.files
            ],
            "refused": dict(report.refusals),
            "skipped": skipped(report.skipped),
        },
    )


def parity_json(report: ParityReport) -> str:
    """The ``whitespace --reindent --json`` document."""
    return dumps(parity_payload(report))
