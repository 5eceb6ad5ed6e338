"""``tokscope vocab --markdown``: the same sections as the terminal, as Markdown tables."""

from __future__ import annotations

from collections.abc import Sequence

from tokscope.render.common.markdown import code as md_code
from tokscope.render.common.markdown import table
from tokscope.render.vocab.rows import (
    LEGEND,
    Section,
    context_line,
    corpus_summary,
    heading,
    sections,
)
from tokscope.vocab import VocabFacts


def _escape(text: str) -> str:
    """Plain text for a table cell or a line: ``|`` and markup characters escaped."""
    out = text.replace("\\", "\\\\")
    for ch in "|*_`[]<>#":
        out = out.replace(ch, "\\" + ch)
    return out


def _section(section: Section) -> list[str]:
    lines = [f"### {_escape(section.title)}", ""]
    if section.rows:
        rows = [
            [
                md_code(c) if k in section.code else _escape(c).replace("\\|", "|")
                for k, c in enumerate(row)
            ]
            for row in section.rows
        ]
        numeric = [section.align[k : k + 1] == "r" for k in range(len(section.header))]
        lines += table([_escape(h).replace("\\|", "|") for h in section.header], rows, numeric)
        lines.append("")
    if section.note:
        lines += [_escape(section.note), ""]
    return lines


def vocab_markdown(facts: Sequence[VocabFacts], *, top: int) -> str:
    """The whole report as one Markdown document."""
    lines = ["# tokscope vocab", ""]
    for f in facts:
        lines += [f"## {_escape(heading(f))}", "", _escape(context_line(f)), ""]
        if f.corpus is not None:
            lines += ["Corpus: " + _escape(corpus_summary(f)), ""]
        for s in sections(f, top=top):
            lines += _section(s)
    lines += [_escape(LEGEND), ""]
    return "\n".join(lines)
