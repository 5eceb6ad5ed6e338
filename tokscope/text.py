"""Definitions about text that every command shares: the whitespace set, what an identifier is,
where two texts first differ, and the char <-> byte index of a UTF-8 text.

Each concept is defined here once; commands import it rather than writing their own copy.
There are two meanings of "identifier", kept apart by name: an identifier-shaped ASCII word in
raw text (:data:`ASCII_IDENTIFIER`, no lexer needed) and a plain identifier lexeme
(:data:`IDENTIFIER_LEXEME`, applied to what the lexer classes as a name).

>>> [m.group() for m in ASCII_IDENTIFIER.finditer("x = get_y(2) + $z")]
['x', 'get_y']
>>> bool(IDENTIFIER_LEXEME.fullmatch("größe")), bool(IDENTIFIER_LEXEME.fullmatch("a.b"))
(True, False)
"""

from __future__ import annotations

import re

import numpy as np

WHITESPACE = frozenset(" \t\n\r\x0b\x0c")
"""The whitespace characters: space, tab, LF, CR, VT and FF (ASCII whitespace).

Whitespace cost, whitespace lost and whitespace tokens are all measured with this set, in every
command. Other Unicode spaces (NBSP, U+3000...) are text, not whitespace, for these measures.
"""

WHITESPACE_BYTES = frozenset(ord(c) for c in WHITESPACE)
""":data:`WHITESPACE` as UTF-8 byte values (each is one byte)."""

WHITESPACE_STRING = bytes(sorted(WHITESPACE_BYTES))
""":data:`WHITESPACE` as one ``bytes`` object, in byte order (for ``bytes.translate``)."""

ASCII_IDENTIFIER = re.compile(r"(?<![A-Za-z0-9_$])[A-Za-z_][A-Za-z0-9_]*")
"""An *identifier-shaped ASCII word*: letters, digits and underscores, not starting with a digit,
not preceded by a word character or ``$``.

This is a property of the text alone, with no lexer: ``finditer`` over a source gives every
occurrence (keywords and words in comments or strings included), and ``fullmatch`` checks that a
name (a ``--identifier`` argument, a keyword, a vocabulary entry) has that shape.
"""

IDENTIFIER_LEXEME = re.compile(r"[^\W\d]\w*")
"""An *identifier lexeme*: a lexeme that the lexer classes as a name (``tokscope.lexing``'s
``IDENTIFIER`` class) and that is one plain identifier, Unicode letters allowed (``größe``), as
opposed to names with dots, sigils or other punctuation (``java.util.Map``, ``@ivar``,
``$GLOBAL``). Use ``fullmatch`` on the lexeme's text.
"""


def is_whitespace(text: str) -> bool:
    """Whether ``text`` is non-empty and made only of :data:`WHITESPACE` characters.

    >>> is_whitespace(" \\t\\n"), is_whitespace("\\u00a0"), is_whitespace("")
    (True, False, False)
    """
    return bool(text) and WHITESPACE.issuperset(text)


def first_difference(text: str, other: str) -> int:
    """The first character position where ``other`` departs from ``text`` (the shorter length
    when one is a prefix of the other; the common length when they are equal).

    >>> first_difference("a  b", "a b")
    2
    """
    return next(
        (k for k, (x, y) in enumerate(zip(text, other)) if x != y), min(len(text), len(other))
    )


def around(text: str, char: int, radius: int = 10) -> str:
    """``text`` from ``radius`` characters before ``char`` to ``radius`` characters after it:
    the context shown with a :func:`first_difference`."""
    return text[max(0, char - radius) : char + radius]


class ByteIndex:
    """Conversions between character and byte positions of one UTF-8 text.

    Built from the encoded text (``text.encode("utf-8", "surrogatepass")``). A byte inside a
    multi-byte character belongs to that character.

    >>> index = ByteIndex("aé b".encode())
    >>> index.byte(2), index.char(2), index.on_boundary(2)
    (3, 1, False)
    """

    def __init__(self, data: bytes) -> None:
        self.ascii: bool = data.isascii()
        """The text is ASCII: char and byte positions are the same."""
        self.offsets: np.ndarray | None = None
        """Byte offset of each character, plus the byte length; None when the text is ASCII."""
        if not self.ascii:
            arr = np.frombuffer(data, dtype=np.uint8)
            self.offsets = np.append(np.flatnonzero((arr & 0xC0) != 0x80), len(data))
        self._data = data
        self._byte_of_char: list[int] | None = None
        self._char_of_byte: list[int] | None = None

    def _tables(self) -> tuple[list[int], list[int]]:
        if self._byte_of_char is None or self._char_of_byte is None:
            assert self.offsets is not None
            arr = np.frombuffer(self._data, dtype=np.uint8)
            lead = np.append((arr & 0xC0) != 0x80, True)
            self._byte_of_char = self.offsets.tolist()
            self._char_of_byte = (np.cumsum(lead) - 1).tolist()
        return self._byte_of_char, self._char_of_byte

    def byte(self, char: int) -> int:
        """Byte position of character position ``char`` (``char`` may be the text's length)."""
        return char if self.ascii else self._tables()[0][char]

    def char(self, byte: int) -> int:
        """Position of the character holding ``byte`` (the text's length at its end)."""
        return byte if self.ascii else self._tables()[1][byte]

    def char_end(self, start: int, end: int) -> int:
        """One past the character holding byte ``end - 1`` (or ``char(start)`` when empty)."""
        return self.char(start) if end <= start else self.char(end - 1) + 1

    def on_boundary(self, byte: int) -> bool:
        """Whether ``byte`` is where a character starts (or the end of the text)."""
        if self.ascii:
            return True
        byte_of_char, char_of_byte = self._tables()
        return byte_of_char[char_of_byte[byte]] == byte
