"""``tokscope whitespace`` as JSON and as Markdown, with the same content as the terminal view.

The small text helpers here (cell marks, pieces, context summaries) are shared with
:mod:`tokscope.render.whitespace_view`, so every format says exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tokscope.corpus.walk import SkipReport
from tokscope.render.json_out import dumps, envelope, provenance
from tokscope.render.visible import visible
from tokscope.whitespace import (
    KINDS,
    POSITIONS,
    ContextEffect,
    CorpusReport,
    Piece,
    RunCell,
    RunSeries,
    Spectrum,
    TokenizerSpectrum,
    Variant,
)
from tokscope.whitespace.reindent import REFUSALS, ParityReport

SAME = "="
"""Cell mark: the same ids as one unit less."""
LOST = "✗"
"""Cell mark: decode does not give the text back."""
JOIN = "┊"
"""Drawn between the pieces of a run."""
DROPPED = "∅"
"""Shown for a run that no token touches."""
PIECE_LENGTHS = (4, 8)
"""Lengths whose pieces are shown side by side."""

SPECTRUM_LEGEND = (
    "number: tokens touching the run (a token shared with a neighbour counts)  "
    f"{SAME} same ids as one unit less  {LOST} not restored by decode  "
    "· space  → tab  ↵ newline  ␍ CR  ┊ token boundary  ∅ dropped"
)


def cell_text(cell: RunCell) -> str:
    """``4``, ``1=``, ``1=✗``: tokens, then marks."""
    return f"{cell.tokens}{'' if cell.distinct_previous else SAME}{'' if cell.round_trip else LOST}"


def pieces_text(pieces: Sequence[Piece]) -> str:
    """The pieces of a run, whitespace visible, ``┊`` between tokens."""
    return JOIN.join(visible(p.text) for p in pieces) if pieces else DROPPED


def series_title(series: RunSeries) -> str:
    """``spaces at indentation: at line start, before a word``."""
    return f"{KINDS[series.kind].label} — {POSITIONS[series.position].description}"


def series_context(series: RunSeries) -> str:
    """The text around the run, visible: ``if·x:↵ [run] return·y``."""
    p = POSITIONS[series.position]
    return f"{visible(p.before)} [run] {visible(p.after)}"


def four_vs_eight(series: RunSeries) -> str:
    """Whether lengths 4 and 8 encode differently (``distinct``/``same ids``), or ``-``."""
    if len(series.cells) < max(PIECE_LENGTHS):
        return "-"
    a, b = (series.cell(k) for k in PIECE_LENGTHS)
    return "distinct" if a.ids != b.ids else "same ids"


def variant_text(variant: Variant) -> str:
    """``return ← line start, no indentation; ... (63)``."""
    tokens = JOIN.join(visible(t) for t in variant.texts) or DROPPED
    return f"{tokens} ← {'; '.join(variant.contexts)} ({variant.count})"


def context_groups(tok: TokenizerSpectrum) -> list[tuple[list[str], ContextEffect]]:
    """Identifiers whose variants follow the same pattern (same counts and contexts), grouped."""
    groups: list[tuple[list[str], ContextEffect]] = []
    seen: dict[tuple[tuple[int, tuple[str, ...]], ...], int] = {}
    for effect in tok.context:
        key = tuple((v.count, v.contexts) for v in effect.variants)
        if key in seen:
            groups[seen[key]][0].append(effect.identifier)
        else:
            seen[key] = len(groups)
            groups.append(([effect.identifier], effect))
    return groups


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.1%}"


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def _signed(x: float) -> str:
    return f"{x:+.2%}"


# --------------------------------------------------------------------------------------------
# JSON


def _cell_json(cell: RunCell) -> dict[str, Any]:
    return {
        "length": cell.length,
        "tokens": cell.tokens,
        "own": cell.own,
        "joins_previous": cell.joins_previous,
        "joins_next": cell.joins_next,
        "dropped_bytes": cell.dropped,
        "added": cell.added,
        "round_trip": cell.round_trip,
        "distinct_previous": cell.distinct_previous,
        "distinct_next": cell.distinct_next,
        "pieces": [
            {"id": p.id, "token": p.token, "text": p.text, "joined": p.joined} for p in cell.pieces
        ],
        "ids": list(cell.ids),
    }


def spectrum_payload(result: Spectrum) -> dict[str, Any]:
    """The ``whitespace --json`` document as a dict."""
    positions = sorted({p for k in result.kinds for p in KINDS[k].positions})
    return envelope(
        "whitespace",
        {
            "mode": "spectrum",
            "max_run": result.max_run,
            "kinds": [
                {
                    "name": k,
                    "prefix": KINDS[k].prefix,
                    "unit": KINDS[k].unit,
                    "positions": list(KINDS[k].positions),
                }
                for k in result.kinds
            ],
            "positions": [
                {
                    "name": p,
                    "description": POSITIONS[p].description,
                    "before": POSITIONS[p].before,
                    "after": POSITIONS[p].after,
                }
                for p in positions
            ],
            "tokenizers": [
                {
                    "name": tok.name,
                    "provenance": provenance(tok.provenance),
                    "verdict": tok.verdict,
                    "series": [
                        {
                            "kind": s.kind,
                            "position": s.position,
                            "phrase": s.phrase,
                            "baseline_tokens": s.baseline_tokens,
                            "four_vs_eight": four_vs_eight(s),
                            "cells": [_cell_json(c) for c in s.cells],
                        }
                        for s in tok.series
                    ],
                    "context": {
                        "max_variants": tok.max_variants,
                        "identifiers": [
                            {
                                "identifier": e.identifier,
                                "contexts": e.contexts,
                                "variants": [
                                    {
                                        "tokens": list(v.tokens),
                                        "ids": list(v.ids),
                                        "texts": list(v.texts),
                                        "count": v.count,
                                        "contexts": list(v.contexts),
                                    }
                                    for v in e.variants
                                ],
                            }
                            for e in tok.context
                        ],
                    },
                }
                for tok in result.tokenizers
            ],
        },
    )


def spectrum_json(result: Spectrum) -> str:
    """The ``whitespace --json`` document."""
    return dumps(spectrum_payload(result))


def _skipped_json(skipped: SkipReport) -> dict[str, Any]:
    return {
        "total": skipped.total,
        "by_reason": dict(skipped.counts),
        "examples": {r: list(n) for r, n in skipped.examples},
    }


def corpus_payload(report: CorpusReport) -> dict[str, Any]:
    """The ``whitespace --corpus --json`` document as a dict."""
    return envelope(
        "whitespace",
        {
            "mode": "corpus",
            "documents": report.documents,
            "bytes": report.bytes,
            "languages": dict(report.languages),
            "tokenizers": [{"name": n, "provenance": provenance(p)} for n, p in report.tokenizers],
            "indentation": [
                {
                    "label": i.label,
                    "tabs": i.tabs,
                    "spaces": i.spaces,
                    "other": i.other,
                    "lines": i.lines,
                }
                for i in report.indentation
            ],
            "runs": [
                {"kind": r.kind, "position": r.position, "length": r.length, "count": r.count}
                for r in report.runs
            ],
            "cost": [
                {
                    "tokenizer": r.tokenizer,
                    "language": r.language,
                    "files": r.files,
                    "bytes": r.bytes,
                    "whitespace_bytes": r.whitespace_bytes,
                    "tokens": r.tokens,
                    "whitespace_tokens": r.whitespace_tokens,
                    "whitespace_cost": _round(r.whitespace_cost),
                    "dropped_bytes": r.dropped_bytes,
                    "whitespace_lost_bytes": r.whitespace_lost_bytes,
                    "whitespace_lost_share": _round(r.whitespace_lost_share),
                    "round_trip_files": r.round_trip_files,
                    "identifier_occurrences": r.identifier_occurrences,
                    "dependent_occurrences": r.dependent_occurrences,
                    "dependent_share": round(r.dependent_share, 6),
                }
                for r in report.rows
            ],
            "identifier_examples": [
                {
                    "tokenizer": e.tokenizer,
                    "language": e.language,
                    "identifier": e.identifier,
                    "dependent": e.dependent,
                    "variants": [
                        {"first_token": t, "occurrences": n, "whitespace_before": ws}
                        for t, n, ws in e.variants
                    ],
                }
                for e in report.examples
            ],
            "skipped": _skipped_json(report.skipped),
        },
    )


def corpus_json(report: CorpusReport) -> str:
    """The ``whitespace --corpus --json`` document."""
    return dumps(corpus_payload(report))


def parity_payload(report: ParityReport) -> dict[str, Any]:
    """The ``whitespace --reindent --json`` document as a dict."""
    return envelope(
        "whitespace",
        {
            "mode": "reindent",
            "styles": list(report.styles),
            "tokenizers": [{"name": n, "provenance": provenance(p)} for n, p in report.tokenizers],
            "totals": [
                {
                    "tokenizer": t.tokenizer,
                    "original": t.original,
                    "styles": {
                        s: {"tokens": n, "premium": round(t.premium(i), 6)}
                        for i, (s, n) in enumerate(zip(report.styles, t.styles))
                    },
                }
                for t in report.totals
            ],
            "files": [
                {
                    "name": f.name,
                    "language": f.language,
                    "original": f.original or None,
                    "method": f.method or None,
                    "refused": f.refused,
                    "reason": f.reason,
                    "tokens": {
                        name: {"original": orig, **dict(zip(report.styles, counts))}
                        for name, orig, counts in f.tokens
                    },
                }
                for f in report.files
            ],
            "refused": dict(report.refusals),
            "skipped": _skipped_json(report.skipped),
        },
    )


def parity_json(report: ParityReport) -> str:
    """The ``whitespace --reindent --json`` document."""
    return dumps(parity_payload(report))


# --------------------------------------------------------------------------------------------
# Markdown


def _md(text: str) -> str:
    """Escape a table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return f"`{text}`" if "`" not in text else f"`` {text} ``"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: int = 0) -> list[str]:
    """A Markdown table; columns from ``right`` on are right-aligned (0: none)."""
    align = ["---:" if right and i >= right else "---" for i in range(len(header))]
    out = ["| " + " | ".join(_md(h) for h in header) + " |", "| " + " | ".join(align) + " |"]
    out += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return out


