"""Groups of files kept in the cache as one aggregate, and merges that take their parts over."""

from __future__ import annotations

import io
import json
import os
import pickle
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.cache_rows import records, set_used
from tests.test_cache import _hits, _stats, small_modules, two_tokenizers
from tokscope.cache import decode
from tokscope.cache.groups import (
    _ALLOWED,
    GROUP_EVERY,
    decode_group,
    encode_group,
    ends_group,
    group_key,
    group_spans,
)
from tokscope.cache.keys import ENV_DIR
from tokscope.cache.store import MAGIC
from tokscope.corpus.walk import Document
from tokscope.loading.sources import LoadedTokenizer
from tokscope.stats import Aggregate, merge_all
from tokscope.stats.measure import measure
from tokscope.stats.prepared import Prepared

NAMES = st.lists(st.text(min_size=1, max_size=12), max_size=40)
TEXT = st.text(alphabet=st.sampled_from(list("ab_Cd \t\n(){}:=é\r")), min_size=1, max_size=50)


@given(names=NAMES)
def test_groups_tile_the_batch_and_end_by_name_alone(names: list[str]) -> None:
    spans = group_spans(names)
    assert [i for a, b in spans for i in range(a, b)] == list(range(len(names)))
    for a, b in spans[:-1]:
        assert ends_group(names[b - 1])
        assert not any(ends_group(n) for n in names[a : b - 1])
    # a file added in front moves no boundary after the first group end
    more = group_spans(["new.py", *names])
    ends = {b for _, b in spans if ends_group(names[b - 1])}
    assert ends <= {b - 1 for _, b in more}


def test_groups_are_short_on_average() -> None:
    names = [f"src/module_{i}.py" for i in range(4000)]
    spans = group_spans(names)
    assert GROUP_EVERY / 2 < len(names) / len(spans) < GROUP_EVERY * 2


@given(
    sizes=st.lists(st.integers(1, 300), min_size=1, max_size=120),
    edited=st.integers(0, 119),
    grown=st.integers(1, 2000),
    batch_docs=st.sampled_from([2048, 6]),
)
@example(sizes=[100] * 60, edited=3, grown=900, batch_docs=2048)
@example(sizes=[1] * 60, edited=3, grown=1, batch_docs=6)  # many small records
def test_batches_end_where_groups_end_so_an_edit_moves_no_group(
    sizes: list[int], edited: int, grown: int, batch_docs: int
) -> None:
    """Batches end at group ends (unless one reaches twice its size or number of documents
    first), so the groups of a run are the groups of the whole corpus whatever the sizes, and an
    edit that grows a file leaves every other group as it was."""
    from tokscope.stats.engine.loop import batches

    def cut(sizes: list[int]) -> list[list[Document]]:
        docs = [Document(f"src/m{i:03}.py", "x" * n, "python", n) for i, n in enumerate(sizes)]
        return list(batches(docs, batch_bytes=1000, skipped=[], batch_docs=batch_docs))

    def groups(parts: list[list[Document]]) -> list[list[str]]:
        names = [[d.name for d in part] for part in parts]
        return [mine[a:b] for mine in names for a, b in group_spans(mine)]

    def capped(part: list[Document]) -> bool:
        return sum(d.n_bytes for d in part) >= 2000 or len(part) >= 2 * batch_docs

    whole = group_spans([f"src/m{i:03}.py" for i in range(len(sizes))])
    changed = list(sizes)
    changed[edited % len(sizes)] += grown
    for parts in (cut(sizes), cut(changed)):
        for part in parts[:-1]:
            assert ends_group(part[-1].name) or capped(part)
        if not any(capped(part) for part in parts[:-1]):
            assert [len(g) for g in groups(parts)] == [b - a for a, b in whole]


def test_the_key_holds_every_name_and_entry() -> None:
    base = group_key(["a.py", "b.py"], [["k1"], ["k2"]])
    assert group_key(["a.py", "c.py"], [["k1"], ["k2"]]) != base
    assert group_key(["a.py", "b.py"], [["k1"], ["k3"]]) != base
    assert group_key(["a.py", "b.py"], [["k1"], ["k2"]]) == base


