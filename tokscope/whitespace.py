"""Whitespace analysis: run spectra, verdicts in words, the context effect, corpus whitespace.

Three questions, each answered by measuring, never by a table of known tokenizers:

* **Run spectrum** (:func:`spectrum`): put a run of ``k`` spaces, tabs, newlines, CRLFs or spaces
  after a tab into a small piece of code (at line start before a word, inside a line, before a
  newline), encode it for ``k`` = 0..N+1, and record per length the tokens spent on the run, its
  pieces, whether decode gives the text back and whether length ``k`` can be told apart from
  ``k-1`` and ``k+1``. A verdict in words is derived from those cells (:func:`series_phrase`).
* **Context effect** (:func:`context_effects`): the same identifier after different whitespace,
  and how many different token ids it gets.
* **Corpus report** (:func:`corpus_report`): indentation and whitespace-run histograms, and per
  tokenizer and language the whitespace cost, whitespace loss and the share of identifier
  occurrences whose id depends on the whitespace before them.

How a token is attributed to a run: a token *touches* the run when its exact byte span
(:func:`tokscope.segment.segment`) overlaps the run's bytes. ``tokens`` counts those tokens, so a
token holding the run's last space and the next word (``Ġreturn``) counts once, and is also
reported as *joining* the next neighbour. ``added`` is the other view: tokens of the whole text
minus tokens of the same text without the run.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace

from tokscope.corpus import Document, SkipReport
from tokscope.segment import Segmentation, TokenSpan, segment
from tokscope.sources import LoadedTokenizer, Provenance

DEFAULT_MAX_RUN = 16
"""Longest run measured by default."""
MAX_MAX_RUN = 64
"""Longest run that can be asked for."""
WHITESPACE = frozenset(" \t\n\r\x0b\x0c")
"""Characters counted as whitespace everywhere in this module."""
_WS_BYTES = frozenset(b" \t\n\r\x0b\x0c")


# --------------------------------------------------------------------------------------------
# Kinds of run and positions


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


# --------------------------------------------------------------------------------------------
# Run spectrum


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


CONTEXT_IDENTIFIERS: tuple[str, ...] = ("return", "self", "value", "name", "i")
"""Identifiers probed for the context effect when none are given."""


def spectrum(
    tokenizers: Sequence[LoadedTokenizer],
    *,
    max_run: int = DEFAULT_MAX_RUN,
    kinds: Sequence[str] = (),
    identifiers: Sequence[str] = CONTEXT_IDENTIFIERS,
) -> Spectrum:
    """Measure the run spectrum and the context effect of each tokenizer.

    ``kinds`` limits the kinds of run (default: all of :data:`KINDS`).
    """
    if not 1 <= max_run <= MAX_MAX_RUN:
        raise ValueError(f"max_run must be within 1..{MAX_MAX_RUN}")
    chosen = tuple(dict.fromkeys(kinds)) or tuple(KINDS)
    for name in chosen:
        if name not in KINDS:
            raise ValueError(f"unknown kind of run {name!r}")
    out = []
    for tok in tokenizers:
        series = tuple(
            run_series(tok, KINDS[k], POSITIONS[p], max_run)
            for k in chosen
            for p in KINDS[k].positions
        )
        verdict = tokenizer_verdict(series)
        context = tuple(context_effect(tok, word, max_run) for word in identifiers)
        out.append(TokenizerSpectrum(tok.name, tok.provenance, series, verdict, context))
    return Spectrum(max_run, chosen, tuple(out))


def run_series(tok: LoadedTokenizer, kind: RunKind, position: Position, max_run: int) -> RunSeries:
    """Encode the run of ``kind`` at ``position`` for every length 0..max_run+1."""
    before, after = position.before, position.after
    baseline = len(segment(tok, before + after).tokens)
    start = len(before.encode("utf-8"))
    probes = []
    for k in range(max_run + 2):
        run = kind.run(k)
        seg = segment(tok, before + run + after)
        probes.append((seg, start, start + len(run.encode("utf-8"))))
    ids = [tuple(t.id for t in seg.tokens) for seg, _, _ in probes]
    cells = []
    for k in range(1, max_run + 1):
        seg, lo, hi = probes[k]
        touching = _touching(seg.tokens, lo, hi)
        cells.append(
            RunCell(
                length=k,
                tokens=len(touching),
                own=sum(1 for t in touching if lo <= t.byte_start and t.byte_end <= hi),
                joins_previous=any(t.byte_start < lo for t in touching),
                joins_next=any(t.byte_end > hi for t in touching),
                dropped=sum(
                    max(0, min(g.byte_end, hi) - max(g.byte_start, lo)) for g in seg.dropped
                ),
                added=len(seg.tokens) - baseline,
                pieces=tuple(
                    Piece(t.id, t.token, t.decoded, t.byte_start < lo or t.byte_end > hi)
                    for t in touching
                ),
                round_trip=seg.round_trip,
                distinct_previous=ids[k] != ids[k - 1],
                distinct_next=ids[k] != ids[k + 1],
                ids=ids[k],
            )
        )
    series = RunSeries(kind.name, position.name, baseline, tuple(cells), "")
    return RunSeries(
        kind.name, position.name, baseline, tuple(cells), series_phrase(series, kind, position)
    )


def _touching(tokens: Sequence[TokenSpan], lo: int, hi: int) -> list[TokenSpan]:
    """Tokens whose byte span overlaps ``[lo, hi)``; empty spans count when they lie inside."""
    out = []
    for t in tokens:
        if t.byte_start == t.byte_end:
            if lo <= t.byte_start < hi:
                out.append(t)
        elif t.byte_start < hi and t.byte_end > lo:
            out.append(t)
    return out


# --------------------------------------------------------------------------------------------
# Verdicts


@dataclass(frozen=True)
class Stretch:
    """Consecutive run lengths whose token count follows one rule: ``slope * k + intercept``."""

    lo: int
    """First length."""
    hi: int
    """Last length."""
    slope: int
    """Tokens added per unit (0: constant)."""
    intercept: int
    """Tokens at length 0 by the rule (the constant when ``slope`` is 0)."""
    absorbed: bool
    """Each run is one token shared with a neighbour, none of its own."""


def _joins(c: RunCell) -> tuple[bool, bool]:
    return (c.joins_previous, c.joins_next)


def _absorbed(c: RunCell) -> bool:
    """One token, not of its own: the run is part of a neighbour's token."""
    return c.tokens == 1 and c.own == 0


