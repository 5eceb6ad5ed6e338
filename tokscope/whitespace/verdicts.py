"""Verdicts in words: a run series summed up from its cells only (:func:`series_phrase`), and
one line per tokenizer from those phrases (:func:`tokenizer_verdict`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tokscope.whitespace.kinds import KINDS, Position, RunKind
from tokscope.whitespace.results import RunCell, RunSeries


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


def ranges(values: Iterable[int]) -> str:
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
            notes.append(what if found == every else f"{what} at {ranges(found)}")
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
            tail.append(f"{what} at {ranges(lengths)}")
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
            parts.append(f"same ids as one {kind.singular} less at {ranges(alike)}")
        if not cells[0].distinct_previous:
            parts.append(f"1 {kind.singular} encodes like none")
    failed = [c.length for c in cells if not c.round_trip]
    if len(failed) == n:
        parts.append("not restored by decode")
    elif failed:
        parts.append(f"not restored by decode at {ranges(failed)}")
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


_ranges = ranges  # the old private name, still imported by whitespace/context.py
