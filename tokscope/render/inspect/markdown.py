"""``tokscope inspect --markdown``: the sections of the terminal view as Markdown tables."""

from __future__ import annotations

from collections.abc import Sequence

from tokscope.inspection import TokenizerFacts
from tokscope.render.common.markdown import finish, section_table
from tokscope.render.inspect.rows import all_sections


def inspect_markdown(facts: Sequence[TokenizerFacts]) -> str:
    """Every section of ``inspect`` as a titled Markdown table."""
    out: list[str] = []
    for s in all_sections(facts):
        out += [f"## {s.title}", "", *section_table(s), ""]
    return finish(out)