def stretches(cells: Sequence[RunCell]) -> list[Stretch]:
    """Split lengths into maximal stretches where the token count is constant or grows by a fixed
    step (at least 3 lengths for a step), with the same joining behaviour."""
    out: list[Stretch] = []
    i, n = 0, len(cells)
    while i < n:
        c = cells[i]
        j = i + 1
        while (
            j < n
            and cells[j].tokens == c.tokens
            and _joins(cells[j]) == _joins(c)
            and _absorbed(cells[j]) == _absorbed(c)
        ):
            j += 1
        slope = 0
        if j - i == 1 and i + 2 < n:
            step = cells[i + 1].tokens - c.tokens
            m = i + 1
            while (
                step >= 1
                and m < n
                and cells[m].tokens == c.tokens + step * (m - i)
                and _joins(cells[m]) == _joins(c)
            ):
                m += 1
            if m - i >= 3:
                j, slope = m, step
        out.append(
            Stretch(
                c.length,
                cells[j - 1].length,
                slope,
                c.tokens - slope * c.length,
                slope == 0 and _absorbed(c),
            )
        )
        i = j
    return out


def _span(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}-{hi}"


def _ranges(values: Iterable[int]) -> str:
    """``[1, 2, 3, 7]`` -> ``1-3, 7``."""
    parts: list[str] = []
    run: list[int] = []
    for v in sorted(values):
        if run and v != run[-1] + 1:
            parts.append(_span(run[0], run[-1]))
            run = []
        run.append(v)
    if run:
        parts.append(_span(run[0], run[-1]))
    return ", ".join(parts)


_NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four"}


