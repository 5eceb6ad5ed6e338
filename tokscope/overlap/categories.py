"""The categories of a normalised entry: Unicode script ranges (:func:`script_of`) and the
:class:`Categorizer` that puts entries into :data:`CATEGORIES`."""

from __future__ import annotations

import bisect
import unicodedata

from tokscope.text import WHITESPACE_STRING

SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x00C0, 0x00D6, "latin-extended"),  # Latin-1 letters (without × and ÷)
    (0x00D8, 0x00F6, "latin-extended"),
    (0x00F8, 0x024F, "latin-extended"),  # Latin-1 letters, Latin Extended-A and -B
    (0x0250, 0x02AF, "latin-extended"),  # IPA Extensions
    (0x0370, 0x03FF, "greek"),  # Greek and Coptic
    (0x0400, 0x052F, "cyrillic"),  # Cyrillic, Cyrillic Supplement
    (0x0530, 0x058F, "armenian"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),  # Arabic Supplement
    (0x08A0, 0x08FF, "arabic"),  # Arabic Extended-A
    (0x0900, 0x097F, "devanagari"),
    (0x0980, 0x0DFF, "other-indic"),  # Bengali ... Malayalam, Sinhala
    (0x0E00, 0x0EFF, "thai-lao"),  # Thai, Lao
    (0x10A0, 0x10FF, "georgian"),
    (0x1100, 0x11FF, "hangul"),  # Hangul Jamo
    (0x1C80, 0x1C8F, "cyrillic"),  # Cyrillic Extended-C
    (0x1C90, 0x1CBF, "georgian"),  # Georgian Extended
    (0x1E00, 0x1EFF, "latin-extended"),  # Latin Extended Additional
    (0x1F00, 0x1FFF, "greek"),  # Greek Extended
    (0x2C60, 0x2C7F, "latin-extended"),  # Latin Extended-C
    (0x2D00, 0x2D2F, "georgian"),  # Georgian Supplement
    (0x2DE0, 0x2DFF, "cyrillic"),  # Cyrillic Extended-A
    (0x2E80, 0x2FDF, "cjk"),  # CJK Radicals, Kangxi Radicals
    (0x3000, 0x303F, "cjk"),  # CJK Symbols and Punctuation
    (0x3040, 0x30FF, "cjk"),  # Hiragana, Katakana
    (0x3100, 0x312F, "cjk"),  # Bopomofo
    (0x3130, 0x318F, "hangul"),  # Hangul Compatibility Jamo
    (0x31A0, 0x31FF, "cjk"),  # Bopomofo Extended, CJK Strokes, Katakana Phonetic Extensions
    (0x3200, 0x33FF, "cjk"),  # Enclosed CJK Letters and Months, CJK Compatibility
    (0x3400, 0x4DBF, "cjk"),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF, "cjk"),  # CJK Unified Ideographs
    (0xA640, 0xA69F, "cyrillic"),  # Cyrillic Extended-B
    (0xA720, 0xA7FF, "latin-extended"),  # Latin Extended-D
    (0xA8E0, 0xA8FF, "devanagari"),  # Devanagari Extended
    (0xA960, 0xA97F, "hangul"),  # Hangul Jamo Extended-A
    (0xAB30, 0xAB6F, "latin-extended"),  # Latin Extended-E
    (0xAC00, 0xD7FF, "hangul"),  # Hangul Syllables, Hangul Jamo Extended-B
    (0xF900, 0xFAFF, "cjk"),  # CJK Compatibility Ideographs
    (0xFB1D, 0xFB4F, "hebrew"),  # Hebrew presentation forms
    (0xFB50, 0xFDFF, "arabic"),  # Arabic Presentation Forms-A
    (0xFE30, 0xFE4F, "cjk"),  # CJK Compatibility Forms
    (0xFE70, 0xFEFE, "arabic"),  # Arabic Presentation Forms-B (U+FEFF, the BOM, is no letter)
    (0xFF00, 0xFFEF, "cjk"),  # Halfwidth and Fullwidth Forms
    (0x20000, 0x3FFFF, "cjk"),  # CJK Unified Ideographs Extensions B and later
)
"""Code point ranges (inclusive) of the scripts told apart; sorted by start. A non-ASCII letter
outside every range (Tibetan, Ethiopic, Khmer...) is ``other-script``; other non-ASCII characters
outside them (punctuation, symbols, emoji, combining marks) belong to no script."""

