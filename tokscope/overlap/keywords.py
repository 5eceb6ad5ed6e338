"""The ``keyword`` category: keywords of common programming languages, read from pygments' lexers
(:func:`code_keywords`)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tokscope.text import ASCII_IDENTIFIER

KEYWORD_LANGUAGES: tuple[str, ...] = (
    "python",
    "javascript",
    "typescript",
    "java",
    "c",
    "cpp",
    "csharp",
    "go",
    "rust",
    "ruby",
    "php",
    "kotlin",
    "swift",
    "scala",
    "bash",
)
"""Pygments lexer aliases whose keywords make the ``keyword`` category."""

_EXPAND_LIMIT = 4096


@dataclass(frozen=True)
class KeywordSet:
    """Keywords of common programming languages, read from pygments' lexers."""

    words: frozenset[str]
    """Identifier-shaped keywords (:data:`~tokscope.text.ASCII_IDENTIFIER`, two characters or
    more), all languages together."""
    languages: tuple[str, ...]
    """The pygments lexer aliases read."""
    per_language: tuple[tuple[str, int], ...]
    """How many keywords each language contributed."""
    pygments_version: str
    """The pygments version they come from (the lists change between versions)."""


@lru_cache(maxsize=1)
def code_keywords(languages: tuple[str, ...] = KEYWORD_LANGUAGES) -> KeywordSet:
    """The keywords of ``languages`` according to pygments (see docs/overlap.md for how).

    Every rule of a lexer's ``tokens`` (the lexer class and the classes it inherits from) whose
    token type is ``Keyword.*`` or ``Operator.Word`` (or that gives such a type to one group
    through ``bygroups``) is read; its regular expression, including those built by ``words(...)``,
    is expanded into the finite set of strings it matches (zero-width assertions ignored; rules
    matching unbounded or very many strings are skipped). Identifiers of two characters or more
    are kept.
    """
    import pygments
    from pygments.lexers import find_lexer_class_by_name

    words: set[str] = set()
    counts = []
    for alias in languages:
        found = _lexer_keywords(find_lexer_class_by_name(alias))
        counts.append((alias, len(found)))
        words |= found
    return KeywordSet(frozenset(words), languages, tuple(counts), pygments.__version__)


def _lexer_keywords(lexer: type) -> set[str]:
    from pygments.lexer import words
    from pygments.token import Keyword, Operator

    def is_keyword(action: object) -> bool:
        return action in Keyword or action in Operator.Word  # type: ignore[operator]

    found: set[str] = set()
    for cls in lexer.__mro__:
        tokens = cls.__dict__.get("tokens")
        if not isinstance(tokens, dict):
            continue
        if cls.__dict__.get("token_variants"):  # C#: one table per Unicode level
            tokens = tokens.get("basic", {})
        for rules in tokens.values():
            for rule in rules if isinstance(rules, list) else ():
                if not isinstance(rule, tuple) or len(rule) < 2:
                    continue
                pattern, action = rule[0], rule[1]
                if isinstance(pattern, words):
                    pattern = pattern.get()  # type: ignore[no-untyped-call]
                if not isinstance(pattern, str):
                    continue
                groups: list[int] = []
                if isinstance(action, tuple) and is_keyword(action):
                    groups = [0]
                elif callable(action) and action.__closure__:  # bygroups(Keyword, ...)
                    args = action.__closure__[0].cell_contents
                    if isinstance(args, tuple):
                        groups = [i for i, a in enumerate(args, 1) if is_keyword(a)]
                for group in groups:
                    found |= _expand_group(pattern, group)
    return {w for w in found if len(w) > 1 and ASCII_IDENTIFIER.fullmatch(w)}


def _sre_parser() -> Any:
    try:
        return importlib.import_module("re._parser")
    except ImportError:  # Python 3.10
        return importlib.import_module("sre_parse")


def _expand_group(pattern: str, group: int) -> set[str]:
    try:
        tree = list(_sre_parser().parse(pattern))
    except Exception:  # a pattern Python cannot parse on its own (flags set elsewhere)
        return set()
    items = tree if group == 0 else _find_group(tree, group)
    return (_expand(items) or set()) if items is not None else set()


def _find_group(items: list[Any], group: int) -> list[Any] | None:
    for op, arg in items:
        children: list[list[Any]] = []
        if str(op) == "SUBPATTERN":
            if arg[0] == group:
                return list(arg[-1])
            children = [list(arg[-1])]
        elif str(op) == "BRANCH":
            children = [list(b) for b in arg[1]]
        elif str(op) in ("MAX_REPEAT", "MIN_REPEAT"):
            children = [list(arg[2])]
        for child in children:
            hit = _find_group(child, group)
            if hit is not None:
                return hit
    return None


def _expand(items: list[Any]) -> set[str] | None:
    """All strings a parsed regular expression matches, or None when too many or unbounded."""
    out = {""}
    for op, arg in items:
        name = str(op)
        alternatives: set[str] | None
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        if name == "LITERAL":
            alternatives = {chr(arg)}
        elif name == "SUBPATTERN":
            alternatives = _expand(list(arg[-1]))
        elif name == "BRANCH":
            alternatives = set()
            for branch in arg[1]:
                more = _expand(list(branch))
                if more is None:
                    return None
                alternatives |= more
        elif name == "IN":
            alternatives = _expand_class(arg)
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            alternatives = _expand_repeat(arg)
        else:
            return None
        if alternatives is None:
            return None
        out = {a + b for a in out for b in alternatives}
        if len(out) > _EXPAND_LIMIT:
            return None
    return out


def _expand_class(items: list[Any]) -> set[str] | None:
    chars: set[str] = set()
    for op, arg in items:
        if str(op) == "LITERAL":
            chars.add(chr(arg))
        elif str(op) == "RANGE" and arg[1] - arg[0] < 64:
            chars |= {chr(c) for c in range(arg[0], arg[1] + 1)}
        else:
            return None
    return chars


def _expand_repeat(arg: Any) -> set[str] | None:
    low, high, sub = arg
    if high > 4:
        return None
    each = _expand(list(sub))
    if each is None:
        return None
    result: set[str] = set()
    current = {""}
    for k in range(high + 1):
        if k >= low:
            result |= current
        current = {a + b for a in current for b in each}
        if len(current) > _EXPAND_LIMIT:
            return None
    return result