def _tokens(n: int) -> str:
    return f"{_NUMBERS.get(n, str(n))} token{'s' if n != 1 else ''}"


def _neighbours(cell: RunCell, position: Position) -> str:
    names = [position.previous] if cell.joins_previous else []
    names += [position.following] if cell.joins_next else []
    return " and ".join(names) or "nothing"


def _stretch_phrase(s: Stretch, cell: RunCell, kind: RunKind, position: Position) -> str:
    lengths = _span(s.lo, s.hi)
    if s.slope:
        body = f"{_NUMBERS.get(s.slope, str(s.slope))} token{'s' if s.slope > 1 else ''} per "
        body += kind.singular
        if s.intercept:
            body += f" {'plus' if s.intercept > 0 else 'minus'} {abs(s.intercept)}"
    elif s.intercept == 0:
        body = "dropped"
    elif s.absorbed:
        body = f"joins {_neighbours(cell, position)}"
    else:
        body = _tokens(s.intercept) + (" each" if s.lo != s.hi else "")
    return f"{lengths} {body}"


def _join_notes(cells: Sequence[RunCell], position: Position) -> list[str]:
    """``the first joins the line break [at 2-16]``, over cells with a token of their own."""
    shared = [c for c in cells if not _absorbed(c)]
    every = [c.length for c in shared]
    notes = []
    for index, what in (
        (0, f"the first joins {position.previous}"),
        (1, f"the last joins {position.following}"),
    ):
        found = [c.length for c in shared if _joins(c)[index]]
        if found:
            notes.append(what if found == every else f"{what} at {_ranges(found)}")
    return notes


def _stretches_phrase(
    found: Sequence[Stretch], series: RunSeries, kind: RunKind, position: Position
) -> str:
    """Each stretch in words; a joining note that holds for several stretches comes last."""
    own = [s for s in found if not s.absorbed]
    texts = [_stretch_phrase(s, series.cell(s.lo), kind, position) for s in found]
    tail: list[str] = []
    for index, side in ((0, "previous"), (1, "next")):
        having = [s for s in own if _joins(series.cell(s.lo))[index]]
        if not having:
            continue
        what = (
            f"the first joins {position.previous}"
            if side == "previous"
            else (f"the last joins {position.following}")
        )
        if len(having) == 1 and len(own) > 1:
            k = found.index(having[0])
            texts[k] += f", {what}"
        elif len(having) == len(own):
            tail.append(what)
        else:
            lengths = [k for s in having for k in range(s.lo, s.hi + 1)]
            tail.append(f"{what} at {_ranges(lengths)}")
    return ", ".join(texts + tail)


def _irregular_phrase(cells: Sequence[RunCell], kind: RunKind, position: Position) -> str:
    """Token counts that follow no simple rule: their range and the longest piece of the unit."""
    low = min(c.tokens for c in cells)
    high = max(c.tokens for c in cells)
    widest = max(
        (
            len(p.text) // len(kind.unit)
            for c in cells
            for p in c.pieces
            if p.text and not p.text.replace(kind.unit, "")
        ),
        default=0,
    )
    summary = f"{low}-{high} tokens for 1-{cells[-1].length}, irregular"
    if widest > 1:
        summary += f" (pieces of up to {widest} {kind.plural})"
    return ", ".join([summary, *_join_notes(cells, position)])


MAX_STRETCHES = 4
"""Above this many stretches a series is summarised as irregular."""


