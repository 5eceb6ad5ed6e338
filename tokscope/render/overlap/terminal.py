"""``tokscope overlap`` in the terminal: the sections of :mod:`.rows` as width-aware tables."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from tokscope.overlap import OverlapReport
from tokscope.render.common.terminal import FitTable, note, spaced, title
from tokscope.render.overlap.rows import (
    LEGEND,
    budget_intro,
    budget_sections,
    corpus_line,
    corpus_sections,
    duplicate_sections,
    intro,
    matrix_section,
    overall_section,
    pair_sections,
    vocabularies_section,
)


def render_overlap(report: OverlapReport) -> RenderableType:
    """The whole report: vocabularies, duplicates, pairwise overlap, corpus, budget."""
    parts: list[RenderableType] = [Text(intro(report)), FitTable.of(vocabularies_section(report))]
    parts += [FitTable.of(s) for s in duplicate_sections(report)]
    parts.append(FitTable.of(overall_section(report)))
    if len(report.vocabularies) > 2:
        parts.append(FitTable.of(matrix_section(report, report.matrix.coverage, "forms")))
    for p in report.pairs:
        summary, counts, samples = pair_sections(p)
        heading = Group(Text(f"{p.a} vs {p.b}", style="bold underline"), Text(summary))
        parts += [heading, FitTable.of(counts), FitTable.of(samples)]
    if report.corpus is not None:
        parts.append(title(corpus_line(report)))
        parts += [FitTable.of(s) for s in corpus_sections(report)]
    parts.append(title(budget_intro(report)))
    parts += [FitTable.of(s) for s in budget_sections(report)]
    parts.append(note(LEGEND))
    return spaced(parts)