def spectrum_markdown(result: Spectrum) -> str:
    """The ``whitespace --markdown`` document."""
    lines = [
        "# Whitespace run spectrum",
        "",
        f"Run lengths 1-{result.max_run}. {SPECTRUM_LEGEND}.",
        "",
        "## Verdicts",
        "",
    ]
    lines += [f"- **{tok.name}**: {tok.verdict}" for tok in result.tokenizers]
    first = result.tokenizers[0] if result.tokenizers else None
    for index, series in enumerate(first.series if first else ()):
        lines += [
            "",
            f"## {series_title(series)}",
            "",
            f"Text: {_code(series_context(series))}",
            "",
        ]
        header = ["tokenizer", *(str(c.length) for c in series.cells)]
        rows = [
            [tok.name, *(cell_text(c) for c in tok.series[index].cells)]
            for tok in result.tokenizers
        ]
        lines += _table(header, rows, right=1)
        lines += [""]
        lines += [f"- **{tok.name}**: {tok.series[index].phrase}" for tok in result.tokenizers]
    lines += ["", "## Pieces at 4 and 8 (each kind at its first position)", ""]
    lines += _table(
        ["kind", "tokenizer", "4", "8", "4 vs 8"],
        [
            [KINDS[s.kind].label, tok.name, *_pieces_at(s), four_vs_eight(s)]
            for s in _first_positions(result)
            for tok in result.tokenizers
            for s in [tok.get(s.kind)]
        ],
    )
    lines += ["", "## Context effect: one identifier after different whitespace", ""]
    rows = []
    for tok in result.tokenizers:
        for names, effect in context_groups(tok):
            for v in effect.variants:
                rows.append(
                    [tok.name, ", ".join(names), str(len(effect.variants)), variant_text(v)]
                )
    lines += _table(
        ["tokenizer", "identifier", "ids", "encoding ← whitespace before it (contexts)"], rows
    )
    return "\n".join(lines) + "\n"


