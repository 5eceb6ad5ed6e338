"""``tokscope stats`` in the terminal: the sections of :mod:`.rows` as width-aware tables."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from tokscope.render.common.terminal import FitTable, note, spaced, title
from tokscope.render.stats.rows import (
    comparison_section,
    corpus_warning,
    headline,
    notes,
    sections,
)
from tokscope.stats import Comparison, StatsReport


def _comparison(c: Comparison, *, all_rows: bool) -> list[RenderableType]:
    """The corpus warning (if any), then the changes; a title and its note when none is shown."""
    parts: list[RenderableType] = []
    warning = corpus_warning(c)
    if warning is not None:
        parts.append(Text(warning, style="bold yellow"))
    change = comparison_section(c, all_rows=all_rows)
    if change.rows:
        parts.append(FitTable.of(change))
    else:
        parts.append(Text.assemble(title(change.title), "\n", note(change.note)))
    return parts


def render_stats(
    report: StatsReport, baseline: Comparison | None = None, *, all_rows: bool = False
) -> RenderableType:
    """Headline, skipped inputs, overview, languages, classes, alignment, examples; with a
    baseline, the changes from it (every row with ``all_rows``)."""
    parts: list[RenderableType] = [Text(headline(report))]
    parts += [Text(note) for note in notes(report)]
    parts += [FitTable.of(s) for s in sections(report)]
    if baseline is not None:
        parts += _comparison(baseline, all_rows=all_rows)
    return spaced(parts)


def render_comparison(c: Comparison, *, all_rows: bool = False) -> RenderableType:
    """Old, new and change for each tokenizer and metric that changed (every one with
    ``all_rows``)."""
    return spaced(_comparison(c, all_rows=all_rows))
