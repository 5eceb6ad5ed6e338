"""The categories of a normalised entry: the script of a character (:func:`script_of`, from
Unicode's Script property through the ``regex`` module) and the :class:`Categorizer` that puts
entries into :data:`CATEGORIES`."""

from __future__ import annotations

import functools

import regex

from tokscope.text import WHITESPACE_STRING

SCRIPTS: dict[str, tuple[str, ...]] = {
    "latin-extended": ("Latin",),
    "greek": ("Greek",),
    "cyrillic": ("Cyrillic",),
    "armenian": ("Armenian",),
    "hebrew": ("Hebrew",),
    "arabic": ("Arabic",),
    "devanagari": ("Devanagari",),
    "other-indic": (
        "Bengali",
        "Gurmukhi",
        "Gujarati",
        "Oriya",
        "Tamil",
        "Telugu",
        "Kannada",
        "Malayalam",
        "Sinhala",
    ),
    "thai-lao": ("Thai", "Lao"),
    "georgian": ("Georgian",),
    "hangul": ("Hangul",),
    "cjk": ("Han", "Hiragana", "Katakana", "Bopomofo"),
}
"""The Unicode scripts (values of the Script property) of each script category told apart. A
non-ASCII character of one of them is in its category whatever it is (letter, mark, digit); a
letter of any other script is ``other-script``. Characters Unicode gives to no one script
(Script ``Common`` or ``Inherited``: punctuation, symbols, emoji, most combining marks) belong to
none, except letters and marks that only scripts of one category use (their Script_Extensions):
the kana length mark ``ー`` is ``cjk``, Arabic vowel marks are ``arabic``."""

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


_DIGITS = b"0123456789"
_PUNCT_WS = b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" + WHITESPACE_STRING
_WORD = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"


def _any_of(prop: str, scripts: tuple[str, ...]) -> str:
    return "[" + "".join(rf"\p{{{prop}={name}}}" for name in scripts) + "]"


_SCRIPT_OF = regex.compile(
    "|".join(f"({_any_of('Script', names)})" for names in SCRIPTS.values())
    + r"|([^\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}])"
)
"""One group per category of :data:`SCRIPTS`, in order, then one for every other script."""
_EXTENSIONS = [
    (category, regex.compile(_any_of("Script_Extensions", names)))
    for category, names in SCRIPTS.items()
]
_LETTER = regex.compile(r"\p{L}")
_LETTER_OR_MARK = regex.compile(r"[\p{L}\p{M}]")
_CATEGORY_OF_GROUP = list(SCRIPTS)


@functools.cache
def script_of(ch: str) -> str | None:
    """The script category of one character, or None (ASCII, and characters of no one script:
    punctuation, symbols, emoji, marks shared by scripts). See :data:`SCRIPTS`.

    >>> script_of("ж"), script_of("中"), script_of("ー"), script_of("→"), script_of("a")
    ('cyrillic', 'cjk', 'cjk', None, None)
    """
    if ch < "\x80":
        return None
    match = _SCRIPT_OF.match(ch)
    if match is not None:
        group = match.lastindex or 0
        if group <= len(_CATEGORY_OF_GROUP):
            return _CATEGORY_OF_GROUP[group - 1]
        return "other-script" if _LETTER.match(ch) else None
    if not _LETTER_OR_MARK.match(ch):
        return None
    used_by = [category for category, pattern in _EXTENSIONS if pattern.match(ch)]
    return used_by[0] if len(used_by) == 1 else None


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
