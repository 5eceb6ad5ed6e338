"""Corpus metrics, computed by hand on tiny inputs with hand-made tokenizers.

The text is ``def f():\\n    return get_x\\n`` (26 bytes, all ASCII). Worked out on paper:

* ``tiny-bpe`` (tests/trained.py) splits it into 14 tokens,
  ``def|Ġ|f|()|:|Ċ|ĠĠ|Ġ|Ġret|urn|Ġget|_|x|Ċ``, with byte spans [0,3) [3,4) [4,5) [5,7) [7,8)
  [8,9) [9,11) [11,12) [12,16) [16,19) [19,23) [23,24) [24,25) [25,26).
* ``tiny-words`` keeps the four words, ``def|f():|return|[UNK]`` at [0,3) [4,8) [13,19) [20,25),
  drops the 8 whitespace bytes and decodes to ``def f(): return [UNK]``.
* Words (split on whitespace): ``def`` [0,3), ``f():`` [4,8), ``return`` [13,19), ``get_x``
  [20,25). Indentation: one run, [9,13).
* Pygments lexemes (merged): keyword ``def``, whitespace `` ``, identifier ``f``, punctuation
  ``(`` ``)`` ``:``, whitespace ``\\n····`` [8,13), keyword ``return``, whitespace `` ``,
  identifier ``get_x`` [20,25), whitespace ``\\n``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from tokenizers import Tokenizer

from tests import trained
from tokscope.corpus.walk import Document
from tokscope.loading.sources import FileRef, LoadedTokenizer, Provenance, entry_decoder_for
from tokscope.stats import (
    Metrics,
    RoundTripExample,
    StatsReport,
    UnitMetrics,
    renyi_efficiency,
    round_trip_example,
)
from tokscope.stats.engine.local import analyse
from tokscope.stats.identifiers import subword_boundaries
from tokscope.stats.prepared import Prepared

TEXT = "def f():\n    return get_x\n"


def loaded(name: str, tok: Tokenizer) -> LoadedTokenizer:
    """A tokenizer built in memory, wrapped like a loaded one."""
    provenance = Provenance(name, "path", "tokenizer.json", (FileRef(f"<{name}>", "0" * 64),))
    return LoadedTokenizer(name, tok, provenance, entry_decoder_for(tok))


@pytest.fixture(scope="module")
def tiny() -> list[Prepared]:
    return [
        Prepared(loaded("tiny-bpe", trained.tiny_byte_bpe())),
        Prepared(loaded("tiny-words", trained.tiny_words())),
    ]


def report(
    preps: Sequence[Prepared], texts: Sequence[tuple[str, str]], *, lex: bool = True
) -> StatsReport:
    docs = [
        Document(f"doc{i}", text, lang, len(text.encode("utf-8")))
        for i, (text, lang) in enumerate(texts)
    ]
    return analyse(docs, preps, reference="tiny-bpe", lex=lex)


def units(
    n: int, n_bytes: int, tokens: int, covered: int, continued: int, damaged: int = 0
) -> UnitMetrics:
    return UnitMetrics(
        units=n,
        bytes=n_bytes,
        tokens=tokens,
        fertility=tokens / n if n else None,
        pcw=continued / n if n else None,
        continuation_share=(tokens - covered) / tokens if tokens else None,
        uncovered=n - covered,
        damaged=damaged,
        damaged_share=damaged / n if n else None,
    )


def test_byte_level_bpe_by_hand(tiny: list[Prepared]) -> None:
    r = report(tiny, [(TEXT, "Python")])
    m: Metrics = r.tokenizers[0].overall
    assert (r.files, r.bytes, r.chars, r.reference) == (1, 26, 26, "tiny-bpe")
    assert m.tokens == 14
    assert m.bytes_per_token == m.chars_per_token == 26 / 14
    assert m.nsl == 1.0
    # def:1, f():3 (f, (), :), return:2 (Ġret, urn), get_x:3 (Ġget, _, x)
    assert m.words == units(4, 18, 9, 4, 3)  # def f(): return get_x: 26 bytes, 8 whitespace
    assert m.words.continuation_share == 5 / 9
    assert m.boundary_crossing_rate == 1 / 14  # only "()": two punctuation lexemes
    assert (m.whitespace_cost, m.whitespace_bytes, m.whitespace_lost_bytes) == (5 / 14, 8, 0)
    assert (m.dropped_bytes, m.round_trip, m.round_trip_fidelity) == (0, 1, 1.0)
    assert m.context_fit == ((512, 1.0), (8192, 1.0))
    assert m.unk_rate == 0.0
    assert m.indentation == units(1, 4, 3, 1, 1)  # ĠĠ, Ġ, and Ġret's space
    classes = dict(m.classes)
    assert classes["identifier"] == units(2, 6, 4, 2, 1)  # f:1, get_x:3
    assert classes["keyword"] == units(2, 9, 3, 2, 1)  # def:1, return:2
    assert classes["punctuation"] == units(3, 3, 3, 3, 0)  # "()" counts for ( and )
    assert classes["whitespace"] == units(4, 8, 7, 4, 1)  # Ġ | Ċ ĠĠ Ġ Ġret | Ġget | Ċ
    assert classes["string"] == units(0, 0, 0, 0, 0)
    # get_x: boundaries at 23 (get|_) and 24 (_|x), both token boundaries
    assert [(a.kind, a.boundaries, a.aligned, a.rate) for a in m.alignment] == [
        ("snake_case", 2, 2, 1.0),
        ("camelCase", 0, 0, None),
        ("dunder", 0, 0, None),
    ]
    snake = m.alignment[0]
    assert (snake.split_boundaries, snake.split_aligned, snake.recall) == (2, 2, 1.0)
    assert snake.whole_boundaries == 0
    # token starts inside get_x: _ and x, both on a sub-word boundary
    assert (m.identifier_token_starts, m.identifier_starts_on_subword) == (2, 2)
    assert (m.identifier_precision, m.bounded_identifiers, m.whole_identifiers) == (1.0, 1, 0)
    # lossless: the preserved-byte figures are the plain ones
    assert m.lossless and m.preserved_bytes == r.bytes
    assert (m.preserved_bytes_per_token, m.preserved_chars_per_token, m.preserved_nsl) == (
        m.bytes_per_token,
        m.chars_per_token,
        m.nsl,
    )
    # 12 distinct ids in 14 tokens: Ġ and Ċ twice, ten others once; |V| = 256 + 11
    p = np.array([2] * 2 + [1] * 10) / 14
    expected = math.log(float(np.sum(p**2.5))) / (1 - 2.5) / math.log(267)
    assert m.renyi_efficiency == pytest.approx(expected, rel=1e-12)
    bpe = r.tokenizers[0]
    assert [(f.name, f.occurrences, f.tokens_per_occurrence) for f in bpe.fragmented] == [
        ("get_x", 1, 3.0),
        ("f", 1, 1.0),
    ]
    assert [t.text for t in bpe.fragmented[0].split] == [" get", "_", "x"]
    assert [(c.token.token, c.count) for c in bpe.crossing] == [("()", 1)]
    assert bpe.round_trip_examples == ()


def test_lossy_word_tokenizer_by_hand(tiny: list[Prepared]) -> None:
    r = report(tiny, [(TEXT, "Python")])
    words = r.tokenizers[1]
    m = words.overall
    assert m.tokens == 4
    assert m.nsl == 4 / 14
    assert m.words == units(4, 18, 4, 4, 0, 1)  # get_x becomes [UNK]: rewritten
    assert m.boundary_crossing_rate == 1 / 4  # "f():" holds f ( ) :
    assert m.whitespace_cost == 0.0
    # source: 6 spaces and 2 newlines, none covered by a token (decode's 3 spaces restore none)
    assert (m.whitespace_bytes, m.whitespace_lost_bytes, m.whitespace_lost_share) == (8, 8, 1.0)
    assert m.dropped_bytes == 8
    assert (m.round_trip, m.round_trip_fidelity) == (0, 0.0)
    assert m.unk_rate == 1 / 4
    assert m.indentation == units(1, 4, 0, 0, 0, 1)
    classes = dict(m.classes)
    assert classes["whitespace"] == units(4, 8, 0, 0, 0, 4)
    assert classes["identifier"] == units(2, 6, 2, 2, 0, 1)
    assert classes["punctuation"] == units(3, 3, 3, 3, 0)
    assert [(a.boundaries, a.aligned) for a in m.alignment] == [(2, 0), (0, 0), (0, 0)]
    # get_x is one token: its two boundaries are counted apart, not as misses of split ones
    snake = m.alignment[0]
    assert (snake.split_boundaries, snake.recall, snake.whole_boundaries) == (0, None, 2)
    assert (m.bounded_identifiers, m.whole_identifiers, m.identifier_precision) == (1, 1, None)
    # lossy: compression over the 18 bytes kept; NSL against the lossless reference
    assert not m.lossless
    assert (m.preserved_bytes, m.preserved_bytes_per_token) == (18, 18 / 4)
    assert m.preserved_chars_per_token == 18 / 4
    assert m.preserved_nsl == pytest.approx((4 / 18) / (14 / 26), rel=1e-12)
    assert m.renyi_efficiency == pytest.approx(1.0)  # four ids once each, |V| = 4
    assert words.round_trip_examples == (
        RoundTripExample("doc0", 8, "def f():\n    retur", "def f(): return [U"),
    )
    assert [(c.token.token, c.count) for c in words.crossing] == [("f():", 1)]
    assert [(f.name, f.tokens_per_occurrence) for f in words.fragmented] == [
        ("f", 1.0),
        ("get_x", 1.0),
    ]
    assert [t.token for t in words.fragmented[1].split] == ["[UNK]"]


def test_no_lex_keeps_words_and_drops_classes(tiny: list[Prepared]) -> None:
    r = report(tiny, [(TEXT, "Python")], lex=False)
    m = r.tokenizers[0].overall
    assert (m.classes, m.alignment) == ((), ())
    assert m.words == units(4, 18, 9, 4, 3)  # def f(): return get_x: 26 bytes, 8 whitespace
    # without lexemes, boundaries are those between words: "()" is inside the word "f():"
    assert m.boundary_crossing_rate == 0.0
    assert r.tokenizers[0].fragmented == ()


def test_languages_and_totals_by_hand(tiny: list[Prepared]) -> None:
    r = report(tiny, [(TEXT, "Python"), ("x  y\n", "unknown"), ("\treturn\n", "python")])
    assert [(lang.name, lang.files, lang.bytes) for lang in r.languages] == [
        ("Python", 2, 34),
        ("unknown", 1, 5),
    ]
    bpe = r.tokenizers[0]
    # "x  y\n": x | Ġ | Ġ? GPT-2 splits "  y" as "Ġ" + "Ġy"; no Ġy merge: Ġ, Ġ, y
    by_lang = dict(bpe.languages)
    assert by_lang["unknown"].tokens == 5  # x Ġ Ġ y Ċ
    # "\treturn\n": ĉ r e t u r n -> ĉ, ret? no "r+e" merge: r, et, urn -> ĉ r et urn Ċ
    assert by_lang["Python"].tokens == 14 + 5
    assert bpe.overall.tokens == 24
    assert bpe.overall.files == 3
    # the tab run is an indentation run of the second Python file
    assert by_lang["Python"].indentation.units == 2


def test_renyi_efficiency_by_hand() -> None:
    assert renyi_efficiency(np.array([5, 5]), 2) == pytest.approx(1.0)
    # one id only: H = 0
    assert renyi_efficiency(np.array([0, 7, 0]), 3) == 0.0
    # p = (3/4, 1/4), alpha 2.5, |V| = 8
    h = math.log(0.75**2.5 + 0.25**2.5) / (1 - 2.5)
    assert renyi_efficiency(np.array([3, 1, 0, 0, 0, 0, 0, 0]), 8) == pytest.approx(
        h / math.log(8), rel=1e-12
    )
    assert renyi_efficiency(np.zeros(4, dtype=np.int64), 4) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("getUserName", ((3, 1), (7, 1))),
        ("max_len", ((3, 0), (4, 0))),
        ("__init__", ((2, 2), (6, 2))),
        ("HTTPServer", ((4, 1),)),
        ("_private", ((1, 0),)),
        ("MAX_LEN", ((3, 0), (4, 0))),
        ("utf8Decode", ()),  # boundaries next to digits are not counted
        ("plain", ()),
        ("Plain", ()),
        ("__x", ((2, 0),)),  # not a dunder: no trailing __
    ],
)
def test_subword_boundaries(name: str, expected: tuple[tuple[int, int], ...]) -> None:
    assert subword_boundaries(name) == expected


def test_round_trip_example() -> None:
    assert round_trip_example("f", "abc", "abc!") == RoundTripExample("f", 3, "abc", "abc!")
    assert round_trip_example("f", "a\n\nb", "a b") == RoundTripExample("f", 1, "a\n\nb", "a b")


@given(
    tallies=st.dictionaries(
        st.text(alphabet="abcxyz_", min_size=1, max_size=4),
        st.integers(0, 6).map(lambda n: [n, 1]),
        max_size=60,
    ),
    pool=st.integers(0, 70),
)
@example(tallies={"b": [2, 1], "a": [2, 1], "c": [5, 1], "d": [1, 1]}, pool=2)
def test_frequent_identifiers_are_the_first_of_the_full_sort(
    tallies: dict[str, list[int]], pool: int
) -> None:
    from tokscope.stats.report import frequent_identifiers

    plain = sorted(tallies.items(), key=lambda kv: (-kv[1][0], kv[0]))[:pool]
    assert frequent_identifiers(tallies, pool) == plain
