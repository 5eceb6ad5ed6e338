"""``tokscope inspect`` in the terminal: the sections of :mod:`.rows` as width-aware tables."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType

from tokscope.inspection import TokenizerFacts
from tokscope.render.common.terminal import FitTable, spaced
from tokscope.render.inspect.rows import facts_section, params_section


def render_inspect(facts: Sequence[TokenizerFacts]) -> RenderableType:
    """Pipeline, vocabulary and whitespace facts, then the parameter budget."""
    return spaced([FitTable.of(facts_section(facts)), FitTable.of(params_section(facts))])
