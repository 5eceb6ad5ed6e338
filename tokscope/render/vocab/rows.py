"""The sections of ``tokscope vocab``, built once as rows of text for the Markdown and terminal
writers: a :class:`~tokscope.vocab.VocabFacts` in, :class:`Section` values out."""

from __future__ import annotations

from dataclasses import dataclass, field

from tokscope.corpus.walk import REASONS
from tokscope.render.common.numbers import percent
from tokscope.render.overlap.rows import show_form
from tokscope.vocab import STATUSES, Entry, VocabFacts

PIECE_SEPARATOR = "┊"
"""Between the pieces an unreachable entry encodes to."""

LEGEND = "· space  → tab  ↵ newline  ↤ CR  c×N: N times c  … cut  ┊ between tokens"


@dataclass(frozen=True)
class Section:
    """One titled table."""

    title: str
    """Its title (plain text: names may hold markup characters)."""
    header: tuple[str, ...]
    """Column names."""
    rows: tuple[tuple[str, ...], ...]
    """Cells as plain text."""
    align: str = ""
    """``r`` for each right-aligned column, anything else for left."""
    code: frozenset[int] = field(default_factory=frozenset)
    """Columns that hold entry text (code spans in Markdown)."""
    note: str | None = None
    """A line under the table (what was left out, what a column means)."""


def heading(facts: VocabFacts) -> str:
    """``modernbert: BPE, 50,368 entries, 51,576,832 parameters at hidden 1,024``."""
    return (
        f"{facts.name}: {facts.model_type}, {facts.size:,} entries, "
        f"{facts.size * facts.hidden:,} parameters at hidden {facts.hidden:,}"
    )


def context_line(facts: VocabFacts) -> str:
    """How the entries were re-encoded."""
    if not facts.context:
        return "entries re-encoded as they stand (the tokenizer inserts no space marker)"
    return "entries re-encoded in a neutral context: " + ", ".join(facts.context) + " switched off"


def pieces(entry: Entry) -> str:
    """What an unreachable entry encodes to, pieces separated by ``┊``."""
    return PIECE_SEPARATOR.join(show_form(f) for f in entry.encodes_to_forms)


def status_section(facts: VocabFacts) -> Section:
    """Entries and parameters per reachability status."""
    rows = tuple(
        (
            s.status,
            f"{s.entries:,}",
            percent(s.entries / facts.size if facts.size else None),
            f"{s.params:,}",
            STATUSES[s.status],
        )
        for s in facts.statuses
        if s.entries or s.status in ("reachable", "unreachable")
    )
    return Section(
        f"{facts.name}: reachability",
        ("status", "entries", "share", "parameters", "meaning"),
        rows,
        "lrrrl",
    )


def category_section(facts: VocabFacts) -> Section:
    """Reachability per category, with examples (unreachable ones first)."""
    rows = tuple(
        (
            c.category,
            f"{c.entries:,}",
            f"{c.reachable:,}",
            f"{c.unreachable:,}",
            f"{c.partial:,}",
            f"{c.unreachable_params:,}",
            " ".join(show_form(e.form) for e in c.examples),
        )
        for c in facts.categories
    )
    return Section(
        f"{facts.name}: by category",
        (
            "category",
            "entries",
            "reachable",
            "unreachable",
            "partial UTF-8",
            "unreachable params",
            "examples",
        ),
        rows,
        "lrrrrrl",
        frozenset({6}),
    )


def unreachable_section(facts: VocabFacts, top: int) -> Section:
    """The unreachable entries (whitespace first) and what each encodes to."""
    shown = facts.unreachable[:top]
    rest = len(facts.unreachable) - len(shown)
    note = f"{rest:,} more (--top, or --json for all)" if rest > 0 else None
    if not facts.unreachable:
        note = "every non-special entry that decodes to text encodes back to itself"
    return Section(
        f"{facts.name}: unreachable entries ({len(facts.unreachable):,})",
        ("id", "entry", "category", "encodes to"),
        tuple((str(e.id), show_form(e.form), e.category or "-", pieces(e)) for e in shown),
        "rlll",
        frozenset({1, 3}),
        note,
    )


def length_section(facts: VocabFacts) -> Section:
    """The histogram of bytes per entry."""
    total = sum(b.entries for b in facts.lengths) or 1
    widest = max((b.entries for b in facts.lengths), default=0) or 1
    rows = tuple(
        (
            b.label,
            f"{b.entries:,}",
            percent(b.entries / total),
            "█" * round(24 * b.entries / widest),
        )
        for b in facts.lengths
    )
    return Section(
        f"{facts.name}: entries by length (bytes)", ("bytes", "entries", "share", ""), rows, "rrrl"
    )


