"""The properties of tokscope.testing: what passes and fails for each tokenizer design.

Self-trained tokenizers cover every design; the real files check the facts DESIGN.md states:
ModernBERT and RoBERTa round-trip code, XLM-R does not (and hypothesis shrinks that to one or two
whitespace characters), ModernBERT tells apart space runs up to 24, and RoBERTa's ``return`` at
column 0 is not its ``Ġreturn`` inside a block.
"""

from __future__ import annotations

import json
import pickle
import unicodedata
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tokenizers import Tokenizer, decoders, models, pre_tokenizers

from tests import trained
from tokscope.loading.sources import LoadedTokenizer
from tokscope.testing import properties as p
from tokscope.testing import strategies as s
from tokscope.testing.runner import search

SMALL = ("byte-bpe", "space-runs", "collapsing", "wordpiece")

LOSSLESS_CODE = st.one_of(
    s.indented_blocks(kind="spaces", width=4),
    s.indented_blocks(kind="tabs"),
    s.indented_blocks(kind="mixed", width=2),
    s.line_endings(),
    s.runs_in_context(kinds=["space", "tab", "newline", "cr", "crlf"]),
    s.string_literals(),
    s.identifiers(),
    s.unicode_edge_cases(normalize="NFC"),
)
"""Code the lossless tokenizers give back exactly: everything, in NFC (ModernBERT normalises)."""


SOME = settings(max_examples=min(settings().max_examples, 100))
"""For the slower properties (indentation segments every line twice): at most 100 examples."""


def failure(check: Any, tok: Any, text: str, **kwargs: Any) -> p.PropertyFailure:
    """The PropertyFailure ``check`` raises on ``text`` (the test fails if it passes)."""
    with pytest.raises(p.PropertyFailure) as info:
        check(tok, text, **kwargs)
    return info.value


# -- the self-trained designs -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["byte-bpe", "space-runs"])
@SOME
@given(text=LOSSLESS_CODE)
@example(text="a  b\n\tc\r\n")
def test_byte_level_designs_round_trip(
    small: dict[str, LoadedTokenizer], name: str, text: str
) -> None:
    p.roundtrip(small[name], text)
    p.no_drop(small[name], text)
    p.fixed_point(small[name], text)


@pytest.mark.parametrize("name", SMALL)
@SOME
@given(text=s.code_text())
@example(text="👩\u200d💻 x\r\n")
@example(text="e\u0301\x00")
def test_every_design_keeps_offsets_deterministic_and_batch_consistent(
    small: dict[str, LoadedTokenizer], name: str, text: str
) -> None:
    p.offsets(small[name], text)
    p.deterministic(small[name], text)
    p.batch(small[name], text)


@pytest.mark.parametrize(
    ("name", "text", "check", "reason"),
    [
        ("collapsing", "a  b", p.roundtrip, "decode(encode(text)) is not the text"),
        ("collapsing", "a  b", p.no_drop, "1 character covered by no token"),
        ("collapsing", "a  b", p.runs_distinct, "a run of 2 spaces at character 1"),
        ("collapsing", "x\x00", p.no_unk, "1 unknown token (<unk>)"),
        ("wordpiece", "a\tb", p.runs_distinct, "a run of 1 tab at character 1"),
        ("wordpiece", "x = ☃", p.no_unk, "1 unknown token ([UNK]) for ☃"),
        ("byte-bpe", "return x\n", p.indent_stable, "changes the tokens of its body"),
    ],
)
def test_lossy_designs_fail(
    small: dict[str, LoadedTokenizer], name: str, text: str, check: Any, reason: str
) -> None:
    assert reason in failure(check, small[name], text).reason


@pytest.mark.parametrize("name", ["space-runs", "collapsing"])
@SOME
@given(text=s.indented_blocks(kind="spaces", width=4, max_lines=4, max_depth=2))
def test_indentation_stable_designs(
    small: dict[str, LoadedTokenizer], name: str, text: str
) -> None:
    p.indent_stable(small[name], text)


