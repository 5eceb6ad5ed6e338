"""The sections of ``tokscope stats``, as plain strings, built once for Markdown and the terminal.

Numbers use :mod:`tokscope.render.common.numbers`; nothing here imports rich.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tokscope.corpus.walk import REASONS
from tokscope.render.common.numbers import (
    MISSING,
    count,
    megabytes,
    nbytes,
    percent,
    plural,
    ratio,
    signed,
    signed_percent,
    signed_points,
)
from tokscope.render.common.sections import Section, code, label, number, section
from tokscope.render.stats.lossy import flagged, kept_cell, lossless_cell, lossy_notes
from tokscope.render.stats.worst import worst_sections
from tokscope.render.visible import visible
from tokscope.stats import (
    Comparison,
    CorpusMatch,
    Delta,
    Metrics,
    StatsReport,
    TokenText,
    Unit,
    UnitMetrics,
)


def token_text(t: TokenText) -> str:
    """A token's text with whitespace made visible (``∅`` when it covers nothing)."""
    return visible(t.text) or "∅"


def split_text(split: Sequence[TokenText]) -> str:
    """``in + it + ial + ize``."""
    return " + ".join(token_text(t) for t in split)


def _dependence(m: Metrics) -> str:
    """``26.2% (1,234)``: identifier occurrences after whitespace whose first token depends on
    it."""
    return f"{percent(m.context_dependent_share)} ({count(m.context_dependent)})"


_OVERVIEW: tuple[tuple[str, Callable[[Metrics], str]], ...] = (
    ("files", lambda m: count(m.files)),
    ("tokens", lambda m: count(m.tokens)),
    ("keeps all whitespace", lossless_cell),
    ("bytes / token", lambda m: flagged(ratio(m.bytes_per_token), m)),
    ("bytes kept / token", lambda m: ratio(m.preserved_bytes_per_token)),
    ("chars / token", lambda m: flagged(ratio(m.chars_per_token), m)),
    ("chars kept / token", lambda m: ratio(m.preserved_chars_per_token)),
    ("NSL", lambda m: flagged(ratio(m.nsl), m)),
    ("NSL over bytes kept", lambda m: ratio(m.preserved_nsl)),
    ("tokens / word (fertility)", lambda m: ratio(m.words.fertility)),
    ("words split (PCW)", lambda m: percent(m.words.pcw)),
    ("continuation tokens", lambda m: percent(m.words.continuation_share)),
    ("boundary-crossing tokens", lambda m: percent(m.boundary_crossing_rate)),
    ("Rényi efficiency (α=2.5)", lambda m: ratio(m.renyi_efficiency)),
    ("whitespace cost", lambda m: percent(m.whitespace_cost)),
    (
        "whitespace lost",
        lambda m: f"{nbytes(m.whitespace_lost_bytes)} ({percent(m.whitespace_lost_share)})",
    ),
    ("bytes no token covers", lambda m: count(m.dropped_bytes)),
    (
        "round trip decode(encode(x))",
        lambda m: f"{percent(m.round_trip_fidelity)} ({m.round_trip}/{m.files})",
    ),
    *(
        (f"files within {n:,} tokens", lambda m, k=k: flagged(percent(m.context_fit[k][1]), m))
        for k, n in enumerate((512, 8192))
    ),
    ("UNK rate", lambda m: percent(m.unk_rate)),
    ("whitespace-dependent identifiers", _dependence),
    ("tokens / indentation run", lambda m: ratio(m.indentation.fertility)),
    ("indentation runs damaged", lambda m: _damaged(m.indentation) or "0"),
)


def _names(report: StatsReport) -> list[str]:
    return [t.info.name for t in report.tokenizers]


def headline(report: StatsReport) -> str:
    """One line on what was measured."""
    langs = ", ".join(lang.name for lang in report.languages) or "none"
    lex = "on" if report.lex else "off (--no-lex)"
    return (
        f"{plural(report.files, 'file')}, {megabytes(report.bytes)} MB; languages: {langs}; "
        f"NSL reference: {report.reference}; lexical classes: {lex}"
    )


def reason_label(reason: str) -> str:
    """A skip reason and what it means, said once: ``missing (no such file or folder)``,
    ``empty (a file of no bytes, ...)``."""
    words = REASONS.get(reason, reason)
    return words if words.startswith(reason) else f"{reason} ({words})"


def notes(report: StatsReport) -> list[str]:
    """The sentences under the headline: what each lossy tokenizer's compression is worth
    (:func:`tokscope.render.stats.lossy.lossy_notes`)."""
    return lossy_notes(report.tokenizers)