SCRIPT_CATEGORIES: tuple[str, ...] = (
    "latin-extended",
    "greek",
    "cyrillic",
    "armenian",
    "hebrew",
    "arabic",
    "devanagari",
    "other-indic",
    "thai-lao",
    "georgian",
    "hangul",
    "cjk",
    "other-script",
)
"""Categories of entries written in one script other than basic (ASCII) Latin."""

CATEGORIES: dict[str, str] = {
    "whitespace": "only spaces, tabs, newlines, CR, VT or FF",
    "punctuation": "ASCII punctuation and operators (whitespace allowed)",
    "digits": "ASCII digits, optionally with surrounding whitespace",
    "keyword": "a keyword of a common programming language, optionally with surrounding whitespace",
    "ascii-word": "ASCII letters, digits and _ (not only digits), optionally with surrounding "
    "whitespace",
    "ascii-mixed": "any other ASCII entry: letters with punctuation (self. __( [unused0])",
    **{name: f"{name} script (with or without ASCII)" for name in SCRIPT_CATEGORIES[:-1]},
    "other-script": "letters of a script not listed above",
    "mixed-scripts": "letters of more than one non-ASCII script",
    "symbols": "non-ASCII without letters: symbols, punctuation, emoji",
    "byte-fragment": "not valid UTF-8: part of a multi-byte character",
}
"""Every category of a normalised entry, in display order, with what it holds."""


_SCRIPT_STARTS = [start for start, _, _ in SCRIPT_RANGES]
_DIGITS = b"0123456789"
_PUNCT_WS = b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" + WHITESPACE_STRING
_WORD = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"


def script_of(ch: str) -> str | None:
    """The script category of one character, or None (ASCII, symbols, punctuation, marks).

    Characters below U+0100 outside the Latin-1 letters (``ª``, ``µ``, ``º``...) belong to no
    script.

    >>> script_of("ж"), script_of("中"), script_of("→"), script_of("a")
    ('cyrillic', 'cjk', None, None)
    """
    code = ord(ch)
    if code < 0x80:
        return None
    i = bisect.bisect_right(_SCRIPT_STARTS, code) - 1
    if i >= 0 and code <= SCRIPT_RANGES[i][1]:
        return SCRIPT_RANGES[i][2]
    if code < 0x100:
        return None
    return "other-script" if unicodedata.category(ch).startswith("L") else None


class _ScriptTable(dict[int, "str | None"]):
    """``str.translate`` table: each character to a one-letter script code, or deleted."""

    def __missing__(self, code: int) -> str | None:
        script = script_of(chr(code))
        value = None if script is None else chr(0x41 + SCRIPT_CATEGORIES.index(script))
        self[code] = value
        return value


class Categorizer:
    """Puts normalised entries into :data:`CATEGORIES`.

    >>> Categorizer(frozenset({"return"}))(b" return")
    'keyword'
    """

    def __init__(self, keywords: frozenset[str]) -> None:
        self.keywords = frozenset(k.encode("ascii") for k in keywords)
        self._scripts = _ScriptTable()

    def __call__(self, content: bytes) -> str:
        """The category of an entry that stands for ``content`` (not empty)."""
        if content.isascii():
            core = content.strip(WHITESPACE_STRING)
            if not core:
                return "whitespace"
            if not core.translate(None, _DIGITS):
                return "digits"
            if not core.translate(None, _PUNCT_WS):
                return "punctuation"
            if core in self.keywords:
                return "keyword"
            return "ascii-mixed" if core.translate(None, _WORD) else "ascii-word"
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            return "byte-fragment"
        codes = set(text.translate(self._scripts))
        if not codes:
            return "symbols"
        if len(codes) > 1:
            return "mixed-scripts"
        return SCRIPT_CATEGORIES[ord(codes.pop()) - 0x41]
