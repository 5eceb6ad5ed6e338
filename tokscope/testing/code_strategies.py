"""Strategies for pieces of code: identifiers, string literals, one line of code."""

from __future__ import annotations

import functools
import keyword
import unicodedata
from collections.abc import Sequence

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from tokscope.testing.pieces import (
    COMMENT_WORDS,
    COMPARISONS,
    IDENTIFIER_STYLES,
    LANGUAGES,
    LINES,
    LOWER,
    NON_ASCII_WORDS,
    OPENERS,
    OPERATORS,
    WORDS,
    choices,
    int_range,
)


@functools.cache
def _word() -> SearchStrategy[str]:
    return st.one_of(st.sampled_from(WORDS), st.text(LOWER, min_size=1, max_size=8))


def _style(style: str, parts: list[str]) -> str:
    if style == "snake":
        return "_".join(parts)
    if style == "camel":
        return parts[0] + "".join(p.capitalize() for p in parts[1:])
    if style == "pascal":
        return "".join(p.capitalize() for p in parts)
    if style == "upper":
        return "_".join(parts).upper()
    if style == "dunder":
        return "__" + "_".join(parts) + "__"
    return "_".join(parts)


def _avoid_keywords(name: str) -> str:
    return name + "_" if keyword.iskeyword(name) or keyword.issoftkeyword(name) else name


def identifiers(
    *, styles: Sequence[str] = IDENTIFIER_STYLES, min_parts: int = 1, max_parts: int = 3
) -> SearchStrategy[str]:
    """Identifiers in the given ``styles`` (see :data:`IDENTIFIER_STYLES`), made of
    ``min_parts`` to ``max_parts`` words: ``max_len``, ``maxLen``, ``MaxLen``, ``MAX_LEN``,
    ``__max_len__`` or, for ``non-ascii``, at least one word like ``größe`` or ``名前``.

    Every result is a valid Python identifier in NFC and not a keyword.
    """
    chosen = choices("styles", styles, IDENTIFIER_STYLES)
    int_range("min_parts", min_parts, "max_parts", max_parts, 1, 8)

    @st.composite
    def build(draw: st.DrawFn) -> str:
        style = draw(st.sampled_from(chosen))
        parts = draw(st.lists(_word(), min_size=min_parts, max_size=max_parts))
        if style == "non-ascii":
            at = draw(st.integers(0, len(parts) - 1))
            parts[at] = draw(st.sampled_from(NON_ASCII_WORDS))
        return _avoid_keywords(unicodedata.normalize("NFC", _style(style, parts)))

    return build()


@functools.cache
def _number() -> SearchStrategy[str]:
    return st.one_of(
        st.integers(0, 99_999).map(str),
        st.sampled_from(("0x1F", "3.14", "1e-9", "1_000_000", "0b1010", "42")),
    )


_ESCAPES = ("\\n", "\\t", "\\\\", "\\r", "\\0", "\\x41", "\\u00e9", "\\U0001F40D")


def string_literals(
    *, quotes: Sequence[str] = ('"', "'"), max_length: int = 16
) -> SearchStrategy[str]:
    """String literals with escapes (``\\n``, ``\\t``, ``\\\\``, ``\\x41``, ``\\u00e9``, escaped
    quotes), spaces, tabs and non-ASCII letters, up to ``max_length`` pieces long.

    Every result is a valid Python string literal (``ast.literal_eval`` reads it) and, apart from
    ``\\U`` escapes, a valid C, Java, JavaScript or Go one.
    """
    chosen = choices("quotes", quotes, ('"', "'"))
    int_range("max_length", max_length, "max_length", max_length, 0, 200)

    @st.composite
    def build(draw: st.DrawFn) -> str:
        quote = draw(st.sampled_from(chosen))
        piece = st.one_of(
            st.text(LOWER + " ", min_size=1, max_size=6),
            st.sampled_from(_ESCAPES),
            st.just("\\" + quote),
            st.sampled_from(("\t", "  ", "{}", "%s", "é", "日本", "ß", "€")),
        )
        body = draw(st.lists(piece, max_size=max_length))
        return quote + "".join(body) + quote

    return build()


def fill(draw: st.DrawFn, template: str) -> str:
    """A code line from ``template``: each ``{x}`` slot drawn (see :data:`LINES`), ``{{`` and
    ``}}`` for literal braces."""
    parts: list[str] = []
    k = 0
    while k < len(template):
        ch = template[k]
        if ch == "{" and template.startswith("{{", k):
            parts.append("{")
            k += 2
            continue
        if ch == "}" and template.startswith("}}", k):
            parts.append("}")
            k += 2
            continue
        if ch == "{" and k + 2 < len(template) and template[k + 2] == "}":
            parts.append(_slot(draw, template[k + 1]))
            k += 3
            continue
        parts.append(ch)
        k += 1
    return "".join(parts)


@functools.cache
def _slots() -> dict[str, SearchStrategy[str]]:
    """The strategy behind each template slot, built once (building strategies is not free)."""
    name = identifiers(styles=("snake", "camel"), max_parts=2)
    simple = st.one_of(name, _number(), string_literals(max_length=4))
    expression = st.one_of(
        simple,
        st.tuples(simple, st.sampled_from(OPERATORS), simple).map(" ".join),
        st.tuples(name, simple).map(lambda p: f"{p[0]}({p[1]})"),
        st.tuples(simple, simple).map(lambda p: f"[{p[0]}, {p[1]}]"),
    )
    return {
        "i": name,
        "I": identifiers(styles=("upper", "pascal"), max_parts=2),
        "n": _number(),
        "s": string_literals(max_length=5),
        "k": st.sampled_from(COMPARISONS),
        "c": st.lists(st.sampled_from(COMMENT_WORDS), min_size=1, max_size=5).map(" ".join),
        "e": expression,
    }


def _slot(draw: st.DrawFn, kind: str) -> str:
    return draw(_slots()[kind])


def code_lines(*, languages: Sequence[str] = LANGUAGES) -> SearchStrategy[str]:
    """One line of code in one of ``languages`` (see :data:`LANGUAGES`): an assignment, a call,
    a return, a comment, a block opener... without indentation or line ending."""
    chosen = choices("languages", languages, LANGUAGES)

    @st.composite
    def build(draw: st.DrawFn) -> str:
        language = draw(st.sampled_from(chosen))
        template = draw(st.sampled_from(LINES[language] + OPENERS[language]))
        return fill(draw, template)

    return build()
