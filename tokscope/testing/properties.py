"""Properties a code tokenizer should have, each a function ``(tokenizer, text) -> None``.

Every property takes a tokenizer (a :class:`~tokscope.loading.sources.LoadedTokenizer`, or a bare
``tokenizers.Tokenizer``) and a text, and returns quietly when the property holds. When it does not,
it raises :class:`PropertyFailure`, an ``AssertionError`` whose message shows the input and how the
tokenizer split it, whitespace made visible (``·`` space, ``→`` tab, ``↵`` newline, ``↤`` CR). So
they work as plain assertions in any test, and under hypothesis they shrink to the smallest input
that breaks them:

>>> from hypothesis import given  # doctest: +SKIP
>>> @given(strategies.indented_blocks())  # doctest: +SKIP
... def test_roundtrip(tokscope_tokenizer, text):
...     roundtrip(tokscope_tokenizer, text)

Texts are encoded without special tokens. The properties, by id (see ``docs/testing.md``):

``roundtrip``       decode(encode(text)) == text
``offsets``         offsets lie in the text in order, and tokens plus dropped spans tile it
``no-drop``         every character is covered by some token
``deterministic``   encoding the same text again gives the same ids and offsets
``batch``           encoding in a batch gives what encoding alone gives
``runs-distinct``   a whitespace run of k and of k + 1 characters encode differently
``indent-stable``   indenting a line one level changes no token of its body or of other lines
``run-length-stable`` an identifier keeps its tokens after runs of 1, 2, 4 and 8 spaces or tabs
``no-unk``          no unknown token on valid Unicode text
``fixed-point``     decode-encode reaches a fixed point after one step
``leading-space``   a space before the text changes no token after its first word
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tokscope.testing.access import (
    ReportedTokenizer,
    TokenizerLike,
    as_loaded,
    for_reports,
    split_of,
    unknown_ids,
)
from tokscope.testing.failures import PropertyFailure, Split, format_failure, text_repr
from tokscope.testing.layout_properties import (
    indent_stable,
    indent_unit,
    leading_space,
    run_length_stable,
    runs_distinct,
)
from tokscope.testing.text_properties import (
    batch,
    deterministic,
    fixed_point,
    no_drop,
    no_unk,
    offsets,
    roundtrip,
)

__all__ = [
    "PROPERTIES",
    "PROPERTY_IDS",
    "Property",
    "PropertyFailure",
    "ReportedTokenizer",
    "Split",
    "TokenizerLike",
    "as_loaded",
    "batch",
    "deterministic",
    "fixed_point",
    "for_reports",
    "format_failure",
    "get_property",
    "indent_stable",
    "indent_unit",
    "leading_space",
    "no_drop",
    "no_unk",
    "offsets",
    "roundtrip",
    "run_length_stable",
    "runs_distinct",
    "split_of",
    "text_repr",
    "unknown_ids",
]


@dataclass(frozen=True)
class Property:
    """A named property with its check."""

    id: str
    """Short stable id (``roundtrip``, ``runs-distinct``...)."""
    summary: str
    """One line: what holds when the property holds."""
    check: Callable[[TokenizerLike, str], None]
    """Returns when the property holds for the text, raises :class:`PropertyFailure` otherwise."""


PROPERTIES: tuple[Property, ...] = (
    Property("roundtrip", "decode(encode(text)) == text", roundtrip),
    Property(
        "offsets",
        "offsets lie in the text, in order; tokens plus dropped spans tile it",
        offsets,
    ),
    Property("no-drop", "every character is covered by some token", no_drop),
    Property("deterministic", "encoding again gives the same ids and offsets", deterministic),
    Property("batch", "encoding in a batch gives what encoding alone gives", batch),
    Property(
        "runs-distinct", "whitespace runs of k and k+1 characters encode differently", runs_distinct
    ),
    Property(
        "indent-stable",
        "indenting a line one level changes no token of its body or of other lines",
        indent_stable,
    ),
    Property(
        "run-length-stable",
        "an identifier keeps its tokens after runs of 1, 2, 4 and 8 spaces or tabs",
        run_length_stable,
    ),
    Property("no-unk", "no unknown token on valid Unicode text", no_unk),
    Property("fixed-point", "decode(encode(y)) == y for y = decode(encode(text))", fixed_point),
    Property(
        "leading-space",
        "a space before the text changes no token after its first word",
        leading_space,
    ),
)
"""Every property, in the order reports list them."""


PROPERTY_IDS: tuple[str, ...] = tuple(p.id for p in PROPERTIES)
"""The ids of :data:`PROPERTIES`."""


def get_property(property_id: str) -> Property:
    """The property with this id; a ``ValueError`` naming the known ids otherwise."""
    for prop in PROPERTIES:
        if prop.id == property_id:
            return prop
    raise ValueError(f"unknown property {property_id!r}; known: {', '.join(PROPERTY_IDS)}")
