"""What each vocabulary entry is worth: whether the tokenizer can produce it (reachability, after
Land & Bartolo 2024), what its embedding row costs, its length, its duplicates, and how often a
corpus uses it.

Nothing here renders: the results are frozen dataclasses (see ``tokscope.render.vocab``). The
modules, in reading order: ``reachability`` (decode, re-encode, compare, in a neutral context),
``entries`` (one entry as shown, lookups by id and regex), ``lengths`` (the histogram), ``usage``
(on a corpus) and ``report`` (:func:`describe_vocab`, which puts it together).
"""

from __future__ import annotations

from tokscope.vocab.entries import Entry
from tokscope.vocab.lengths import LENGTH_EDGES, LengthBin, length_bins
from tokscope.vocab.reachability import STATUSES, Reachability, neutral_tokenizer, reachability
from tokscope.vocab.report import (
    CategoryRow,
    DuplicateGroup,
    GrepResult,
    StatusCount,
    VocabFacts,
    describe_vocab,
)
from tokscope.vocab.usage import CorpusUsage, TokenUse

__all__ = [
    "LENGTH_EDGES",
    "STATUSES",
    "CategoryRow",
    "CorpusUsage",
    "DuplicateGroup",
    "Entry",
    "GrepResult",
    "LengthBin",
    "Reachability",
    "StatusCount",
    "TokenUse",
    "VocabFacts",
    "describe_vocab",
    "length_bins",
    "neutral_tokenizer",
    "reachability",
]
