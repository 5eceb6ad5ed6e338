"""What ``tokscope overlap`` shows, as plain strings: forms made visible, sentences on ids, and
the sections of the report, shared by Markdown and the terminal."""

from __future__ import annotations

import re

from tokscope.corpus.walk import REASONS
from tokscope.overlap import (
    Form,
    IdComparison,
    IdDelta,
    OverlapReport,
    PairOverlap,
    SetOverlap,
    form_text,
)
from tokscope.render.common.numbers import count, percent, plural, ratio
from tokscope.render.common.sections import Section, code, label, number, section
from tokscope.render.visible import visible

LONG_RUN = 8
"""Runs of one character at least this long are shown as ``c×N``."""

MAX_SAMPLE = 28
"""Samples longer than this many characters (after run compression) are cut with ``…``."""

LEGEND = "· space  → tab  ↵ newline  ↤ CR  c×N: N times c  … cut"
"""How forms are drawn."""

_RUN = re.compile(rf"(.)\1{{{LONG_RUN - 1},}}", re.DOTALL)


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
    out = f"{ids.identical:,} {same} the same entry in both, {ids.different:,} differ"
    for name, delta in ((a, ids.a_only), (b, ids.b_only)):
        if delta.count:
            out += f"; only {name} has {delta_text(delta)}"
    return out + "."


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
    return f"{plural(delta.count, 'id')} ({shown}): " + ", ".join(parts)


def skipped_text(report: OverlapReport) -> str:
    """``3 inputs skipped: 2 binary content (NUL byte), 1 empty``."""
    assert report.corpus is not None
    s = report.corpus.skipped
    reasons = ", ".join(f"{n} {REASONS.get(r, r)}" for r, n in s.counts)
    return f"{plural(s.total, 'input')} skipped: {reasons}"


def intro(report: OverlapReport) -> str:
    """How entries are compared and drawn."""
    special = "included" if report.include_special else "left out"
    return (
        "Every entry is compared as the bytes it stands for (byte-level Ġ and SentencePiece ▁"
        f" are spaces, added tokens their literal text); special tokens are {special}. "
        f"Forms: {LEGEND}."
    )


def vocabularies_section(report: OverlapReport) -> Section:
    """Per tokenizer: model, entries, special, compared, distinct forms, duplicates."""
    rows = []
    for v in report.vocabularies:
        extra = sum(len(d.ids) - 1 for d in v.duplicates)
        duplicates = f"{count(len(v.duplicates))} ({plural(extra, 'entry', 'entries')})"
        rows.append(
            [
                v.name,
                v.model_type,
                count(v.size),
                count(len(v.special)),
                count(v.compared_entries),
                count(len(v.forms)),
                duplicates,
            ]
        )
    columns = [label("tokenizer"), label("model")]
    columns += map(number, ("entries", "special", "compared", "distinct forms", "duplicates"))
    return section("Vocabularies as the bytes each entry stands for", columns, rows)


def duplicate_sections(report: OverlapReport) -> list[Section]:
    """Per tokenizer with duplicates: entries that stand for the same bytes (the first
    ``--samples`` of them)."""
    shown = max(report.samples, 1)
    out = []
    for v in report.vocabularies:
        if not v.duplicates:
            continue
        rows = [
            [
                show_form(d.form),
                " = ".join(
                    f"{visible(t)} ({i}{', added' if a else ''})"
                    for i, t, a in zip(d.ids, d.tokens, d.added)
                ),
            ]
            for d in v.duplicates[:shown]
        ]
        if len(v.duplicates) > shown:
            rows.append(["…", f"{count(len(v.duplicates) - shown)} more (all in --json)"])
        title = f"{v.name}: entries that stand for the same bytes (counted once)"
        out.append(section(title, [code("bytes"), code("entries (id)", wrap=True)], rows))
    return out


def _counts(k: SetOverlap) -> list[str]:
    return [
        count(k.a),
        count(k.b),
        count(k.shared),
        ratio(k.jaccard),
        percent(k.a_in_b),
        percent(k.b_in_a),
    ]


def overall_section(report: OverlapReport) -> Section:
    """Per pair: forms of each, shared, Jaccard, coverage both ways."""
    rows = [[p.a, p.b, *_counts(p.overall)] for p in report.pairs]
    columns = [label("A"), label("B")]
    columns += map(number, ("A forms", "B forms", "shared", "Jaccard", "A in B", "B in A"))
    return section("Overlap", columns, rows)


