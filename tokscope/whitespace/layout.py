"""The pieces of re-indentation every method shares: styles, refusals and the line layout.

:mod:`tokscope.whitespace.reindent` is the entry point; this module holds what the Python
(:mod:`~tokscope.whitespace.python_layout`) and the pygments
(:mod:`~tokscope.whitespace.lexed_layout`) methods both build on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Style:
    """An indentation style: one nesting level is ``unit``."""

    name: str
    """``2 spaces``, ``4 spaces``, ``8 spaces`` or ``tabs``."""
    unit: str
    """The text of one level."""


STYLES: tuple[Style, ...] = (
    Style("2 spaces", "  "),
    Style("4 spaces", "    "),
    Style("8 spaces", " " * 8),
    Style("tabs", "\t"),
)
"""The styles every file is re-indented to."""

PYTHON = frozenset({"Python"})
"""Languages re-indented through :mod:`tokenize` (pygments' names)."""

INSENSITIVE = frozenset(
    {
        "Bash",
        "C",
        "C#",
        "C++",
        "CSS",
        "Dart",
        "Go",
        "Groovy",
        "Java",
        "JavaScript",
        "JSON",
        "Kotlin",
        "Less",
        "Lua",
        "Objective-C",
        "PHP",
        "Perl",
        "Ruby",
        "Rust",
        "SCSS",
        "Swift",
        "TypeScript",
    }
)
"""Languages whose leading whitespace means nothing outside strings, and whose pygments lexer
marks their multi-line strings (raw strings, text blocks, heredocs, template literals) as strings.
Anything else is refused: indentation may be syntax (YAML, Makefile, Haskell, Python 2, ...) or
the lexer may not know a string form whose indentation is content (Elixir heredocs)."""

REFUSALS: dict[str, str] = {
    "unsupported-language": "re-indenting this language is not known to be safe",
    "syntax-error": "does not parse as Python 3",
    "lexer-error": "the lexer could not read it",
    "mixed-indentation": "indents some lines with tabs and others with spaces",
    "ambiguous-indentation": "a line has spaces before a tab: its nesting level is ambiguous",
    "cr-line-endings": "uses lone CR line endings",
    "changed-meaning": "re-indenting changed the code (AST or lexemes differ)",
    "too-deep": "nested too deeply for Python's own parser",
    "tokenizer-error": "a tokenizer failed to encode it",
}
"""Why a file was not re-indented, by short code."""


class Refused(Exception):
    """A file cannot be re-indented safely."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{REFUSALS[code]}: {detail}")
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Layout:
    """How a file is indented, line by line, as nesting levels."""

    method: str
    """``python-tokenize`` or ``leading-whitespace``."""
    original: str
    """The style found: ``4 spaces``, ``tabs``, ``none``, ``mixed``..."""
    lines: tuple[str, ...]
    """The file's physical lines, line endings kept."""
    levels: tuple[tuple[int, str] | None, ...]
    """Per line, ``(level, remainder)`` to write as ``unit * level + remainder`` before the
    line's text, or None for a line left exactly as it is."""
    strip: str
    """The characters of the old indentation removed from re-indented lines."""


def split_lines(text: str) -> list[str]:
    """Physical lines split after each ``\\n``, endings kept.

    >>> split_lines("a\\r\\nb")
    ['a\\r\\n', 'b']
    """
    return [line for line in re.split(r"(?<=\n)", text) if line]


def leading(line: str, chars: str) -> str:
    """The run of ``chars`` that ``line`` starts with.

    >>> leading("\t  x = 1", " \t")
    '\t  '
    """
    return line[: len(line) - len(line.lstrip(chars))]


def apply(layout: Layout, unit: str) -> str:
    """The text with every re-indentable line indented by ``unit`` per level."""
    out = []
    for line, plan in zip(layout.lines, layout.levels):
        if plan is None:
            out.append(line)
        else:
            level, rest = plan
            out.append(unit * level + rest + line.lstrip(layout.strip))
    return "".join(out)