def _first_positions(result: Spectrum) -> list[RunSeries]:
    first = result.tokenizers[0] if result.tokenizers else None
    return [s for s in (first.series if first else ()) if s.position == KINDS[s.kind].positions[0]]


def _pieces_at(series: RunSeries) -> list[str]:
    return [
        pieces_text(series.cell(k).pieces) if k <= len(series.cells) else "-" for k in PIECE_LENGTHS
    ]


def corpus_markdown(report: CorpusReport, *, top: int = 12) -> str:
    """The ``whitespace --corpus --markdown`` document."""
    langs = ", ".join(f"{lang} {n}" for lang, n in report.languages)
    lines = [
        "# Corpus whitespace report",
        "",
        f"{report.documents:,} documents, {report.bytes:,} bytes ({langs}).",
        "",
        "## Indentation of non-blank lines",
        "",
    ]
    lines += _table(["indentation", "lines", "share"], indentation_rows(report, top), right=1)
    lines += ["", "## Whitespace runs", ""]
    lines += _table(
        ["kind", "position", "runs", "most frequent lengths (length×runs)"], run_rows(report)
    )
    lines += ["", "## Whitespace cost and whitespace lost", ""]
    lines += _table(COST_HEADER, cost_rows(report), right=2)
    lines += ["", COST_LEGEND + "."]
    lines += ["", "## Identifiers whose first token depends on the whitespace before them", ""]
    lines += _table(
        ["tokenizer", "language", "identifier", "dependent", "first tokens"], example_rows(report)
    )
    lines += ["", *skipped_lines(report.skipped)]
    return "\n".join(lines) + "\n"


