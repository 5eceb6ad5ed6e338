"""The charts of the report, each with its numbers: :class:`~tokscope.render.report.svg.Chart`
values built from a :class:`~tokscope.report.Report`."""

from __future__ import annotations

from tokscope.lexing import CLASSES
from tokscope.render.common.numbers import percent, ratio, signed_percent
from tokscope.render.report import svg as charts
from tokscope.render.report.svg import Chart
from tokscope.render.stats.lossy import CONTEXT_NOTE, LOSSY
from tokscope.render.whitespace.rows import LOST, SAME, cell_text
from tokscope.report import Report
from tokscope.stats import TokenizerReport
from tokscope.whitespace.results import RunCell

DELETED = "deleted"
"""Written after a run length whose run no token of its own holds (:attr:`RunCell.deleted`)."""

CLASS_ORDER = CLASSES
"""Lexical classes in the order charts show them (pygments' classes, as ``tokscope stats``)."""


def _fraction(value: float | None) -> float | None:
    """A value drawn in percent, back as a fraction for the number formats."""
    return None if value is None else value / 100


def series_name(t: TokenizerReport) -> str:
    """A tokenizer's name in a chart of compression: ``xlm-roberta (lossy)`` when it loses
    whitespace."""
    return t.info.name if t.overall.lossless else f"{t.info.name} ({LOSSY})"


def bytes_per_token(report: Report) -> Chart:
    """Bytes per token per language (and overall), one bar per tokenizer, and for a lossy
    tokenizer one more bar: its bytes kept per token."""
    toks = report.stats.tokenizers
    languages = [lang.name for lang in report.stats.languages]
    series = []
    rows = []
    for t in toks:
        per = dict(t.languages)
        values = [per[lang].bytes_per_token if lang in per else None for lang in languages]
        values.append(t.overall.bytes_per_token)
        series.append((series_name(t), values))
        if not t.overall.lossless:
            kept = [
                per[lang].preserved_bytes_per_token if lang in per else None for lang in languages
            ]
            kept.append(t.overall.preserved_bytes_per_token)
            series.append((f"{t.info.name}: bytes kept", kept))
    groups = [*languages, "all"]
    for g, group in enumerate(groups):
        rows.append((group, *(ratio(values[g]) for _, values in series)))
    svg = charts.grouped_bars(groups, series, ylabel="bytes per token")
    caption = "Source bytes per token: the more, the more code fits in a context."
    if any(not t.overall.lossless for t in toks):
        caption += (
            f" A tokenizer marked {LOSSY} loses whitespace, so its bytes count text it does not "
            "keep; its bytes kept per token (source bytes minus whitespace lost) stand beside it."
        )
    return Chart(
        "bytes-per-token",
        "Bytes per token, by language",
        caption,
        ("language", *(name for name, _ in series)),
        tuple(rows),
        svg,
    )


def fertility_by_class(report: Report) -> Chart | None:
    """Tokens per lexeme for each lexical class; None when classes were not computed."""
    toks = report.stats.tokenizers
    present = {c for t in toks for c, _ in t.overall.classes}
    classes = [c for c in CLASS_ORDER if c in present] + sorted(present - set(CLASS_ORDER))
    if not classes:
        return None
    series = []
    cells = []
    for t in toks:
        per = dict(t.overall.classes)
        series.append((t.info.name, [per[c].fertility if c in per else None for c in classes]))
        cells.append(
            [
                ratio(per[c].fertility)
                + (f" {LOST} {percent(per[c].damaged_share)}" if per[c].damaged else "")
                if c in per
                else ratio(None)
                for c in classes
            ]
        )
    rows = tuple((c, *(column[i] for column in cells)) for i, c in enumerate(classes))
    return Chart(
        "fertility",
        "Fragmentation by lexical class",
        "Tokens per lexeme (fertility): how finely each tokenizer cuts identifiers, strings, "
        "comments and the rest; 1.0 means one token per lexeme. "
        f"{LOST} and a share: lexemes damaged (some bytes dropped or rewritten), "
        "which one token per lexeme does not make whole.",
        ("class", *(name for name, _ in series)),
        rows,
        charts.grouped_bars(classes, series, ylabel="tokens per lexeme"),
    )


def run_cell(cell: RunCell) -> str:
    """``4``, ``1=✗``, ``1=✗ deleted``: the terminal's cell marks, and whether the run is
    deleted."""
    return cell_text(cell) + (f" {DELETED}" if cell.deleted else "")


