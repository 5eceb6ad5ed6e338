"""A tokenizer's per-id tables kept in the cache: stored, read back, and measuring with them is
measuring without them."""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.test_cache import ROOT, _hits, _stats, small_modules
from tokscope.cache.keys import ENV_DIR
from tokscope.cache.tables import FORMAT, decode_tables, encode_tables
from tokscope.corpus.walk import Document
from tokscope.loading.sources import LoadedTokenizer, Provenance
from tokscope.loading.vocabulary import Vocabulary
from tokscope.stats.measure import measure
from tokscope.stats.prepared import ON_DEMAND_IDS, Prepared, Tables

TEXTS = [
    "def area(width, height):\n    return width * height\n",
    "class Point:\n\tdef __init__(self, x):\n\t\tself.x = x  # café ☃\n",
    "x = 1\r\n\r\n        y = [x  ,  2]\n\f\n",
]


def _stored(prep: Prepared) -> Prepared:
    """``prep``'s tokenizer again, with its tables read back from their cache bytes."""
    tables = decode_tables(encode_tables(prep.tables))
    assert tables is not None
    return Prepared(prep.loaded, info=prep.info, tables=tables)


def _same_tables(a: Tables, b: Tables) -> None:
    assert a.lengths.dtype == b.lengths.dtype == np.int64
    assert a.lengths.tolist() == b.lengths.tolist()
    assert a.is_ws.tolist() == b.is_ws.tolist()
    assert a.has_text.tolist() == b.has_text.tolist()
    assert a.absent == b.absent


def _same_entries(prep: Prepared, tok: LoadedTokenizer, ids: Iterable[int]) -> None:
    """``prep``'s entries read one by one are the whole vocabulary's, for ``ids`` (past
    ON_DEMAND_IDS of them, ``prep`` reads the whole vocabulary itself)."""
    vocabulary = tok.vocabulary
    for i in ids:
        assert prep.tokens[i] == vocabulary.tokens[i], (tok.name, i)
        assert prep.contents[i] == vocabulary.contents[i], (tok.name, i)


def test_tables_round_trip_and_give_the_same_entries(small: dict[str, LoadedTokenizer]) -> None:
    for tok in small.values():
        full = Prepared(tok)
        again = _stored(full)
        _same_tables(again.tables, full.tables)
        _same_entries(again, tok, range(tok.vocabulary.size))
        assert again.concat_decodes == full.concat_decodes


