"""Everything ``tokscope report`` puts in one document: statistics, whitespace, overlap, excerpts.

The report is made of the results the other commands compute (nothing is measured twice in a
different way); this module runs them on one corpus and picks the source lines that show the
tokenizers' differences best.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from tokscope import __version__
from tokscope.align.segment import TokenSpan
from tokscope.corpus.textio import SourceText
from tokscope.corpus.walk import CorpusOptions, Document, Skipped, SkipReport, iter_corpus
from tokscope.diff import DiffResult, Row, compare
from tokscope.errors import TokscopeError
from tokscope.loading.sources import LoadedTokenizer, Provenance
from tokscope.overlap import OverlapReport
from tokscope.stats import StatsReport
from tokscope.whitespace import CorpusReport, Spectrum
from tokscope.whitespace.reindent import ParityReport

EXCERPTS = 8
"""Source lines shown side by side in the report."""
EXCERPT_SCAN_BYTES = 2_000_000
"""Excerpts are picked from the first documents up to this size (by name), to stay quick."""


@dataclass(frozen=True)
class Excerpt:
    """A source line on which the tokenizers disagree, with why it was picked."""

    why: str
    """``token counts 4 / 13 / 15`` or ``7 characters dropped``, in words."""
    diff: DiffResult
    """The document compared, with just this line in ``rows``."""

    @property
    def row(self) -> Row:
        """The line."""
        return self.diff.rows[0]


@dataclass(frozen=True)
class Report:
    """The input of the report renderers."""

    version: str
    """tokscope's version."""
    generated: str
    """When, as an ISO date (``SOURCE_DATE_EPOCH`` pins it for reproducible builds)."""
    inputs: tuple[str, ...]
    """The paths given."""
    tokenizers: tuple[tuple[str, Provenance], ...]
    """Tokenizers compared, in order, with their files."""
    stats: StatsReport
    """Corpus statistics (as ``tokscope stats``)."""
    spectrum: Spectrum
    """Whitespace run spectrum (as ``tokscope whitespace``)."""
    parity: ParityReport
    """Indentation parity on the corpus (as ``tokscope whitespace --reindent``)."""
    whitespace: CorpusReport
    """Corpus whitespace report (as ``tokscope whitespace --corpus``)."""
    overlap: OverlapReport
    """Vocabulary overlap with corpus coverage (as ``tokscope overlap --corpus``)."""
    excerpts: tuple[Excerpt, ...]
    """The most telling lines."""

    @property
    def skipped(self) -> SkipReport:
        """Inputs not analysed."""
        return self.stats.skipped


Advance = Callable[[int, int], None]


def build_report(
    paths: Sequence[str],
    tokenizers: Sequence[LoadedTokenizer],
    *,
    corpus: CorpusOptions | None = None,
    jobs: int = 1,
    max_run: int = 16,
    stage: Callable[[str], None] | None = None,
) -> Report:
    """Run every analysis on the corpus under ``paths`` with ``tokenizers``.

    ``stage`` is told the name of each step as it starts (for progress output).
    """
    from tokscope.overlap import count_corpus, overlap
    from tokscope.stats.engine.local import RunOptions, run
    from tokscope.whitespace import corpus_report, spectrum
    from tokscope.whitespace.reindent import parity

    options = corpus or CorpusOptions()
    tell = stage or (lambda _name: None)
    specs = tuple(t.provenance.spec for t in tokenizers)
    reference = (
        tokenizers[-1].name if not any(t.name == "roberta" for t in tokenizers) else "roberta"
    )

    tell("statistics")
    items = list(iter_corpus(paths, options))
    documents = [d for d in items if isinstance(d, Document)]
    if jobs <= 1:  # in this process, with the tokenizers already loaded and the files read once
        from tokscope.stats.engine.local import analyse
        from tokscope.stats.prepared import Prepared

        preps = [Prepared(t) for t in tokenizers]
        stats = analyse(documents, preps, reference=reference)
        skipped = SkipReport.of(d for d in items if isinstance(d, Skipped))
        stats = replace(stats, skipped=stats.skipped.merge(skipped))
    else:
        stats = run(list(paths), options, RunOptions(specs=specs, reference=reference, jobs=jobs))
    if not stats.files:
        raise TokscopeError(
            f"nothing to report: no readable source file under {', '.join(paths)} "
            f"({stats.skipped.total} skipped)"
        )
    tell("whitespace")
    runs = spectrum(tokenizers, max_run=max_run)
    layout = parity(documents, tokenizers)
    ws = corpus_report(documents, tokenizers)
    tell("overlap")
    counts = count_corpus(tokenizers, documents)
    vocab = overlap(tokenizers, corpus=counts)
    tell("excerpts")
    excerpts = pick_excerpts(documents, tokenizers)
    return Report(
        version=__version__,
        generated=_today(),
        inputs=tuple(paths),
        tokenizers=tuple((t.name, t.provenance) for t in tokenizers),
        stats=stats,
        spectrum=runs,
        parity=layout,
        whitespace=ws,
        overlap=vocab,
        excerpts=excerpts,
    )


