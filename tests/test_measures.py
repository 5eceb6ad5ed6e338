"""One definition of whitespace cost and whitespace lost (:mod:`tokscope.measures`), the same
number under the same name in every command.

* the reference functions on small texts whose answer can be read off the tokens;
* the vectorised fast path of ``stats`` == the reference, document by document, for self-trained
  tokenizers of every kind and for the real ones, on ``corpora/`` and on generated text (the way
  ``tests/test_stats_fastpath.py`` checks spans);
* ``stats`` and ``whitespace --corpus`` report equal whitespace bytes, whitespace cost and
  whitespace lost, on ``corpora/`` with the real tokenizers (through the CLI) and on generated
  text with the self-trained ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests import trained
from tests.cli_helpers import run_json
from tests.test_stats import loaded
from tests.test_stats_fastpath import CORPUS, PROBES, text_strategy
from tokscope.align.segment import segment
from tokscope.corpus.walk import Document
from tokscope.loading.sources import LoadedTokenizer
from tokscope.measures import (
    content_tables,
    is_whitespace_entry,
    whitespace_bytes,
    whitespace_cost,
    whitespace_lost_bytes,
    whitespace_lost_share,
)
from tokscope.stats import DOC, TOK
from tokscope.stats.engine.local import analyse
from tokscope.stats.measure import measure
from tokscope.stats.prepared import Prepared
from tokscope.text import WHITESPACE_STRING
from tokscope.whitespace import corpus_report

ROOT = Path(__file__).resolve().parent.parent
COMPARED = ("whitespace_bytes", "whitespace_cost", "whitespace_lost_bytes", "whitespace_lost_share")
"""The fields both commands report under the same name."""


@pytest.fixture(scope="module")
def small_preps(small: dict[str, LoadedTokenizer]) -> list[Prepared]:
    tiny = [loaded("tiny-bpe", trained.tiny_byte_bpe()), loaded("tiny-words", trained.tiny_words())]
    return [Prepared(t) for t in [*small.values(), *tiny]]


@pytest.fixture(scope="module")
def real_preps(real: dict[str, LoadedTokenizer]) -> list[Prepared]:
    return [Prepared(t) for t in real.values()]


# -- the reference ------------------------------------------------------------------------------


def test_whitespace_entries_are_ascii_whitespace_only() -> None:
    assert is_whitespace_entry(b" ") and is_whitespace_entry(b"\r\n\t\x0b\x0c")
    assert not is_whitespace_entry(b"")
    assert not is_whitespace_entry("\u00a0".encode())  # NBSP is text
    assert not is_whitespace_entry("\u3000".encode())  # so is the ideographic space
    assert not is_whitespace_entry(b" x")
    assert whitespace_bytes("a\u00a0\u3000 \n".encode()) == 2


@given(st.lists(st.binary(max_size=6), max_size=40))
@example([b"", b" ", b"\n\t", b"\xc2\xa0", b" a", b"\x00"])
def test_content_tables_agree_with_the_definition(contents: list[bytes]) -> None:
    lengths, is_ws, has_text = content_tables(contents)
    assert lengths.tolist() == [len(c) for c in contents]
    assert is_ws.tolist() == [is_whitespace_entry(c) for c in contents]
    assert has_text.tolist() == [bool(c.translate(None, WHITESPACE_STRING)) for c in contents]


def test_prepared_tables_of_real_vocabularies(real_preps: list[Prepared]) -> None:
    for shared in real_preps:
        prep = Prepared(shared.loaded)  # tables of its own, grown here for every id
        contents = prep.loaded.vocabulary.contents
        every = np.arange(prep.info.vocab_size)
        assert prep.is_ws_at(every).tolist() == [is_whitespace_entry(c) for c in contents]
        assert len(prep.tokens) == prep.info.vocab_size
        tok = prep.loaded.tokenizer
        ids = range(prep.info.vocab_size)
        assert all(prep.tokens[i] == (tok.id_to_token(i) or "") for i in ids)


def test_xlm_roberta_loses_both_leading_spaces(real: dict[str, LoadedTokenizer]) -> None:
    seg = segment(real["xlm-roberta"], "  x")
    # One space is covered by no token; `▁x` covers the other, but decode gives "x".
    assert seg.dropped_bytes == 1
    assert seg.decoded == "x"
    assert whitespace_lost_bytes(seg) == 2


def test_lost_whitespace_by_hand(small: dict[str, LoadedTokenizer]) -> None:
    byte_bpe = segment(small["byte-bpe"], "a  b\n\tc")
    assert byte_bpe.round_trip and not byte_bpe.dropped
    assert whitespace_lost_bytes(byte_bpe) == 0
    words = segment(loaded("tiny-words", trained.tiny_words()), "def  f():\n")
    # Word tokens cover no whitespace at all: every whitespace byte is lost, whatever the
    # decoder puts back between the words.
    assert words.dropped_bytes == 3
    assert whitespace_lost_bytes(words) == 3


def test_shares_have_no_value_without_a_denominator() -> None:
    assert whitespace_cost(0, 0) is None and whitespace_cost(1, 4) == 0.25
    assert whitespace_lost_share(0, 0) is None and whitespace_lost_share(3, 4) == 0.75


# -- the fast path of stats against the reference -------------------------------------------------


def check_fast_path(prep: Prepared, text: str) -> None:
    """What ``measure`` counts for ``text`` == the reference definitions on ``segment()``."""
    data = text.encode("utf-8")
    seg = segment(prep.loaded, text)
    agg = measure([Document("t", text, "unknown", len(data))], [prep], lex=False)
    row, docs = agg.counts["unknown"][0], agg.docs["unknown"]
    name = prep.info.name
    assert row[TOK.at("ws_lost_bytes")] == whitespace_lost_bytes(seg), (name, text)
    entries = prep.loaded.entries
    ws_tokens = sum(is_whitespace_entry(entries.content(t.id, t.token)) for t in seg.tokens)
    assert row[TOK.at("ws_tokens")] == ws_tokens, (name, text)
    assert docs[DOC.at("ws_bytes")] == whitespace_bytes(data), (name, text)


def test_fast_path_on_corpora_small(small_preps: list[Prepared]) -> None:
    for prep in small_preps:
        for text in CORPUS + PROBES:
            check_fast_path(prep, text)


def test_fast_path_on_corpora_real(real_preps: list[Prepared]) -> None:
    for prep in real_preps:
        for text in CORPUS + PROBES:
            check_fast_path(prep, text)


@given(text=text_strategy)
@example(text="  x")
@example(text="a\u00a0\u3000b \t\n")
@example(text="\r\n\tx")
def test_fast_path_on_generated_text_small(small_preps: list[Prepared], text: str) -> None:
    for prep in small_preps:
        check_fast_path(prep, text)


@given(text=text_strategy)
@example(text="  x")
@example(text="a\u00a0\u3000b \t\n")
@example(text="\r\n\tx")
def test_fast_path_on_generated_text_real(real_preps: list[Prepared], text: str) -> None:
    for prep in real_preps:
        check_fast_path(prep, text)


# -- stats and whitespace --corpus say the same ---------------------------------------------------


def stats_and_corpus(
    preps: Sequence[Prepared], docs: list[Document]
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The compared fields per tokenizer, from the library calls behind the two commands."""
    stats = analyse(docs, preps, reference=preps[0].info.name, lex=False)
    from_stats = {
        t.info.name: {f: getattr(t.overall, f) for f in COMPARED} for t in stats.tokenizers
    }
    report = corpus_report(docs, [p.loaded for p in preps])
    from_corpus = {
        r.tokenizer: {f: getattr(r, f) for f in COMPARED}
        for r in report.rows
        if r.language == "all"
    }
    return from_stats, from_corpus


