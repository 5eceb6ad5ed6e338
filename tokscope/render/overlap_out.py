"""``tokscope overlap`` as JSON and as Markdown: an :class:`~tokscope.overlap.OverlapReport` in,
text out.

Both are deterministic: the same report gives byte-identical text (ratios rounded, everything in
a fixed order).
"""

from __future__ import annotations

import re
from typing import Any

from tokscope.corpus.walk import REASONS
from tokscope.overlap import (
    BUDGET_EXTRA,
    CATEGORIES,
    CorpusCoverage,
    Form,
    IdComparison,
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
from tokscope.render.json_out import dumps, envelope, provenance
from tokscope.render.visible import visible

DIGITS = 6
"""Decimal places of ratios in JSON."""

LONG_RUN = 8
"""Runs of one character at least this long are shown as ``c×N``."""

MAX_SAMPLE = 28
"""Samples longer than this many characters (after run compression) are cut with ``…``."""

_RUN = re.compile(rf"(.)\1{{{LONG_RUN - 1},}}", re.DOTALL)


def ratio(value: float | None) -> float | None:
    """A ratio rounded for JSON."""
    return None if value is None else round(value, DIGITS)


def percent(value: float | None) -> str:
    """A ratio as a percentage for tables (``-`` when undefined)."""
    return "-" if value is None else f"{value:.1%}"


def show_form(form: Form, *, limit: int = MAX_SAMPLE) -> str:
    """A form for display: whitespace visible, long runs as ``c×N``, long forms cut.

    >>> show_form(b"    return"), show_form(b" " * 24), show_form(b"\\xf0\\x9f")
    ('····return', '·×24', '\\\\xf0\\\\x9f')
    """
    text = form_text(form)
    shown, end = [], 0
    for run in _RUN.finditer(text):
        shown.append(visible(text[end : run.start()]))
        shown.append(f"{visible(run.group(1))}×{len(run.group(0))}")
        end = run.end()
    shown.append(visible(text[end:]))
    out = "".join(shown)
    return out if len(out) <= limit else out[: limit - 1] + "…"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def id_summary(ids: IdComparison, a: str, b: str) -> str:
    """One sentence on how the two vocabularies compare id by id."""
    if ids.a_extends_b and ids.b_extends_a:
        return f"{a} and {b} hold the same {ids.identical:,} entries at the same ids."
    if ids.a_extends_b:
        return (
            f"{a} holds every entry of {b} at the same id ({ids.identical:,}), "
            f"plus {delta_text(ids.a_only)}."
        )
    if ids.b_extends_a:
        return (
            f"{b} holds every entry of {a} at the same id ({ids.identical:,}), "
            f"plus {delta_text(ids.b_only)}."
        )
    same = "id holds" if ids.identical == 1 else "ids hold"
    text = f"{ids.identical:,} {same} the same entry in both, {ids.different:,} differ"
    for name, delta in ((a, ids.a_only), (b, ids.b_only)):
        if delta.count:
            text += f"; only {name} has {delta_text(delta)}"
    return text + "."


def delta_text(delta: IdDelta) -> str:
    """``88 ids (50280–50367): 5 special ([UNK] …), 83 not special ([unused0] … [unused82])``."""
    shown = ", ".join(f"{x}–{y}" if x != y else f"{x}" for x, y in delta.ranges[:3])
    if len(delta.ranges) > 3:
        shown += ", …"
    parts = []
    if delta.special:
        names = " ".join(delta.special[:6]) + (" …" if len(delta.special) > 6 else "")
        parts.append(f"{len(delta.special)} special ({names})")
    if delta.others:
        first = show_form((delta.first_other or "").encode("utf-8"))
        last = show_form((delta.last_other or "").encode("utf-8"))
        names = first if delta.others == 1 else f"{first} … {last}"
        parts.append(f"{delta.others:,} not special ({names})")
    return f"{_plural(delta.count, 'id')} ({shown}): " + ", ".join(parts)


# -- JSON ---------------------------------------------------------------------------------------


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
        "jaccard": ratio(c.jaccard),
        "a_in_b": ratio(c.a_in_b),
        "b_in_a": ratio(c.b_in_a),
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
        "share": ratio(c.share),
        "by_category": [
            {
                "category": w.category,
                "tokens": w.tokens,
                "covered": w.covered,
                "share": ratio(w.covered / w.tokens if w.tokens else None),
            }
            for w in c.by_category
        ],
        "missing": [
            {"form": form_json(m.form), "count": m.count, "share": ratio(m.share)}
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
        return None if values is None else [[ratio(x) for x in row] for row in values]

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
            "skipped": {
                "total": corpus.skipped.total,
                "by_reason": dict(corpus.skipped.counts),
                "examples": {r: list(n) for r, n in corpus.skipped.examples},
            },
            "scripts": list(corpus.scripts),
            "tokenizers": [
                {
                    "name": u.name,
                    "tokens": u.tokens,
                    "special_tokens": u.special_tokens,
                    "used_entries": u.used_entries,
                }
                for u in report.uses
            ],
        },
        "budget": [_budget_json(b) for b in report.budgets],
    }
    return dumps(envelope("overlap", body))


