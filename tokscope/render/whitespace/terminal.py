"""``tokscope whitespace`` in the terminal: verdicts, a run-length x tokenizer heat map per kind
and position, pieces at 4 and 8, the context effect; the corpus and parity reports as
width-aware tables."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tokscope.render.common.terminal import FitTable, note, spaced, title
from tokscope.render.whitespace.rows import (
    PREMIUM,
    SPECTRUM_LEGEND,
    cell_text,
    context_section,
    corpus_headline,
    corpus_sections,
    parity_headline,
    parity_sections,
    pieces_section,
    series_context,
    series_title,
    skipped_line,
)
from tokscope.whitespace import CorpusReport, RunCell, Spectrum
from tokscope.whitespace.reindent import ParityReport

HEAT = ("on grey23", "on #1f4d2b", "on #4d4a12", "on #5c3a0f", "on #5c1f1f", "on #4a1f4d")
"""Backgrounds for 0, 1, 2, 3-4, 5-8 and more tokens."""


def heat(tokens: int) -> str:
    """The background for a token count."""
    if tokens <= 2:
        return HEAT[tokens]
    if tokens <= 4:
        return HEAT[3]
    return HEAT[4] if tokens <= 8 else HEAT[5]


def _cell(cell: RunCell) -> Text:
    style = heat(cell.tokens)
    if not cell.round_trip:
        style += " #ff8787"
    elif not cell.distinct_previous:
        style += " dim"
    return Text(cell_text(cell), style=style)


def render_spectrum(result: Spectrum, *, width: int = 100) -> RenderableType:
    """Verdicts, heat maps (as many run lengths per line as ``width`` holds), pieces at 4 and 8,
    and the context effect."""
    parts: list[RenderableType] = [
        Group(
            title(f"Whitespace run spectrum, run lengths 1-{result.max_run}"),
            note(SPECTRUM_LEGEND),
        ),
        _verdicts(result),
    ]
    first = result.tokenizers[0] if result.tokenizers else None
    name_width = max((len(t.name) for t in result.tokenizers), default=9)
    for index, series in enumerate(first.series if first else ()):
        heading = [title(series_title(series)), note(f"text: {series_context(series)}")]
        cells = [
            [t.series[index].cells[k] for t in result.tokenizers] for k in range(result.max_run)
        ]
        cell_width = max(len(cell_text(c)) for row in cells for c in row)
        per_block = max(1, (width - name_width - 2) // (cell_width + 1))
        blocks: list[RenderableType] = []
        for lo in range(0, result.max_run, per_block):
            table = Table(box=None, pad_edge=False, padding=(0, 1, 0, 0), show_edge=False)
            table.add_column("length", style="bold", no_wrap=True, min_width=name_width + 1)
            for k in range(lo, min(lo + per_block, result.max_run)):
                table.add_column(str(k + 1), justify="right", min_width=cell_width, no_wrap=True)
            for t, tok in enumerate(result.tokenizers):
                row = [_cell(cells[k][t]) for k in range(lo, min(lo + per_block, result.max_run))]
                table.add_row(Text(tok.name), *row)
            blocks.append(table)
        parts.append(Group(*heading, *blocks))
    parts += [FitTable.of(pieces_section(result)), FitTable.of(context_section(result))]
    return spaced(parts)


def _verdicts(result: Spectrum) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("tokenizer", style="bold", no_wrap=True)
    table.add_column("each kind of run at its first position", overflow="fold")
    for tok in result.tokenizers:
        table.add_row(Text(tok.name), Text(tok.verdict.replace(" | ", "\n")))
    return Group(title("Verdicts"), table)


def render_corpus(report: CorpusReport, *, top: int = 12) -> RenderableType:
    """Histograms, whitespace cost and whitespace lost, identifier examples, skipped inputs."""
    parts: list[RenderableType] = [title(f"Corpus whitespace report: {corpus_headline(report)}")]
    parts += [FitTable.of(s) for s in corpus_sections(report, top=top)]
    parts.append(note(skipped_line(report.skipped)))
    return spaced(parts)


def render_parity(report: ParityReport) -> RenderableType:
    """Tokens per style with the premium, per file, and the files not re-indented."""
    parts: list[RenderableType] = [
        Group(title(f"Indentation parity: {parity_headline(report)}"), note(PREMIUM))
    ]
    parts += [FitTable.of(s) for s in parity_sections(report)]
    parts.append(note(skipped_line(report.skipped)))
    return spaced(parts)
