"""The layouts of the count vectors: names for the positions of the tokenizer-independent
counts of a language (:data:`DOC`) and of one tokenizer's counts on it (:data:`TOK`), so that
counts travel as one numpy array per language."""

from __future__ import annotations

from tokscope.lexing import CLASSES

KINDS: tuple[str, ...] = ("snake_case", "camelCase", "dunder")
"""Kinds of identifier sub-word boundary, in report order (see ``docs/metrics.md``)."""

CONTEXTS: tuple[int, ...] = (512, 8192)
"""Context lengths for the context-fit metric."""

N_CLASSES = len(CLASSES)
N_KINDS = len(KINDS)


class Layout:
    """Names for the positions of a count vector, so counts travel as one numpy array."""

    def __init__(self, *fields: tuple[str, int]) -> None:
        self.slices: dict[str, slice] = {}
        pos = 0
        for name, width in fields:
            self.slices[name] = slice(pos, pos + width)
            pos += width
        self.size = pos

    def at(self, name: str) -> int:
        """Position of a one-wide field."""
        return int(self.slices[name].start)


DOC = Layout(
    ("docs", 1),
    ("bytes", 1),
    ("chars", 1),
    ("ws_bytes", 1),
    ("words", 1),
    ("indent_runs", 1),
    ("indent_bytes", 1),
    ("class_units", N_CLASSES),
    ("class_bytes", N_CLASSES),
    ("boundaries", N_KINDS),
    ("bounded_identifiers", 1),
)
"""Tokenizer-independent counts of one language."""

TOK = Layout(
    ("tokens", 1),
    ("round_trip", 1),
    ("fit_512", 1),
    ("fit_8192", 1),
    ("unk", 1),
    ("ws_tokens", 1),
    ("dropped_bytes", 1),
    ("ws_lost_bytes", 1),
    ("crossing", 1),
    ("word_tokens", 1),
    ("words_covered", 1),
    ("words_continued", 1),
    ("indent_tokens", 1),
    ("indent_covered", 1),
    ("indent_continued", 1),
    ("class_tokens", N_CLASSES),
    ("class_covered", N_CLASSES),
    ("class_continued", N_CLASSES),
    ("aligned", N_KINDS),
    ("word_damaged", 1),
    ("indent_damaged", 1),
    ("class_damaged", N_CLASSES),
    ("split_boundaries", N_KINDS),
    ("split_aligned", N_KINDS),
    ("whole_identifiers", 1),
    ("ident_token_starts", 1),
    ("ident_starts_on_subword", 1),
)
"""Counts of one tokenizer on one language."""


__all__ = ["CONTEXTS", "DOC", "KINDS", "N_CLASSES", "N_KINDS", "TOK", "Layout"]