def _aggregate(small: dict[str, LoadedTokenizer], texts: list[str], *, lex: bool) -> Aggregate:
    preps = [Prepared(small["byte-bpe"]), Prepared(small["collapsing"])]
    docs = [Document(f"f{i}.py", t, "python", len(t.encode())) for i, t in enumerate(texts)]
    return measure(docs, preps, lex=lex)


def test_a_group_round_trips_with_the_run_s_tokenizers(small: dict[str, LoadedTokenizer]) -> None:
    agg = _aggregate(small, ["def f(x):\n    return  x\n", "a\tb  c\n\n\n"], lex=True)
    assert any(agg.failures)  # the collapsing tokenizer loses whitespace: examples are kept
    renamed = [replace(t, name=f"v{k}") for k, t in enumerate(agg.tokenizers)]
    back = decode_group(encode_group(agg), renamed, lex=True)
    assert back is not None
    assert [t.name for t in back.tokenizers] == ["v0", "v1"]
    back.tokenizers = agg.tokenizers
    assert back == agg


def test_the_allowed_classes_are_what_an_aggregate_pickles(
    small: dict[str, LoadedTokenizer],
) -> None:
    agg = _aggregate(small, ["class A:\n\tdef m(self): pass\n", "x = 1\r\n"], lex=True)
    named: set[tuple[str, str]] = set()

    class Recording(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> object:
            named.add((module, name))
            return super().find_class(module, name)

    Recording(io.BytesIO(encode_group(agg))).load()
    assert ("tokscope.stats.aggregate", "Aggregate") in named
    assert named <= _ALLOWED


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("echo should-not-run",))


class _Pointers:
    """An object array laid over raw bytes: they would be read as pointers."""

    def __init__(self, through: str) -> None:
        self.through = through

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        import numpy as np

        if self.through == "ndarray":
            return (np.ndarray, ((1,), np.dtype("O"), b"A" * 8))
        from numpy._core.numeric import _frombuffer  # type: ignore[attr-defined]

        return (_frombuffer, (b"A" * 8, np.dtype("O"), (1,), "C"))


@pytest.mark.parametrize("through", ["ndarray", "_frombuffer"])
def test_an_object_array_in_a_group_is_refused(
    through: str, small: dict[str, LoadedTokenizer]
) -> None:
    agg = _aggregate(small, ["x = 1\n"], lex=False)
    infos = agg.tokenizers
    agg.fingerprint = _Pointers(through)  # type: ignore[assignment]
    assert decode_group(encode_group(agg), infos, lex=False) is None


def test_a_group_without_its_state_is_refused(small: dict[str, LoadedTokenizer]) -> None:
    infos = _aggregate(small, ["x"], lex=False).tokenizers
    bare = b"\x80\x05ctokscope.stats.aggregate\nAggregate\n)\x81."
    assert decode_group(bare, infos, lex=False) is None


@pytest.mark.parametrize(
    "data",
    [b"", b"not a pickle", pickle.dumps({"a": 1}), pickle.dumps(_Boom()), pickle.dumps([1, 2])],
)
def test_decode_refuses_anything_else(data: bytes, small: dict[str, LoadedTokenizer]) -> None:
    agg = _aggregate(small, ["x"], lex=False)
    assert decode_group(data, agg.tokenizers, lex=False) is None


def test_decode_refuses_other_vocabularies_or_options(small: dict[str, LoadedTokenizer]) -> None:
    agg = _aggregate(small, ["x = 1\n"], lex=False)
    data = encode_group(agg)
    assert decode_group(data, agg.tokenizers, lex=True) is None
    assert decode_group(data, agg.tokenizers[:1], lex=False) is None
    bigger = [replace(t, vocab_size=t.vocab_size + 1) for t in agg.tokenizers]
    assert decode_group(data, bigger, lex=False) is None