def test_tables_of_the_real_tokenizers(real: dict[str, LoadedTokenizer]) -> None:
    for tok in real.values():
        full = Prepared(tok)
        again = _stored(full)
        _same_tables(again.tables, full.tables)
        size = tok.vocabulary.size
        step = max(1, size // (ON_DEMAND_IDS // 2))
        _same_entries(again, tok, [*range(0, size, step), *sorted(tok.entries.added)])
        assert again.concat_decodes == full.concat_decodes


def test_an_id_without_entry_stays_empty() -> None:
    from tokenizers import Tokenizer, models

    from tokscope.loading.entries import EntryDecoder

    tok = Tokenizer(models.WordLevel({"a": 0, "b": 2, "<unk>": 3}, unk_token="<unk>"))
    prov = Provenance(spec="holes", origin="path", format="tokenizer.json", files=())
    loaded = LoadedTokenizer(
        "holes", tok, prov, EntryDecoder(False, None, None, False, frozenset())
    )
    assert loaded.vocabulary.tokens == ("a", "", "b", "<unk>")
    full = Prepared(loaded)
    assert full.tables.absent == (1,)
    prep = _stored(full)
    assert [prep.tokens[i] for i in range(4)] == ["a", "", "b", "<unk>"]
    assert prep.contents[1] == b""
    with pytest.raises(IndexError):
        prep.tokens[4]


def test_many_ids_switch_to_the_whole_vocabulary(real: dict[str, LoadedTokenizer]) -> None:
    tok = real["xlm-roberta"]
    prep = _stored(Prepared(tok))
    assert prep.tokens is not tok.vocabulary.tokens
    for i in range(ON_DEMAND_IDS + 1):
        prep.tokens[i]
    assert prep.tokens is tok.vocabulary.tokens


@given(texts=st.lists(st.text(max_size=60), min_size=1, max_size=4))
@example(texts=[" \t\n x", "\u00a0a  b"])
def test_measuring_with_stored_tables_is_measuring_without(
    small: dict[str, LoadedTokenizer], texts: list[str]
) -> None:
    texts = [t for t in texts if t] or ["x"]
    docs = [Document(f"f{i}.py", t, "python", len(t.encode())) for i, t in enumerate(texts)]
    for tok in small.values():
        full = Prepared(tok)
        for lex in (False, True):
            assert measure(docs, [_stored(full)], lex=lex) == measure(docs, [full], lex=lex)


def test_real_measuring_with_stored_tables(real: dict[str, LoadedTokenizer]) -> None:
    docs = [Document(f"f{i}.py", t, "python", len(t.encode())) for i, t in enumerate(TEXTS)]
    preps = [Prepared(t) for t in real.values()]
    stored = [_stored(p) for p in preps]
    assert measure(docs, stored, lex=True) == measure(docs, preps, lex=True)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not zlib",
        zlib.compress(b"not marshal"),
        zlib.compress(marshal.dumps((FORMAT + 1, 1, b"\0" * 8, b"\0", b"\0", ()))),
        zlib.compress(marshal.dumps((FORMAT, 2, b"\0" * 8, b"\0", b"\0", ()))),
        zlib.compress(marshal.dumps((FORMAT, 1, b"\0" * 8, b"\0", b"\0", (1,)))),
        zlib.compress(marshal.dumps((FORMAT, 1, b"\0" * 8, b"", b"\0", ()))),
        zlib.compress(marshal.dumps((FORMAT, None, b"", b"", b"", ()))),
        zlib.compress(marshal.dumps((FORMAT, -1, b"", b"", b"", ()))),
    ],
)
def test_decode_refuses_what_encode_did_not_write(data: bytes) -> None:
    assert decode_tables(data) is None


def test_an_edited_file_is_measured_without_reading_the_vocabulary(
    small_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_DIR, str(tmp_path / "cache"))
    folder = small_modules(tmp_path, 3)
    args = [str(folder), "-t", str(small_dir / "byte-bpe"), "-t", str(small_dir / "collapsing")]
    args += ["--reference", "byte-bpe"]
    _stats(args)
    (folder / "m01.py").write_text("def changed(y):\n\treturn  y  # é\n", encoding="utf-8")

    def whole(self: Vocabulary) -> object:
        raise AssertionError("the whole vocabulary was read")

    with monkeypatch.context() as patched:
        patched.setattr(Vocabulary, "_table", property(whole))
        out, err = _stats(args)
    assert _hits(err) == (4, 2)
    plain, _ = _stats([*args, "--no-cache"])
    assert out == plain


def test_the_corpora_with_stored_tables(
    small_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new corpus measured with tables stored by another run: the same numbers."""
    monkeypatch.setenv(ENV_DIR, str(tmp_path / "cache"))
    args = ["-t", str(small_dir / "space-runs"), "--reference", "space-runs"]
    tiny = tmp_path / "tiny"
    tiny.mkdir()
    (tiny / "a.py").write_text("x = 1\n", encoding="utf-8")
    _stats([str(tiny), *args])
    corpus = str(ROOT / "corpora")
    given: list[Tables] = []
    real_init = Prepared.__init__

    def recording(self: Prepared, *a: Any, **k: Any) -> None:
        if k.get("tables") is not None:
            given.append(k["tables"])
        real_init(self, *a, **k)

    with monkeypatch.context() as patched:
        patched.setattr(Prepared, "__init__", recording)
        out, err = _stats([corpus, *args])
    assert _hits(err)[0] == 0
    assert len(given) == 1  # the tokenizer was measured with the stored tables
    plain, _ = _stats([corpus, *args, "--no-cache"])
    assert out == plain