# -- Markdown -----------------------------------------------------------------------------------


def md_code(text: str) -> str:
    """``text`` as an inline code span that survives a Markdown table cell.

    >>> md_code("a|b"), md_code("x`y")
    ('`a\\\\|b`', '``x`y``')
    """
    if not text:
        return ""
    fence = "`" * (max((len(r) for r in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    cell = text.replace("|", "\\|")
    return f"{fence}{pad}{cell}{pad}{fence}"


def _md_table(header: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    marks = [("---:" if align[k : k + 1] == "r" else "---") for k in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _md_samples(forms: tuple[Form, ...]) -> str:
    return " ".join(md_code(show_form(f)) for f in forms) or "-"


def overlap_markdown(report: OverlapReport) -> str:
    """The ``overlap --markdown`` report."""
    out = ["# Vocabulary overlap", ""]
    special = "included" if report.include_special else "left out"
    out += [
        "Every entry is compared as the bytes it stands for (byte-level `Ġ` and SentencePiece `▁`"
        f" are spaces, added tokens their literal text); special tokens are {special}. "
        "Whitespace is shown as `·` space, `→` tab, `↵` newline, `␍` CR; `c×N` is N times c.",
        "",
        "## Vocabularies",
        "",
    ]
    rows = []
    for v in report.vocabularies:
        extra = sum(len(d.ids) - 1 for d in v.duplicates)
        rows.append(
            [
                v.name,
                v.model_type,
                f"{v.size:,}",
                f"{len(v.special):,}",
                f"{v.compared_entries:,}",
                f"{len(v.forms):,}",
                f"{len(v.duplicates):,} ({extra:,} entries)",
            ]
        )
    out += _md_table(
        ["tokenizer", "model", "entries", "special", "compared", "distinct forms", "duplicates"],
        rows,
        "llrrrrr",
    )
    for v in report.vocabularies:
        if not v.duplicates:
            continue
        out += [f"Duplicates in {v.name} (same bytes, counted once):", ""]
        dup_rows = [
            [
                md_code(show_form(d.form)),
                " = ".join(
                    f"{md_code(visible(t))} ({i}{', added' if a else ''})"
                    for i, t, a in zip(d.ids, d.tokens, d.added)
                ),
            ]
            for d in v.duplicates
        ]
        out += _md_table(["bytes", "entries"], dup_rows)
    out += ["## Overlap", ""]
    out += _md_table(
        ["A", "B", "A forms", "B forms", "shared", "Jaccard", "A in B", "B in A"],
        [
            [
                p.a,
                p.b,
                f"{p.overall.a:,}",
                f"{p.overall.b:,}",
                f"{p.overall.shared:,}",
                f"{p.overall.jaccard:.3f}",
                percent(p.overall.a_in_b),
                percent(p.overall.b_in_a),
            ]
            for p in report.pairs
        ],
        "llrrrrrr",
    )
    if len(report.vocabularies) > 2:
        out += _md_matrix(report)
    for p in report.pairs:
        out += _md_pair(p)
    if report.corpus is not None:
        out += _md_corpus(report)
    out += _md_budget(report)
    return "\n".join(out).rstrip("\n") + "\n"


def _md_matrix(report: OverlapReport) -> list[str]:
    m = report.matrix
    out = ["Coverage: share of the row's forms that the column also has.", ""]
    out += _md_table(
        ["", *m.names],
        [[name, *(percent(x) for x in row)] for name, row in zip(m.names, m.coverage)],
        "l" + "r" * len(m.names),
    )
    return out


def _md_pair(p: PairOverlap) -> list[str]:
    out = [f"### {p.a} vs {p.b}", "", id_summary(p.ids, p.a, p.b), ""]
    rows = []
    for c in p.categories:
        k = c.counts
        rows.append(
            [
                c.category,
                f"{k.a:,}",
                f"{k.b:,}",
                f"{k.shared:,}",
                f"{k.jaccard:.3f}",
                percent(k.a_in_b),
                percent(k.b_in_a),
            ]
        )
    out += _md_table(
        ["category", p.a, p.b, "shared", "Jaccard", f"{p.a} in {p.b}", f"{p.b} in {p.a}"],
        rows,
        "lrrrrrr",
    )
    out += ["Samples (the shortest and the longest of each group):", ""]
    out += _md_table(
        ["category", "shared", f"only {p.a}", f"only {p.b}"],
        [
            [c.category, _md_samples(c.shared), _md_samples(c.a_only), _md_samples(c.b_only)]
            for c in p.categories
        ],
    )
    return out


def _md_corpus(report: OverlapReport) -> list[str]:
    corpus = report.corpus
    assert corpus is not None
    out = [
        "## On the corpus",
        "",
        f"{corpus.documents:,} documents, {corpus.n_bytes:,} bytes"
        + (f"; {skipped_text(report)}" if corpus.skipped.total else "")
        + ". Scripts present besides ASCII: "
        + (", ".join(corpus.scripts) or "none")
        + ".",
        "",
    ]
    out += _md_table(
        ["tokenizer", "tokens", "special tokens", "entries used"],
        [
            [u.name, f"{u.tokens:,}", f"{u.special_tokens:,}", f"{u.used_entries:,}"]
            for u in report.uses
        ],
        "lrrr",
    )
    m = report.matrix
    if m.corpus_coverage is not None:
        out += [
            "Corpus-weighted coverage: share of the row's tokens whose form the column has.",
            "",
        ]
        out += _md_table(
            ["", *m.names],
            [[n, *(percent(x) for x in row)] for n, row in zip(m.names, m.corpus_coverage)],
            "l" + "r" * len(m.names),
        )
    for p in report.pairs:
        for c in p.corpus or ():
            if not c.missing:
                continue
            out += [
                f"Most frequent tokens of {c.tokenizer} that {c.against} lacks "
                f"({percent(c.share)} of {c.tokenizer}'s tokens are covered):",
                "",
            ]
            out += _md_table(
                ["form", "count", "share"],
                [[md_code(show_form(x.form)), f"{x.count:,}", percent(x.share)] for x in c.missing],
                "lrr",
            )
    return out


def skipped_text(report: OverlapReport) -> str:
    """``3 inputs skipped: 2 binary content (NUL byte), 1 empty``."""
    assert report.corpus is not None
    s = report.corpus.skipped
    reasons = ", ".join(f"{n} {REASONS.get(r, r)}" for r, n in s.counts)
    return f"{s.total:,} input{'s' if s.total != 1 else ''} skipped: {reasons}"


def _md_budget(report: OverlapReport) -> list[str]:
    hidden = report.hidden
    out = [
        "## Vocabulary budget",
        "",
        f"Embedding parameters at hidden size {hidden:,} (entries with added tokens x hidden,"
        " as in `tokscope inspect`).",
        "",
    ]
    for b in report.budgets:
        head = f"**{b.name}**: {b.entries:,} entries, {b.params:,} parameters"
        if b.unused_entries is not None:
            head += (
                f"; never used on the corpus: {b.unused_entries:,} entries "
                f"({b.unused_entries * hidden:,} parameters, {b.unused_entries / b.entries:.1%})"
            )
        if b.absent_script_entries:
            head += (
                f"; scripts absent from the corpus: {b.absent_script_entries:,} entries "
                f"({b.absent_script_entries * hidden:,} parameters)"
            )
        out += [head + ".", ""]
        header = ["category", "entries", "params", "share"]
        if b.unused_entries is not None:
            header += ["unused entries", "unused params", "script in corpus"]
        rows = []
        for r in b.rows:
            row = [r.category, f"{r.entries:,}", f"{r.params:,}", percent(r.entries / b.entries)]
            if r.unused_entries is not None:
                in_corpus = "" if r.in_corpus is None else ("yes" if r.in_corpus else "no")
                row += [f"{r.unused_entries:,}", f"{r.unused_entries * hidden:,}", in_corpus]
            rows.append(row)
        out += _md_table(header, rows, "lrrrrrl")
    return out
