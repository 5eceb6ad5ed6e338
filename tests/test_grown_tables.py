"""A tokenizer's per-id values read only for the ids measuring meets: the same values as the whole
vocabulary's, the same measures, and no run reads the whole vocabulary when it need not."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from tokenizers import Tokenizer, models

from tests import trained
from tests.test_cache import _hits, _stats, small_modules, two_tokenizers
from tokscope.cache.keys import ENV_DIR
from tokscope.corpus.walk import Document
from tokscope.loading.entries import EntryDecoder
from tokscope.loading.sources import LoadedTokenizer, Provenance, entry_decoder_for
from tokscope.loading.vocabulary import Vocabulary
from tokscope.measures import content_tables
from tokscope.stats.measure import measure
from tokscope.stats.prepared import Prepared

TEXTS = [
    "def area(width, height):\n    return width * height\n",
    "class Point:\n\tdef __init__(self, x):\n\t\tself.x = x  # café ☃\n",
    "x = 1\r\n\r\n        y = [x  ,  2]\n\f\n",
]


def _wrap(name: str, tok: Tokenizer) -> LoadedTokenizer:
    prov = Provenance(spec=name, origin="path", format="tokenizer.json", files=())
    return LoadedTokenizer(name, tok, prov, entry_decoder_for(tok))


@contextmanager
def _whole_vocabulary_refused(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Reading a whole vocabulary (its table or every entry's bytes) fails within."""

    def whole(self: Vocabulary) -> object:
        raise AssertionError("the whole vocabulary was read")

    with monkeypatch.context() as patched:
        patched.setattr(Vocabulary, "_table", property(whole))
        patched.setattr(Vocabulary, "contents", property(whole))
        yield


def _whole(prep: Prepared) -> Prepared:
    """``prep``'s tokenizer again, every id met at once."""
    every = Prepared(prep.loaded, info=prep.info)
    every.meet(np.arange(prep.info.vocab_size, dtype=np.int64))
    return every


def _same_as_the_vocabulary(tok: LoadedTokenizer, ids: list[int]) -> None:
    """A fresh :class:`Prepared`, meeting ``ids`` in a few rounds (some ids twice), has the
    whole vocabulary's values for them."""
    vocabulary = tok.vocabulary
    lengths, is_ws, has_text = content_tables(vocabulary.contents)
    prep = Prepared(tok)
    arr = np.array(ids, dtype=np.int64)
    for part in (arr[::3], arr[1::2], arr):  # met in rounds, overlapping
        assert prep.lengths_at(part).tolist() == lengths[part].tolist(), tok.name
        assert prep.is_ws_at(part).tolist() == is_ws[part].tolist(), tok.name
        assert prep.has_text_at(part).tolist() == has_text[part].tolist(), tok.name
    for i in ids:
        assert prep.tokens[i] == vocabulary.tokens[i], (tok.name, i)
        assert prep.contents[i] == vocabulary.contents[i], (tok.name, i)
    # one id at a time, never met as a batch: the same
    alone = Prepared(tok)
    assert [alone.contents[i] for i in ids[:50]] == [vocabulary.contents[i] for i in ids[:50]]
    assert len(prep.tokens) == len(prep.contents) == vocabulary.size


def test_small_tokenizers_every_id(small: dict[str, LoadedTokenizer]) -> None:
    for tok in small.values():
        size = tok.vocabulary.size
        _same_as_the_vocabulary(tok, [*range(size - 1, -1, -1)])


