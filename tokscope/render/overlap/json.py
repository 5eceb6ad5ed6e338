"""``tokscope overlap --json``: the report as a deterministic document (ratios rounded,
everything in a fixed order)."""

from __future__ import annotations

from typing import Any

from tokscope.overlap import (
    BUDGET_EXTRA,
    CATEGORIES,
    CorpusCoverage,
    Form,
    IdDelta,
    NormalisedVocab,
    OverlapReport,
    PairOverlap,
    SetOverlap,
    VocabBudget,
    form_bytes,
    form_text,
    is_continuation,
)
from tokscope.render.common.envelope import dumps, envelope, provenance, skipped
from tokscope.render.common.numbers import rounded


def form_json(form: Form) -> dict[str, Any]:
    """A form: its text (non-UTF-8 bytes as ``\\xNN``), its bytes in hex, continuation or not."""
    return {
        "text": form_text(form),
        "hex": form_bytes(form).hex(),
        "continuation": is_continuation(form),
    }


def _counts_json(c: SetOverlap) -> dict[str, Any]:
    return {
        "a": c.a,
        "b": c.b,
        "shared": c.shared,
        "union": c.union,
        "jaccard": rounded(c.jaccard),
        "a_in_b": rounded(c.a_in_b),
        "b_in_a": rounded(c.b_in_a),
    }


def _delta_json(d: IdDelta) -> dict[str, Any]:
    return {
        "count": d.count,
        "ranges": [list(r) for r in d.ranges],
        "special": list(d.special),
        "others": d.others,
        "first_other": d.first_other,
        "last_other": d.last_other,
    }


def _vocab_json(v: NormalisedVocab) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for category in v.forms.values():
        counts[category] = counts.get(category, 0) + 1
    return {
        "name": v.name,
        "provenance": provenance(v.provenance),
        "model_type": v.model_type,
        "entries": v.size,
        "special": [{"id": i, "token": t} for i, t in v.special],
        "compared_entries": v.compared_entries,
        "forms": len(v.forms),
        "empty_entries": list(v.empty),
        "special_elsewhere": list(v.special_elsewhere),
        "forms_by_category": {c: counts[c] for c in CATEGORIES if c in counts},
        "duplicates": [
            {
                "form": form_json(d.form),
                "ids": list(d.ids),
                "tokens": list(d.tokens),
                "added": list(d.added),
            }
            for d in v.duplicates
        ],
    }


def _coverage_json(c: CorpusCoverage) -> dict[str, Any]:
    return {
        "tokenizer": c.tokenizer,
        "against": c.against,
        "tokens": c.tokens,
        "covered": c.covered,
        "share": rounded(c.share),
        "by_category": [
            {
                "category": w.category,
                "tokens": w.tokens,
                "covered": w.covered,
                "share": rounded(w.covered / w.tokens if w.tokens else None),
            }
            for w in c.by_category
        ],
        "missing": [
            {"form": form_json(m.form), "count": m.count, "share": rounded(m.share)}
            for m in c.missing
        ],
    }


def _pair_json(p: PairOverlap) -> dict[str, Any]:
    ids = p.ids
    return {
        "a": p.a,
        "b": p.b,
        "ids": {
            "identical": ids.identical,
            "different": ids.different,
            "a_extends_b": ids.a_extends_b,
            "b_extends_a": ids.b_extends_a,
            "a_only": _delta_json(ids.a_only),
            "b_only": _delta_json(ids.b_only),
        },
        "overall": _counts_json(p.overall),
        "categories": [
            {
                "category": c.category,
                **_counts_json(c.counts),
                "samples": {
                    "shared": [form_json(f) for f in c.shared],
                    "a_only": [form_json(f) for f in c.a_only],
                    "b_only": [form_json(f) for f in c.b_only],
                },
            }
            for c in p.categories
        ],
        "corpus": None
        if p.corpus is None
        else {"a_in_b": _coverage_json(p.corpus[0]), "b_in_a": _coverage_json(p.corpus[1])},
    }


def _budget_json(b: VocabBudget) -> dict[str, Any]:
    unused, absent = b.unused_entries, b.absent_script_entries
    return {
        "name": b.name,
        "hidden": b.hidden,
        "entries": b.entries,
        "params": b.params,
        "unused_entries": unused,
        "unused_params": None if unused is None else unused * b.hidden,
        "absent_script_entries": absent,
        "absent_script_params": None if absent is None else absent * b.hidden,
        "rows": [
            {
                "category": r.category,
                "entries": r.entries,
                "params": r.params,
                "unused_entries": r.unused_entries,
                "unused_params": None if r.unused_entries is None else r.unused_entries * b.hidden,
                "script_in_corpus": r.in_corpus,
            }
            for r in b.rows
        ],
    }


def _matrix_json(report: OverlapReport) -> dict[str, Any]:
    m = report.matrix

    def rows(values: tuple[tuple[float | None, ...], ...] | None) -> Any:
        return None if values is None else [[rounded(x) for x in row] for row in values]

    return {
        "names": list(m.names),
        "coverage": rows(m.coverage),
        "jaccard": rows(m.jaccard),
        "corpus_coverage": rows(m.corpus_coverage),
    }


def overlap_json(report: OverlapReport) -> str:
    """The ``overlap --json`` document."""
    kw = report.keywords
    corpus = report.corpus
    body: dict[str, Any] = {
        "settings": {
            "include_special": report.include_special,
            "samples": report.samples,
            "top": report.top,
            "hidden": report.hidden,
        },
        "categories": {**CATEGORIES, **BUDGET_EXTRA},
        "keywords": {
            "source": "pygments",
            "pygments_version": kw.pygments_version,
            "count": len(kw.words),
            "languages": dict(kw.per_language),
        },
        "tokenizers": [_vocab_json(v) for v in report.vocabularies],
        "pairs": [_pair_json(p) for p in report.pairs],
        "matrix": _matrix_json(report),
        "corpus": None
        if corpus is None
        else {
            "documents": corpus.documents,
            "bytes": corpus.n_bytes,
            "skipped": skipped(corpus.skipped),
            "scripts": list(corpus.scripts),
            "tokenizers": [
                {
                    "name": u.name,
                    "tokens": u.tokens,
                    "unknown_tokens": u.unknown_tokens,
                    "special_tokens": u.special_tokens,
                    "used_entries": u.used_entries,
                }
                for u in report.uses
            ],
        },
        "budget": [_budget_json(b) for b in report.budgets],
    }
    return dumps(envelope("overlap", body))
