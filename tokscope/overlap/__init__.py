"""Normalised vocabularies and how much they share.

Every vocabulary entry becomes the bytes it stands for (:meth:`EntryDecoder.content`: byte-level
``Ġ`` is a space, SentencePiece ``▁`` a space, added tokens their literal text), plus a flag for
WordPiece continuations (``##x``). Entries of one vocabulary that stand for the same bytes count
once and are reported as duplicates. Two vocabularies are then compared as sets of these *forms*:
sizes, intersection, Jaccard and coverage in both directions, overall and per category (whitespace,
punctuation, digits, code keywords, ASCII words, scripts, byte fragments). On a corpus, the share of
A's tokens whose form B also has says whether a difference matters for code at all; the vocabulary
budget relates entries to embedding parameters and to what the corpus uses.

Nothing here renders: the results are frozen dataclasses (see ``tokscope.render.overlap_*``).

The modules, in reading order: ``categories`` (Unicode scripts and the categorizer), ``keywords``
(from pygments), ``vocabulary`` (normalised vocabularies), ``compare`` (two vocabularies pairwise),
``corpus`` (counts and coverage on a corpus), ``vocab_budget``, and ``report`` (:func:`overlap`,
which puts it all together). Everything public is re-exported here.
"""

from __future__ import annotations

from tokscope.overlap.categories import (
    CATEGORIES,
    SCRIPT_CATEGORIES,
    SCRIPTS,
    Categorizer,
    script_of,
)
from tokscope.overlap.compare import (
    CategoryOverlap,
    IdComparison,
    IdDelta,
    SetOverlap,
    compare_ids,
    pick_samples,
)
from tokscope.overlap.corpus import (
    CategoryWeight,
    CorpusCounts,
    CorpusCoverage,
    CorpusUse,
    MissingForm,
    corpus_coverage,
    count_corpus,
    counts_of,
)
from tokscope.overlap.keywords import KEYWORD_LANGUAGES, KeywordSet, code_keywords
from tokscope.overlap.report import Matrix, OverlapReport, PairOverlap, overlap
from tokscope.overlap.vocab_budget import BUDGET_EXTRA, BudgetRow, VocabBudget, budget
from tokscope.overlap.vocabulary import (
    Continuation,
    Duplicate,
    Form,
    NormalisedVocab,
    entry_contents,
    form_bytes,
    form_text,
    is_continuation,
    normalise,
    sample_key,
    vocabulary_entries,
)

__all__ = [
    "BUDGET_EXTRA",
    "CATEGORIES",
    "KEYWORD_LANGUAGES",
    "SCRIPTS",
    "SCRIPT_CATEGORIES",
    "BudgetRow",
    "Categorizer",
    "CategoryOverlap",
    "CategoryWeight",
    "Continuation",
    "CorpusCounts",
    "CorpusCoverage",
    "CorpusUse",
    "Duplicate",
    "Form",
    "IdComparison",
    "IdDelta",
    "KeywordSet",
    "Matrix",
    "MissingForm",
    "NormalisedVocab",
    "OverlapReport",
    "PairOverlap",
    "SetOverlap",
    "VocabBudget",
    "budget",
    "code_keywords",
    "compare_ids",
    "corpus_coverage",
    "count_corpus",
    "counts_of",
    "entry_contents",
    "form_bytes",
    "form_text",
    "is_continuation",
    "normalise",
    "overlap",
    "pick_samples",
    "sample_key",
    "script_of",
    "vocabulary_entries",
]