def series_phrase(series: RunSeries, kind: RunKind, position: Position) -> str:
    """A verdict in words for one series, derived from its cells only.

    In order: what the runs cost (stretches of lengths with a constant token count or a count
    growing by a fixed step; a summary when there are more than :data:`MAX_STRETCHES`), where a
    token is shared with a neighbour, which lengths cannot be told apart, and which are not given
    back by decode.
    """
    cells = series.cells
    if not cells:
        return "nothing measured"
    n = len(cells)
    alike = [c.length for c in cells[1:] if not c.distinct_previous]
    parts: list[str] = []
    if n > 1 and len(alike) == n - 1:
        if all(c.tokens == 0 for c in cells):
            parts.append("dropped")
        elif all(_absorbed(c) and _joins(c) == _joins(cells[0]) for c in cells):
            parts.append(f"absorbed into {_neighbours(cells[0], position)}")
        else:
            parts.append(_tokens(cells[0].tokens) + " whatever the length")
        parts.append(
            "lengths indistinguishable"
            + ("" if cells[0].distinct_previous else ", even from no run at all")
        )
    else:
        found = stretches(cells)
        if len(found) <= MAX_STRETCHES:
            parts.append(_stretches_phrase(found, series, kind, position))
        else:
            parts.append(_irregular_phrase(cells, kind, position))
        if alike:
            parts.append(f"same ids as one {kind.singular} less at {_ranges(alike)}")
        if not cells[0].distinct_previous:
            parts.append(f"1 {kind.singular} encodes like none")
    failed = [c.length for c in cells if not c.round_trip]
    if len(failed) == n:
        parts.append("not restored by decode")
    elif failed:
        parts.append(f"not restored by decode at {_ranges(failed)}")
    return "; ".join(parts)


def tokenizer_verdict(series: Sequence[RunSeries]) -> str:
    """One line for a tokenizer: each kind's phrase at its first position, equal phrases grouped.

    >>> # e.g. "spaces: 1 joins the next word, 2-16 one token each; tabs: ..."
    """
    by_phrase: dict[str, list[str]] = {}
    order: list[str] = []
    seen: set[str] = set()
    for s in series:
        kind = KINDS[s.kind]
        if s.kind in seen or s.position != kind.positions[0]:
            continue
        seen.add(s.kind)
        if s.phrase not in by_phrase:
            order.append(s.phrase)
        by_phrase.setdefault(s.phrase, []).append(kind.label)
    if len(order) == 1 and len(seen) == len(KINDS) > 1:
        return f"all runs: {order[0]}"
    return " | ".join(f"{', '.join(by_phrase[p])}: {p}" for p in order)


# --------------------------------------------------------------------------------------------
# Context effect


def context_effect(tok: LoadedTokenizer, identifier: str, max_run: int) -> ContextEffect:
    """Encode ``identifier`` after every whitespace of the spectrum and group equal encodings.

    Contexts: at line start (after ``x`` and a newline) with no indentation, 1..N spaces or 1..N
    tabs; inside a line (after ``x =``) after 1..N spaces or 1..N tabs. The encoding of the
    identifier is the ids of the tokens that touch its bytes, so ``Ġreturn`` and ``return`` differ.
    """
    probes: list[tuple[str, str, int, str]] = [("line start", "spaces", 0, "x\n")]
    for kind in ("spaces", "tabs"):
        unit = KINDS[kind].unit
        probes += [("line start", kind, k, "x\n" + unit * k) for k in range(1, max_run + 1)]
        probes += [("mid-line", kind, k, "x =" + unit * k) for k in range(1, max_run + 1)]
    groups: dict[tuple[int, ...], tuple[list[TokenSpan], list[tuple[str, str, int]]]] = {}
    for where, kind, k, before in probes:
        seg = segment(tok, before + identifier)
        lo = len(before.encode("utf-8"))
        hi = lo + len(identifier.encode("utf-8"))
        touching = _touching(seg.tokens, lo, hi)
        key = tuple(t.id for t in touching)
        groups.setdefault(key, (touching, []))[1].append((where, kind, k))
    variants = [
        Variant(
            ids,
            tuple(t.token for t in spans),
            tuple(t.decoded for t in spans),
            _context_labels(contexts),
            len(contexts),
        )
        for ids, (spans, contexts) in groups.items()
    ]
    variants.sort(key=lambda v: (-v.count, v.ids))
    return ContextEffect(identifier, tuple(variants), len(probes))


def _context_labels(contexts: list[tuple[str, str, int]]) -> tuple[str, ...]:
    grouped: dict[tuple[str, str], list[int]] = {}
    for where, kind, k in contexts:
        grouped.setdefault((where, kind), []).append(k)
    labels = []
    for (where, kind), ks in grouped.items():
        if 0 in ks:
            labels.append(f"{where}, no indentation")
        rest = [k for k in ks if k]
        if rest:
            noun = KINDS[kind].singular if rest == [1] else KINDS[kind].plural
            labels.append(f"{where} after {_ranges(rest)} {noun}")
    return tuple(labels)