def test_real_tokenizers_sampled(real: dict[str, LoadedTokenizer]) -> None:
    for tok in real.values():
        size = tok.vocabulary.size
        ids = sorted({*range(0, size, max(1, size // 5000)), *tok.entries.added, size - 1})
        _same_as_the_vocabulary(tok, ids)


def test_an_id_without_entry_stays_empty() -> None:
    tok = Tokenizer(models.WordLevel({"a": 0, "b": 2, "<unk>": 3}, unk_token="<unk>"))
    prov = Provenance(spec="holes", origin="path", format="tokenizer.json", files=())
    loaded = LoadedTokenizer(
        "holes", tok, prov, EntryDecoder(False, None, None, False, frozenset())
    )
    assert loaded.vocabulary.tokens == ("a", "", "b", "<unk>")
    prep = Prepared(loaded)
    assert prep.lengths_at(np.array([1, 3, 1])).tolist() == [0, 5, 0]
    assert [prep.tokens[i] for i in range(4)] == ["a", "", "b", "<unk>"]
    assert prep.contents[1] == b""
    with pytest.raises(IndexError):
        prep.tokens[4]
    with pytest.raises(IndexError):
        prep.contents[-1]
    with pytest.raises(IndexError):
        prep.lengths_at(np.array([4]))


def _unigram_with_added() -> Tokenizer:
    tok = trained.collapsing_unigram()
    tok.add_special_tokens(["<mask>", "<extra>"])  # new ids past the pieces
    tok.add_tokens(["▁the", "x"])  # strings the model may already have
    return tok


@pytest.mark.parametrize("make", [trained.collapsing_unigram, _unigram_with_added])
def test_a_unigram_size_needs_no_get_vocab(make: object, monkeypatch: pytest.MonkeyPatch) -> None:
    assert callable(make)
    tok = _wrap("unigram", make())
    expected = Vocabulary(tok.tokenizer, tok.entries)._table[0]
    with _whole_vocabulary_refused(monkeypatch):
        assert tok.vocabulary.size == expected
        prep = Prepared(tok)
        ids = tok.tokenizer.encode(" ".join(TEXTS), add_special_tokens=False).ids
        prep.lengths_at(np.array(ids, dtype=np.int64))
        assert prep.info.vocab_size == expected


def test_xlm_roberta_size_without_get_vocab(real: dict[str, LoadedTokenizer]) -> None:
    tok = real["xlm-roberta"]
    assert Vocabulary(tok.tokenizer, tok.entries).size == tok.vocabulary._table[0] == 250002


@given(texts=st.lists(st.text(max_size=60), min_size=1, max_size=4))
@example(texts=[" \t\n x", "\u00a0a  b"])
def test_measuring_with_grown_tables_is_measuring_with_whole_ones(
    small: dict[str, LoadedTokenizer], texts: list[str]
) -> None:
    texts = [t for t in texts if t] or ["x"]
    docs = [Document(f"f{i}.py", t, "python", len(t.encode())) for i, t in enumerate(texts)]
    for tok in small.values():
        for lex in (False, True):
            grown = measure(docs, [Prepared(tok)], lex=lex)
            assert grown == measure(docs, [_whole(Prepared(tok))], lex=lex)


def test_real_measuring_with_grown_tables(real: dict[str, LoadedTokenizer]) -> None:
    docs = [Document(f"f{i}.py", t, "python", len(t.encode())) for i, t in enumerate(TEXTS)]
    grown = [Prepared(t) for t in real.values()]
    whole = [_whole(p) for p in grown]
    assert measure(docs, grown, lex=True) == measure(docs, whole, lex=True)


def test_a_cold_run_of_a_unigram_tokenizer_reads_no_whole_vocabulary(
    small_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = small_modules(tmp_path, 3)
    args = [str(folder), "-t", str(small_dir / "collapsing"), "--reference", "collapsing"]
    args += ["--no-cache"]
    expected, _ = _stats(args)
    with _whole_vocabulary_refused(monkeypatch):
        out, _ = _stats(args)
    assert out == expected


def test_an_edited_file_is_measured_without_reading_the_vocabulary(
    small_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_DIR, str(tmp_path / "cache"))
    folder = small_modules(tmp_path, 3)
    args = [str(folder), *two_tokenizers(small_dir)]
    _stats(args)
    (folder / "m01.py").write_text("def changed(y):\n\treturn  y  # é\n", encoding="utf-8")
    with _whole_vocabulary_refused(monkeypatch):
        out, err = _stats(args)
    assert _hits(err) == (4, 2)
    plain, _ = _stats([*args, "--no-cache"])
    assert out == plain
