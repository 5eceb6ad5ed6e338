"""The outline of ``tokscope report``: which tables and charts come under which heading, in which
order. The HTML and the Markdown writers both walk it, so the two documents hold the same content.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from tokscope.render.common.sections import Section
from tokscope.render.report.charts import all_charts
from tokscope.render.report.sections import (
    files_section,
    fragmented_section,
    meta_section,
    summary_notes,
    summary_section,
    verdicts_section,
)
from tokscope.render.report.svg import Chart
from tokscope.render.report.vocab import VOCAB_HEALTH, vocab_sections
from tokscope.report import VOCAB_SHOWN, Report

SUMMARY_NOTE = (
    "Definitions: docs/metrics.md. Whitespace cost: share of tokens that are only whitespace. "
    "Whitespace lost: bytes of source whitespace that no token covers or that decode does not "
    "restore (the same number as tokscope whitespace --corpus)."
)
"""The sentence under the summary table."""

CHART_GROUPS = (
    ("Fragmentation", ("bytes-per-token", "fertility")),
    ("Whitespace", ("indentation-runs", "indentation-parity")),
    ("Vocabulary overlap", ("overlap",)),
    ("Context fit", ("context-fit",)),
)
"""Under which heading each chart (by key) goes; a chart named nowhere goes under "More charts"."""

TELLING_LINES = "Telling lines"
SKIPPED = "Skipped inputs"
ALL_ANALYSED = "Every input was analysed."
"""Said under :data:`SKIPPED` when nothing was skipped."""


@dataclass(frozen=True)
class Part:
    """A heading and what comes under it, in order."""

    title: str
    """The heading."""
    items: tuple[Section | Chart, ...]
    """Tables and charts; a table whose title is the heading's is shown without its own title."""


def outline(report: Report) -> tuple[Part, ...]:
    """The report's parts before the telling lines and the skipped inputs, which each writer
    draws in its own way."""
    charts = {c.key: c for c in all_charts(report)}
    placed = {key for _, keys in CHART_GROUPS for key in keys}

    def grouped(title: str) -> list[Chart]:
        keys = dict(CHART_GROUPS)[title]
        return [charts[k] for k in keys if k in charts]

    summary = summary_section(report)
    # the lossy tokenizers' sentences first: their compression counts text they do not keep
    said = [*summary_notes(report), summary.note or SUMMARY_NOTE]
    summary = dataclasses.replace(summary, note=" ".join(said))
    parts = [
        Part("Provenance", (meta_section(report), files_section(report))),
        Part("Summary", (summary,)),
        Part("Fragmentation", (*grouped("Fragmentation"), fragmented_section(report))),
        Part("Whitespace", (verdicts_section(report), *grouped("Whitespace"))),
        Part("Vocabulary overlap", tuple(grouped("Vocabulary overlap"))),
        Part("Context fit", tuple(grouped("Context fit"))),
        Part(VOCAB_HEALTH, vocab_sections(report.vocab, shown=VOCAB_SHOWN)),
    ]
    more = tuple(c for key, c in charts.items() if key not in placed)
    if more:
        parts.append(Part("More charts", more))
    return tuple(p for p in parts if p.items)