# --------------------------------------------------------------------------------------------
# Corpus report


IDENTIFIER = re.compile(r"(?<![A-Za-z0-9_$])[A-Za-z_][A-Za-z0-9_]*")
"""What counts as an identifier occurrence in a corpus: an ASCII word of letters, digits and
underscores not starting with a digit. Keywords and words in comments or strings match too; only
occurrences right after whitespace (or at the start of a text) are counted."""

_HORIZONTAL_RUN = re.compile(r"[ \t]+")
_LINE_BREAKS = re.compile(r"(?:\r\n|\n)+")


@dataclass(frozen=True)
class IndentCount:
    """Lines of a corpus with one indentation."""

    tabs: int
    """Leading tabs."""
    spaces: int
    """Leading spaces after the tabs."""
    other: bool
    """The indentation is not tabs followed by spaces (spaces before a tab, or another mix);
    ``tabs`` and ``spaces`` then count all of each."""
    lines: int
    """Non-blank lines with this indentation."""

    @property
    def label(self) -> str:
        """``4 spaces``, ``2 tabs``, ``1 tab + 2 spaces``, ``mixed (2 tabs, 3 spaces)``."""
        if self.other:
            return f"mixed ({self.tabs} tabs, {self.spaces} spaces)"
        if not self.tabs and not self.spaces:
            return "none"
        parts = []
        if self.tabs:
            parts.append(f"{self.tabs} tab{'s' if self.tabs != 1 else ''}")
        if self.spaces:
            parts.append(f"{self.spaces} space{'s' if self.spaces != 1 else ''}")
        return " + ".join(parts)


@dataclass(frozen=True)
class RunCount:
    """Whitespace runs of one kind, position and length in a corpus."""

    kind: str
    """``spaces``, ``tabs``, ``tab+spaces``, ``mixed`` (horizontal) or ``newlines``, ``crlf``,
    ``mixed-breaks`` (line breaks)."""
    position: str
    """``indent`` (line start, text follows), ``inline`` (between text on a line), ``trailing``
    (before a line break or the end, whitespace-only lines included) or ``line-break``."""
    length: int
    """Characters in the run; for line breaks, line breaks (a CRLF counts once)."""
    count: int
    """Runs seen."""


@dataclass(frozen=True)
class CostRow:
    """Whitespace cost and loss of one tokenizer on the documents of one language (mergeable)."""

    tokenizer: str
    """Tokenizer name."""
    language: str
    """Language, or ``all``."""
    files: int = 0
    """Documents."""
    bytes: int = 0
    """UTF-8 bytes of the documents."""
    whitespace_bytes: int = 0
    """Bytes that are whitespace."""
    tokens: int = 0
    """Tokens (no special tokens)."""
    whitespace_tokens: int = 0
    """Tokens that stand for whitespace only (``Ġ``, ``Ċ``, a raw space run, a lone ``▁``)."""
    lost_bytes: int = 0
    """Source bytes covered by no token, or covered by a token that stands for other text and not
    matched by it (a tab rewritten as ``▁``)."""
    lost_whitespace_bytes: int = 0
    """The whitespace bytes among ``lost_bytes``."""
    round_trip_files: int = 0
    """Documents with ``decode(encode(text)) == text``."""
    identifier_occurrences: int = 0
    """Identifier occurrences right after whitespace (see :data:`IDENTIFIER`)."""
    dependent_occurrences: int = 0
    """Of those, occurrences whose identifier gets another first-token id elsewhere in the
    corpus after different whitespace (see :func:`corpus_report`)."""

    def merge(self, other: CostRow, *, language: str | None = None) -> CostRow:
        """Counts of both rows added up (the result does not depend on the order)."""
        counts = {
            f.name: getattr(self, f.name) + getattr(other, f.name)
            for f in fields(self)
            if f.name not in ("tokenizer", "language")
        }
        return CostRow(self.tokenizer, language or self.language, **counts)

    @property
    def whitespace_cost(self) -> float:
        """Whitespace tokens / all tokens."""
        return self.whitespace_tokens / self.tokens if self.tokens else 0.0

    @property
    def whitespace_loss(self) -> float:
        """Lost whitespace bytes / whitespace bytes of the source."""
        return self.lost_whitespace_bytes / self.whitespace_bytes if self.whitespace_bytes else 0.0

    @property
    def round_trip_share(self) -> float:
        """Documents that round-trip / documents."""
        return self.round_trip_files / self.files if self.files else 0.0

    @property
    def dependent_share(self) -> float:
        """Dependent identifier occurrences / identifier occurrences after whitespace."""
        return (
            self.dependent_occurrences / self.identifier_occurrences
            if self.identifier_occurrences
            else 0.0
        )