def skipped_section(report: StatsReport) -> Section | None:
    """Per reason: count and the first paths; None when nothing was skipped."""
    if not report.skipped.total:
        return None
    examples = dict(report.skipped.examples)
    rows = [
        [reason_label(reason), count(n), ", ".join(examples.get(reason, ()))]
        for reason, n in report.skipped.counts
    ]
    title = f"Skipped inputs ({count(report.skipped.total)})"
    return section(title, [label("reason"), number("count"), code("first paths", wrap=True)], rows)


def overview_section(report: StatsReport) -> Section:
    """Every overall metric, one row each, one column per tokenizer."""
    rows = []
    for name, fmt in _OVERVIEW:
        if name.startswith("NSL"):
            name = f"{name} (vs {report.reference})"
        rows.append([name, *(fmt(t.overall) for t in report.tokenizers)])
    return section("Overview", [label("metric"), *map(number, _names(report))], rows)


def language_section(report: StatsReport) -> Section:
    """Per language: files, MB, then ``bytes/token · NSL`` per tokenizer."""
    rows = []
    for k, lang in enumerate(report.languages):
        cells = [lang.name, count(lang.files), megabytes(lang.bytes)]
        for t in report.tokenizers:
            m = t.languages[k][1]
            cells.append(kept_cell(m))
        rows.append(cells)
    columns = [label("language"), number("files"), number("MB"), *map(number, _names(report))]
    return section("Per language (bytes/token · NSL; kept: over bytes kept)", columns, rows)


def _damaged(u: UnitMetrics) -> str:
    """``✗ 412 (71.0%)``: units damaged and their share; empty when none is."""
    return f"✗ {count(u.damaged)} ({percent(u.damaged_share)})" if u.damaged else ""


def _unit_cell(u: UnitMetrics) -> str:
    damaged = _damaged(u)
    return f"{ratio(u.fertility)} · {percent(u.pcw)}" + (f" · {damaged}" if damaged else "")


def class_section(report: StatsReport) -> Section | None:
    """Per lexical class: units, MB, then ``tokens/unit · PCW`` per tokenizer."""
    if not report.lex or not report.tokenizers:
        return None
    rows = []
    first = report.tokenizers[0].overall
    for k, (cls, units) in enumerate(first.classes):
        if units.units:
            cells = [cls, count(units.units), megabytes(units.bytes)]
            rows.append(cells + [_unit_cell(t.overall.classes[k][1]) for t in report.tokenizers])
    indent = first.indentation
    if indent.units:
        cells = ["(indentation runs)", count(indent.units), megabytes(indent.bytes)]
        rows.append(cells + [_unit_cell(t.overall.indentation) for t in report.tokenizers])
    columns = [label("class"), number("units"), number("MB"), *map(number, _names(report))]
    title = "Lexical classes (tokens/unit · share of units split · ✗ units damaged, if any)"
    return section(title, columns, rows)


def alignment_section(report: StatsReport) -> Section | None:
    """Identifier alignment: per kind of sub-word boundary the recall over identifiers split
    into two tokens or more, then identifiers kept whole (on their own line, not as misses) and
    the precision of token boundaries inside identifiers."""
    if not report.lex or not report.tokenizers:
        return None
    toks = report.tokenizers
    rows = []
    for k, a in enumerate(toks[0].overall.alignment):
        cells = [f"recall: {a.kind}", count(a.boundaries)]
        rows.append(cells + [percent(t.overall.alignment[k].recall) for t in toks])
    first = toks[0].overall
    rows.append(
        [
            "kept whole (one token)",
            count(first.bounded_identifiers),
            *(
                f"{count(t.overall.whole_identifiers)} "
                f"({percent(_share(t.overall.whole_identifiers, first.bounded_identifiers))})"
                for t in toks
            ),
        ]
    )
    rows.append(
        [
            "precision",
            "",
            *(percent(t.overall.identifier_precision) for t in toks),
        ]
    )
    columns = [label("identifier boundaries"), number("count"), *map(number, _names(report))]
    title = (
        "Identifier alignment (recall: sub-word boundaries of split identifiers on a token "
        "boundary; precision: token boundaries inside identifiers on a sub-word boundary)"
    )
    return section(title, columns, rows)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def fragmented_sections(report: StatsReport) -> list[Section]:
    """Per tokenizer, its most fragmented frequent identifiers."""
    out = []
    for t in report.tokenizers:
        if t.fragmented:
            rows = [
                [f.name, count(f.occurrences), ratio(f.tokens_per_occurrence), split_text(f.split)]
                for f in t.fragmented
            ]
            columns = [
                code("identifier"),
                number("occurrences"),
                number("tokens"),
                code("first split", wrap=True),
            ]
            title = f"Most fragmented frequent identifiers: {t.info.name}"
            out.append(section(title, columns, rows))
    return out


