"""Lexemes kept in the cache (``tokscope.cache.lexemes``): stored as computed, damage not read,
and a run measuring a new tokenizer over files seen before reads them instead of lexing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokscope.cache.lexemes import decode_lexemes, encode_lexemes, lexeme_key
from tokscope.corpus.walk import CorpusOptions
from tokscope.lexing import lexeme_starts
from tokscope.stats.engine.local import RunOptions, run_pass

ROOT = Path(__file__).resolve().parent.parent


@given(st.lists(st.tuples(st.integers(0, 2**40), st.integers(0, 30)), max_size=50))
def test_lexemes_round_trip(pairs: list[tuple[int, int]]) -> None:
    lexed = ([p[0] for p in pairs], [p[1] for p in pairs])
    assert decode_lexemes(encode_lexemes(lexed)) == lexed


def test_real_lexemes_round_trip() -> None:
    text = (ROOT / "corpora" / "python" / "geometry.py").read_text(encoding="utf-8")
    lexed = lexeme_starts(text, "Python")
    assert decode_lexemes(encode_lexemes(lexed)) == lexed


@pytest.mark.parametrize("cut", [0, 5, 9, 20])
def test_a_damaged_body_is_not_read(cut: int) -> None:
    body = encode_lexemes(([0, 3, 7], [1, 2, 3]))
    assert decode_lexemes(body[:cut]) is None
    assert decode_lexemes(b"x" + body[1:]) is None


def test_the_key_follows_language_and_text() -> None:
    keys = {lexeme_key("Python", "x = 1"), lexeme_key("Ruby", "x = 1"), lexeme_key("Python", "x")}
    assert len(keys) == 3


def test_a_new_tokenizer_is_measured_without_lexing_again(
    small_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOKSCOPE_CACHE_DIR", str(tmp_path / "cache"))
    corpus = [str(ROOT / "corpora")]
    kept, old, new = (str(small_dir / d) for d in ("byte-bpe", "collapsing", "space-runs"))
    run_pass(
        corpus, CorpusOptions(), RunOptions(specs=(kept, old), reference="byte-bpe", cache=True)
    )

    def lexing(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("lexed again although the lexemes are stored")

    monkeypatch.setattr("tokscope.stats.batch.lexeme_starts", lexing)
    options = RunOptions(specs=(kept, new), reference="byte-bpe", cache=True)
    again = run_pass(corpus, CorpusOptions(), options)
    monkeypatch.undo()
    fresh = run_pass(corpus, CorpusOptions(), RunOptions(specs=(kept, new), reference="byte-bpe"))
    assert again.report == fresh.report