COST_HEADER = (
    "tokenizer",
    "language",
    "files",
    "tokens",
    "ws tokens",
    "ws cost",
    "ws lost",
    "ws lost share",
    "round trip",
    "identifiers",
    "ws dependent",
)
"""Columns of the cost table."""

COST_LEGEND = (
    "ws tokens: tokens standing for whitespace only; ws cost: ws tokens / tokens; "
    "ws lost: bytes of source whitespace that no token covers or that decode does not restore; "
    "ws lost share: ws lost / whitespace bytes; round trip: files with decode(encode(x)) == x; "
    "identifiers: identifier occurrences right after whitespace; ws dependent: the share of "
    "them whose identifier gets another first token after other whitespace in the corpus"
)
"""What each column of the cost table means."""


def indentation_rows(report: CorpusReport, top: int) -> list[list[str]]:
    """Indentation histogram rows, most frequent first, the rest summed."""
    total = sum(i.lines for i in report.indentation) or 1
    ranked = sorted(report.indentation, key=lambda i: (-i.lines, i.other, i.tabs, i.spaces))
    rows = [[i.label, f"{i.lines:,}", _pct(i.lines / total)] for i in ranked[:top]]
    rest = sum(i.lines for i in ranked[top:])
    if rest:
        rows.append([f"{len(ranked) - top} other widths", f"{rest:,}", _pct(rest / total)])
    return rows