@dataclass(frozen=True)
class IdentifierExample:
    """An identifier of the corpus whose first token depends on the whitespace before it."""

    tokenizer: str
    """Tokenizer name."""
    language: str
    """Language of the occurrences."""
    identifier: str
    """The identifier."""
    variants: tuple[tuple[str, int, str], ...]
    """``(first token, occurrences, most frequent whitespace before it)``, most frequent first."""
    dependent: int
    """Occurrences counted as dependent."""


@dataclass(frozen=True)
class CorpusReport:
    """The ``tokscope whitespace --corpus`` report."""

    tokenizers: tuple[tuple[str, Provenance], ...]
    """Names and provenance, in the order given."""
    documents: int
    """Documents analysed."""
    bytes: int
    """Their UTF-8 bytes."""
    languages: tuple[tuple[str, int], ...]
    """``(language, documents)`` sorted by language."""
    indentation: tuple[IndentCount, ...]
    """Indentation histogram, by tabs then spaces."""
    runs: tuple[RunCount, ...]
    """Whitespace-run histogram, by kind, position, length."""
    rows: tuple[CostRow, ...]
    """Per tokenizer: one row per language, then ``all``."""
    examples: tuple[IdentifierExample, ...]
    """Per tokenizer, the identifiers with the most dependent occurrences."""
    skipped: SkipReport
    """Inputs not analysed, by reason."""


EXAMPLES_PER_TOKENIZER = 5
"""Identifiers shown per tokenizer in the corpus report."""


def indentation_of(text: str) -> Counter[tuple[int, int, bool]]:
    """Indentation of each non-blank line: ``(tabs, spaces, other)`` -> lines."""
    counts: Counter[tuple[int, int, bool]] = Counter()
    for line in text.split("\n"):
        body = line.rstrip("\r")
        stripped = body.lstrip(" \t")
        if not stripped.strip():
            continue
        lead = body[: len(body) - len(stripped)]
        tabs = len(lead) - len(lead.lstrip("\t"))
        rest = lead[tabs:]
        if rest.strip(" "):
            counts[(lead.count("\t"), lead.count(" "), True)] += 1
        else:
            counts[(tabs, len(rest), False)] += 1
    return counts


def runs_of(text: str) -> Counter[tuple[str, str, int]]:
    """Whitespace runs of ``text``: ``(kind, position, length)`` -> count (:class:`RunCount`)."""
    counts: Counter[tuple[str, str, int]] = Counter()
    for m in _HORIZONTAL_RUN.finditer(text):
        run, start, end = m.group(), m.start(), m.end()
        if set(run) == {" "}:
            kind = "spaces"
        elif set(run) == {"\t"}:
            kind = "tabs"
        elif not run.lstrip("\t").strip(" "):
            kind = "tab+spaces"
        else:
            kind = "mixed"
        at_start = start == 0 or text[start - 1] == "\n"
        at_end = end == len(text) or text[end] in "\r\n"
        position = "trailing" if at_end else "indent" if at_start else "inline"
        counts[(kind, position, len(run))] += 1
    for m in _LINE_BREAKS.finditer(text):
        run = m.group()
        breaks = run.count("\n")
        crlf = run.count("\r\n")
        kind = "crlf" if crlf == breaks else "newlines" if crlf == 0 else "mixed-breaks"
        counts[(kind, "line-break", breaks)] += 1
    return counts


