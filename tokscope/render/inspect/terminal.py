"""``tokscope inspect`` in the terminal: the sections of :mod:`.rows` as width-aware tables."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType

from tokscope.inspection import TokenizerFacts
from tokscope.render.common.terminal import FitTable, spaced
from tokscope.render.inspect.rows import all_sections


def render_inspect(facts: Sequence[TokenizerFacts]) -> RenderableType:
    """Pipeline, vocabulary and whitespace facts, the parameter budget and where its figures
    come from."""
    return spaced([FitTable.of(s) for s in all_sections(facts)])