def _today() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (
        dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
        if epoch and epoch.isdigit()
        else dt.datetime.now(tz=dt.timezone.utc)
    )
    return when.strftime("%Y-%m-%d %H:%M UTC")


def pick_excerpts(
    documents: Sequence[Document | Skipped],
    tokenizers: Sequence[LoadedTokenizer],
    *,
    count: int = EXCERPTS,
    scan_bytes: int = EXCERPT_SCAN_BYTES,
) -> tuple[Excerpt, ...]:
    """The lines with the largest spread of token counts, and the lines losing the most text.

    Two thirds of the excerpts go to disagreement in token counts, the rest to dropped text;
    ties go to the first document by name and the first line, so the choice is stable.
    """
    candidates: list[tuple[tuple[int, int, str, int], str, DiffResult]] = []
    scanned = 0
    for doc in sorted((d for d in documents if isinstance(d, Document)), key=lambda d: d.name):
        if scanned >= scan_bytes:
            break
        scanned += doc.n_bytes
        source = SourceText(doc.name, doc.text, doc.n_bytes)
        result = compare(source, tokenizers, lines=(1, None))
        for row in result.rows:
            if not _has_code(result, row):
                continue
            counts = [row.token_count(c) for c in range(len(result.columns))]
            spread = max(counts) - min(counts)
            dropped = sum(
                f.char_end - f.char_start
                for cell in row.cells
                for f in cell
                if not isinstance(f.piece, TokenSpan)
            )
            why_counts = "token counts " + " / ".join(str(n) for n in counts)
            candidates.append(
                ((spread, 0, doc.name, row.number), why_counts, _one_row(result, row))
            )
            if dropped:
                why = f"{dropped} character{'s' if dropped != 1 else ''} dropped"
                candidates.append(((dropped, 1, doc.name, row.number), why, _one_row(result, row)))
    by_spread = sorted((c for c in candidates if c[0][1] == 0), key=_rank)
    by_dropped = sorted((c for c in candidates if c[0][1] == 1), key=_rank)
    want_dropped = min(len(by_dropped), count // 3)
    chosen = by_spread[: count - want_dropped]
    taken = {(c[0][2], c[0][3]) for c in chosen}
    chosen += [c for c in by_dropped if (c[0][2], c[0][3]) not in taken][:want_dropped]
    return tuple(Excerpt(why, diff) for _, why, diff in chosen)


def _rank(item: tuple[tuple[int, int, str, int], str, DiffResult]) -> tuple[int, str, int]:
    (score, _, name, line), _, _ = item
    return (-score, name, line)


def _has_code(result: DiffResult, row: Row) -> bool:
    starts = [f.char_start for cell in row.cells for f in cell]
    ends = [f.char_end for cell in row.cells for f in cell]
    if not starts:
        return False
    return bool(result.source.text[min(starts) : max(ends)].strip())


def _one_row(result: DiffResult, row: Row) -> DiffResult:
    return DiffResult(result.source, result.columns, (row,), result.total_lines, False)