def crossing_section(report: StatsReport) -> Section | None:
    """The most common tokens that cross a lexeme boundary: one column per tokenizer, ``token
    count`` by rank."""
    crossing = [t for t in report.tokenizers if t.crossing]
    if not crossing:
        return None
    depth = max(len(t.crossing) for t in crossing)
    rows = [
        [
            str(k + 1),
            *(
                f"{token_text(t.crossing[k].token)} {count(t.crossing[k].count)}"
                if k < len(t.crossing)
                else ""
                for t in crossing
            ),
        ]
        for k in range(depth)
    ]
    columns = [number("rank"), *(code(t.info.name) for t in crossing)]
    return section("Most common boundary-crossing tokens (token count)", columns, rows)


def failure_section(report: StatsReport) -> Section | None:
    """The first files that do not survive a round trip, where and how."""
    rows = [
        [t.info.name, e.file, count(e.char), f"{visible(e.source)} → {visible(e.decoded)}"]
        for t in report.tokenizers
        for e in t.round_trip_examples
    ]
    if not rows:
        return None
    columns = [
        label("tokenizer"),
        code("file", wrap=True),
        number("char"),
        code("source → decoded", wrap=True),
    ]
    return section("Round-trip failures (first files; · space, ↵ newline)", columns, rows)


def sections(report: StatsReport) -> list[Section]:
    """Every section of the report, in reading order."""
    found = [
        skipped_section(report),
        overview_section(report),
        language_section(report),
        class_section(report),
        alignment_section(report),
        *fragmented_sections(report),
        crossing_section(report),
        *worst_sections(report),
        failure_section(report),
    ]
    return [s for s in found if s is not None]


def comparison_title(c: Comparison) -> str:
    """``Changes (9 files before, 10 after)``."""
    return f"Changes ({plural(c.old_files, 'file')} before, {count(c.new_files)} after)"


def corpus_warning(c: Comparison) -> str | None:
    """A line on the two runs' corpora when they are not known to be the same, else None."""
    old, new = c.old_corpus, c.new_corpus
    if c.corpus is CorpusMatch.SAME:
        return None
    if c.corpus is CorpusMatch.UNKNOWN:
        return (
            "Note: a run was saved without a corpus fingerprint (an older tokscope), so only "
            "its file count and bytes could be checked; they agree"
        )
    sizes = [
        f"{plural(facts.files, 'file')}, {MISSING if facts.bytes is None else nbytes(facts.bytes)}"
        for facts in (old, new)
    ]
    same_size = old.files == new.files and old.bytes == new.bytes
    how = "same size, other contents" if same_size else f"before: {sizes[0]}; after: {sizes[1]}"
    return (
        f"Warning: the two runs measured different corpora ({how}), so the changes are not "
        "the tokenizers' alone"
    )


def _change_cells(d: Delta) -> list[str]:
    if d.metric.unit is Unit.PERCENT:
        values = [percent(d.old), percent(d.new), signed_points(d.change)]
    else:
        values = [ratio(d.old), ratio(d.new), signed(d.change)]
    return [d.tokenizer, d.metric.label, *values, signed_percent(d.relative)]


def comparison_section(c: Comparison, *, all_rows: bool = False) -> Section:
    """Per tokenizer and metric: old, new, change (percentage points for shares) and relative
    change, largest first; only the rows that changed unless ``all_rows``."""
    shown = [d for d in c.deltas if all_rows or d.changed]
    columns = [
        code("tokenizer"),
        label("metric"),
        number("old"),
        number("new"),
        number("change"),
        number("relative"),
    ]
    notes = []
    if c.unchanged:
        notes.append(f"Unchanged: {', '.join(c.unchanged)}.")
    if c.only_old or c.only_new:
        notes.append(
            f"Only before: {', '.join(c.only_old) or MISSING}; "
            f"only after: {', '.join(c.only_new) or MISSING}."
        )
    hidden = len(c.deltas) - len(shown)
    if hidden:
        notes.append(
            f"{plural(hidden, 'row')} hidden (no change, or one run only): --all shows them."
        )
    if not any(d.tokenizer not in (*c.only_old, *c.only_new) for d in c.deltas):
        notes.insert(0, "No tokenizer is in both runs: give them the same name with -t NAME=SPEC.")
    elif not shown:
        notes.insert(0, "No metric changed.")
    return section(comparison_title(c), columns, [_change_cells(d) for d in shown], " ".join(notes))