def entry_rows(entries: tuple[Entry, ...]) -> tuple[tuple[str, ...], ...]:
    """``id, token, text, bytes, category, status, encodes to`` for each entry."""
    return tuple(
        (
            str(e.id),
            show_form(e.token.encode("utf-8")),
            show_form(e.form),
            f"{e.n_bytes:,}",
            e.category or "-",
            e.status,
            pieces(e),
        )
        for e in entries
    )


ENTRY_HEADER = ("id", "token", "text", "bytes", "category", "status", "encodes to")


def longest_section(facts: VocabFacts) -> Section:
    """The longest entries."""
    return Section(
        f"{facts.name}: longest entries",
        ENTRY_HEADER,
        entry_rows(facts.longest),
        "rllrlll",
        frozenset({1, 2, 6}),
    )


def duplicate_section(facts: VocabFacts) -> Section:
    """Texts that several entries stand for."""
    rows = tuple(
        (
            show_form(g.entries[0].form),
            " ".join(str(e.id) for e in g.entries),
            " ".join(show_form(e.token.encode("utf-8")) for e in g.entries),
            " ".join(e.status for e in g.entries),
        )
        for g in facts.duplicates
    )
    rest = facts.duplicate_groups - len(rows)
    note = f"{rest:,} more (--top)" if rest > 0 else None
    if not facts.duplicate_groups:
        note = "no two entries stand for the same text"
    return Section(
        f"{facts.name}: duplicates after normalisation ({facts.duplicate_groups:,} texts)",
        ("text", "ids", "tokens", "status"),
        rows,
        "llll",
        frozenset({0, 2}),
        note,
    )


def corpus_summary(facts: VocabFacts) -> str:
    """One line: documents, tokens, entries used and never used with their cost."""
    c = facts.corpus
    assert c is not None
    statuses = ", ".join(f"{n:,} {s}" for s, n in c.never_used_by_status)
    line = (
        f"{c.documents:,} documents, {c.n_bytes:,} bytes, {c.tokens:,} tokens; "
        f"{c.used_entries:,} entries used, {c.never_used:,} never used ({statuses}), "
        f"costing {c.never_used_params:,} parameters"
    )
    if c.skipped.total:
        reasons = ", ".join(f"{n} {REASONS.get(r, r)}" for r, n in c.skipped.counts)
        line += f"; {c.skipped.total:,} inputs skipped: {reasons}"
    return line


def corpus_section(facts: VocabFacts) -> Section:
    """The most frequent entries on the corpus."""
    c = facts.corpus
    assert c is not None
    rows = tuple(
        (str(k), str(u.entry.id), show_form(u.entry.form), f"{u.count:,}", percent(u.share))
        for k, u in enumerate(c.top, 1)
    )
    unused = " ".join(show_form(e.form) for e in c.never_used_examples)
    return Section(
        f"{facts.name}: most frequent entries on the corpus",
        ("rank", "id", "text", "count", "share"),
        rows,
        "rrlrr",
        frozenset({2}),
        f"reachable but never used: {unused}" if unused else None,
    )


def lookup_section(facts: VocabFacts) -> Section:
    """The entries asked for with ``--id``."""
    return Section(
        f"{facts.name}: entries by id",
        ENTRY_HEADER,
        entry_rows(facts.lookup),
        "rllrlll",
        frozenset({1, 2, 6}),
    )


def grep_section(facts: VocabFacts) -> Section:
    """The entries whose text matches ``--grep``."""
    g = facts.grep
    assert g is not None
    rest = g.matches - len(g.entries)
    return Section(
        f"{facts.name}: entries matching {g.pattern} ({g.matches:,})",
        ENTRY_HEADER,
        entry_rows(g.entries),
        "rllrlll",
        frozenset({1, 2, 6}),
        f"{rest:,} more" if rest > 0 else None,
    )


def sections(facts: VocabFacts, *, top: int) -> list[Section]:
    """Every section of one tokenizer, in display order (lookups first when asked for)."""
    out: list[Section] = []
    if facts.lookup:
        out.append(lookup_section(facts))
    if facts.grep is not None:
        out.append(grep_section(facts))
    out += [
        status_section(facts),
        category_section(facts),
        unreachable_section(facts, top),
        length_section(facts),
        longest_section(facts),
        duplicate_section(facts),
    ]
    if facts.corpus is not None:
        out.append(corpus_section(facts))
    return out
