"""``stats --markdown``: the sections of :mod:`.rows` as Markdown tables."""

from __future__ import annotations

from tokscope.render.common.markdown import document, finish, section_table
from tokscope.render.stats.rows import (
    comparison_section,
    corpus_warning,
    headline,
    notes,
    sections,
)
from tokscope.stats import Comparison, StatsReport


def _comparison(c: Comparison, *, all_rows: bool) -> list[str]:
    change = comparison_section(c, all_rows=all_rows)
    out = [f"## {change.title}", ""]
    warning = corpus_warning(c)
    if warning is not None:
        out += [f"> **{warning}**", ""]
    if change.rows:
        out += section_table(change)
    else:
        out += [change.note]
    return out


def render(
    report: StatsReport, baseline: Comparison | None = None, *, all_rows: bool = False
) -> str:
    """The ``stats --markdown`` document; with a baseline, the changes from it."""
    out = document("tokscope stats", [headline(report), *notes(report)], sections(report))
    if baseline is not None:
        out += _comparison(baseline, all_rows=all_rows)
    return finish(out)


def render_comparison(c: Comparison, *, all_rows: bool = False) -> str:
    """``stats --compare --markdown``."""
    return finish(["# tokscope stats: comparison", "", *_comparison(c, all_rows=all_rows)])
