"""Aggregates merge associatively and commutatively: any partition of a corpus, measured part by
part and merged in any order, gives the aggregate of the whole."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests import trained
from tests.test_lexing import PIECES
from tests.test_stats import loaded
from tokscope.corpus.walk import Document, Skipped, SkipReport
from tokscope.loading.sources import LoadedTokenizer
from tokscope.stats import Aggregate
from tokscope.stats.measure import measure
from tokscope.stats.prepared import Prepared

LANGUAGES = ["Python", "Go", "JavaScript", "unknown", "python"]


@pytest.fixture(scope="module")
def preps(small: dict[str, LoadedTokenizer]) -> list[Prepared]:
    chosen = [small["byte-bpe"], small["collapsing"], small["wordpiece"]]
    return [Prepared(t) for t in [*chosen, loaded("tiny-words", trained.tiny_words())]]


text = st.lists(st.sampled_from(PIECES), min_size=1, max_size=25).map("".join)
corpus = st.lists(st.tuples(text, st.sampled_from(LANGUAGES)), min_size=1, max_size=6).map(
    lambda pairs: [
        Document(f"f{i}", t, lang, len(t.encode("utf-8"))) for i, (t, lang) in enumerate(pairs)
    ]
)


@given(docs=corpus, data=st.data())
@example(
    docs=[
        Document("f0", "def initialize(self):\n    return self", "Python", 37),
        Document("f1", "x\r\n\r\n  y", "unknown", 8),
    ],
    data=None,
)
def test_any_partition_merges_to_the_whole(
    preps: list[Prepared], docs: list[Document], data: st.DataObject | None
) -> None:
    whole = measure(docs, preps, lex=True)
    if data is None:  # the pinned example: every document alone, in reverse order
        labels, order = list(range(len(docs))), list(reversed(range(len(docs))))
    else:
        k = data.draw(st.integers(1, len(docs)), label="parts")
        labels = data.draw(st.lists(st.integers(0, k - 1), min_size=len(docs), max_size=len(docs)))
        order = data.draw(st.permutations(range(k)), label="order")
    parts = [[d for d, label in zip(docs, labels) if label == j] for j in order]
    total = Aggregate([p.info for p in preps], lex=True)
    for part in parts:
        if part:
            # as from a worker process: pickled with sparse histograms
            total.merge(pickle.loads(pickle.dumps(measure(part, preps, lex=True))))
    assert total == whole


@given(docs=corpus)
def test_merging_is_associative(preps: list[Prepared], docs: list[Document]) -> None:
    singles = [measure([d], preps, lex=False) for d in docs]

    def fold(items: list[Aggregate]) -> Aggregate:
        total = Aggregate([p.info for p in preps], lex=False)
        for item in items:
            total.merge(item)
        return total

    left = fold(singles)
    right = fold([fold(singles[:1]), fold(singles[1:])])
    assert left == right == measure(docs, preps, lex=False)


def test_skip_reports_and_examples_merge_in_any_order(preps: list[Prepared]) -> None:
    infos = [p.info for p in preps]
    items = [Skipped(f"p{i}", reason) for i, reason in enumerate(["binary", "empty", "binary"] * 3)]
    a, b = Aggregate(infos, lex=True), Aggregate(infos, lex=True)
    a.skipped, b.skipped = SkipReport.of(items[:4]), SkipReport.of(items[4:])
    ab, ba = Aggregate(infos, lex=True), Aggregate(infos, lex=True)
    ab.merge(a)
    ab.merge(b)
    ba.merge(b)
    ba.merge(a)
    assert ab == ba
    assert ab.skipped.counts == (("binary", 6), ("empty", 3))


def test_merging_different_runs_is_refused(preps: list[Prepared]) -> None:
    infos = [p.info for p in preps]
    with pytest.raises(ValueError, match="different tokenizers"):
        Aggregate(infos, lex=True).merge(Aggregate(infos[:1], lex=True))
    with pytest.raises(ValueError, match="lexical classes"):
        Aggregate(infos, lex=True).merge(Aggregate(infos, lex=False))


@given(docs=corpus, lex=st.booleans())
def test_an_unpickled_aggregate_reads_and_pickles_again_as_the_original(
    preps: list[Prepared], docs: list[Document], lex: bool
) -> None:
    original = measure(docs, preps, lex=lex)
    data = pickle.dumps(original)
    untouched = pickle.loads(data)  # its histograms still as unpickled
    assert pickle.loads(pickle.dumps(untouched)) == original
    read = pickle.loads(data)
    assert read == original  # made dense to compare
    assert pickle.loads(pickle.dumps(read)) == original
    assert untouched.well_formed() and read.well_formed() and original.well_formed()


@pytest.mark.parametrize(
    "damage", ["beyond", "negative", "repeated", "uneven", "unsigned", "zero count"]
)
def test_histograms_outside_the_vocabulary_are_not_well_formed(
    preps: list[Prepared], damage: str
) -> None:
    import numpy as np

    agg = pickle.loads(
        pickle.dumps(measure([Document("f", "x = y\n", "Python", 6)], preps, lex=False))
    )
    state = agg.__getstate__()
    size = preps[0].info.vocab_size
    state["crossing_ids"][0] = {
        "beyond": (np.array([size]), np.array([1])),
        "negative": (np.array([-1]), np.array([1])),
        "repeated": (np.array([3, 3]), np.array([1, 1])),
        "uneven": (np.array([3]), np.array([1, 2])),
        "unsigned": (np.array([3]), np.array([1], dtype=np.uint64)),
        "zero count": (np.array([3]), np.array([0])),
    }[damage]
    broken = Aggregate.__new__(Aggregate)
    broken.__setstate__(state)
    assert not broken.well_formed()
