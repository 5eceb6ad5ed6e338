"""Which characters a regular expression can start with: what the fast lexer loop tries where.

Characters are code points below 128, or :data:`NON_ASCII` for any other character.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

NON_ASCII = 128
"""The bucket for every character above U+007F."""
END = 129
"""The bucket for the end of the text."""
_ALL_ASCII: frozenset[int] = frozenset(range(128))
EVERYTHING: frozenset[int] = _ALL_ASCII | {NON_ASCII}
"""Every bucket a character can fall in: a rule with this set is tried everywhere."""


def _sre() -> Any:
    try:
        return importlib.import_module("re._parser")
    except ImportError:  # Python 3.10
        return importlib.import_module("sre_parse")


_SPACE = frozenset({9, 10, 11, 12, 13, 28, 29, 30, 31, 32})
_DIGIT = frozenset(range(48, 58))
_WORD = _DIGIT | frozenset(range(65, 91)) | frozenset(range(97, 123)) | {95}
_LETTERS = frozenset(range(65, 91)) | frozenset(range(97, 123))


def _category(name: str) -> frozenset[int]:
    if "DIGIT" in name:
        base = _DIGIT
    elif "SPACE" in name:
        base = _SPACE
    elif "WORD" in name:
        base = _WORD
    elif "LINEBREAK" in name:
        base = frozenset({10})
    else:
        return EVERYTHING
    if "NOT" in name:
        return (_ALL_ASCII - base) | {NON_ASCII}
    return base | {NON_ASCII}


def _first_of_set(items: Any) -> set[int]:
    chars: set[int] = set()
    negate = False
    for op, av in items:
        kind = op.name
        if kind == "NEGATE":
            negate = True
        elif kind == "LITERAL":
            chars.add(av if av < 128 else NON_ASCII)
        elif kind == "RANGE":
            lo, hi = av
            chars.update(range(lo, min(hi, 127) + 1))
            if hi >= 128:
                chars.add(NON_ASCII)
        elif kind == "CATEGORY":
            chars |= _category(av.name)
        else:
            return set(EVERYTHING)
    if negate:
        return set(_ALL_ASCII - chars) | {NON_ASCII}
    return chars


def _fold(chars: set[int], flags: int) -> set[int]:
    """Characters that match under IGNORECASE (generously: Unicode folds K, S and I oddly)."""
    if not flags & re.IGNORECASE:
        return chars
    out = set(chars) | {NON_ASCII}
    for c in chars:
        if c < 128:
            out |= {ord(chr(c).lower()), ord(chr(c).upper())}
    if NON_ASCII in chars:
        out |= _LETTERS
    return out


def _first_of_sequence(items: Any, flags: int) -> tuple[set[int], bool]:
    found: set[int] = set()
    for op, av in items:
        chars, nullable = _first_of_op(op.name, av, flags)
        found |= chars
        if not nullable:
            return found, False
    return found, True


def _first_of_op(kind: str, av: Any, flags: int) -> tuple[set[int], bool]:
    if kind == "LITERAL":
        return _fold({av if av < 128 else NON_ASCII}, flags), False
    if kind == "IN":
        return _fold(_first_of_set(av), flags), False
    if kind in ("AT", "ASSERT", "ASSERT_NOT"):
        return set(), True  # zero-width: says nothing about the next character
    if kind == "BRANCH":
        found: set[int] = set()
        any_nullable = False
        for branch in av[1]:
            chars, nullable = _first_of_sequence(branch.data, flags)
            found |= chars
            any_nullable |= nullable
        return found, any_nullable
    if kind == "SUBPATTERN":
        _group, add, remove, sub = av
        return _first_of_sequence(sub.data, (flags | add) & ~remove)
    if kind in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _high, sub = av
        chars, nullable = _first_of_sequence(sub.data, flags)
        return chars, nullable or low == 0
    if kind == "ATOMIC_GROUP":
        return _first_of_sequence(av.data, flags)
    raise ValueError(kind)  # NOT_LITERAL, ANY, group references...: could start with anything


def first_chars(pattern: str, flags: int) -> tuple[frozenset[int], bool]:
    """The characters a match of ``pattern`` at some position can start with, and whether it can
    match the empty string there.

    Characters are code points below 128, or 128 for any other character. The answer may include
    more than needed, never less: it decides which rules are worth trying at a position.

    >>> sorted(first_chars(r"[+-]?\\d", 0)[0])[:3], first_chars(r"x*", 0)[1]
    ([43, 45, 48], True)
    """
    try:
        parsed = _sre().parse(pattern, flags)
        state = getattr(parsed, "state", None)
        chars, nullable = _first_of_sequence(parsed.data, getattr(state, "flags", flags))
    except Exception:  # anything unusual: try the rule everywhere
        return EVERYTHING, True
    return frozenset(chars), nullable
