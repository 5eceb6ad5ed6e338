"""Everything ``tokscope report`` puts in one document: statistics, whitespace, overlap, excerpts.

The report is made of the results the other commands compute (nothing is measured twice in a
different way); this module runs them on one corpus and picks the source lines that show the
tokenizers' differences best.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tokscope import __version__
from tokscope.align.segment import TokenSpan
from tokscope.corpus.textio import SourceText
from tokscope.corpus.walk import CorpusOptions, Document, Skipped, SkipReport
from tokscope.diff import DiffResult, Row, compare
from tokscope.errors import TokscopeError
from tokscope.loading.sources import LoadedTokenizer, Provenance
from tokscope.overlap import KeywordSet, OverlapReport
from tokscope.overlap.compare import IdComparison
from tokscope.overlap.vocabulary import NormalisedVocab
from tokscope.stats import StatsReport
from tokscope.vocab import VocabFacts
from tokscope.vocab.reachability import Reachability
from tokscope.whitespace import Spectrum
from tokscope.whitespace.reindent import ParityReport

if TYPE_CHECKING:
    from tokscope.cache import Store
    from tokscope.stats.engine.beside import Beside
    from tokscope.stats.engine.local import RunOptions
    from tokscope.stats.engine.loop import Advance, Run

EXCERPTS = 8
"""Source lines shown side by side in the report."""
SAMPLE_BYTES = 1 << 16
"""Indentation parity and excerpts are computed on the first documents by name that fit together
in this many bytes (collected during the statistics pass; larger documents are left out):
re-indenting and aligning every token are the slow steps, so they see a sample while the
statistics and the overlap see the whole corpus."""
VOCAB_SHOWN = 5
"""Examples per list in the vocabulary-health section (unreachable entries, never used)."""
EXCERPTS_PER_FILE = 2
"""At most this many excerpts come from one file."""
EXCERPT_SCAN_BYTES = SAMPLE_BYTES
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
    """Indentation parity on the first documents by name, up to :data:`SAMPLE_BYTES` (as
    ``tokscope whitespace --reindent``)."""
    overlap: OverlapReport
    """Vocabulary overlap with corpus coverage (as ``tokscope overlap --corpus``)."""
    excerpts: tuple[Excerpt, ...]
    """The most telling lines."""
    vocab: tuple[VocabFacts, ...] = ()
    """Vocabulary health per tokenizer (as ``tokscope vocab --corpus``), its corpus use from
    the same statistics pass."""

    @property
    def skipped(self) -> SkipReport:
        """Inputs not analysed."""
        return self.stats.skipped


def reference_of(tokenizers: Sequence[LoadedTokenizer]) -> str:
    """The tokenizer NSL is relative to in the report: roberta when compared, else the last."""
    if any(t.name == "roberta" for t in tokenizers):
        return "roberta"
    return tokenizers[-1].name


def run_options(tokenizers: Sequence[LoadedTokenizer], *, jobs: int = 1) -> RunOptions:
    """The statistics pass the report needs: the tokenizers' statistics, the scripts the corpus
    uses (for the overlap) and the sample of documents (for parity and excerpts)."""
    from tokscope.stats.engine.local import RunOptions
    from tokscope.stats.engine.loop import Collect

    return RunOptions(
        specs=tuple(t.provenance.named_spec for t in tokenizers),
        reference=reference_of(tokenizers),
        jobs=jobs,
        collect=Collect(scripts=True, sample_bytes=SAMPLE_BYTES),
    )


def build_report(
    paths: Sequence[str],
    tokenizers: Sequence[LoadedTokenizer],
    *,
    corpus: CorpusOptions | None = None,
    jobs: int = 1,
    max_run: int = 16,
    hidden: int = 1024,
    stage: Callable[[str], None] | None = None,
    advance: Advance | None = None,
    store: Store | None = None,
) -> Report:
    """Run every analysis on the corpus under ``paths`` with ``tokenizers``, reading and
    tokenizing the corpus once (in ``jobs`` worker processes).

    ``advance(files, n_bytes)`` is told how the pass goes, ``stage`` the name of each later step
    as it starts (for progress output).
    """
    from tokscope.stats.engine.local import run_pass
    from tokscope.stats.prepared import Prepared

    options = run_options(tokenizers, jobs=jobs)
    preps = [Prepared(t) for t in tokenizers] if jobs <= 1 else None
    done = run_pass(paths, corpus or CorpusOptions(), options, advance=advance, preps=preps)
    return assemble(
        done, paths, tokenizers, max_run=max_run, hidden=hidden, stage=stage, store=store
    )


@dataclass(frozen=True)
class TokenizerPart:
    """What the report computes from the tokenizers alone, whatever the corpus
    (:func:`tokenizer_part`): it can be done beside the corpus pass."""

    spectrum: Spectrum
    """The whitespace run spectrum."""
    normalised: tuple[NormalisedVocab, ...]
    """Each vocabulary normalised once (code keywords, special tokens left out), for both the
    overlap and the vocabulary health."""
    reach: tuple[Reachability, ...]
    """Each vocabulary's reachability."""
    ids: tuple[IdComparison, ...]
    """The id comparison of each pair (:func:`~tokscope.overlap.report.pair_ids`)."""
    keywords: KeywordSet
    """The code keywords the vocabularies were normalised with."""