def whitespace_token(tok: LoadedTokenizer, token: TokenSpan) -> bool:
    """Whether ``token`` stands for whitespace only."""
    content = tok.entries.content(token.id, token.token)
    return bool(content) and _WS_BYTES.issuperset(content)


def loss(seg: Segmentation) -> tuple[int, int]:
    """``(lost bytes, lost whitespace bytes)`` of one segmentation (see :class:`CostRow`)."""
    data = seg.text.encode("utf-8", "surrogatepass")
    lost = ws = 0
    for gap in seg.dropped:
        chunk = data[gap.byte_start : gap.byte_end]
        lost += len(chunk)
        ws += sum(1 for b in chunk if b in _WS_BYTES)
    for t in seg.tokens:
        if not t.differs:
            continue
        source = data[t.byte_start : t.byte_end]
        kept = _matched(source, t.decoded.encode("utf-8", "surrogatepass"))
        lost += len(source) - sum(kept)
        ws += sum(1 for b, k in zip(source, kept) if not k and b in _WS_BYTES)
    return lost, ws


def _matched(source: bytes, decoded: bytes) -> list[bool]:
    """Which bytes of ``source`` a longest common subsequence with ``decoded`` keeps."""
    from difflib import SequenceMatcher

    kept = [False] * len(source)
    for block in SequenceMatcher(None, source, decoded, autojunk=False).get_matching_blocks():
        for i in range(block.a, block.a + block.size):
            kept[i] = True
    return kept


_Forms = dict[tuple[int, str], Counter[str]]
"""One identifier's occurrences: ``(first token id, first token)`` -> whitespace before -> count."""


def _char_to_byte(text: str) -> Callable[[int], int]:
    if text.isascii():
        return lambda i: i
    offsets = [0]
    for ch in text:
        offsets.append(offsets[-1] + len(ch.encode("utf-8", "surrogatepass")))
    return offsets.__getitem__


def _identifier_forms(seg: Segmentation, into: dict[str, _Forms]) -> None:
    text = seg.text
    to_byte = _char_to_byte(text)
    ends = [t.byte_end for t in seg.tokens]
    for m in IDENTIFIER.finditer(text):
        i = m.start()
        if i and text[i - 1] not in WHITESPACE:
            continue
        j = i
        while j and text[j - 1] in WHITESPACE:
            j -= 1
        b = to_byte(i)
        k = bisect_right(ends, b)
        while k < len(seg.tokens) and seg.tokens[k].byte_end == seg.tokens[k].byte_start:
            k += 1
        if k >= len(seg.tokens) or seg.tokens[k].byte_start > b:
            continue
        first = seg.tokens[k]
        forms = into.setdefault(m.group(), {})
        forms.setdefault((first.id, first.token), Counter())[text[j:i]] += 1


def _dependent(forms: _Forms) -> int:
    """Occurrences whose first token differs from the identifier's first token after some
    *other* whitespace elsewhere."""
    if len(forms) < 2:
        return 0
    total = 0
    for form, by_ws in forms.items():
        elsewhere: set[str] = set()
        for other, other_ws in forms.items():
            if other != form:
                elsewhere |= set(other_ws)
        for ws, n in by_ws.items():
            if elsewhere - {ws}:
                total += n
    return total


