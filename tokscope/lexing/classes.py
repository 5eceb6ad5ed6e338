"""The lexical classes and how a pygments token type maps onto them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pygments.token import _TokenType

CLASSES: tuple[str, ...] = (
    "identifier",
    "keyword",
    "string",
    "comment",
    "number",
    "operator",
    "punctuation",
    "whitespace",
    "other",
)
"""The lexical classes, in report order. :func:`class_index` gives a class's position."""

IDENTIFIER, KEYWORD, STRING, COMMENT, NUMBER, OPERATOR, PUNCTUATION, WHITESPACE, OTHER = range(9)
"""Indexes of :data:`CLASSES`. These are *lexical* classes, a lexing concept: ``IDENTIFIER`` is
a pygments ``Name`` lexeme (which may hold dots or sigils; :data:`tokscope.text.IDENTIFIER_LEXEME`
tells the plain ones), and ``WHITESPACE`` is a lexeme that pygments marks as whitespace or whose
text is all ``str.isspace()``. The whitespace of the whitespace measures (cost, lost, whitespace
tokens) is :data:`tokscope.text.WHITESPACE`, the same in every command."""

MERGED: frozenset[int] = frozenset({STRING, COMMENT, WHITESPACE})
"""Classes whose adjacent lexemes are merged into one (pygments splits them into pieces)."""

CHECK_CONTENT = -1
"""What :func:`type_class` gives for ``Text`` tokens: whitespace or other, by their content."""


@dataclass(frozen=True)
class Lexeme:
    """A span of source text and its lexical class."""

    start: int
    """First character (an index into the text)."""
    end: int
    """One past the last character."""
    cls: str
    """One of :data:`CLASSES`."""


def class_index(cls: str) -> int:
    """Position of ``cls`` in :data:`CLASSES`.

    >>> class_index("comment")
    3
    """
    return CLASSES.index(cls)


def class_of(tokentype: _TokenType, value: str) -> int:
    """The class index of a pygments token (``Text`` is whitespace or other by its content)."""
    code = type_class(tokentype)
    if code == CHECK_CONTENT:
        return WHITESPACE if value.isspace() else OTHER
    return code


_CLASS_BY_PREFIX: tuple[tuple[str, int], ...] = (
    ("Token.Operator.Word", KEYWORD),  # and, or, not, in, is
    ("Token.Name", IDENTIFIER),
    ("Token.Keyword", KEYWORD),
    ("Token.Literal.String", STRING),
    ("Token.Literal.Number", NUMBER),
    ("Token.Comment", COMMENT),
    ("Token.Operator", OPERATOR),
    ("Token.Punctuation", PUNCTUATION),
    ("Token.Text", CHECK_CONTENT),
    ("Token.Whitespace", CHECK_CONTENT),
)


@cache
def type_class(tokentype: _TokenType) -> int:
    """The class index of a pygments token type, or :data:`CHECK_CONTENT` for text tokens."""
    name = str(tokentype)
    for prefix, code in _CLASS_BY_PREFIX:
        if name == prefix or name.startswith(prefix + "."):
            return code
    return OTHER
