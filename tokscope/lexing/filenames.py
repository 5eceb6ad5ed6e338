"""Pygments' language for a file name, through an index of the lexers' file name patterns.

``pygments.lexers.get_lexer_for_filename`` tries each of about 930 patterns with a regular
expression for every name (2 ms a file, as long as tokenizing a small file); here the patterns of
the form ``*.ext`` and the plain names are looked up in dictionaries, and only the few dozen other
patterns are matched. The lexer chosen among several matches follows pygments' own rule (priority,
a bonus for a pattern without ``*``, then the class name); ``tests/test_lexing.py`` checks the
answer equals pygments' for every pattern's own examples and for generated names.
"""

from __future__ import annotations

import fnmatch
import os
import re
from functools import lru_cache
from typing import Any

_GLOB = re.compile(r"[*?\[]")

Match = tuple[int, str, str, str]
"""(order among all patterns, module, class name, pattern)."""


class _Index:
    def __init__(self) -> None:
        from pygments.lexers._mapping import LEXERS

        self.suffixes: dict[str, list[Match]] = {}
        self.names: dict[str, list[Match]] = {}
        self.others: list[tuple[Match, re.Pattern[str]]] = []
        order = 0
        for class_name, (module, _name, _aliases, patterns, _mimes) in LEXERS.items():
            for glob in patterns:
                match = (order, module, class_name, glob)
                order += 1
                if glob.startswith("*") and not _GLOB.search(glob[1:]):
                    self.suffixes.setdefault(glob[1:], []).append(match)
                elif not _GLOB.search(glob):
                    self.names.setdefault(glob, []).append(match)
                else:
                    self.others.append((match, re.compile(fnmatch.translate(glob))))

    def matches(self, fn: str) -> list[Match]:
        found = list(self.names.get(fn, ()))
        for k in range(len(fn) + 1):
            found += self.suffixes.get(fn[k:], ())
        found += [m for m, pattern in self.others if pattern.match(fn)]
        found.sort()
        return found


@lru_cache(maxsize=1)
def _index() -> _Index | None:
    """The index, or None when plugins add lexers (then pygments itself is asked)."""
    from pygments.plugin import find_plugin_lexers

    return None if any(True for _ in find_plugin_lexers()) else _Index()


def lexer_class_for_filename(filename: str) -> Any | None:
    """The pygments lexer class ``get_lexer_for_filename`` would instantiate for ``filename``
    (its base name counts), or None when no pattern matches.

    >>> lexer_class_for_filename("src/app.py").name
    'Python'
    """
    from pygments.lexers import find_lexer_class_for_filename

    index = _index()
    if index is None:
        return find_lexer_class_for_filename(filename)
    found = index.matches(os.path.basename(filename))
    if not found:
        return None

    def rating(match: Match) -> tuple[tuple[float, str], int]:
        cls = _class(match)
        bonus = 0.5 if "*" not in match[3] else 0
        return (cls.priority + bonus, cls.__name__), match[0]  # ties: the last, as pygments

    return _class(max(found, key=rating))


def _class(match: Match) -> Any:
    from importlib import import_module

    return getattr(import_module(match[1]), match[2])


__all__ = ["lexer_class_for_filename"]
