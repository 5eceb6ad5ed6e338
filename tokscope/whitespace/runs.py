"""The run spectrum: runs of each kind and length encoded at each position (:func:`run_series`),
and everything ``tokscope whitespace`` measures for a list of tokenizers (:func:`spectrum`)."""

from __future__ import annotations

from collections.abc import Sequence

from tokscope.align.segment import segment
from tokscope.loading.sources import LoadedTokenizer
from tokscope.whitespace.context import CONTEXT_IDENTIFIERS, context_effect
from tokscope.whitespace.kinds import (
    DEFAULT_MAX_RUN,
    KINDS,
    MAX_MAX_RUN,
    POSITIONS,
    Position,
    RunKind,
)
from tokscope.whitespace.results import (
    Piece,
    RunCell,
    RunSeries,
    Spectrum,
    TokenizerSpectrum,
    tokens_touching,
)
from tokscope.whitespace.verdicts import series_phrase, tokenizer_verdict


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
        touching = tokens_touching(seg.tokens, lo, hi)
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
