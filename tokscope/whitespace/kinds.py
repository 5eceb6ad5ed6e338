"""What the run spectrum measures: the positions a run is put at and the kinds of run.

The code around a run is fixed so that results are comparable between tokenizers.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_RUN = 16
"""Longest run measured by default."""
MAX_MAX_RUN = 64
"""Longest run that can be asked for."""


@dataclass(frozen=True)
class Position:
    """Where a run is placed: the code before and after it."""

    name: str
    """Short name: ``indent``, ``inline``, ``trailing`` or ``line-break``."""
    description: str
    """What the position stands for, in words."""
    before: str
    """Text before the run."""
    after: str
    """Text after the run."""
    previous: str
    """What comes just before the run, for verdicts (``the line break``)."""
    following: str
    """What comes just after the run, for verdicts (``the next word``)."""


POSITIONS: dict[str, Position] = {
    p.name: p
    for p in (
        Position(
            "indent",
            "indentation: at line start, before a word",
            "if x:\n",
            "return y",
            "the line break",
            "the next word",
        ),
        Position(
            "inline",
            "inside a line, before an operator (alignment, as in x    = 1)",
            "x",
            "= 1",
            "the word",
            "the next token",
        ),
        Position(
            "trailing",
            "trailing: at the end of a line, before the newline",
            "x = 1",
            "\ny = 2",
            "the word",
            "the newline",
        ),
        Position(
            "line-break",
            "between two lines of code",
            "x = 1",
            "y = 2",
            "the word",
            "the next word",
        ),
    )
}
"""Every position, by name. The texts are fixed so that results are comparable."""


@dataclass(frozen=True)
class RunKind:
    """A kind of whitespace run: ``prefix`` followed by ``k`` times ``unit``."""

    name: str
    """Short name: ``spaces``, ``tabs``, ``newlines``, ``crlf`` or ``tab+spaces``."""
    prefix: str
    """Text before the repeated unit (a tab for ``tab+spaces``, else empty)."""
    unit: str
    """The repeated unit."""
    singular: str
    """One unit, in words (``space``)."""
    plural: str
    """Several units, in words (``spaces``)."""
    label: str
    """Name in verdicts and tables (``spaces``, ``CRLF``)."""
    positions: tuple[str, ...]
    """Positions measured; the first is the one the per-tokenizer verdict uses."""

    def run(self, length: int) -> str:
        """The run of ``length`` units (``prefix`` included)."""
        return self.prefix + self.unit * length

    def units(self, length: int) -> str:
        """``1 space``, ``4 spaces``."""
        return f"{length} {self.singular if length == 1 else self.plural}"


_HORIZONTAL = ("indent", "inline", "trailing")
KINDS: dict[str, RunKind] = {
    k.name: k
    for k in (
        RunKind("spaces", "", " ", "space", "spaces", "spaces", _HORIZONTAL),
        RunKind("tabs", "", "\t", "tab", "tabs", "tabs", _HORIZONTAL),
        RunKind("newlines", "", "\n", "newline", "newlines", "newlines", ("line-break",)),
        RunKind("crlf", "", "\r\n", "CRLF", "CRLFs", "CRLF", ("line-break",)),
        RunKind(
            "tab+spaces",
            "\t",
            " ",
            "space",
            "spaces",
            "tab+spaces",
            _HORIZONTAL,
        ),
    )
}
"""Every kind of run, by name, in report order. ``tab+spaces`` of length k is a tab and k spaces."""
