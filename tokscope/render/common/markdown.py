"""The one Markdown writer: table cells escaped, code spans that survive a table, tables."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tokscope.render.common.sections import Section


def cell(text: str) -> str:
    """``text`` safe inside a table cell: ``|`` escaped, line breaks as spaces."""
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def code(text: str) -> str:
    """``text`` as an inline code span, however many backticks it holds.

    Inside a table, :func:`table` escapes its ``|`` like any other cell's.

    >>> code("a|b"), code("x`y"), code("`"), code("")
    ('`a|b`', '``x`y``', '`` ` ``', '')
    """
    if not text:
        return ""
    fence = "`" * (max((len(r) for r in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text.replace(chr(10), ' ')}{pad}{fence}"


def fenced(lines: Sequence[str]) -> list[str]:
    """``lines`` as a fenced code block whose fence no line can close."""
    longest = max((len(r) for line in lines for r in re.findall("`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence, *lines, fence]


def table(
    header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool] = ()
) -> list[str]:
    """A Markdown table; columns flagged in ``numeric`` are right-aligned.

    Cells are escaped here: pass plain text (or text already made a :func:`code` span).
    """
    marks = ["---:" if k < len(numeric) and numeric[k] else "---" for k in range(len(header))]
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "|".join(marks) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def section_table(section: Section) -> list[str]:
    """A :class:`Section`'s table (without its title), and its note under it."""
    columns = section.columns
    rows = [[code(v) if c.code else v for c, v in zip(columns, r)] for r in section.rows]
    out = table([c.header for c in columns], rows, [c.numeric for c in columns])
    if section.note:
        out += ["", section.note]
    return out


def document(
    title: str, intro: Sequence[str], sections: Sequence[Section], *, level: int = 2
) -> list[str]:
    """A ``# title``, intro paragraphs, then every section as a heading and a table."""
    out = [f"# {title}", ""]
    for paragraph in intro:
        out += [paragraph, ""]
    for section in sections:
        out += [f"{'#' * level} {section.title}", "", *section_table(section), ""]
    return out


def finish(lines: Sequence[str]) -> str:
    """The lines as a document: no trailing blank lines, one final newline."""
    return "\n".join(lines).rstrip("\n") + "\n"