def run_rows(report: CorpusReport, top: int = 8) -> list[list[str]]:
    """One row per kind and position: total runs and the most frequent lengths."""
    grouped: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for r in report.runs:
        grouped.setdefault((r.kind, r.position), []).append((r.length, r.count))
    rows = []
    for (kind, position), items in grouped.items():
        ranked = sorted(items, key=lambda x: (-x[1], x[0]))
        shown = "  ".join(f"{length}×{n:,}" for length, n in ranked[:top])
        if len(ranked) > top:
            shown += f"  (+{len(ranked) - top} lengths)"
        rows.append([kind, position, f"{sum(n for _, n in items):,}", shown])
    return rows


def cost_rows(report: CorpusReport) -> list[list[str]]:
    """Cost table rows."""
    return [
        [
            r.tokenizer,
            r.language,
            f"{r.files:,}",
            f"{r.tokens:,}",
            f"{r.whitespace_tokens:,}",
            _pct(r.whitespace_cost),
            f"{r.whitespace_lost_bytes:,}",
            _pct(r.whitespace_lost_share),
            f"{r.round_trip_files}/{r.files}",
            f"{r.identifier_occurrences:,}",
            _pct(r.dependent_share),
        ]
        for r in report.rows
    ]


def example_rows(report: CorpusReport) -> list[list[str]]:
    """Identifier example rows."""
    return [
        [
            e.tokenizer,
            e.language,
            e.identifier,
            f"{e.dependent:,}",
            "  ".join(
                f"{t} ×{n} (after {visible(ws) or 'nothing'})" for t, n, ws in e.variants[:4]
            ),
        ]
        for e in report.examples
    ]


def skipped_lines(skipped: SkipReport) -> list[str]:
    """``Skipped: 2 (binary 1, not-utf8 1)`` or ``Skipped: none``."""
    if not skipped.total:
        return ["Skipped: none."]
    parts = ", ".join(f"{reason} {n}" for reason, n in skipped.counts)
    return [f"Skipped: {skipped.total} ({parts})."]


def parity_markdown(report: ParityReport) -> str:
    """The ``whitespace --reindent --markdown`` document."""
    done = sum(1 for f in report.files if not f.refused)
    lines = [
        "# Indentation parity",
        "",
        f"{done} of {len(report.files)} files re-indented; premium = tokens of the style / "
        "tokens of the file as written - 1.",
        "",
        "## Tokens per style",
        "",
    ]
    lines += _table(["tokenizer", "original", *report.styles], parity_total_rows(report), right=1)
    lines += ["", "## Files", ""]
    lines += _table(
        ["file", "language", "written in", "tokenizer", "original", *report.styles],
        parity_file_rows(report),
        right=4,
    )
    refused = parity_refused_rows(report)
    if refused:
        lines += ["", "## Not re-indented", ""]
        lines += _table(["file", "language", "reason"], refused)
    lines += ["", *skipped_lines(report.skipped)]
    return "\n".join(lines) + "\n"


def parity_total_rows(report: ParityReport) -> list[list[str]]:
    """Totals per tokenizer: original tokens, then each style with its premium."""
    return [
        [
            t.tokenizer,
            f"{t.original:,}",
            *(f"{n:,} ({_signed(t.premium(i))})" for i, n in enumerate(t.styles)),
        ]
        for t in report.totals
    ]


def parity_file_rows(report: ParityReport) -> list[list[str]]:
    """Per re-indented file and tokenizer, tokens as written and per style."""
    rows = []
    for f in report.files:
        if f.refused:
            continue
        for name, orig, counts in f.tokens:
            rows.append(
                [f.name, f.language, f.original, name, f"{orig:,}", *(f"{n:,}" for n in counts)]
            )
    return rows


def parity_refused_rows(report: ParityReport) -> list[list[str]]:
    """Files not re-indented, with the reason."""
    return [
        [f.name, f.language, f.reason or REFUSALS.get(f.refused or "", "")]
        for f in report.files
        if f.refused
    ]
