"""Corpus statistics: how each tokenizer splits a corpus, per language and per lexical class.

The pieces, in the order data flows through them:

* :mod:`~tokscope.stats.prepared`: a tokenizer's per-id tables (what each entry stands for);
* :mod:`~tokscope.stats.spans`: exact token spans without per-token Python;
* :mod:`~tokscope.stats.tokenizer_counts`: one tokenizer over a batch, counted per document;
* :mod:`~tokscope.stats.measure`: a batch of documents -> an :class:`Aggregate` of counts (or the
  counts of each document, for the cache);
* :mod:`~tokscope.stats.layout`: the positions of those counts in their vectors;
* :mod:`~tokscope.stats.aggregate`: the counts, merged associatively and commutatively;
* :mod:`~tokscope.stats.report`: the metrics computed from the counts (:func:`finalize`), as the
  dataclasses of :mod:`~tokscope.stats.metrics`;
* :mod:`~tokscope.stats.compare`: two saved runs side by side.

:mod:`tokscope.stats.engine.local` streams a corpus through them, in worker processes. Definitions
of every
metric: ``docs/metrics.md``; how it stays fast: ``docs/performance.md``.
"""

from __future__ import annotations

from tokscope.stats.aggregate import (
    EXAMPLES_KEPT,
    RENYI_ALPHA,
    Aggregate,
    RoundTripExample,
    TokenizerInfo,
    merge_all,
    round_trip_example,
)
from tokscope.stats.compare import (
    COMPARED,
    Compared,
    Comparison,
    CorpusFacts,
    CorpusMatch,
    Delta,
    Unit,
    compare,
    corpus_facts,
)
from tokscope.stats.layout import CONTEXTS, DOC, KINDS, N_CLASSES, N_KINDS, TOK
from tokscope.stats.metrics import (
    Alignment,
    CrossingToken,
    FragmentedIdentifier,
    LanguageSummary,
    Metrics,
    StatsReport,
    TokenizerReport,
    TokenText,
    UnitMetrics,
)
from tokscope.stats.report import (
    FRAGMENT_POOL,
    finalize,
    reference_index,
    renyi_efficiency,
    wanted_tokens,
)

__all__ = [
    "COMPARED",
    "CONTEXTS",
    "DOC",
    "EXAMPLES_KEPT",
    "FRAGMENT_POOL",
    "KINDS",
    "N_CLASSES",
    "N_KINDS",
    "RENYI_ALPHA",
    "TOK",
    "Aggregate",
    "Alignment",
    "Compared",
    "Comparison",
    "CorpusFacts",
    "CorpusMatch",
    "CrossingToken",
    "Delta",
    "FragmentedIdentifier",
    "LanguageSummary",
    "Metrics",
    "RoundTripExample",
    "StatsReport",
    "TokenText",
    "TokenizerInfo",
    "TokenizerReport",
    "Unit",
    "UnitMetrics",
    "compare",
    "corpus_facts",
    "finalize",
    "merge_all",
    "reference_index",
    "renyi_efficiency",
    "round_trip_example",
    "wanted_tokens",
]
