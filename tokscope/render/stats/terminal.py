"""``tokscope stats`` in the terminal: the sections of :mod:`.rows` as width-aware tables."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from tokscope.render.common.terminal import FitTable, spaced
from tokscope.render.stats.rows import comparison_section, headline, notes, sections
from tokscope.stats import Comparison, StatsReport


def render_stats(report: StatsReport, baseline: Comparison | None = None) -> RenderableType:
    """Headline, skipped inputs, overview, languages, classes, alignment, examples."""
    parts: list[RenderableType] = [Text(headline(report))]
    parts += [Text(note) for note in notes(report)]
    parts += [FitTable.of(s) for s in sections(report)]
    if baseline is not None:
        parts.append(FitTable.of(comparison_section(baseline)))
    return spaced(parts)


def render_comparison(c: Comparison) -> RenderableType:
    """Old, new and change for each tokenizer and metric."""
    return spaced([FitTable.of(comparison_section(c))])
