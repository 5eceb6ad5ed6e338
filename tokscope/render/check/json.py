"""JSON for ``tokscope check``: the same seed gives byte-identical output (no timings)."""

from __future__ import annotations

from typing import Any

from tokscope.render.common.envelope import dumps, envelope, provenance
from tokscope.render.visible import visible
from tokscope.testing.runner import CheckReport, Counterexample, Status


def _counterexample(example: Counterexample) -> dict[str, Any]:
    return {
        "text": example.text,
        "visible": visible(example.text),
        "reason": example.reason,
        "pinned": example.pinned,
        "splits": [
            {
                "label": s.label,
                "text": s.text,
                "tokens": list(s.tokens),
                "ids": list(s.ids),
                "dropped": list(s.dropped),
            }
            for s in example.splits
        ],
    }


def check_json(report: CheckReport) -> str:
    """The ``check --json`` document: seed and profile, ``ok``, the stale expectations
    (``TOKENIZER:PROPERTY`` expected to fail that passed), then per tokenizer each property's
    status (``passed``, ``failed``, ``xfail``, ``xpass``) and shrunk counterexample."""
    tokenizers = []
    for tok in report.tokenizers:
        tokenizers.append(
            {
                "name": tok.name,
                "provenance": provenance(tok.provenance),
                "counts": {status.value: tok.count(status) for status in Status},
                "results": [
                    {
                        "property": r.property,
                        "summary": r.summary,
                        "status": r.status.value,
                        "counterexample": (
                            None if r.counterexample is None else _counterexample(r.counterexample)
                        ),
                    }
                    for r in tok.results
                ],
            }
        )
    return dumps(
        envelope(
            "check",
            {
                "seed": report.seed,
                "profile": report.profile,
                "max_examples": report.max_examples,
                "expectations": list(report.expectations),
                "ok": report.ok,
                "stale_expectations": list(report.stale),
                "tokenizers": tokenizers,
            },
        )
    )
