"""The report's vocabulary-health tables: the rows of ``tokscope vocab`` (reachability, the
unreachable entries whitespace first, use on the corpus) for every tokenizer in one table each."""

from __future__ import annotations

from collections.abc import Sequence

from tokscope.render.common.numbers import count
from tokscope.render.common.sections import Column, Section, label, number, section
from tokscope.render.vocab.rows import LEGEND, status_section, unreachable_section
from tokscope.render.vocab.rows import Section as VocabSection
from tokscope.vocab import VocabFacts

VOCAB_HEALTH = "Vocabulary health"
"""The part's heading."""


def _columns(s: VocabSection) -> list[Column]:
    """The columns of a ``vocab`` table: right-aligned ones numeric, entry text as code."""
    return [
        Column(h, numeric=s.align[k : k + 1] == "r", wrap=k in s.code, code=k in s.code)
        for k, h in enumerate(s.header)
    ]


def _joined(title: str, parts: Sequence[tuple[str, VocabSection]], note: str) -> Section | None:
    """One table of the same ``vocab`` table for every tokenizer, a tokenizer column first."""
    if not parts:
        return None
    rows = [(name, *row) for name, s in parts for row in s.rows]
    return section(title, [label("tokenizer"), *_columns(parts[0][1])], rows, note, group=1)


def reachability_section(facts: Sequence[VocabFacts]) -> Section | None:
    """Entries and embedding parameters per reachability status, per tokenizer."""
    hidden = sorted({f.hidden for f in facts})
    note = (
        f"Parameters: entries x hidden {', '.join(count(h) for h in hidden)}. "
        "Each entry decoded and encoded again (tokscope vocab, docs/vocab.md)."
    )
    return _joined("Reachability", [(f.name, status_section(f)) for f in facts], note)


def unreachable_entries(facts: Sequence[VocabFacts], shown: int) -> Section | None:
    """The first unreachable entries of each tokenizer (whitespace first), with what their text
    encodes to."""
    parts = [(f.name, unreachable_section(f, shown)) for f in facts if f.unreachable]
    totals = "; ".join(f"{f.name}: {count(len(f.unreachable))}" for f in facts)
    note = f"Unreachable entries ({totals}); the first {shown} of each shown. {LEGEND}."
    return _joined("Unreachable entries, whitespace first", parts, note)


def usage_section(facts: Sequence[VocabFacts]) -> Section | None:
    """Per tokenizer, the entries the corpus uses and never uses, and what those cost."""
    rows = []
    for f in facts:
        c = f.corpus
        if c is None:
            continue
        rows.append(
            [
                f.name,
                count(c.tokens),
                count(c.used_entries),
                count(c.never_used),
                count(c.never_used_params),
                ", ".join(f"{count(n)} {s}" for s, n in c.never_used_by_status),
            ]
        )
    if not rows:
        return None
    columns = [
        label("tokenizer"),
        number("tokens"),
        number("entries used"),
        number("never used"),
        number("never-used parameters"),
        Column("never used, by status", wrap=True),
    ]
    note = "Counted on the report's corpus, from the statistics pass (special tokens left out)."
    return section("Entries used on the corpus", columns, rows, note)


def vocab_sections(facts: Sequence[VocabFacts], *, shown: int) -> tuple[Section, ...]:
    """The part's tables, in order (none without facts)."""
    found = (reachability_section(facts), unreachable_entries(facts, shown), usage_section(facts))
    return tuple(s for s in found if s is not None) if facts else ()