def corpus_report(
    documents: Iterable[Document],
    tokenizers: Sequence[LoadedTokenizer],
    *,
    skipped: SkipReport | None = None,
    progress: Callable[[Document], None] | None = None,
) -> CorpusReport:
    """Histograms of the corpus and, per tokenizer and language, whitespace cost and loss.

    An identifier occurrence (after whitespace) is *dependent* when the same identifier, in the
    same language, gets a different first token somewhere else in the corpus after different
    whitespace: ``return`` after an indentation token and ``Ġreturn`` after one space.
    """
    indent: Counter[tuple[int, int, bool]] = Counter()
    runs: Counter[tuple[str, str, int]] = Counter()
    languages: Counter[str] = Counter()
    rows: dict[tuple[str, str], CostRow] = {}
    forms: dict[tuple[str, str], dict[str, _Forms]] = {}
    n_docs = n_bytes = 0
    for doc in documents:
        n_docs += 1
        n_bytes += doc.n_bytes
        languages[doc.language] += 1
        indent.update(indentation_of(doc.text))
        runs.update(runs_of(doc.text))
        ws_bytes = sum(1 for b in doc.text.encode("utf-8", "surrogatepass") if b in _WS_BYTES)
        for tok in tokenizers:
            seg = segment(tok, doc.text)
            lost, lost_ws = loss(seg)
            row = CostRow(
                tok.name,
                doc.language,
                files=1,
                bytes=doc.n_bytes,
                whitespace_bytes=ws_bytes,
                tokens=len(seg.tokens),
                whitespace_tokens=sum(1 for t in seg.tokens if whitespace_token(tok, t)),
                lost_bytes=lost,
                lost_whitespace_bytes=lost_ws,
                round_trip_files=int(seg.round_trip),
            )
            key = (tok.name, doc.language)
            rows[key] = rows[key].merge(row) if key in rows else row
            _identifier_forms(seg, forms.setdefault(key, {}))
        if progress is not None:
            progress(doc)
    out_rows: list[CostRow] = []
    examples: list[IdentifierExample] = []
    for tok in tokenizers:
        total = CostRow(tok.name, "all")
        candidates: list[IdentifierExample] = []
        for language in sorted(languages):
            key = (tok.name, language)
            occurrences = forms.get(key, {})
            n_occ = sum(sum(c.values()) for f in occurrences.values() for c in f.values())
            dependent = 0
            for word, word_forms in occurrences.items():
                d = _dependent(word_forms)
                dependent += d
                if d:
                    candidates.append(_example(tok.name, language, word, word_forms, d))
            row = replace(rows[key], identifier_occurrences=n_occ, dependent_occurrences=dependent)
            out_rows.append(row)
            total = total.merge(row, language="all")
        out_rows.append(total)
        candidates.sort(key=lambda e: (-e.dependent, e.language, e.identifier))
        examples.extend(candidates[:EXAMPLES_PER_TOKENIZER])
    return CorpusReport(
        tokenizers=tuple((t.name, t.provenance) for t in tokenizers),
        documents=n_docs,
        bytes=n_bytes,
        languages=tuple(sorted(languages.items())),
        indentation=tuple(
            IndentCount(t, s, o, n) for (t, s, o), n in sorted(indent.items(), key=_indent_key)
        ),
        runs=tuple(
            RunCount(k, p, length, n) for (k, p, length), n in sorted(runs.items(), key=_run_key)
        ),
        rows=tuple(out_rows),
        examples=tuple(examples),
        skipped=skipped or SkipReport(),
    )


def _example(
    tokenizer: str, language: str, word: str, forms: _Forms, dependent: int
) -> IdentifierExample:
    variants = []
    for (_, token), by_ws in forms.items():
        ws, _ = min(by_ws.items(), key=lambda item: (-item[1], item[0]))
        variants.append((token, sum(by_ws.values()), ws))
    variants.sort(key=lambda v: (-v[1], v[0]))
    return IdentifierExample(tokenizer, language, word, tuple(variants), dependent)


def _indent_key(item: tuple[tuple[int, int, bool], int]) -> tuple[bool, int, int]:
    (tabs, spaces, other), _ = item
    return (other, tabs, spaces)


_KIND_ORDER = {
    k: i for i, k in enumerate(("spaces", "tabs", "tab+spaces", "mixed", "newlines", "crlf"))
}
_POSITION_ORDER = {p: i for i, p in enumerate(("indent", "inline", "trailing", "line-break"))}


def _run_key(item: tuple[tuple[str, str, int], int]) -> tuple[int, int, int]:
    (kind, position, length), _ = item
    return (_KIND_ORDER.get(kind, 99), _POSITION_ORDER.get(position, 99), length)
