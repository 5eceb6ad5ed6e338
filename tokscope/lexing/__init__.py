"""Lexical classes of source code: pygments lexemes grouped into a few classes.

:func:`lexemes` splits a text into :class:`Lexeme` spans, each with one class of :data:`CLASSES`
(identifier, keyword, string, comment, number, operator, punctuation, whitespace, other). Adjacent
lexemes of a class that pygments cuts into pieces (a string's quotes, escapes and body; a comment;
a newline and the indentation after it) are merged into one, so a lexeme is the unit a reader sees.

Pygments is the slow part of corpus statistics, so plain ``RegexLexer`` lexers (Python, Java,
JavaScript, Go, ...) run through :class:`~tokscope.lexing.fast.FastRegex`, an exact
re-implementation of pygments' own loop: at each position it tries, in pygments' order, only the
rules whose regular expression can start with the character found there, combined into one
alternation. The first rule that matches wins, exactly as in pygments, so the tokens are
identical (``tests/test_lexing.py`` checks it on every corpus file, on generated text and on a
sample of every pygments lexer). Any lexer the fast loop cannot run (its own loop, rules built
per instance as for C#) goes through pygments itself.

>>> [(x.start, x.end, x.cls) for x in lexemes("x = 'a'  # b", "Python")]
[(0, 1, 'identifier'), (1, 2, 'whitespace'), (2, 3, 'operator'), (3, 4, 'whitespace'), \
(4, 7, 'string'), (7, 9, 'whitespace'), (9, 12, 'comment')]

Modules: :mod:`~tokscope.lexing.classes` (the classes), :mod:`~tokscope.lexing.lexers` (pygments
lexers and their token stream), :mod:`~tokscope.lexing.firsts` and :mod:`~tokscope.lexing.fast`
(the fast loop).
"""

from __future__ import annotations

from tokscope.lexing.classes import (
    CLASSES,
    COMMENT,
    IDENTIFIER,
    KEYWORD,
    MERGED,
    NUMBER,
    OPERATOR,
    OTHER,
    PUNCTUATION,
    STRING,
    WHITESPACE,
    Lexeme,
    class_index,
    class_of,
)
from tokscope.lexing.fast import fast_lexer
from tokscope.lexing.firsts import first_chars
from tokscope.lexing.lexers import canonical_language, collect, lexer_for, split_whitespace

__all__ = [
    "CLASSES",
    "COMMENT",
    "IDENTIFIER",
    "KEYWORD",
    "MERGED",
    "NUMBER",
    "OPERATOR",
    "OTHER",
    "PUNCTUATION",
    "STRING",
    "WHITESPACE",
    "Lexeme",
    "canonical_language",
    "class_index",
    "class_of",
    "first_chars",
    "lexeme_starts",
    "lexemes",
    "lexer_for",
]


PYGMENTS_FIRST = 100_000
"""Characters of each language that pygments' own loop lexes in a process before the fast loop
(:mod:`tokscope.lexing.fast`) takes over. The fast loop first compiles its combined patterns,
which costs about what pygments takes for that much text: a run that lexes only a few edited
files never pays it. Both loops give the same lexemes."""

_LEXED: dict[type, int] = {}
"""Characters lexed so far in this process, per lexer class."""


def lexemes(text: str, language: str, *, merge: bool = True) -> list[Lexeme]:
    """``text`` as consecutive lexemes that tile it, each with its class.

    ``language`` is a pygments language name or alias (``Python``, ``go``); for a language pygments
    does not know, the text is split into whitespace and ``other`` runs. With ``merge=False`` every
    pygments token is its own lexeme.
    """
    starts, classes = lexeme_starts(text, language, merge=merge)
    ends = [*starts[1:], len(text)]
    return [Lexeme(s, e, CLASSES[c]) for s, e, c in zip(starts, ends, classes)]


def lexeme_starts(text: str, language: str, *, merge: bool = True) -> tuple[list[int], list[int]]:
    """Where each lexeme starts (character index) and its class index; the fast form of
    :func:`lexemes` (a lexeme ends where the next one starts, the last at the end of the text).
    """
    if not text:
        return [], []
    merged = MERGED if merge else frozenset()
    lexer = lexer_for(language)
    if lexer is None:
        return split_whitespace(text)
    kind = type(lexer)
    before = _LEXED.get(kind, 0)
    _LEXED[kind] = before + len(text)
    table = fast_lexer(lexer) if before >= PYGMENTS_FIRST else None
    if table is not None:
        starts, classes = table.run(lexer, text, merged)
    else:
        starts, classes = collect(lexer.get_tokens_unprocessed(text), merged)
    if not starts or starts[0] != 0:  # an action that yields nothing for the first characters
        starts.insert(0, 0)
        classes.insert(0, OTHER)
    return starts, classes
