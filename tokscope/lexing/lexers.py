"""Pygments lexers by language name, and lexemes from pygments' own token stream."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from pygments.lexer import Lexer
from pygments.token import _TokenType

from tokscope.lexing.classes import OTHER, WHITESPACE, class_of


@lru_cache(maxsize=256)
def _lexer_class(language: str) -> type[Lexer] | None:
    """The pygments lexer class for a language alias (any case) or exact name, or None."""
    from pygments.lexers import find_lexer_class, find_lexer_class_by_name
    from pygments.util import ClassNotFound

    if not language or language == "unknown":
        return None
    try:
        return find_lexer_class_by_name(language.lower())
    except ClassNotFound:
        return find_lexer_class(language)


@lru_cache(maxsize=256)
def lexer_for(language: str) -> Lexer | None:
    """A pygments lexer for a language name or alias (cached), or None when pygments has none.

    The lexer is set up to keep the text exactly as given (no newline stripping or adding).
    """
    cls = _lexer_class(language)
    return cls(stripnl=False, stripall=False, ensurenl=False) if cls is not None else None


@lru_cache(maxsize=1024)
def canonical_language(language: str) -> str:
    """Pygments' name for a language name or alias (``python`` -> ``Python``); unknown names are
    returned unchanged, so reports group ``py`` records and ``.py`` files together. The lexer
    class is looked up, not made (making one compiles its patterns).

    >>> canonical_language("golang")
    'Go'
    """
    cls = _lexer_class(language)
    return str(cls.name) if cls is not None else language


def split_whitespace(text: str) -> tuple[list[int], list[int]]:
    """Lexeme starts and classes of a text no lexer knows: whitespace and ``other`` runs."""
    starts: list[int] = []
    classes: list[int] = []
    for match in re.finditer(r"\s+|\S+", text):
        starts.append(match.start())
        classes.append(WHITESPACE if match.group().isspace() else OTHER)
    return starts, classes


def collect(
    tokens: Iterator[tuple[int, _TokenType, str]], merged: frozenset[int]
) -> tuple[list[int], list[int]]:
    """Lexeme starts and classes from pygments tokens (empty tokens and overlaps skipped)."""
    starts: list[int] = []
    classes: list[int] = []
    last, last_start = -1, -1
    for index, tokentype, value in tokens:
        if not value or index <= last_start:
            continue
        code = class_of(tokentype, value)
        if code != last or code not in merged:
            starts.append(index)
            classes.append(code)
            last, last_start = code, index
    return starts, classes
