"""Everything ``tokscope overlap`` reports (:func:`overlap`): every pair of vocabularies, the
pairwise figures as matrices, the budgets and, with a corpus, coverage weighted by use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tokscope.loading.sources import LoadedTokenizer
from tokscope.overlap.categories import Categorizer
from tokscope.overlap.compare import (
    CategoryOverlap,
    IdComparison,
    SetOverlap,
    compare_ids,
    pair_overlap,
)
from tokscope.overlap.corpus import (
    CorpusCounts,
    CorpusCoverage,
    CorpusUse,
    corpus_coverage,
    corpus_use,
)
from tokscope.overlap.keywords import KeywordSet, code_keywords
from tokscope.overlap.vocab_budget import VocabBudget, budget
from tokscope.overlap.vocabulary import (
    NormalisedVocab,
    normalise,
    special_contents,
    vocabulary_entries,
    without_forms,
)


@dataclass(frozen=True)
class PairOverlap:
    """How much two vocabularies share."""

    a: str
    """Name of A."""
    b: str
    """Name of B."""
    overall: SetOverlap
    """All forms."""
    categories: tuple[CategoryOverlap, ...]
    """Per category, in :data:`CATEGORIES` order; categories empty in both are left out."""
    ids: IdComparison
    """Id-by-id comparison of the raw entries."""
    corpus: tuple[CorpusCoverage, CorpusCoverage] | None = None
    """On the corpus: A covered by B, then B covered by A."""


@dataclass(frozen=True)
class Matrix:
    """Pairwise figures for N vocabularies; ``[i][j]`` reads "row i against column j"."""

    names: tuple[str, ...]
    """Tokenizers, in the order given."""
    coverage: tuple[tuple[float | None, ...], ...]
    """Share of row i's forms that column j also has (1 on the diagonal)."""
    jaccard: tuple[tuple[float, ...], ...]
    """Jaccard of the two sets of forms (1 on the diagonal)."""
    corpus_coverage: tuple[tuple[float | None, ...], ...] | None
    """Share of row i's corpus tokens whose form column j has (with a corpus)."""


@dataclass(frozen=True)
class OverlapReport:
    """Everything ``tokscope overlap`` reports."""

    vocabularies: tuple[NormalisedVocab, ...]
    """The normalised vocabularies, in the order given."""
    pairs: tuple[PairOverlap, ...]
    """Every pair (i < j) in the order given."""
    matrix: Matrix
    """The pairwise figures as matrices."""
    keywords: KeywordSet
    """Where the ``keyword`` category comes from."""
    budgets: tuple[VocabBudget, ...]
    """The vocabulary budget of each tokenizer."""
    corpus: CorpusCounts | None
    """The corpus counts, when a corpus was given."""
    uses: tuple[CorpusUse, ...]
    """How each vocabulary is used on the corpus (empty without a corpus)."""
    include_special: bool
    """Whether special tokens took part in the comparison."""
    samples: int
    """Samples kept per category and side."""
    top: int
    """Missing forms kept per direction on the corpus."""
    hidden: int
    """Hidden size of the budget."""


def overlap(
    tokenizers: Sequence[LoadedTokenizer],
    *,
    include_special: bool = False,
    samples: int = 6,
    top: int = 10,
    hidden: int = 1024,
    corpus: CorpusCounts | None = None,
    keywords: KeywordSet | None = None,
    normalised: Sequence[NormalisedVocab] | None = None,
    ids: Sequence[IdComparison] | None = None,
) -> OverlapReport:
    """Compare the vocabularies of ``tokenizers`` pairwise (and on ``corpus``, if given).

    ``samples`` forms are kept per category and side, ``top`` missing forms per direction on the
    corpus; ``hidden`` is the embedding width of the budget. ``normalised`` (the
    :func:`normalise` of each tokenizer with the same keywords and ``include_special``) saves
    normalising them again; ``ids`` (:func:`pair_ids` of ``tokenizers``) saves comparing their
    ids again. With both, the vocabularies are not read here.
    """
    kw = keywords or code_keywords()
    categorizer = Categorizer(kw.words)
    if normalised is not None:
        vocabs = list(normalised)
    else:
        vocabs = [normalise(t, categorizer, include_special=include_special) for t in tokenizers]
    by_pair = iter(ids if ids is not None else pair_ids(tokenizers))
    if not include_special:
        markup = set().union(*(special_contents(t) for t in tokenizers))
        vocabs = [without_forms(v, markup) for v in vocabs]
    groups = [v.by_category() for v in vocabs]
    pairs = []
    for i in range(len(vocabs)):
        for j in range(i + 1, len(vocabs)):
            a, b = vocabs[i], vocabs[j]
            overall, categories = pair_overlap(a, b, groups[i], groups[j], samples)
            coverage = None
            if corpus is not None:
                coverage = (
                    corpus_coverage(a, b, corpus.counts[a.name], top=top),
                    corpus_coverage(b, a, corpus.counts[b.name], top=top),
                )
            pairs.append(PairOverlap(a.name, b.name, overall, categories, next(by_pair), coverage))
    uses = () if corpus is None else tuple(corpus_use(v, corpus.counts[v.name]) for v in vocabs)
    budgets = tuple(
        budget(
            v,
            hidden=hidden,
            counts=None if corpus is None else corpus.counts[v.name],
            scripts=() if corpus is None else corpus.scripts,
        )
        for v in vocabs
    )
    return OverlapReport(
        vocabularies=tuple(vocabs),
        pairs=tuple(pairs),
        matrix=_matrix(vocabs, pairs),
        keywords=kw,
        budgets=budgets,
        corpus=corpus,
        uses=uses,
        include_special=include_special,
        samples=samples,
        top=top,
        hidden=hidden,
    )


def pair_ids(tokenizers: Sequence[LoadedTokenizer]) -> tuple[IdComparison, ...]:
    """:func:`compare_ids` of each pair of ``tokenizers``, in :func:`overlap`'s order (each
    tokenizer with every one after it)."""
    entries = [vocabulary_entries(t) for t in tokenizers]
    return tuple(
        compare_ids(tokenizers[i], tokenizers[j], entries[i], entries[j])
        for i in range(len(tokenizers))
        for j in range(i + 1, len(tokenizers))
    )


def _matrix(vocabs: Sequence[NormalisedVocab], pairs: Sequence[PairOverlap]) -> Matrix:
    n = len(vocabs)
    names = tuple(v.name for v in vocabs)
    position = {name: k for k, name in enumerate(names)}
    coverage: list[list[float | None]] = [
        [1.0 if i == j else None for j in range(n)] for i in range(n)
    ]
    jaccard = [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]
    weighted: list[list[float | None]] | None = None
    if pairs and pairs[0].corpus is not None:
        weighted = [[1.0 if i == j else None for j in range(n)] for i in range(n)]
    for pair in pairs:
        i, j = position[pair.a], position[pair.b]
        coverage[i][j] = pair.overall.a_in_b
        coverage[j][i] = pair.overall.b_in_a
        jaccard[i][j] = jaccard[j][i] = pair.overall.jaccard
        if weighted is not None and pair.corpus is not None:
            weighted[i][j] = pair.corpus[0].share
            weighted[j][i] = pair.corpus[1].share
    return Matrix(
        names,
        tuple(tuple(row) for row in coverage),
        tuple(tuple(row) for row in jaccard),
        None if weighted is None else tuple(tuple(row) for row in weighted),
    )
