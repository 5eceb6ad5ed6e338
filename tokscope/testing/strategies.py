"""Hypothesis strategies for code-like text: the inputs that break code tokenizers.

Every function checks its arguments first (a ``ValueError`` or ``TypeError`` naming the bad one)
and returns a ``SearchStrategy[str]``. All texts are valid Unicode (no lone surrogates), so any
tokenizer can encode them.

>>> from hypothesis import given  # doctest: +SKIP
>>> @given(indented_blocks(kind="tabs", languages=("go",)))  # doctest: +SKIP
... def test_tabs_survive(tokscope_tokenizer, text):
...     properties.roundtrip(tokscope_tokenizer, text)

``python_source()`` needs the optional ``hypothesmith`` package
(``pip install 'tokscope[hypothesmith]'``).
"""

from __future__ import annotations

from collections.abc import Sequence

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
    *, languages: Sequence[str] = LANGUAGES, normalize: str | None = None
) -> SearchStrategy[str]:
    """A mix of all of the above: whitespace runs, identifiers, code lines, indented blocks
    (spaces, tabs, mixed; 2, 4 and 8 wide), line endings, whitespace runs in context, string
    literals, Unicode edge cases and arbitrary valid Unicode text.

    Simpler kinds come first, so hypothesis shrinks a failure towards a short whitespace run or
    a single line. ``normalize`` puts every text in a Unicode normal form (``tokscope check``
    uses ``NFC``, the form editors save source in).
    """
    chosen = choices("languages", languages, LANGUAGES)
    norm = normal_form(normalize)
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
        st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
    )
    return strategy.map(norm) if norm else strategy