def matrix_section(
    report: OverlapReport, values: tuple[tuple[float | None, ...], ...], what: str
) -> Section:
    """A square matrix of shares: row tokenizer's ``what`` that the column also has."""
    m = report.matrix
    rows = [[name, *(percent(x) for x in row)] for name, row in zip(m.names, values)]
    title = f"Share of the row's {what} that the column has"
    return section(title, [label(""), *map(number, m.names)], rows)


def pair_sections(p: PairOverlap) -> tuple[str, Section, Section]:
    """A pair's id summary, its counts per category, and samples of each group."""
    counts = section(
        "Per category",
        [
            label("category"),
            *map(number, (p.a, p.b, "shared", "Jaccard", f"{p.a} in {p.b}", f"{p.b} in {p.a}")),
        ],
        [[c.category, *_counts(c.counts)] for c in p.categories],
    )
    samples = section(
        "Samples (the shortest and the longest of each group)",
        [
            label("category"),
            code("shared", wrap=True),
            code(f"only {p.a}", wrap=True),
            code(f"only {p.b}", wrap=True),
        ],
        [
            [c.category, _samples(c.shared), _samples(c.a_only), _samples(c.b_only)]
            for c in p.categories
        ],
    )
    return id_summary(p.ids, p.a, p.b), counts, samples


def _samples(forms: tuple[Form, ...]) -> str:
    return " ".join(show_form(f) for f in forms) or "-"


def corpus_line(report: OverlapReport) -> str:
    """``On the corpus: 9 documents, 27,358 bytes. Scripts besides ASCII: none.``"""
    corpus = report.corpus
    assert corpus is not None
    line = (
        f"On the corpus: {plural(corpus.documents, 'document')}, {plural(corpus.n_bytes, 'byte')}"
    )
    if corpus.skipped.total:
        line += f"; {skipped_text(report)}"
    return line + ". Scripts besides ASCII: " + (", ".join(corpus.scripts) or "none") + "."


def corpus_sections(report: OverlapReport) -> list[Section]:
    """Tokens and entries used per tokenizer, corpus-weighted coverage, what B lacks."""
    uses = section(
        "Tokens on the corpus",
        [
            label("tokenizer"),
            *map(number, ("tokens", "unknown tokens", "special tokens", "entries used")),
        ],
        [
            [
                u.name,
                count(u.tokens),
                count(u.unknown_tokens),
                count(u.special_tokens),
                count(u.used_entries),
            ]
            for u in report.uses
        ],
    )
    out = [uses]
    if report.matrix.corpus_coverage is not None:
        out.append(matrix_section(report, report.matrix.corpus_coverage, "corpus tokens"))
    rows = [
        [
            c.tokenizer,
            c.against,
            percent(c.share),
            "  ".join(f"{show_form(m.form)} {count(m.count)}" for m in c.missing) or "-",
        ]
        for p in report.pairs
        for c in p.corpus or ()
    ]
    if rows:
        columns = [label("A"), label("B"), number("covered"), code("missing (count)", wrap=True)]
        out.append(section("Most frequent tokens of A whose bytes B lacks", columns, rows))
    return out


def budget_intro(report: OverlapReport) -> str:
    """What the budget counts."""
    return (
        f"Vocabulary budget at hidden size {report.hidden:,}: embedding parameters = entries "
        "(with added tokens) x hidden, as in tokscope inspect."
    )


def budget_sections(report: OverlapReport) -> list[Section]:
    """Per tokenizer: entries and parameters per category, unused on the corpus."""
    out = []
    for b in report.budgets:
        title = f"{b.name}: {count(b.entries)} entries = {count(b.params)} parameters"
        if b.unused_entries is not None:
            title += f"; unused on the corpus: {count(b.unused_entries * b.hidden)}"
            title += f" ({percent(b.unused_entries / b.entries)})"
        if b.absent_script_entries:
            title += f"; scripts absent: {count(b.absent_script_entries * b.hidden)}"
        columns = [label("category"), *map(number, ("entries", "params", "share"))]
        if b.unused_entries is not None:
            columns += [number("unused entries"), number("unused params"), label("in corpus")]
        rows = []
        for r in b.rows:
            row = [r.category, count(r.entries), count(r.params), percent(r.entries / b.entries)]
            if r.unused_entries is not None:
                in_corpus = "" if r.in_corpus is None else ("yes" if r.in_corpus else "no")
                row += [count(r.unused_entries), count(r.unused_entries * b.hidden), in_corpus]
            rows.append(row)
        out.append(section(title, columns, rows))
    return out
