"""``tokscope vocab --json``: every count, every unreachable entry, deterministic."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tokscope.render.common.envelope import dumps, envelope, provenance
from tokscope.render.common.numbers import rounded as ratio
from tokscope.render.overlap.json import form_json
from tokscope.vocab import Entry, VocabFacts


def entry_json(e: Entry) -> dict[str, Any]:
    """One entry: id, token string, what it stands for, category, status, what it encodes to."""
    return {
        "id": e.id,
        "token": e.token,
        **form_json(e.form),
        "bytes": e.n_bytes,
        "category": e.category,
        "status": e.status,
        "encodes_to": [{"id": i, **form_json(f)} for i, f in zip(e.encodes_to, e.encodes_to_forms)],
    }


def _facts_json(f: VocabFacts) -> dict[str, Any]:
    corpus = None
    if f.corpus is not None:
        c = f.corpus
        corpus = {
            "documents": c.documents,
            "bytes": c.n_bytes,
            "skipped": dict(c.skipped.counts),
            "tokens": c.tokens,
            "used_entries": c.used_entries,
            "never_used": c.never_used,
            "never_used_params": c.never_used_params,
            "never_used_by_status": dict(c.never_used_by_status),
            "top": [
                {**entry_json(u.entry), "count": u.count, "share": ratio(u.share)} for u in c.top
            ],
            "never_used_examples": [entry_json(e) for e in c.never_used_examples],
        }
    return {
        "name": f.name,
        "provenance": provenance(f.provenance),
        "model_type": f.model_type,
        "size": f.size,
        "hidden": f.hidden,
        "params": f.size * f.hidden,
        "neutral_context": list(f.context),
        "statuses": {s.status: {"entries": s.entries, "params": s.params} for s in f.statuses},
        "categories": [
            {
                "category": c.category,
                "entries": c.entries,
                "reachable": c.reachable,
                "unreachable": c.unreachable,
                "partial_utf8": c.partial,
                "unreachable_params": c.unreachable_params,
                "examples": [entry_json(e) for e in c.examples],
            }
            for c in f.categories
        ],
        "unreachable": [entry_json(e) for e in f.unreachable],
        "lengths": [
            {"bytes": b.label, "low": b.low, "high": b.high, "entries": b.entries}
            for b in f.lengths
        ],
        "longest": [entry_json(e) for e in f.longest],
        "duplicates": {
            "texts": f.duplicate_groups,
            "examples": [[entry_json(e) for e in g.entries] for g in f.duplicates],
        },
        "corpus": corpus,
        "lookup": [entry_json(e) for e in f.lookup],
        "grep": None
        if f.grep is None
        else {
            "pattern": f.grep.pattern,
            "matches": f.grep.matches,
            "entries": [entry_json(e) for e in f.grep.entries],
        },
    }


def vocab_json(facts: Sequence[VocabFacts]) -> str:
    """The ``vocab --json`` document."""
    return dumps(envelope("vocab", {"tokenizers": [_facts_json(f) for f in facts]}))