def test_indent_stable_names_the_line(small: dict[str, LoadedTokenizer]) -> None:
    text = "    return x\n\n  \nreturn y\n"
    found = failure(p.indent_stable, small["byte-bpe"], text)
    assert found.reason == "indenting line 4 by '····' changes the tokens of its body"
    p.indent_stable(small["byte-bpe"], text, max_lines=1)  # only the first line is tried


def test_bpe_dropout_is_not_deterministic() -> None:
    tok = trained.byte_level_bpe()
    tok.model.dropout = 0.5
    found = failure(p.deterministic, tok, "def get_value(self):\n    return self.value\n")
    assert "encoding 2 gives ids" in found.reason or "encoding 3" in found.reason


def _merge_bpe(merges: list[tuple[str, str]]) -> Tokenizer:
    """A byte-level BPE over ``a``, ``b``, space, without the pre-tokenizer's word split."""
    vocab = {c: i for i, c in enumerate(["a", "b", "Ġ", "Ġa", "aĠ", "Ġb"])}
    tok = Tokenizer(models.BPE(vocab, merges))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)
    tok.decoder = decoders.ByteLevel()
    return tok


def test_leading_space_changing_later_tokens_fails() -> None:
    # "Ġa" outranks "aĠ": with a space in front, "a" joins the space and " b" becomes "Ġb".
    tok = _merge_bpe([("Ġ", "a"), ("a", "Ġ"), ("Ġ", "b")])
    found = failure(p.leading_space, tok, "a b")
    assert [sp.label for sp in found.splits] == ["text", "spaced"]
    assert found.splits[0].ids == (4, 1) and found.splits[1].ids == (3, 5)
    p.leading_space(_merge_bpe([("Ġ", "a"), ("Ġ", "b")]), "a b")


class _Stub:
    """A tokenizer object with scripted encodings, for the failures real ones never show."""

    def __init__(self, real: Tokenizer, *, offsets: list[tuple[int, int]] | None = None) -> None:
        self._real = real
        self._offsets = offsets
        self.normalizer = real.normalizer

    def encode(self, text: str, add_special_tokens: bool = True) -> Any:
        encoding = self._real.encode(text, add_special_tokens=add_special_tokens)
        return _Encoding(encoding, self._offsets) if self._offsets else encoding

    def encode_batch(self, texts: list[str], add_special_tokens: bool = True) -> list[Any]:
        return [self._real.encode(t[::-1], add_special_tokens=add_special_tokens) for t in texts]

    def decode(self, ids: list[int], skip_special_tokens: bool = True) -> str:
        return self._real.decode(ids, skip_special_tokens=skip_special_tokens)


class _Encoding:
    def __init__(self, real: Any, offsets: list[tuple[int, int]]) -> None:
        self.ids, self.tokens, self.attention_mask = real.ids, real.tokens, real.attention_mask
        self.offsets = offsets


def test_batch_differing_from_single_fails(small: dict[str, LoadedTokenizer]) -> None:
    base = small["byte-bpe"]
    stub = replace(base, tokenizer=_Stub(base.tokenizer))  # type: ignore[arg-type]
    assert "as item 0 of a batch" in failure(p.batch, stub, "ab cd").reason


@pytest.mark.parametrize(
    ("offsets", "reason"),
    [
        ([(0, 1), (1, 9)], "reports offsets (1, 9), outside the text of 3 characters"),
        ([(0, 1), (7, 9)], "reports offsets (7, 9), outside the text of 3 characters"),
        ([(1, 3), (0, 1)], "starts at character 0, before the token before it (1)"),
    ],
)
def test_bad_offsets_fail(
    small: dict[str, LoadedTokenizer], offsets: list[tuple[int, int]], reason: str
) -> None:
    base = small["byte-bpe"]
    assert len(base.tokenizer.encode("a b", add_special_tokens=False).ids) == 2
    stub = replace(base, tokenizer=_Stub(base.tokenizer, offsets=offsets))  # type: ignore[arg-type]
    assert reason in failure(p.offsets, stub, "a b").reason


# -- arguments and reports ----------------------------------------------------------------------