@given(texts=text_strategy.map(lambda t: [t, t[::-1] + "\n"]))
@example(texts=["  x", "a\u00a0\u3000b \t\n"])
def test_both_commands_agree_on_generated_text(
    small_preps: list[Prepared], texts: list[str]
) -> None:
    docs = [
        Document(f"doc{i}.py", text, "Python", len(text.encode("utf-8")))
        for i, text in enumerate(texts)
    ]
    from_stats, from_corpus = stats_and_corpus(small_preps, docs)
    assert from_stats == from_corpus


def test_both_commands_agree_on_corpora_real(real_tokenizers: Path) -> None:
    args = [str(ROOT / "corpora")]
    for name in ("modernbert", "olmo", "xlm-roberta", "roberta"):
        args += ["-t", str(real_tokenizers / name)]
    stats = run_json(["stats", *args, "--no-lex"])
    corpus = run_json(["whitespace", "--corpus", *args])
    from_stats = {}
    for t in stats["tokenizers"]:
        from_stats[(t["name"], "all")] = {f: t["overall"][f] for f in COMPARED}
        for language, m in t["languages"].items():
            from_stats[(t["name"], language)] = {f: m[f] for f in COMPARED}
    from_corpus = {
        (r["tokenizer"], r["language"]): {f: r[f] for f in COMPARED} for r in corpus["cost"]
    }
    assert from_stats == from_corpus
    assert len(from_stats) == 4 * (1 + len(stats["corpus"]["languages"]))
    assert from_stats[("xlm-roberta", "all")]["whitespace_lost_bytes"] > 0
    assert from_stats[("modernbert", "all")]["whitespace_lost_bytes"] == 0
