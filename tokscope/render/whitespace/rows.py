"""What ``tokscope whitespace`` shows, as plain strings: cell marks, pieces, context summaries
and the sections of the corpus and parity reports, shared by Markdown and the terminal."""

from __future__ import annotations

from collections.abc import Sequence

from tokscope.corpus.walk import SkipReport
from tokscope.render.common.numbers import count, percent, plural, signed_percent
from tokscope.render.common.sections import Section, code, label, number, section, text
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
    "· space  → tab  ↵ newline  ↤ CR  ┊ token boundary  ∅ dropped"
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


def first_positions(result: Spectrum) -> list[RunSeries]:
    """The series of the first tokenizer at each kind's first position."""
    first = result.tokenizers[0] if result.tokenizers else None
    return [s for s in (first.series if first else ()) if s.position == KINDS[s.kind].positions[0]]


def pieces_at(series: RunSeries) -> list[str]:
    """The pieces at 4 and 8 units (``-`` when the spectrum is shorter)."""
    return [
        pieces_text(series.cell(k).pieces) if k <= len(series.cells) else "-" for k in PIECE_LENGTHS
    ]


def pieces_section(result: Spectrum) -> Section:
    """Per kind (at its first position) and tokenizer: the pieces at 4 and 8, and 4 vs 8."""
    rows = [
        [KINDS[s.kind].label, tok.name, *pieces_at(s), four_vs_eight(s)]
        for first in first_positions(result)
        for tok in result.tokenizers
        for s in [tok.get(first.kind)]
    ]
    columns = [label("kind"), label("tokenizer"), code("4", wrap=True), code("8", wrap=True)]
    return section(
        "Pieces at 4 and 8 units (each kind at its first position)",
        [*columns, label("4 vs 8")],
        rows,
    )


def context_section(result: Spectrum) -> Section:
    """Per tokenizer and group of identifiers: each encoding and the whitespace before it."""
    rows = []
    for tok in result.tokenizers:
        for names, effect in context_groups(tok):
            for v in effect.variants:
                rows.append(
                    [tok.name, ", ".join(names), str(len(effect.variants)), variant_text(v)]
                )
    columns = [
        label("tokenizer"),
        label("identifier"),
        number("ids"),
        text("encoding ← whitespace before it (contexts)"),
    ]
    return section("Context effect: one identifier after different whitespace", columns, rows)


# -- the corpus report ------------------------------------------------------------------------

COST_LEGEND = (
    "ws tokens: tokens standing for whitespace only; ws cost: ws tokens / tokens; "
    "ws lost: bytes of source whitespace that no token covers or that decode does not restore; "
    "ws lost share: ws lost / whitespace bytes; round trip: files with decode(encode(x)) == x; "
    "identifiers: identifier occurrences right after whitespace; ws dependent: the share of "
    "them whose identifier gets another first token after other whitespace in the corpus"
)
"""What each column of the cost table means."""


def corpus_headline(report: CorpusReport) -> str:
    """``9 documents, 27,331 bytes (C 1, Go 1, ...)``."""
    langs = ", ".join(f"{lang} {n}" for lang, n in report.languages)
    return f"{plural(report.documents, 'document')}, {plural(report.bytes, 'byte')} ({langs})"


def indentation_section(report: CorpusReport, top: int = 12) -> Section:
    """Indentation histogram, most frequent first, the rest summed."""
    total = sum(i.lines for i in report.indentation) or 1
    ranked = sorted(report.indentation, key=lambda i: (-i.lines, i.other, i.tabs, i.spaces))
    rows = [[i.label, count(i.lines), percent(i.lines / total)] for i in ranked[:top]]
    rest = sum(i.lines for i in ranked[top:])
    if rest:
        rows.append([f"{len(ranked) - top} other widths", count(rest), percent(rest / total)])
    columns = [label("indentation"), number("lines"), number("share")]
    return section("Indentation of non-blank lines", columns, rows)


def runs_section(report: CorpusReport, top: int = 8) -> Section:
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
        rows.append([kind, position, count(sum(n for _, n in items)), shown])
    columns = [
        label("kind"),
        label("position"),
        number("runs"),
        text("most frequent lengths (length×runs)"),
    ]
    return section("Whitespace runs", columns, rows)


