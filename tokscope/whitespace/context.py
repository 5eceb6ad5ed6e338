"""The context effect: the same identifier after different whitespace, and how many different
token ids it gets (:func:`context_effect`)."""

from __future__ import annotations

from tokscope.align.segment import TokenSpan, segment
from tokscope.loading.sources import LoadedTokenizer
from tokscope.whitespace.kinds import KINDS
from tokscope.whitespace.results import ContextEffect, Variant, touching_tokens
from tokscope.whitespace.verdicts import number_ranges

CONTEXT_IDENTIFIERS: tuple[str, ...] = ("return", "self", "value", "name", "i")
"""Identifiers probed for the context effect when none are given."""


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
        touching = touching_tokens(seg.tokens, lo, hi)
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
            labels.append(f"{where} after {number_ranges(rest)} {noun}")
    return tuple(labels)
