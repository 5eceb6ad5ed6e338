"""``tokscope overlap --markdown``: the sections of :mod:`.rows` as Markdown."""

from __future__ import annotations

from tokscope.overlap import OverlapReport
from tokscope.render.common.markdown import finish, section_table
from tokscope.render.common.sections import Section
from tokscope.render.overlap.rows import (
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


def _part(section: Section, level: int = 3) -> list[str]:
    return [f"{'#' * level} {section.title}", "", *section_table(section), ""]


def overlap_markdown(report: OverlapReport) -> str:
    """The ``overlap --markdown`` report."""
    out = ["# Vocabulary overlap", "", intro(report), ""]
    out += ["## Vocabularies", "", *section_table(vocabularies_section(report)), ""]
    for s in duplicate_sections(report):
        out += _part(s)
    out += _part(overall_section(report), 2)
    if len(report.vocabularies) > 2:
        out += _part(matrix_section(report, report.matrix.coverage, "forms"))
    for p in report.pairs:
        summary, counts, samples = pair_sections(p)
        out += [f"### {p.a} vs {p.b}", "", summary, "", *_part(counts, 4), *_part(samples, 4)]
    if report.corpus is not None:
        out += ["## On the corpus", "", corpus_line(report), ""]
        for s in corpus_sections(report):
            out += _part(s)
    out += ["## Vocabulary budget", "", budget_intro(report), ""]
    for s in budget_sections(report):
        out += _part(s)
    return finish(out)
