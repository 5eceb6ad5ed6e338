"""Terminal view of ``tokscope whitespace``: verdicts, a run-length x tokenizer heat map per kind
and position, pieces at 4 and 8, the context effect; the corpus and parity reports as tables."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tokscope.render.whitespace_out import (
    COST_HEADER,
    COST_LEGEND,
    SPECTRUM_LEGEND,
    cell_text,
    context_groups,
    cost_rows,
    example_rows,
    four_vs_eight,
    indentation_rows,
    parity_file_rows,
    parity_refused_rows,
    parity_total_rows,
    pieces_text,
    run_rows,
    series_context,
    series_title,
    skipped_lines,
    variant_text,
)
from tokscope.whitespace import KINDS, CorpusReport, RunCell, Spectrum
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


def _title(text: str) -> Text:
    return Text(text, style="bold")


def render_spectrum(result: Spectrum, *, width: int = 100) -> RenderableType:
    """Verdicts, heat maps, pieces at 4 and 8, and the context effect."""
    parts: list[RenderableType] = [
        _title(f"Whitespace run spectrum, run lengths 1-{result.max_run}"),
        Text(SPECTRUM_LEGEND, style="dim"),
        Text(""),
        _verdicts(result),
    ]
    first = result.tokenizers[0] if result.tokenizers else None
    name_width = max((len(t.name) for t in result.tokenizers), default=9)
    for index, series in enumerate(first.series if first else ()):
        parts += [Text(""), _title(series_title(series))]
        parts.append(Text(f"text: {series_context(series)}", style="dim"))
        cells = [
            [t.series[index].cells[k] for t in result.tokenizers] for k in range(result.max_run)
        ]
        cell_width = max(len(cell_text(c)) for row in cells for c in row)
        per_block = max(1, (width - name_width - 2) // (cell_width + 1))
        for lo in range(0, result.max_run, per_block):
            table = Table(box=None, pad_edge=False, padding=(0, 1, 0, 0), show_edge=False)
            table.add_column("length", style="bold", no_wrap=True, min_width=name_width + 1)
            for k in range(lo, min(lo + per_block, result.max_run)):
                table.add_column(str(k + 1), justify="right", min_width=cell_width, no_wrap=True)
            for t, tok in enumerate(result.tokenizers):
                row = [_cell(cells[k][t]) for k in range(lo, min(lo + per_block, result.max_run))]
                table.add_row(tok.name, *row)
            parts.append(table)
    parts += [Text(""), _pieces(result), Text(""), _context(result)]
    return Group(*parts)


def _verdicts(result: Spectrum) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, title="verdicts", title_justify="left")
    table.add_column("tokenizer", style="bold", no_wrap=True)
    table.add_column("each kind of run at its first position", overflow="fold")
    for tok in result.tokenizers:
        table.add_row(tok.name, tok.verdict.replace(" | ", "\n"))
    return table


def _pieces(result: Spectrum) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        title="pieces at 4 and 8 units (each kind at its first position)",
        title_justify="left",
    )
    table.add_column("kind", no_wrap=True)
    table.add_column("tokenizer", style="bold", no_wrap=True)
    table.add_column("4", overflow="fold")
    table.add_column("8", overflow="fold")
    table.add_column("4 vs 8", no_wrap=True)
    first = result.tokenizers[0] if result.tokenizers else None
    kinds = [
        s.kind for s in (first.series if first else ()) if s.position == KINDS[s.kind].positions[0]
    ]
    for kind in kinds:
        for n, tok in enumerate(result.tokenizers):
            series = tok.get(kind)
            shown = [
                pieces_text(series.cell(k).pieces) if k <= len(series.cells) else "-"
                for k in (4, 8)
            ]
            verdict = four_vs_eight(series)
            table.add_row(
                KINDS[kind].label if n == 0 else "",
                tok.name,
                *shown,
                Text(verdict, style="red" if verdict == "same ids" else ""),
                end_section=n == len(result.tokenizers) - 1,
            )
    return table


def _context(result: Spectrum) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        title="context effect: one identifier after different whitespace",
        title_justify="left",
    )
    table.add_column("tokenizer", style="bold", no_wrap=True)
    table.add_column("identifier", no_wrap=True)
    table.add_column("ids", justify="right", no_wrap=True)
    table.add_column("encoding ← whitespace before it (contexts)", overflow="fold")
    for tok in result.tokenizers:
        groups = context_groups(tok)
        for g, (names, effect) in enumerate(groups):
            for v, variant in enumerate(effect.variants):
                table.add_row(
                    tok.name if g == 0 and v == 0 else "",
                    ", ".join(names) if v == 0 else "",
                    str(len(effect.variants)) if v == 0 else "",
                    variant_text(variant),
                    end_section=g == len(groups) - 1 and v == len(effect.variants) - 1,
                )
    return table


def _plain_table(
    title: str,
    header: tuple[str, ...] | list[str],
    rows: list[list[str]],
    right: int,
    *,
    caption: str | None = None,
    fold: int = -1,
) -> Table:
    """A table whose columns from ``right`` on are numbers (0: none); only column ``fold``
    (default: the last) wraps when space is short."""
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        padding=(0, 1, 0, 0),
        title=title,
        title_justify="left",
        caption=caption,
        caption_justify="left",
        caption_style="dim",
    )
    last = fold % len(header)
    for i, name in enumerate(header):
        numeric = bool(right) and i >= right
        table.add_column(
            name.replace(" ", "\n") if numeric else name,
            justify="right" if numeric else "left",
            overflow="fold",
            no_wrap=i != last or numeric,
        )
    for row in rows:
        table.add_row(*row)
    return table


def render_corpus(report: CorpusReport, *, top: int = 12) -> RenderableType:
    """Histograms, whitespace cost and whitespace lost, identifier examples, skipped inputs."""
    langs = ", ".join(f"{lang} {n}" for lang, n in report.languages)
    return Group(
        _title(f"Corpus whitespace report: {report.documents:,} documents, {report.bytes:,} bytes"),
        Text(langs, style="dim"),
        Text(""),
        _plain_table(
            "indentation of non-blank lines",
            ["indentation", "lines", "share"],
            indentation_rows(report, top),
            1,
        ),
        _plain_table(
            "whitespace runs",
            ["kind", "position", "runs", "most frequent lengths (length×runs)"],
            run_rows(report),
            0,
        ),
        _plain_table(
            "whitespace cost and whitespace lost",
            list(COST_HEADER),
            cost_rows(report),
            2,
            caption=COST_LEGEND,
        ),
        _plain_table(
            "identifiers whose first token depends on the whitespace before them",
            ["tokenizer", "language", "identifier", "dependent", "first tokens"],
            example_rows(report),
            0,
        ),
        Text(skipped_lines(report.skipped)[0], style="dim"),
    )


def render_parity(report: ParityReport) -> RenderableType:
    """Tokens per style with the premium, per file, and the files not re-indented."""
    done = sum(1 for f in report.files if not f.refused)
    parts: list[RenderableType] = [
        _title(f"Indentation parity: {done} of {len(report.files)} files re-indented"),
        Text("premium = tokens of the style / tokens of the file as written - 1", style="dim"),
        Text(""),
        _plain_table(
            "tokens per style",
            ["tokenizer", "original", *report.styles],
            parity_total_rows(report),
            1,
        ),
        _plain_table(
            "files",
            ["file", "language", "written in", "tokenizer", "original", *report.styles],
            parity_file_rows(report),
            4,
            fold=0,
        ),
    ]
    refused = parity_refused_rows(report)
    if refused:
        parts.append(_plain_table("not re-indented", ["file", "language", "reason"], refused, 0))
    parts.append(Text(skipped_lines(report.skipped)[0], style="dim"))
    return Group(*parts)