def indentation_runs(report: Report) -> Chart:
    """Tokens spent on an indentation run of spaces, by run length; runs that no token of their
    own holds are hollow points."""
    spectra = report.spectrum.tokenizers
    lengths = list(range(1, report.spectrum.max_run + 1))
    cells = [s.get("spaces").cells for s in spectra]
    series = [(s.name, [float(c.tokens) for c in row]) for s, row in zip(spectra, cells)]
    hollow = [[c.deleted for c in row] for row in cells]
    rows = tuple((str(n), *(run_cell(row[n - 1]) for row in cells)) for n in lengths)
    return Chart(
        "indentation-runs",
        "Tokens per run of spaces at the start of a line",
        "Tokens touching an indentation run of 1 to N spaces before a word (4 and 8 are "
        "marked). A hollow point, 'deleted' in the table, is a run no token of its own holds: "
        "the token counted is the next word's, and the run's spaces are gone, so a flat line "
        "there is not a run that costs nothing. "
        f"{SAME}: the same ids as one space less; {LOST}: decode does not give the text back. "
        "Lines are drawn slightly apart so that equal values stay visible.",
        ("spaces", *(name for name, _ in series)),
        rows,
        charts.lines(
            lengths,
            series,
            xlabel="spaces of indentation",
            ylabel="tokens",
            marks=(4, 8),
            hollow=hollow,
            hollow_label="deleted: no token of its own",
        ),
    )


def indentation_parity(report: Report) -> Chart:
    """Token premium of each indentation style against the original layout."""
    parity = report.parity
    series = []
    for total in parity.totals:
        values = [
            (n / total.original - 1.0) * 100 if total.original else None for n in total.styles
        ]
        series.append((total.tokenizer, values))
    rows = tuple(
        (style, *(signed_percent(_fraction(values[i])) for _, values in series))
        for i, style in enumerate(parity.styles)
    )
    return Chart(
        "indentation-parity",
        "Indentation parity",
        "Extra tokens (in %) when the same code is re-indented to each style, against its "
        "original layout; 0 means the tokenizer does not care how code is indented"
        + _sample_note(len(parity.files), report.stats.files)
        + ".",
        ("style", *(name for name, _ in series)),
        rows,
        charts.grouped_bars(list(parity.styles), series, ylabel="token premium (%)"),
    )


def _sample_note(sampled: int, files: int) -> str:
    """How much of the corpus a sampled chart saw, when not all of it."""
    if sampled >= files:
        return ""
    return f" (measured on the first {sampled:,} of {files:,} files by name)"


def overlap_heatmap(report: Report) -> Chart:
    """Share of each vocabulary's entries (rows) found in another (columns)."""
    matrix = report.overlap.matrix
    rows = tuple((a, *(percent(v) for v in row)) for a, row in zip(matrix.names, matrix.coverage))
    return Chart(
        "overlap",
        "Vocabulary overlap",
        "Share of the row tokenizer's vocabulary entries (as the bytes they stand for) that the "
        "column tokenizer also has.",
        ("vocabulary", *matrix.names),
        rows,
        charts.heatmap(matrix.names, matrix.coverage, label="share of row's entries"),
    )


def context_fit(report: Report) -> Chart:
    """Share of files that fit in each context length."""
    toks = report.stats.tokenizers
    lengths = [n for n, _ in toks[0].overall.context_fit] if toks else []
    series = [
        (series_name(t), [None if v is None else v * 100 for _, v in t.overall.context_fit])
        for t in toks
    ]
    rows = tuple(
        (f"{n:,} tokens", *(percent(_fraction(values[i])) for _, values in series))
        for i, n in enumerate(lengths)
    )
    return Chart(
        "context-fit",
        "Context fit",
        "Share of files whose tokens (special tokens included) fit in each context length."
        + ("" if all(t.overall.lossless for t in toks) else f" {CONTEXT_NOTE}"),
        ("context", *(name for name, _ in series)),
        rows,
        charts.grouped_bars([f"{n:,}" for n in lengths], series, ylabel="files that fit (%)"),
    )


def all_charts(report: Report) -> list[Chart]:
    """Every chart of the report, in reading order."""
    found = [
        bytes_per_token(report),
        fertility_by_class(report),
        indentation_runs(report),
        indentation_parity(report),
        overlap_heatmap(report),
        context_fit(report),
    ]
    return [c for c in found if c is not None]
