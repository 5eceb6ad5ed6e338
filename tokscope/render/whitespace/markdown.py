"""``tokscope whitespace --markdown`` (spectrum, ``--corpus``, ``--reindent``)."""

from __future__ import annotations

from tokscope.corpus.walk import SkipReport
from tokscope.render.common.markdown import code, document, finish, section_table, table
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
from tokscope.whitespace import CorpusReport, Spectrum
from tokscope.whitespace.reindent import ParityReport


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
        lines += ["", f"## {series_title(series)}", "", f"Text: {code(series_context(series))}", ""]
        header = ["tokenizer", *(str(c.length) for c in series.cells)]
        rows = [
            [tok.name, *(cell_text(c) for c in tok.series[index].cells)]
            for tok in result.tokenizers
        ]
        lines += table(header, rows, [False, *(True for _ in series.cells)])
        lines += [""]
        lines += [f"- **{tok.name}**: {tok.series[index].phrase}" for tok in result.tokenizers]
    for section in (pieces_section(result), context_section(result)):
        lines += ["", f"## {section.title}", "", *section_table(section)]
    return finish(lines)


def _skipped(skipped: SkipReport) -> list[str]:
    return [skipped_line(skipped)]


def corpus_markdown(report: CorpusReport, *, top: int = 12) -> str:
    """The ``whitespace --corpus --markdown`` document."""
    intro = [f"{corpus_headline(report)}."]
    lines = document("Corpus whitespace report", intro, corpus_sections(report, top=top))
    return finish([*lines, *_skipped(report.skipped)])


def parity_markdown(report: ParityReport) -> str:
    """The ``whitespace --reindent --markdown`` document."""
    intro = [f"{parity_headline(report)}; {PREMIUM}."]
    lines = document("Indentation parity", intro, parity_sections(report))
    return finish([*lines, *_skipped(report.skipped)])