def tokenizer_part(
    tokenizers: Sequence[LoadedTokenizer], *, max_run: int = 16, store: Store | None = None
) -> TokenizerPart:
    """The report's work on ``tokenizers`` alone; reachability is read from and kept in
    ``store`` when one is given."""
    from tokscope.overlap import Categorizer, code_keywords, normalise
    from tokscope.overlap.report import pair_ids
    from tokscope.vocab.stored import stored_reachability
    from tokscope.whitespace import spectrum

    keywords = code_keywords()
    categorizer = Categorizer(keywords.words)
    normalised = tuple(normalise(t, categorizer) for t in tokenizers)
    return TokenizerPart(
        keywords=keywords,
        spectrum=spectrum(tokenizers, max_run=max_run),
        normalised=normalised,
        reach=tuple(stored_reachability(t, n, store) for t, n in zip(tokenizers, normalised)),
        ids=pair_ids(tokenizers),
    )


def tokenizer_part_beside(
    tokenizers: Sequence[LoadedTokenizer], max_run: int, cached: bool
) -> TokenizerPart:
    """:func:`tokenizer_part` in a process of its own
    (:class:`~tokscope.stats.engine.beside.Beside`), with the user's cache when ``cached``."""
    from tokscope.cache import open_store

    return tokenizer_part(tokenizers, max_run=max_run, store=open_store() if cached else None)


def sample_part(
    tokenizers: Sequence[LoadedTokenizer], sample: Sequence[Document]
) -> tuple[ParityReport, tuple[Excerpt, ...]]:
    """The report's work on the corpus sample: indentation parity and the excerpts."""
    from tokscope.whitespace.reindent import parity

    return parity(sample, tokenizers), pick_excerpts(sample, tokenizers)


