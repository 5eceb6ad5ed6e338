"""Whitespace analysis: run spectra, verdicts in words, the context effect, corpus whitespace.

Three questions, each answered by measuring, never by a table of known tokenizers:

* **Run spectrum** (:func:`spectrum`): put a run of ``k`` spaces, tabs, newlines, CRLFs or spaces
  after a tab into a small piece of code (at line start before a word, inside a line, before a
  newline), encode it for ``k`` = 0..N+1, and record per length the tokens spent on the run, its
  pieces, whether decode gives the text back and whether length ``k`` can be told apart from
  ``k-1`` and ``k+1``. A verdict in words is derived from those cells (:func:`series_phrase`).
* **Context effect** (:func:`context_effect`): the same identifier after different whitespace,
  and how many different token ids it gets.
* **Corpus report** (:func:`corpus_report`): indentation and whitespace-run histograms, and per
  tokenizer and language the whitespace cost, whitespace lost and the share of identifier
  occurrences whose id depends on the whitespace before them.

How a token is attributed to a run: a token *touches* the run when its exact byte span
(:func:`tokscope.align.segment.segment`) overlaps the run's bytes. ``tokens`` counts those
tokens, so a token holding the run's last space and the next word (``Ġreturn``) counts once,
and is also reported as *joining* the next neighbour. ``added`` is the other view:
tokens of the whole text minus tokens of the same text without the run.

The modules, in reading order: ``kinds`` (positions and kinds of run), ``results`` (what the
spectrum and the context effect record), ``runs`` (:func:`spectrum`, :func:`run_series`),
``verdicts``, ``context``, and for a corpus ``counting`` (what one text contributes) and
``corpus``. Everything public is re-exported here. The whitespace set, identifiers and the
whitespace measures shared with the other commands live in :mod:`tokscope.text` and
:mod:`tokscope.measures`.
"""

from __future__ import annotations

from tokscope.whitespace.context import CONTEXT_IDENTIFIERS, context_effect
from tokscope.whitespace.corpus import (
    EXAMPLES_PER_TOKENIZER,
    CorpusReport,
    CostRow,
    IdentifierExample,
    IndentCount,
    RunCount,
    corpus_report,
    report_of_pass,
)
from tokscope.whitespace.counting import (
    Forms,
    dependent_occurrences,
    identifier_forms,
    indentation_of,
    runs_of,
)
from tokscope.whitespace.kinds import (
    DEFAULT_MAX_RUN,
    KINDS,
    MAX_MAX_RUN,
    POSITIONS,
    Position,
    RunKind,
)
from tokscope.whitespace.results import (
    ContextEffect,
    Piece,
    RunCell,
    RunSeries,
    Spectrum,
    TokenizerSpectrum,
    Variant,
)
from tokscope.whitespace.runs import run_series, spectrum
from tokscope.whitespace.verdicts import (
    MAX_STRETCHES,
    Stretch,
    series_phrase,
    stretches,
    tokenizer_verdict,
)

__all__ = [
    "CONTEXT_IDENTIFIERS",
    "DEFAULT_MAX_RUN",
    "EXAMPLES_PER_TOKENIZER",
    "KINDS",
    "MAX_MAX_RUN",
    "MAX_STRETCHES",
    "POSITIONS",
    "ContextEffect",
    "CorpusReport",
    "CostRow",
    "Forms",
    "IdentifierExample",
    "IndentCount",
    "Piece",
    "Position",
    "RunCell",
    "RunCount",
    "RunKind",
    "RunSeries",
    "Spectrum",
    "Stretch",
    "TokenizerSpectrum",
    "Variant",
    "context_effect",
    "corpus_report",
    "dependent_occurrences",
    "identifier_forms",
    "indentation_of",
    "report_of_pass",
    "run_series",
    "runs_of",
    "series_phrase",
    "spectrum",
    "stretches",
    "tokenizer_verdict",
]
