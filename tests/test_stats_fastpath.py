"""The fast paths of ``stats`` give what the slow, obvious code gives.

* entry contents: :attr:`tokscope.loading.vocabulary.Vocabulary.contents` ==
  ``EntryDecoder.content`` per id;
* token spans and dropped bytes: :func:`tokscope.stats.spans.token_spans` == ``segment()``;
* round trip: what ``measure`` counts == ``decode(encode(text)) == text``;
* ``encode_batch_fast`` gives the ids of ``encode``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests import trained
from tests.test_stats import loaded
from tokscope.align.segment import segment
from tokscope.corpus.walk import Document
from tokscope.loading.sources import LoadedTokenizer
from tokscope.stats import TOK
from tokscope.stats.batch import counts_below
from tokscope.stats.damage import Damage
from tokscope.stats.encoding import Encoded, encode_texts
from tokscope.stats.measure import add_counts, measure
from tokscope.stats.prepared import Prepared
from tokscope.stats.spans import token_spans
from tokscope.text import ByteIndex

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [
    p.read_bytes().decode("utf-8") for p in sorted((ROOT / "corpora").rglob("*")) if p.is_file()
]
PROBES = [
    "a  b\n    return x",
    "def f():\n\tx = 'é'  # c\n",
    "x\r\ny\r\n\r\n",
    "trail   ",
    " lead",
    "👩\u200d💻 emoji",
    "e\u0301 = 1  # combining mark",
    "\n\n",
    "   ",
    "ﬁ ligature ①",
    "<s> [CLS] <unk> special-looking text",
    "x" + " " * 30 + "y",
]
text_strategy = st.lists(
    st.sampled_from([*"ab_xyzé中👩\u0301\u200d(){}:;=.'\"#", " ", "  ", "\t", "\n", "\r\n", "\r"]),
    min_size=1,
    max_size=40,
).map("".join)


@pytest.fixture(scope="module")
def small_preps(small: dict[str, LoadedTokenizer]) -> list[Prepared]:
    tiny = [loaded("tiny-bpe", trained.tiny_byte_bpe()), loaded("tiny-words", trained.tiny_words())]
    return [Prepared(t) for t in [*small.values(), *tiny]]


@pytest.fixture(scope="module")
def real_preps(real: dict[str, LoadedTokenizer]) -> list[Prepared]:
    return [Prepared(t) for t in real.values()]


def check_spans(prep: Prepared, text: str) -> None:
    """token_spans and measure agree with segment() and decode() on ``text``."""
    tok = prep.loaded.tokenizer
    data = text.encode("utf-8")
    if prep.byte_level:
        ids = tok.encode_batch_fast([text], add_special_tokens=False)[0].ids
        offsets = None
    else:
        encoding = tok.encode(text, add_special_tokens=False)
        ids, offsets = encoding.ids, encoding.offsets
    spans, span_ids = token_spans(prep, text, data, ids, offsets, ByteIndex(data).offsets)
    seg = segment(prep.loaded, text)
    assert span_ids == [t.id for t in seg.tokens]
    got = list(zip(spans.starts.tolist(), spans.ends.tolist()))
    assert got == [(t.byte_start, t.byte_end) for t in seg.tokens], prep.info.name
    assert spans.dropped == seg.dropped_bytes
    counts = measure([Document("t", text, "unknown", len(data))], [prep], lex=False)
    row = counts.counts["unknown"][0]
    assert bool(row[TOK.at("round_trip")]) is (
        tok.decode(span_ids, skip_special_tokens=False) == text
    )
    assert row[TOK.at("dropped_bytes")] == seg.dropped_bytes


def test_entry_contents_small(small_preps: list[Prepared]) -> None:
    for prep in small_preps:
        entries = prep.loaded.entries
        vocabulary = prep.loaded.vocabulary
        assert list(vocabulary.contents) == [
            entries.content(i, t) for i, t in enumerate(vocabulary.tokens)
        ]


def test_entry_contents_real(real_preps: list[Prepared]) -> None:
    for prep in real_preps:
        entries = prep.loaded.entries
        vocabulary = prep.loaded.vocabulary
        assert list(vocabulary.contents) == [
            entries.content(i, t) for i, t in enumerate(vocabulary.tokens)
        ], prep.info.name


def test_spans_on_corpora_small(small_preps: list[Prepared]) -> None:
    for prep in small_preps:
        for text in CORPUS + PROBES:
            check_spans(prep, text)


def test_spans_on_corpora_real(real_preps: list[Prepared]) -> None:
    for prep in real_preps:
        for text in CORPUS + PROBES:
            check_spans(prep, text)


@given(text=text_strategy)
@example(text="\r\n\r\n")
@example(text="é\u0301")
@example(text="  \u200d")
def test_spans_on_generated_text_small(small_preps: list[Prepared], text: str) -> None:
    for prep in small_preps:
        check_spans(prep, text)


@given(text=text_strategy)
@example(text="e\u0301\u0301 x")
@example(text="\t\r\n  x")
def test_spans_on_generated_text_real(real_preps: list[Prepared], text: str) -> None:
    for prep in real_preps:
        check_spans(prep, text)


def test_encode_batch_fast_gives_the_same_ids(real_preps: list[Prepared]) -> None:
    for prep in real_preps:
        tok = prep.loaded.tokenizer
        fast = [e.ids for e in tok.encode_batch_fast(CORPUS, add_special_tokens=False)]
        assert fast == [e.ids for e in tok.encode_batch(CORPUS, add_special_tokens=False)]


@given(
    st.lists(st.integers(0, 40), max_size=30),
    st.lists(st.integers(0, 40), max_size=30),
)
@example([3, 3, 7, 40], [0, 3, 4, 7, 40])
def test_counts_below_answers_as_searchsorted(positions: list[int], values: list[int]) -> None:
    at = np.sort(np.array(positions, dtype=np.int64))
    asked = np.array(values, dtype=np.int64)
    table = counts_below(at, 40)
    assert table[asked].tolist() == np.searchsorted(at, asked, "left").tolist()
    assert table[asked + 1].tolist() == np.searchsorted(at, asked, "right").tolist()


@given(st.lists(st.booleans(), min_size=1, max_size=30), st.data())
@example([False, False], None)
def test_damaged_units_are_units_with_a_damaged_byte(
    damaged: list[bool], data: st.DataObject | None
) -> None:
    n = len(damaged)
    pairs = [(0, n), (0, 0), (n, n)]
    if data is not None:
        bound = st.integers(0, n)
        drawn = data.draw(st.lists(st.tuples(bound, bound)))
        pairs += [(min(a, b), max(a, b)) for a, b in drawn]
    starts = np.array([a for a, _ in pairs], dtype=np.int64)
    ends = np.array([b for _, b in pairs], dtype=np.int64)
    hit = Damage(np.array(damaged, dtype=bool)).units(starts, ends)
    assert hit.tolist() == [any(damaged[a:b]) for a, b in pairs]


@given(st.lists(st.integers(0, 99), max_size=40), st.sampled_from([100, 1000]))
@example([5, 5, 0, 99], 100)
def test_add_counts_is_adding_a_bincount(ids: list[int], size: int) -> None:
    arr = np.array(ids, dtype=np.int64)
    into = np.arange(size, dtype=np.int64)
    expected = into + np.bincount(arr, minlength=size)
    add_counts(into, arr)  # few ids against 1000: only those touched; else counted whole
    assert into.tolist() == expected.tolist()


@given(texts=st.lists(text_strategy, min_size=1, max_size=3))
def test_decoding_ahead_is_decoding_here(small_preps: list[Prepared], texts: list[str]) -> None:
    texts = [t for t in texts if t] or ["x\t y"]
    docs = [Document(f"f{i}", t, "python", len(t.encode())) for i, t in enumerate(texts)]
    ahead = encode_texts(small_preps, texts)
    assert any(e.decoded is not None for e in ahead)
    here = [Encoded(e.encodings, e.offsets) for e in ahead]
    assert measure(docs, small_preps, lex=False, encoded=ahead) == measure(
        docs, small_preps, lex=False, encoded=here
    )
