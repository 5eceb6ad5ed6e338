"""Make whitespace and invisible characters visible, one glyph per character."""

from __future__ import annotations

import unicodedata

GLYPHS = {" ": "·", "\t": "→", "\n": "↵", "\r": "↤"}
"""Glyphs for the common whitespace characters."""

WHITESPACE_WORDS = "· space, → tab, ↵ newline, ↤ CR"
"""The glyphs of :data:`GLYPHS` in a sentence (for notes under tables). The glyphs are in
DejaVu Sans Mono (and Menlo, its descendant), unlike the Control Pictures (``␍``)."""

LEGEND = "· space  → tab  ↵ newline  ↤ CR  ⟨U+…⟩ other invisible character"


def visible_char(ch: str) -> str:
    """The glyph for one character: itself when it is visible.

    >>> visible_char("\\u200d")
    '⟨U+200D⟩'
    """
    glyph = GLYPHS.get(ch)
    if glyph is not None:
        return glyph
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn") or (category == "Zs" and ch != " "):
        return f"⟨U+{ord(ch):04X}⟩"
    return ch


def visible(text: str) -> str:
    """``text`` with every whitespace or invisible character replaced by its glyph.

    >>> visible("\\tx = 1\\r\\n")
    '→x·=·1↤↵'
    """
    return "".join(visible_char(ch) for ch in text)