def assemble(
    done: Run,
    paths: Sequence[str],
    tokenizers: Sequence[LoadedTokenizer],
    *,
    max_run: int = 16,
    hidden: int = 1024,
    stage: Callable[[str], None] | None = None,
    store: Store | None = None,
    part: Callable[[], TokenizerPart | None] | None = None,
    beside: Beside | None = None,
) -> Report:
    """The report from a statistics pass made with :func:`run_options` (on any engine);
    vocabulary parameters are counted at ``hidden``; the tokenizers' reachability is read from
    and kept in ``store`` when one is given.

    ``part``, when given, waits for the :func:`tokenizer_part` made elsewhere with the same
    ``max_run`` and store (``beside``'s answer, say). ``beside``, when given, does the work on
    the corpus sample (:func:`sample_part`: parity, excerpts) while this process does the
    overlap and the vocabulary health. Whatever they fail to give is computed here."""
    from tokscope.overlap import counts_of, overlap
    from tokscope.vocab import describe_vocab

    tell = stage or (lambda _name: None)
    stats = done.report
    if not stats.files:
        raise TokscopeError(
            f"nothing to report: no readable source file under {', '.join(paths)} "
            f"({stats.skipped.total} skipped)"
        )
    sample = done.extras.sample
    tell("vocabularies")
    # asked first: the process beside works on the sample while this one reads its first answer
    on_sample = beside.ask(sample_part, sample) if beside is not None else None
    tokens = part() if part is not None else None
    if tokens is None:
        tokens = tokenizer_part(tokenizers, max_run=max_run, store=store)
    tell("overlap")
    counts = counts_of(done.aggregate, done.extras.scripts, names=[t.name for t in tokenizers])
    vocab = overlap(
        tokenizers,
        corpus=counts,
        keywords=tokens.keywords,
        normalised=tokens.normalised,
        ids=tokens.ids,
    )
    tell("vocabulary health")
    health = tuple(
        describe_vocab(t, hidden=hidden, top=VOCAB_SHOWN, corpus=counts, normalised=n, reach=r)
        for t, n, r in zip(tokenizers, tokens.normalised, tokens.reach)
    )
    tell("indentation parity and excerpts")
    found = on_sample() if on_sample is not None else None
    layout, excerpts = found if found is not None else sample_part(tokenizers, sample)
    return Report(
        version=__version__,
        generated=_today(),
        inputs=tuple(paths),
        tokenizers=tuple((t.name, t.provenance) for t in tokenizers),
        stats=stats,
        spectrum=tokens.spectrum,
        parity=layout,
        overlap=vocab,
        excerpts=excerpts,
        vocab=health,
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
    per_file: int = EXCERPTS_PER_FILE,
) -> tuple[Excerpt, ...]:
    """The lines with the largest spread of token counts, and the lines losing the most text,
    spread over files and languages.

    Two thirds of the excerpts go to disagreement in token counts, the rest to dropped text. Each
    share is taken in turns over the languages (the language of the best line first), the best
    line left in each language at each turn, and at most ``per_file`` lines of one file. Ties go
    to the first document by name and the first line, so the choice is stable.
    """
    candidates: list[_Candidate] = []
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
            one = _one_row(result, row)
            where = (doc.name, row.number, doc.language)
            candidates.append(_Candidate(spread, 0, *where, why_counts, one))
            if dropped:
                why = f"{dropped} character{'s' if dropped != 1 else ''} dropped"
                candidates.append(_Candidate(dropped, 1, *where, why, one))
    by_spread = sorted((c for c in candidates if c.kind == 0), key=_Candidate.rank)
    by_dropped = sorted((c for c in candidates if c.kind == 1), key=_Candidate.rank)
    want_dropped = min(len(by_dropped), count // 3)
    per: dict[str, int] = {}
    taken: set[tuple[str, int]] = set()
    chosen = _take_spread(by_spread, count - want_dropped, per_file, per, taken)
    chosen += _take_spread(by_dropped, want_dropped, per_file, per, taken)
    return tuple(Excerpt(c.why, c.diff) for c in chosen)


@dataclass(frozen=True)
class _Candidate:
    """A line that could be an excerpt, with its score."""

    score: int
    kind: int
    """0: spread of token counts; 1: characters dropped."""
    name: str
    line: int
    language: str
    why: str
    diff: DiffResult

    def rank(self) -> tuple[int, str, int]:
        """Best first: the highest score, then the first file by name, then the first line."""
        return (-self.score, self.name, self.line)


def _take_spread(
    ranked: Sequence[_Candidate],
    want: int,
    per_file: int,
    per: dict[str, int],
    taken: set[tuple[str, int]],
) -> list[_Candidate]:
    """Up to ``want`` of ``ranked`` (best first), in turns over languages, at most ``per_file``
    per file; ``per`` (lines per file) and ``taken`` (file, line) are shared between calls."""
    queues: dict[str, list[_Candidate]] = {}
    for c in ranked:
        queues.setdefault(c.language, []).append(c)
    chosen: list[_Candidate] = []
    while len(chosen) < want and any(queues.values()):
        for queue in queues.values():
            while queue:
                c = queue.pop(0)
                if per.get(c.name, 0) < per_file and (c.name, c.line) not in taken:
                    chosen.append(c)
                    per[c.name] = per.get(c.name, 0) + 1
                    taken.add((c.name, c.line))
                    break
            if len(chosen) == want:
                break
    return chosen


def _has_code(result: DiffResult, row: Row) -> bool:
    starts = [f.char_start for cell in row.cells for f in cell]
    ends = [f.char_end for cell in row.cells for f in cell]
    if not starts:
        return False
    return bool(result.source.text[min(starts) : max(ends)].strip())


def _one_row(result: DiffResult, row: Row) -> DiffResult:
    return DiffResult(result.source, result.columns, (row,), result.total_lines, False)
