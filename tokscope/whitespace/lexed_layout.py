"""Languages whose leading whitespace means nothing, re-indented over pygments' tokens and
checked by comparing lexemes."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from itertools import pairwise
from typing import Any

from tokscope.whitespace.layout import Layout, Refused, leading, split_lines


def _lexer(language: str) -> Any:
    from pygments.lexers import find_lexer_class

    cls = find_lexer_class(language)
    if cls is None:
        raise Refused("unsupported-language", language)
    return cls(stripnl=False, ensurenl=False, stripall=False)


def _lex(text: str, language: str) -> list[tuple[int, Any, str]]:
    return list(_lexer(language).get_tokens_unprocessed(text))


def lexed_layout(text: str, language: str) -> Layout:
    from pygments.token import Comment, Error, String

    tokens = _lex(text, language)
    for start, ttype, value in tokens:
        if ttype in Error and value.strip():
            number = text.count("\n", 0, start) + 1
            raise Refused("lexer-error", f"line {number}: {value[:20]!r}")
    lines = split_lines(text)
    token_starts = [t[0] for t in tokens]
    kinds: list[str | None] = []  # "code", "comment" or None (leave alone)
    offset = 0
    for line in lines:
        k = bisect_right(token_starts, offset) - 1
        kind: str | None = "code"
        if 0 <= k < len(tokens):
            start, ttype, value = tokens[k]
            if ttype in String and offset < start + len(value):
                kind = None
            elif ttype in Comment and start < offset < start + len(value):
                kind = "comment"
        if not line.strip():
            kind = None
        kinds.append(kind)
        offset += len(line)
    leads = [leading(line, " \t") for line in lines]
    for n, (lead, kind) in enumerate(zip(leads, kinds), start=1):
        if kind and re.search(r" \t", lead):
            raise Refused("ambiguous-indentation", f"line {n}")
    code = [
        (n, lead) for n, (lead, kind) in enumerate(zip(leads, kinds), start=1) if kind == "code"
    ]
    tabbed = [n for n, lead in code if lead.startswith("\t")]
    spaced = [n for n, lead in code if lead.startswith(" ")]
    if tabbed and spaced:
        raise Refused("mixed-indentation", f"tabs at line {tabbed[0]}, spaces at line {spaced[0]}")
    if tabbed:
        original, unit = "tabs", 0
    else:
        widths = [len(lead) for _, lead in code]
        steps = Counter(b - a for a, b in pairwise(widths) if b > a)
        unit = min(steps.items(), key=lambda s: (-s[1], s[0]))[0] if steps else 0
        original = f"{unit} spaces" if unit else "none"
    levels: list[tuple[int, str] | None] = []
    for lead, kind in zip(leads, kinds):
        if kind is None:
            levels.append(None)
        elif tabbed:
            tabs = len(lead) - len(lead.lstrip("\t"))
            levels.append((tabs, lead[tabs:]))
        elif unit and "\t" not in lead:
            levels.append((len(lead) // unit, " " * (len(lead) % unit)))
        else:
            levels.append((0, lead))
    return Layout("leading-whitespace", original, tuple(lines), tuple(levels), " \t")


def _lexemes(text: str, language: str) -> list[tuple[Any, str]]:
    from pygments.token import Comment

    out = []
    for _, ttype, value in _lex(text, language):
        if not value.strip():
            continue
        out.append((ttype, " ".join(value.split()) if ttype in Comment else value))
    return out


def lexeme_check(original: str, language: str) -> Callable[[str], str | None]:
    expected = _lexemes(original, language)

    def check(new: str) -> str | None:
        got = _lexemes(new, language)
        if got == expected:
            return None
        first = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), None)
        where = f" (lexeme {first + 1})" if first is not None else ""
        return f"the lexemes differ{where}"

    return check
