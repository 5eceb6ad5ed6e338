"""``stats --markdown``: the sections of :mod:`.rows` as Markdown tables."""

from __future__ import annotations

from tokscope.render.common.markdown import document, finish, section_table
from tokscope.render.stats.rows import comparison_section, headline, notes, sections
from tokscope.stats import Comparison, StatsReport


def render(report: StatsReport, baseline: Comparison | None = None) -> str:
    """The ``stats --markdown`` document."""
    out = document("tokscope stats", [headline(report), *notes(report)], sections(report))
    if baseline is not None:
        change = comparison_section(baseline)
        out += [f"## {change.title}", "", *section_table(change)]
    return finish(out)


def render_comparison(c: Comparison) -> str:
    """``stats --compare --markdown``."""
    change = comparison_section(c)
    return finish(
        ["# tokscope stats: comparison", "", f"## {change.title}", "", *section_table(change)]
    )
