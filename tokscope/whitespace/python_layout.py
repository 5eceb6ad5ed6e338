"""Python re-indented through :mod:`tokenize`, checked by comparing ASTs.

A UTF-8 byte order mark is allowed, as Python allows it: it is set aside while reading and kept in
front of the first line. When the AST is too deep for :func:`ast.dump` (a valid expression of a
thousand terms), the check compares Python's tokens instead: the same tokens with the same
``INDENT``/``DEDENT`` structure parse to the same tree.
"""

from __future__ import annotations

import ast
import tokenize
from collections import Counter
from collections.abc import Callable, Iterator

from tokscope.whitespace.layout import Layout, Refused, leading, split_lines

BOM = "\ufeff"
"""The byte order mark Python skips at the start of a UTF-8 file."""


def python_layout(text: str) -> Layout:
    """How a Python file is indented, read through :mod:`tokenize`; raises :class:`Refused`."""
    bom, text = (BOM, text[1:]) if text.startswith(BOM) else ("", text)
    try:
        ast.parse(text)
    except (SyntaxError, ValueError) as exc:
        where = f" at line {exc.lineno}" if isinstance(exc, SyntaxError) and exc.lineno else ""
        raise Refused("syntax-error", f"{getattr(exc, 'msg', exc)}{where}") from None
    except (RecursionError, MemoryError):
        raise Refused("too-deep", "the parser ran out of stack") from None
    layout = _layout(text)
    if not bom:
        return layout
    lines = list(layout.lines) or [""]
    levels = list(layout.levels) or [None]
    lines[0], levels[0] = bom + lines[0], None  # a first line is at level 0: left as it is
    return Layout(layout.method, layout.original, tuple(lines), tuple(levels), layout.strip)


def _layout(text: str) -> Layout:
    lines = split_lines(text)
    levels: list[tuple[int, str] | None] = [None] * len(lines)
    stack = [""]
    indents: list[tuple[str, str]] = []
    # Comment-only lines come before the INDENT/DEDENT of the next statement: place them once
    # that statement is known, at the level (then or now) whose indentation matches theirs.
    pending: list[tuple[int, str, list[str]]] = []
    at_start = True
    try:
        for tok in tokenize.generate_tokens(_reader(lines)):
            kind, row = tok.type, tok.start[0]
            if kind == tokenize.INDENT:
                indents.append((stack[-1], tok.string))
                stack.append(tok.string)
            elif kind == tokenize.DEDENT:
                stack.pop()
            elif kind == tokenize.NL:
                continue
            elif kind == tokenize.ENDMARKER:
                break
            elif kind == tokenize.NEWLINE:
                at_start = True
            elif kind == tokenize.COMMENT and at_start:
                lead = leading(lines[row - 1], " \t\f")
                if lead == lines[row - 1][: tok.start[1]]:
                    pending.append((row, lead, list(stack)))
            elif at_start:
                for line, lead, then in pending:
                    levels[line - 1] = _comment_level(then, stack, lead)
                pending = []
                levels[row - 1] = (len(stack) - 1, "")
                at_start = False
    except (tokenize.TokenError, SyntaxError) as exc:
        raise Refused("syntax-error", str(exc)) from None
    for line, lead, then in pending:
        levels[line - 1] = _comment_level(then, stack, lead)
    return Layout("python-tokenize", _style_of(indents), tuple(lines), tuple(levels), " \t\f")


def _reader(lines: list[str]) -> Callable[[], str]:
    it: Iterator[str] = iter(lines)
    return lambda: next(it, "")


def _comment_level(then: list[str], now: list[str], lead: str) -> tuple[int, str]:
    """The level of a comment-only line: the open level whose indentation equals its own (as
    the next statement sees the levels, else as they were before), else the deepest open level
    its indentation starts with, the rest kept as it is."""
    for stack in (now, then):
        if lead in stack:
            return len(stack) - 1 - stack[::-1].index(lead), ""
    for depth in range(len(then) - 1, -1, -1):
        if lead.startswith(then[depth]):
            return depth, lead[len(then[depth]) :]
    return 0, lead


def _style_of(indents: list[tuple[str, str]]) -> str:
    """Name the style from ``(parent, child)`` indentation pairs."""
    if not indents:
        return "none"
    steps = [child[len(parent) :] for parent, child in indents if child.startswith(parent)]
    if len(steps) != len(indents):
        return "mixed"
    if all(set(s) == {"\t"} for s in steps):
        return "tabs"
    if all(set(s) == {" "} for s in steps):
        width = Counter(len(s) for s in steps).most_common(1)[0][0]
        return f"{width} spaces"
    return "mixed"


def python_check(original: str) -> Callable[[str], str | None]:
    """A check that a re-indented text means what ``original`` means (None when it does, else
    what differs)."""
    expected = _tree(original)

    def check(new: str) -> str | None:
        try:
            got = _tree(new)
        except SyntaxError as exc:
            return f"does not compile ({exc.msg}, line {exc.lineno})"
        if got is not None and expected is not None:
            return None if got == expected else "the AST differs"
        return None if _tokens(new) == _tokens(original) else "the tokens differ"

    return check


def _tree(text: str) -> str | None:
    """The AST of ``text`` as ``ast.dump`` writes it, or None when it is too deep to write."""
    try:
        return ast.dump(ast.parse(text.removeprefix(BOM)))
    except (RecursionError, MemoryError):
        return None


def _tokens(text: str) -> list[tuple[int, str]]:
    """Python's tokens of ``text`` without their indentation: what re-indenting must keep."""
    out = []
    for tok in tokenize.generate_tokens(_reader(split_lines(text.removeprefix(BOM)))):
        if tok.type == tokenize.NL:
            continue
        out.append((tok.type, "" if tok.type == tokenize.INDENT else tok.string))
    return out