@given(texts=st.lists(TEXT, min_size=1, max_size=6), lex=st.booleans())
@example(texts=["def f(self):\n    self.x", "def g(self):\n\tself.x"], lex=True)
def test_taking_parts_over_gives_the_same_total(
    small: dict[str, LoadedTokenizer], texts: list[str], lex: bool
) -> None:
    parts = [_aggregate(small, [t], lex=lex) for t in texts]
    kept = [pickle.loads(pickle.dumps(p)) for p in parts]
    copied = merge_all(kept, parts[0].tokenizers, lex=lex)
    assert merge_all(parts, parts[0].tokenizers, lex=lex, consume=True) == copied
    again = [pickle.loads(pickle.dumps(p)) for p in kept]
    assert again == kept  # the copying merge left its parts alone


def _decodes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many file entries are read from the cache from now on."""
    from tokscope.cache import decode

    calls: list[int] = []

    def counting(data: bytes) -> object:
        calls.append(1)
        return decode(data)

    monkeypatch.setattr("tokscope.stats.engine.cached.decode", counting)
    return calls


def test_a_run_is_served_by_groups_and_an_edit_misses_one(
    small_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_DIR, str(tmp_path / "cache"))
    folder = small_modules(tmp_path, 40)
    args = [str(folder), *two_tokenizers(small_dir)]
    cold, _ = _stats(args)
    with monkeypatch.context() as patched:
        calls = _decodes(patched)
        warm, err = _stats(args)
    assert warm == cold
    assert _hits(err) == (80, 0)
    names = sorted(p.name for p in folder.iterdir())
    alone = sum(1 for a, b in group_spans([str(folder / n) for n in names]) if b - a == 1)
    assert len(calls) == 2 * alone < 80  # groups of one file are read as their entry
    (folder / "m17.py").write_text("def changed(y):\n\treturn  y\n", encoding="utf-8")
    with monkeypatch.context() as patched:
        calls = _decodes(patched)
        edited, err = _stats(args)
    assert _hits(err) == (78, 2)
    assert 2 * alone < len(calls) < 80
    plain, _ = _stats([*args, "--no-cache"])
    assert edited == plain
    assert json.loads(plain)["corpus"]["files"] == 40


def test_an_unpicklable_group_is_measured_from_its_files(
    small_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv(ENV_DIR, str(cache))
    folder = small_modules(tmp_path, 20)
    args = [str(folder), "-t", str(small_dir / "byte-bpe"), "--reference", "byte-bpe"]
    cold, _ = _stats(args)
    monkeypatch.setattr("tokscope.cache.groups._ALLOWED", set())
    warm, err = _stats(args)
    assert warm == cold and _hits(err) == (20, 0)


def test_the_unpickler_names_what_it_refuses() -> None:
    from tokscope.cache.groups import _Unpickler

    with pytest.raises(pickle.UnpicklingError, match=r"(posix|os)\.system"):
        _Unpickler(io.BytesIO(pickle.dumps(_Boom()))).load()


def test_a_group_hit_keeps_its_files_entries_recent(
    small_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Least recently used entries are evicted first: a group served whole still needs its
    files' entries for the day one of them is edited."""
    cache = tmp_path / "cache"
    monkeypatch.setenv(ENV_DIR, str(cache))
    folder = small_modules(tmp_path, 30)
    args = [str(folder), "-t", str(small_dir / "byte-bpe"), "--reference", "byte-bpe"]
    _stats(args)
    for key in records(cache):
        set_used(cache, key, 1_000_000)
    with monkeypatch.context() as patched:
        calls = _decodes(patched)
        _stats(args)
    assert len(calls) < 30  # served by groups
    files = {
        key: used
        for key, (record, used) in records(cache).items()
        if decode(record[len(MAGIC) + 16 :]) is not None
    }
    assert len(files) == 30
    assert all(used > 1_000_000 for used in files.values())
