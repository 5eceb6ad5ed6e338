"""What the run spectrum and the context effect record, and which tokens belong to a run.

A token *touches* a run when its exact byte span overlaps the run's bytes (:func:`touching_tokens`);
both the run spectrum and the context effect attribute tokens this way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tokscope.align.segment import TokenSpan
from tokscope.loading.sources import Provenance
from tokscope.whitespace.kinds import KINDS


@dataclass(frozen=True)
class Piece:
    """A token that touches a run."""

    id: int
    """Vocabulary id."""
    token: str
    """The vocabulary entry as the tokenizer writes it (``Ġreturn``)."""
    text: str
    """What the token stands for (``' return'``); renderers make whitespace visible."""
    joined: bool
    """The token also covers source bytes outside the run (a neighbour merged in)."""


@dataclass(frozen=True)
class RunCell:
    """One run length, in one context, through one tokenizer."""

    length: int
    """Units in the run (``k``)."""
    tokens: int
    """Tokens whose byte span overlaps the run, a token shared with a neighbour included."""
    own: int
    """Tokens lying entirely inside the run."""
    joins_previous: bool
    """A token covers the run's start and bytes before it (``Ċĉĉ``: the newline joins)."""
    joins_next: bool
    """A token covers the run's end and bytes after it (``Ġreturn``)."""
    dropped: int
    """Bytes of the run covered by no token."""
    added: int
    """Tokens of the whole text minus tokens of the same text without the run."""
    pieces: tuple[Piece, ...]
    """The tokens that touch the run, in order."""
    round_trip: bool
    """``decode(encode(text)) == text`` for the whole text."""
    distinct_previous: bool
    """The ids of the whole encoding differ from those with one unit less (length 0: no run,
    or only the prefix for ``tab+spaces``)."""
    distinct_next: bool
    """The ids of the whole encoding differ from those with one unit more."""
    ids: tuple[int, ...]
    """Ids of the whole encoding (no special tokens)."""

    @property
    def deleted(self) -> bool:
        """No token of the run's own, and the run gone: some of its bytes covered by no token,
        or the same ids as one unit less (a lone space folded into XLM-R's ``▁return``, which
        it also gets with no space). The tokens counted are a neighbour's."""
        return self.own == 0 and (self.dropped > 0 or not self.distinct_previous)


@dataclass(frozen=True)
class RunSeries:
    """Runs of one kind at one position, lengths 1..N, through one tokenizer."""

    kind: str
    """Key of :data:`KINDS`."""
    position: str
    """Key of :data:`POSITIONS`."""
    baseline_tokens: int
    """Tokens of the text without the run."""
    cells: tuple[RunCell, ...]
    """Lengths 1..N in order."""
    phrase: str
    """The verdict for this series, in words (see :func:`series_phrase`)."""

    def cell(self, length: int) -> RunCell:
        """The cell of one length (1-based)."""
        return self.cells[length - 1]


@dataclass(frozen=True)
class Variant:
    """One way a tokenizer encodes an identifier, and the whitespace contexts that give it."""

    ids: tuple[int, ...]
    """Ids of the tokens that touch the identifier."""
    tokens: tuple[str, ...]
    """Their vocabulary entries."""
    texts: tuple[str, ...]
    """What each stands for."""
    contexts: tuple[str, ...]
    """The whitespace before the identifier that gives this encoding, in words."""
    count: int
    """How many of the probed contexts give it."""


@dataclass(frozen=True)
class ContextEffect:
    """How one identifier is encoded after different whitespace."""

    identifier: str
    """The identifier probed."""
    variants: tuple[Variant, ...]
    """Distinct encodings, most frequent first."""
    contexts: int
    """Contexts probed."""


@dataclass(frozen=True)
class TokenizerSpectrum:
    """Everything ``tokscope whitespace`` measures for one tokenizer."""

    name: str
    """Display name."""
    provenance: Provenance
    """Where the files came from."""
    series: tuple[RunSeries, ...]
    """One per kind and position, in :data:`KINDS` order."""
    verdict: str
    """One line in words, from the series at each kind's first position."""
    context: tuple[ContextEffect, ...]
    """The context effect, one per probed identifier."""

    def get(self, kind: str, position: str | None = None) -> RunSeries:
        """The series of ``kind`` at ``position`` (default: the kind's first position)."""
        where = position or KINDS[kind].positions[0]
        for s in self.series:
            if s.kind == kind and s.position == where:
                return s
        raise KeyError(f"{kind} at {where}")

    @property
    def max_variants(self) -> int:
        """Most distinct encodings any probed identifier gets."""
        return max((len(c.variants) for c in self.context), default=0)


@dataclass(frozen=True)
class Spectrum:
    """The run spectra of several tokenizers."""

    max_run: int
    """Longest run length measured."""
    kinds: tuple[str, ...]
    """Kinds measured, in order."""
    tokenizers: tuple[TokenizerSpectrum, ...]
    """One per tokenizer, in the order given."""


def touching_tokens(tokens: Sequence[TokenSpan], lo: int, hi: int) -> list[TokenSpan]:
    """Tokens whose byte span overlaps ``[lo, hi)``; empty spans count when they lie inside."""
    out = []
    for t in tokens:
        if t.byte_start == t.byte_end:
            if lo <= t.byte_start < hi:
                out.append(t)
        elif t.byte_start < hi and t.byte_end > lo:
            out.append(t)
    return out
