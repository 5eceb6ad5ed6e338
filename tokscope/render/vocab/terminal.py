"""Terminal view of ``tokscope vocab``: one block of tables per tokenizer."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tokscope.render.vocab.rows import (
    LEGEND,
    Section,
    context_line,
    corpus_summary,
    heading,
    sections,
)
from tokscope.vocab import VocabFacts


def _table(section: Section) -> Group:
    """A title line over the table; every cell is plain :class:`Text`, never markup."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for k, name in enumerate(section.header):
        table.add_column(name, justify="right" if section.align[k : k + 1] == "r" else "left")
    for row in section.rows:
        table.add_row(
            *(Text(cell, style="cyan" if k in section.code else "") for k, cell in enumerate(row))
        )
    parts: list[RenderableType] = [Text(section.title, style="bold")]
    if section.rows:
        parts.append(table)
    if section.note:
        parts.append(Text(section.note, style="dim"))
    parts.append(Text(""))
    return Group(*parts)


def render_vocab(facts: Sequence[VocabFacts], *, top: int) -> RenderableType:
    """Every tokenizer's sections, then the legend."""
    parts: list[RenderableType] = []
    for f in facts:
        parts += [Text(heading(f), style="bold underline"), Text(context_line(f), style="dim")]
        if f.corpus is not None:
            parts.append(Text("corpus: " + corpus_summary(f), style="dim"))
        parts.append(Text(""))
        parts += [_table(s) for s in sections(f, top=top)]
    parts.append(Text(LEGEND, style="dim"))
    return Group(*parts)