def test_bare_tokenizers_are_accepted() -> None:
    tok = trained.collapsing_unigram()
    assert p.unknown_ids(tok) == {tok.token_to_id("<unk>")}
    assert "fails for tokenizer:" in str(failure(p.roundtrip, tok, "a\tb"))
    with pytest.raises(TypeError, match=r"expected a LoadedTokenizer or a tokenizers\.Tokenizer"):
        p.roundtrip("roberta", "x")  # type: ignore[arg-type]


def test_unknown_ids_by_model(small: dict[str, LoadedTokenizer]) -> None:
    assert p.unknown_ids(small["byte-bpe"]) == frozenset()
    wordpiece = small["wordpiece"].tokenizer
    assert p.unknown_ids(small["wordpiece"]) == {wordpiece.token_to_id("[UNK]")}


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda t: p.roundtrip(t, b"x"), TypeError, "text must be a str, not bytes"),  # type: ignore[arg-type]
        (lambda t: p.no_unk(t, "a\ud800"), ValueError, "not valid Unicode"),
        (lambda t: p.indent_stable(t, "x", unit="  x"), ValueError, "spaces or tabs"),
        (lambda t: p.runs_distinct(t, "x", max_runs=0), ValueError, "at least 1"),
        (lambda t: p.indent_stable(t, "x", max_lines=0), ValueError, "at least 1"),
    ],
)
def test_arguments_are_checked(
    small: dict[str, LoadedTokenizer], call: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        call(small["byte-bpe"])


def test_failure_message_shows_text_and_tokens_visibly(small: dict[str, LoadedTokenizer]) -> None:
    found = failure(p.runs_distinct, small["collapsing"], "x:\n\tgo()")
    assert isinstance(found, AssertionError)
    message = str(found)
    assert message.splitlines()[0] == (
        "runs-distinct fails for collapsing: a run of 1 newline at character 2 encodes like a "
        "run of 2"
    )
    assert "  text    x:↵→go()    'x:\\n\\tgo()'" in message
    assert "  longer  x:↵↵→go()    'x:\\n\\n\\tgo()'" in message
    assert "tokens  " in message and "┊" in message and "dropped ↵" in message
    assert found.property_id == "runs-distinct" and found.text == "x:\n\tgo()"


def test_failures_pickle(small: dict[str, LoadedTokenizer]) -> None:
    found = failure(p.roundtrip, small["collapsing"], "a\tb")
    again = pickle.loads(pickle.dumps(found))
    assert (str(again), again.splits, again.text) == (str(found), found.splits, found.text)


def test_text_repr_escapes_combining_marks() -> None:
    assert p.text_repr("e\u0301") == "'e\\u0301'"
    assert p.text_repr(unicodedata.normalize("NFC", "e\u0301")) == "'é'"


def test_indent_unit() -> None:
    assert p.indent_unit("a\n  b\n    c\n") == "  "
    assert p.indent_unit("a\n\tb\n") == "\t"
    assert p.indent_unit("a\n b\n") == "    "
    assert p.indent_unit("plain") == "    "


def test_property_registry() -> None:
    assert p.PROPERTY_IDS == (
        "roundtrip",
        "offsets",
        "no-drop",
        "deterministic",
        "batch",
        "runs-distinct",
        "indent-stable",
        "run-length-stable",
        "no-unk",
        "fixed-point",
        "leading-space",
    )
    assert p.get_property("no-unk").check is p.no_unk
    with pytest.raises(ValueError, match="unknown property 'nope'; known: roundtrip, offsets"):
        p.get_property("nope")


# -- the real files -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["modernbert", "roberta"])
@SOME
@given(text=LOSSLESS_CODE)
@example(text="def f():\r\n\treturn  x\u00a0 # café 👩\u200d💻\n")
@example(text="x" + " " * 25 + "y")
def test_modernbert_and_roberta_round_trip_code(
    real: dict[str, LoadedTokenizer], name: str, text: str
) -> None:
    p.roundtrip(real[name], text)
    p.no_drop(real[name], text)


def test_modernbert_normalises_decomposed_text(real: dict[str, LoadedTokenizer]) -> None:
    found = failure(p.roundtrip, real["modernbert"], "e\u0301")
    assert [sp.label for sp in found.splits] == ["text", "decoded"]
    assert found.splits[1].text == "\u00e9"
    p.roundtrip(real["roberta"], "e\u0301")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_xlmr_round_trip_shrinks_to_a_little_whitespace(
    real: dict[str, LoadedTokenizer], seed: int
) -> None:
    found = search(
        p.get_property("roundtrip"),
        real["xlm-roberta"],
        s.code_text(normalize="NFC"),
        max_examples=100,
        seed=seed,
        pinned=(),  # hypothesis alone: no fallback inputs
    )
    assert found is not None
    assert found.text.isspace() and 1 <= len(found.text) <= 2, found.text
    assert found.splits[0].label == "text" and found.splits[1].label == "decoded"


@pytest.mark.parametrize("context", ["x{}y", "{}x", "x{}", "a\n{}return", "({})"])
def test_modernbert_distinguishes_space_runs_up_to_24(
    real: dict[str, LoadedTokenizer], context: str
) -> None:
    for k in range(1, 25):
        p.runs_distinct(real["modernbert"], context.format(" " * k))


@SOME
@given(text=s.runs_in_context(kinds=["space"], max_length=24))
def test_modernbert_space_runs_property(real: dict[str, LoadedTokenizer], text: str) -> None:
    p.runs_distinct(real["modernbert"], text)


def test_xlmr_collapses_space_runs(real: dict[str, LoadedTokenizer]) -> None:
    found = failure(p.runs_distinct, real["xlm-roberta"], "x  y")
    assert found.reason == "a run of 2 spaces at character 1 encodes like a run of 3"
    assert found.splits[0].ids == found.splits[1].ids


@SOME
@given(text=s.indented_blocks(kind="spaces", width=4))
@example(text="def f():\n    return x\n")
@example(text="if x:\n    if y:\n        return z\n")
def test_modernbert_indentation_is_stable(real: dict[str, LoadedTokenizer], text: str) -> None:
    p.indent_stable(real["modernbert"], text)


def test_indentation_facts(real: dict[str, LoadedTokenizer]) -> None:
    modernbert, roberta = real["modernbert"], real["roberta"]
    # 4 -> 8 spaces keeps `return` for both...
    p.indent_stable(modernbert, "    return x\n")
    p.indent_stable(roberta, "    return x\n")
    # ...but RoBERTa's `return` at column 0 becomes `Ġreturn` once indented: a real effect.
    found = failure(p.indent_stable, roberta, "return x\n")
    assert found.reason == "indenting line 1 by '····' changes the tokens of its body"
    assert found.splits[0].tokens[0] == "return" and found.splits[1].tokens[-3] == " return"
    # ModernBERT keeps `Ġ` on a word after 1 space (25, 49...): C doc-comment lines show it.
    found = failure(p.indent_stable, modernbert, "/**\n * doc\n */\n")
    assert found.reason == "indenting line 2 by '····' changes the tokens of its body"


def test_xlmr_unknown_token_and_fixed_point(real: dict[str, LoadedTokenizer]) -> None:
    xlmr = real["xlm-roberta"]
    assert "1 unknown token (<unk>) for ⟨U+0000⟩" in failure(p.no_unk, xlmr, "x\x00y").reason
    found = failure(p.fixed_point, xlmr, "x\x00y")
    assert [sp.text for sp in found.splits] == ["x\x00y", "x<unk>y", "x<unk> y"]
    for name in ("modernbert", "roberta"):
        p.no_unk(real[name], "x\x00y 👩\u200d💻 \u202e")
        p.fixed_point(real[name], "x\x00y")


def test_real_leading_space_and_offsets(real: dict[str, LoadedTokenizer]) -> None:
    for tok in real.values():
        for text in ("def f(x):\n    return x\n", "  a  b", "👩\u200d💻 x\r\n\ty"):
            p.leading_space(tok, text)
            p.offsets(tok, text)
            p.deterministic(tok, text)
            p.batch(tok, text)


def test_failure_json_friendly(real: dict[str, LoadedTokenizer]) -> None:
    found = failure(p.roundtrip, real["xlm-roberta"], "a\n\tb")
    assert json.loads(json.dumps([sp.__dict__ for sp in found.splits]))[0]["dropped"] == ["\n"]
