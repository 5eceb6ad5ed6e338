"""Token/source alignment: exact for any Unicode, checked against a slow reference."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tokscope.align.segment import Segmentation, TokenSpan, segment
from tokscope.loading.sources import LoadedTokenizer

SMALL = ("byte-bpe", "space-runs", "collapsing", "wordpiece")
REAL = ("modernbert", "olmo", "xlm-roberta", "roberta")

CODE_PIECES = [*"abcxyz_ ():=.,\"'#", "    ", "\t", "\n", "\r\n", "\r", "é", "e\u0301", "日本"]
CODE_PIECES += ["👩\u200d💻", "\u200b", "\u00a0", "ß", "\x00", "\u202e"]
code_alphabet = st.sampled_from(CODE_PIECES)
code_like = st.lists(code_alphabet, max_size=40).map("".join)
any_text = st.one_of(st.text(max_size=60), code_like)

PINNED = [
    "",
    "a  b\n    return x",
    "👩\u200d💻 x",
    " 👩",
    "e\u0301t\u00e9",
    "\r\n\tx",
    "x\u200dy",
    "trail   ",
    "a\n\nb",
    "        x = 2",
]


def check_tiling(seg: Segmentation) -> None:
    """Covered spans and dropped spans tile the source exactly, in order, without overlap."""
    data = seg.text.encode("utf-8", "surrogatepass")
    assert seg.n_bytes == len(data)
    pieces: list[tuple[int, int, str]] = [
        (t.byte_start, t.byte_end, "token") for t in seg.tokens if t.byte_end > t.byte_start
    ] + [(g.byte_start, g.byte_end, "gap") for g in seg.dropped]
    pieces.sort()
    position = 0
    for start, end, _kind in pieces:
        assert start == position, (seg.text, pieces)
        assert end > start
        position = end
    assert position == len(data)
    previous = 0
    for token in seg.tokens:
        assert previous <= token.byte_start <= token.byte_end
        previous = token.byte_end
        check_token(seg.text, data, token)
    for gap in seg.dropped:
        assert gap.text == seg.text[gap.char_start : gap.char_end]
        assert gap.text.encode("utf-8", "surrogatepass") == data[gap.byte_start : gap.byte_end]


def check_token(text: str, data: bytes, token: TokenSpan) -> None:
    source = data[token.byte_start : token.byte_end]
    assert token.surface == source.decode("utf-8", "backslashreplace")
    covering = text[token.char_start : token.char_end].encode("utf-8", "surrogatepass")
    assert source in covering
    if not token.partial:
        assert covering == source


@pytest.mark.parametrize("name", SMALL)
@given(text=any_text)
@example(text=PINNED[1])
@example(text=PINNED[2])
@example(text=PINNED[3])
@example(text=PINNED[4])
@example(text=PINNED[5])
def test_spans_tile_the_text_small(small: dict[str, LoadedTokenizer], name: str, text: str) -> None:
    check_tiling(segment(small[name], text))


@pytest.mark.parametrize("name", REAL)
@given(text=any_text)
@example(text=PINNED[2])
@example(text=PINNED[3])
@example(text=PINNED[4])
@example(text=PINNED[6])
def test_spans_tile_the_text_real(real: dict[str, LoadedTokenizer], name: str, text: str) -> None:
    check_tiling(segment(real[name], text))


def reference_byte_spans(tok: LoadedTokenizer, text: str) -> list[tuple[int, int]]:
    """Slow reference for byte-level BPE: token contents laid end to end tile the source."""
    encoding = tok.tokenizer.encode(text, add_special_tokens=False)
    spans, position = [], 0
    for token_id, token in zip(encoding.ids, encoding.tokens):
        size = len(tok.entries.content(token_id, token))
        spans.append((position, position + size))
        position += size
    assert position == len(text.encode("utf-8"))
    return spans


@pytest.mark.parametrize("name", ["byte-bpe", "space-runs"])
@given(text=any_text.filter(lambda t: unicodedata.is_normalized("NFC", t)))
@example(text=PINNED[3])
def test_byte_level_spans_match_reference(
    small: dict[str, LoadedTokenizer], name: str, text: str
) -> None:
    seg = segment(small[name], text)
    assert [(t.byte_start, t.byte_end) for t in seg.tokens] == reference_byte_spans(
        small[name], text
    )
    assert not seg.dropped
    assert not any(t.differs for t in seg.tokens)
    assert seg.round_trip


@pytest.mark.parametrize("name", ["modernbert", "roberta", "olmo"])
@given(text=any_text.filter(lambda t: unicodedata.is_normalized("NFC", t)))
@example(text=PINNED[2])
@example(text=PINNED[3])
def test_real_byte_level_spans_match_reference(
    real: dict[str, LoadedTokenizer], name: str, text: str
) -> None:
    seg = segment(real[name], text)
    assert [(t.byte_start, t.byte_end) for t in seg.tokens] == reference_byte_spans(
        real[name], text
    )
    assert not seg.dropped


def test_trimmed_offsets_are_not_dropped_text(real: dict[str, LoadedTokenizer]) -> None:
    # RoBERTa's post-processor reports the lone Ġ of "a  b" as (2, 2); it still carries a space.
    seg = segment(real["roberta"], "a  b")
    assert [(t.token, t.surface) for t in seg.tokens] == [("a", "a"), ("Ġ", " "), ("Ġb", " b")]
    assert seg.dropped == ()


def test_xlmr_drops_newline_and_indentation(real: dict[str, LoadedTokenizer]) -> None:
    seg = segment(real["xlm-roberta"], "a  b\n    return x")
    assert [t.surface for t in seg.tokens] == ["a", " b", " return", " x"]
    assert [g.text for g in seg.dropped] == [" ", "\n   "]
    assert not seg.round_trip


def test_xlmr_rewrites_tab_and_joiner(real: dict[str, LoadedTokenizer]) -> None:
    seg = segment(real["xlm-roberta"], "\r\n\tx")
    assert [g.text for g in seg.dropped] == ["\r\n"]
    (token,) = seg.tokens
    assert (token.token, token.surface, token.decoded, token.differs) == ("▁x", "\tx", " x", True)
    joiner = segment(real["xlm-roberta"], "x\u200dy")
    assert [t.differs for t in joiner.tokens] == [False, True]


def test_split_character_has_exact_byte_spans(real: dict[str, LoadedTokenizer]) -> None:
    seg = segment(real["modernbert"], "👩")
    assert [t.token for t in seg.tokens] == ["ðŁ", "ĳ", "©"]
    assert [(t.byte_start, t.byte_end) for t in seg.tokens] == [(0, 2), (2, 3), (3, 4)]
    assert all(t.partial and (t.char_start, t.char_end) == (0, 1) for t in seg.tokens)


def test_inserted_metaspace_covers_nothing(real: dict[str, LoadedTokenizer]) -> None:
    seg = segment(real["xlm-roberta"], "👩")
    assert [(t.token, t.byte_start, t.byte_end, t.differs) for t in seg.tokens] == [
        ("▁", 0, 0, False),
        ("👩", 0, 4, False),
    ]


def test_nfc_composition_is_flagged(real: dict[str, LoadedTokenizer]) -> None:
    seg = segment(real["modernbert"], "e\u0301")
    assert [t.differs for t in seg.tokens] == [True]
    assert not seg.round_trip
    assert seg.dropped == ()


def test_wordpiece_spaces_are_uncovered(small: dict[str, LoadedTokenizer]) -> None:
    seg = segment(small["wordpiece"], "return  x")
    assert [g.text for g in seg.dropped] == ["  "]
    assert [t.surface for t in seg.tokens][-1] == "x"
