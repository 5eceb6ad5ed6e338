"""The one stats loop: what a pass collects besides the statistics merges in any grouping and
order, like the aggregates do."""

from __future__ import annotations

import random
from itertools import pairwise

from hypothesis import example, given
from hypothesis import strategies as st

from tokscope.corpus.walk import Document
from tokscope.stats.engine.loop import Collect, Extras

DOCS = st.lists(
    st.builds(
        lambda name, text: Document(name, text, "Python", len(text.encode("utf-8"))),
        st.text("abc/", min_size=1, max_size=4),
        st.text("x é\n", min_size=1, max_size=12),
    ),
    max_size=12,
    unique_by=lambda d: d.name,
)


def collected(docs: list[Document], collect: Collect) -> Extras:
    extras = Extras()
    extras.add(docs, collect)
    return extras


@given(DOCS, st.lists(st.integers(0, 12), max_size=4), st.integers(1, 40), st.randoms())
@example(docs=[], cuts=[], budget=1, rng=random.Random(0))
@example(  # a part cannot see the document that closed the sample in another part
    docs=[
        Document("b", "x", "Python", 1),
        Document("a", "xxxx", "Python", 4),
        Document("aa", "xx", "Python", 2),
    ],
    cuts=[1],
    budget=5,
    rng=random.Random(0),
)
def test_extras_merge_in_any_grouping_and_order(
    docs: list[Document], cuts: list[int], budget: int, rng: random.Random
) -> None:
    collect = Collect(scripts=True, sample_bytes=budget)
    whole = collected(docs, collect)
    bounds = sorted({0, len(docs), *(min(c, len(docs)) for c in cuts)})
    parts = [collected(docs[a:b], collect) for a, b in pairwise(bounds)]
    rng.shuffle(parts)
    merged = Extras()
    for part in parts:
        merged.merge(part)
    assert merged.sample == whole.sample
    assert merged.scripts == whole.scripts


@given(DOCS, st.integers(1, 40))
def test_the_sample_is_the_first_documents_by_name_within_the_budget(
    docs: list[Document], budget: int
) -> None:
    sample = collected(docs, Collect(sample_bytes=budget)).sample
    fitting = sorted((d for d in docs if d.n_bytes <= budget), key=lambda d: d.name)
    assert sample == fitting[: len(sample)]
    assert sum(d.n_bytes for d in sample) <= budget
    if len(sample) < len(fitting):
        assert sum(d.n_bytes for d in sample) + fitting[len(sample)].n_bytes > budget


def test_scripts_are_collected_only_when_asked() -> None:
    docs = [Document("a", "x = 'Ω'", "Python", 8)]
    assert collected(docs, Collect()).scripts == set()
    assert collected(docs, Collect(scripts=True)).scripts == {"greek"}
