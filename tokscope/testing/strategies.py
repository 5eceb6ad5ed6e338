"""Hypothesis strategies for code-like text: the inputs that break code tokenizers.

Every function checks its arguments first (``hypothesis.errors.InvalidArgument`` naming the bad
one, as Hypothesis's own strategies do) and returns a ``SearchStrategy[str]``. All texts are
valid Unicode: no lone surrogates (so any tokenizer can encode them) and no unassigned code
points (a character no text can hold is not a finding); :func:`unicode_text` and
:func:`code_text` opt in to them with ``surrogates=True`` and ``unassigned=True``.

>>> from hypothesis import given  # doctest: +SKIP
>>> @given(indented_blocks(kind="tabs", languages=("go",)))  # doctest: +SKIP
... def test_tabs_survive(tokscope_tokenizer, text):
...     properties.roundtrip(tokscope_tokenizer, text)

``python_source()`` needs the optional ``hypothesmith`` package
(``pip install 'tokscope[hypothesmith]'``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from tokscope.testing.code_strategies import code_lines, identifiers, string_literals
from tokscope.testing.pieces import (
    IDENTIFIER_STYLES,
    INDENT_KINDS,
    LANGUAGES,
    LINE_ENDING_STYLES,
    NORMAL_FORMS,
    UNICODE_KINDS,
    WHITESPACE_KINDS,
    choices,
    flag,
    int_range,
    normal_form,
)
from tokscope.testing.whitespace_strategies import (
    indentation,
    indented_blocks,
    line_endings,
    runs_in_context,
    whitespace_runs,
)

__all__ = [
    "IDENTIFIER_STYLES",
    "INDENT_KINDS",
    "LANGUAGES",
    "LINE_ENDING_STYLES",
    "NORMAL_FORMS",
    "UNICODE_KINDS",
    "WHITESPACE_KINDS",
    "code_lines",
    "code_text",
    "identifiers",
    "indentation",
    "indented_blocks",
    "line_endings",
    "python_source",
    "runs_in_context",
    "string_literals",
    "unicode_edge_cases",
    "unicode_text",
    "whitespace_runs",
]


# -- Unicode ------------------------------------------------------------------------------------


def unicode_edge_cases(
    *, kinds: Sequence[str] = tuple(UNICODE_KINDS), normalize: str | None = None
) -> SearchStrategy[str]:
    """Code-like text holding at least one Unicode edge case of the given ``kinds`` (see
    :data:`UNICODE_KINDS`): combining marks (on ASCII letters, as in ``e`` + U+0301), emoji
    with zero-width joiners, modifiers and flags, right-to-left text and bidi controls,
    zero-width characters, NUL.

    ``normalize`` (``NFC``...) puts the text in that normal form; note that NFC composes
    ``e`` + U+0301 into ``é``, so a combining mark may not survive it.
    """
    chosen = choices("kinds", kinds, UNICODE_KINDS)
    norm = normal_form(normalize)

    @st.composite
    def build(draw: st.DrawFn) -> str:
        kind = draw(st.sampled_from(chosen))
        piece = draw(st.sampled_from(UNICODE_KINDS[kind]))
        if kind == "combining":
            base = draw(st.sampled_from(("e", "a", "o", "x", "q", "n", "i")))
            marks = draw(st.lists(st.sampled_from(UNICODE_KINDS[kind]), min_size=0, max_size=2))
            piece = base + piece + "".join(marks)
        before = draw(st.sampled_from(("", "x", "x = '", "# ", "name", " ", "\t", "(")))
        after = draw(st.sampled_from(("", "y", "'", " ", "\n", ")", "_id")))
        text = before + piece + after
        return norm(text) if norm else text

    return build()


def unicode_text(
    *, min_size: int = 0, max_size: int = 12, unassigned: bool = False, surrogates: bool = False
) -> SearchStrategy[str]:
    """Arbitrary valid Unicode text of ``min_size`` to ``max_size`` characters: any assigned code
    point (letters of every script, symbols, controls, private use), but no lone surrogate
    (category ``Cs``, not encodable as UTF-8) and no unassigned code point (``Cn``, such as
    U+0BA0: an unknown token for it says nothing about the tokenizer).

    ``unassigned=True`` lets in unassigned code points (a future Unicode version may assign
    them); ``surrogates=True`` lets in lone surrogates, for testing that a tool rejects text that
    is not valid Unicode (tokenizers, and the properties, refuse it).
    """
    int_range("min_size", min_size, "max_size", max_size, 0, 4096)
    excluded: list[Literal["Cn", "Cs"]] = []
    if not flag("unassigned", unassigned):
        excluded.append("Cn")
    if not flag("surrogates", surrogates):
        excluded.append("Cs")
    return st.text(
        st.characters(exclude_categories=excluded) if excluded else st.characters(),
        min_size=min_size,
        max_size=max_size,
    )


# -- Python source ------------------------------------------------------------------------------


def python_source() -> SearchStrategy[str]:
    """Syntactically valid Python source, from ``hypothesmith.from_grammar()``.

    Needs the optional ``hypothesmith`` package; raises ``ImportError`` naming the extra to
    install when it is missing.
    """
    try:
        import hypothesmith
    except ImportError:
        raise ImportError(
            "python_source() needs hypothesmith: pip install 'tokscope[hypothesmith]'"
        ) from None
    strategy: SearchStrategy[str] = hypothesmith.from_grammar()
    return strategy


# -- everything ---------------------------------------------------------------------------------


def code_text(
    *,
    languages: Sequence[str] = LANGUAGES,
    normalize: str | None = None,
    unassigned: bool = False,
    surrogates: bool = False,
) -> SearchStrategy[str]:
    """A mix of all of the above: whitespace runs, identifiers, code lines, indented blocks
    (spaces, tabs, mixed; 2, 4 and 8 wide), line endings, whitespace runs in context, string
    literals, Unicode edge cases and arbitrary valid Unicode text (:func:`unicode_text`, with
    its ``unassigned`` and ``surrogates`` options).

    Simpler kinds come first, so hypothesis shrinks a failure towards a short whitespace run or
    a single line. ``normalize`` puts every text in a Unicode normal form (``tokscope check``
    uses ``NFC``, the form editors save source in).
    """
    chosen = choices("languages", languages, LANGUAGES)
    norm = normal_form(normalize)
    anything = unicode_text(unassigned=unassigned, surrogates=surrogates)
    blocks = [
        indented_blocks(languages=chosen, kind=kind, width=width, max_lines=6)
        for kind, width in (("spaces", 4), ("spaces", 2), ("tabs", 4), ("mixed", 4), ("spaces", 8))
    ]
    strategy = st.one_of(
        whitespace_runs(kinds=("space", "tab", "newline", "cr", "crlf"), max_length=8),
        identifiers(),
        code_lines(languages=chosen),
        runs_in_context(),
        string_literals(),
        line_endings(languages=chosen),
        *blocks,
        unicode_edge_cases(),
        anything,
    )
    return strategy.map(norm) if norm else strategy