def cost_section(report: CorpusReport) -> Section:
    """Per tokenizer and language: whitespace tokens, cost, bytes lost, round trips."""
    rows = [
        [
            r.tokenizer,
            r.language,
            count(r.files),
            count(r.tokens),
            count(r.whitespace_tokens),
            percent(r.whitespace_cost),
            count(r.whitespace_lost_bytes),
            percent(r.whitespace_lost_share),
            f"{r.round_trip_files}/{r.files}",
            count(r.identifier_occurrences),
            percent(r.dependent_share),
        ]
        for r in report.rows
    ]
    columns = [
        label("tokenizer"),
        label("language"),
        *map(
            number,
            (
                "files",
                "tokens",
                "ws tokens",
                "ws cost",
                "ws lost",
                "ws lost share",
                "round trip",
                "identifiers",
                "ws dependent",
            ),
        ),
    ]
    return section("Whitespace cost and whitespace lost", columns, rows, COST_LEGEND + ".", group=1)


def examples_section(report: CorpusReport) -> Section:
    """Identifiers whose first token depends on the whitespace before them."""
    rows = [
        [
            e.tokenizer,
            e.language,
            e.identifier,
            count(e.dependent),
            "  ".join(
                f"{t} ×{n} (after {visible(ws) or 'nothing'})" for t, n, ws in e.variants[:4]
            ),
        ]
        for e in report.examples
    ]
    columns = [
        label("tokenizer"),
        label("language"),
        code("identifier"),
        number("dependent"),
        code("first tokens", wrap=True),
    ]
    return section(
        "Identifiers whose first token depends on the whitespace before them", columns, rows
    )


def corpus_sections(report: CorpusReport, *, top: int = 12) -> list[Section]:
    """Every section of the corpus report, in reading order."""
    return [
        indentation_section(report, top),
        runs_section(report),
        cost_section(report),
        examples_section(report),
    ]


def skipped_line(skipped: SkipReport) -> str:
    """``Skipped: 2 (binary 1, not-utf8 1).`` or ``Skipped: none.``."""
    if not skipped.total:
        return "Skipped: none."
    parts = ", ".join(f"{reason} {n}" for reason, n in skipped.counts)
    return f"Skipped: {skipped.total} ({parts})."


# -- the parity report ------------------------------------------------------------------------

PREMIUM = "premium = tokens of the style / tokens of the file as written - 1"
"""How the premium is defined."""


def parity_headline(report: ParityReport) -> str:
    """``41 of 43 files re-indented``."""
    done = sum(1 for f in report.files if not f.refused)
    return f"{done} of {plural(len(report.files), 'file')} re-indented"


def parity_totals_section(report: ParityReport) -> Section:
    """Totals per tokenizer: original tokens, then each style with its premium."""
    rows = [
        [
            t.tokenizer,
            count(t.original),
            *(f"{count(n)} ({signed_percent(t.premium(i))})" for i, n in enumerate(t.styles)),
        ]
        for t in report.totals
    ]
    columns = [label("tokenizer"), number("original"), *map(number, report.styles)]
    return section("Tokens per style", columns, rows)


def parity_files_section(report: ParityReport) -> Section:
    """Per re-indented file and tokenizer, tokens as written and per style."""
    rows = [
        [f.name, f.language, f.original, name, count(orig), *map(count, counts)]
        for f in report.files
        if not f.refused
        for name, orig, counts in f.tokens
    ]
    columns = [
        code("file"),
        label("language"),
        label("written in"),
        label("tokenizer"),
        number("original"),
        *map(number, report.styles),
    ]
    return section("Files", columns, rows, group=3)


def parity_refused_section(report: ParityReport) -> Section | None:
    """Files not re-indented, with the reason; None when every file was."""
    rows = [
        [f.name, f.language, f.reason or REFUSALS.get(f.refused or "", "")]
        for f in report.files
        if f.refused
    ]
    if not rows:
        return None
    columns = [code("file"), label("language"), text("reason")]
    return section("Not re-indented", columns, rows)


def parity_sections(report: ParityReport) -> list[Section]:
    """Every section of the parity report, in reading order."""
    found = [
        parity_totals_section(report),
        parity_files_section(report),
        parity_refused_section(report),
    ]
    return [s for s in found if s is not None]
