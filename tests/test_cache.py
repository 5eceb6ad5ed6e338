"""The cache of measured files: the store, its entries, and runs served from it."""

from __future__ import annotations

import gc
import json
import marshal
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.cache_rows import intact, records, set_record, set_used
from tests.cli_helpers import run
from tokscope.cache import Store, cache_dir, decode, encode, entry_of
from tokscope.cache.entries import FORMAT, Entry
from tokscope.cache.keys import ENV_DIR, key_of
from tokscope.cache.store import DATABASE, MAGIC
from tokscope.corpus.walk import CorpusOptions, Document
from tokscope.stats import Aggregate, merge_all
from tokscope.stats.engine.cached import CacheCounts
from tokscope.stats.engine.local import RunOptions, choose_jobs, run_pass
from tokscope.stats.measure import measure, measure_each
from tokscope.stats.prepared import Prepared

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty cache for one test."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(ENV_DIR, str(folder))
    return folder


def test_the_suite_never_writes_to_the_user_cache() -> None:
    assert os.environ[ENV_DIR]
    assert cache_dir() == Path(os.environ[ENV_DIR])


def test_the_user_cache_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(ENV_DIR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert cache_dir() == tmp_path / "xdg" / "tokscope"


# -- the store ------------------------------------------------------------------------------------


def test_store_round_trip_and_missing(tmp_path: Path) -> None:
    store = Store(tmp_path, max_size=1 << 20)
    key = key_of(["a"])
    assert store.get(key) is None
    store.put(key, b"body")
    assert store.get(key) == b"body"
    assert store.info().entries == 1


@pytest.mark.parametrize("damage", ["truncate", "flip", "magic", "empty"])
def test_corrupt_entries_are_ignored_and_removed(tmp_path: Path, damage: str) -> None:
    store = Store(tmp_path, max_size=1 << 20)
    key = key_of(["a"])
    store.put(key, b"some body of bytes")
    store.flush()
    data = records(tmp_path)[key][0]
    broken = {
        "truncate": data[:-3],
        "flip": data[:-1] + bytes([data[-1] ^ 1]),
        "magic": b"x" + data[1:],
        "empty": b"",
    }[damage]
    set_record(tmp_path, key, broken)
    assert store.get(key) is None
    assert key not in records(tmp_path)
    store.put(key, b"some body of bytes")
    assert store.get(key) == b"some body of bytes"


def test_puts_wait_for_a_flush_and_are_read_before_it(tmp_path: Path) -> None:
    store = Store(tmp_path, max_size=1 << 20)
    key = key_of(["a"])
    store.put(key, b"body")
    assert store.get(key) == b"body"  # pending, yet read
    assert not (tmp_path / DATABASE).exists() or key not in records(tmp_path)
    store.flush()
    assert Store(tmp_path, max_size=1 << 20).get(key) == b"body"


def test_pending_entries_are_written_at_exit(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from tokscope.cache import Store\n"
        "Store(Path(sys.argv[1]), max_size=1 << 20).put('k', b'body')\n"
    )
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], check=True)
    assert Store(tmp_path, max_size=1 << 20).get("k") == b"body"


def test_eviction_removes_the_least_recently_used(tmp_path: Path) -> None:
    body = b"x" * 1000
    entry = len(MAGIC) + 16 + len(body)
    store = Store(tmp_path, max_size=3 * entry)
    keys = [key_of([str(i)]) for i in range(5)]
    for key in keys:
        store.put(key, body)
    store.flush()
    for i, key in enumerate(keys):
        set_used(tmp_path, key, 1000 + i)
    set_used(tmp_path, keys[0], 2000)  # used last
    assert store.evict() == 2
    left = {k for k in keys if store.get(k) is not None}
    assert left == {keys[0], keys[3], keys[4]}
    assert store.info().size <= store.max_size


def test_a_hit_is_used_again(tmp_path: Path) -> None:
    store = Store(tmp_path, max_size=1 << 20)
    read, touched, left = (key_of([name]) for name in ("read", "touched", "left"))
    for key in (read, touched, left):
        store.put(key, b"b")
    store.flush()
    for key in (read, touched, left):
        set_used(tmp_path, key, 1000)
    assert store.get(read) == b"b"
    store.touch(touched)
    store.flush()
    used = {k: u for k, (_r, u) in records(tmp_path).items()}
    assert used[read] > 1000 and used[touched] > 1000 and used[left] == 1000


def test_concurrent_writers_of_one_entry_leave_it_whole(tmp_path: Path) -> None:
    store = Store(tmp_path, max_size=1 << 30)
    key = key_of(["same"])
    body = os.urandom(1 << 16)
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for _ in range(20):
                mine = Store(tmp_path, max_size=1 << 30)
                mine.put(key, body)
                mine.flush()
                got = store.get(key)
                assert got in (None, body)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert store.get(key) == body
    assert intact(tmp_path)


def test_concurrent_processes_each_keep_their_entries(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from tokscope.cache import Store\n"
        "store = Store(Path(sys.argv[1]), max_size=1 << 30)\n"
        "for i in range(300):\n"
        "    store.put(f'{sys.argv[2]}-{i}', b'x' * 500)\n"
        "    if i % 50 == 0: store.flush()\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(tmp_path), str(n)]) for n in range(3)
    ]
    assert [p.wait() for p in procs] == [0, 0, 0]
    assert Store(tmp_path, max_size=1 << 30).info().entries == 900
    assert intact(tmp_path)


def test_one_store_shared_by_threads_writes_every_entry(tmp_path: Path) -> None:
    store = Store(tmp_path, max_size=1 << 30)
    keys = [key_of([str(i)]) for i in range(200)]

    def write(part: list[str]) -> None:
        for key in part:
            store.put(key, key.encode())
            if key.endswith("0"):
                store.flush()

    threads = [threading.Thread(target=write, args=(keys[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.flush()
    again = Store(tmp_path, max_size=1 << 30)
    assert all(again.get(key) == key.encode() for key in keys)


def test_a_file_that_is_not_a_database_is_made_again(tmp_path: Path) -> None:
    (tmp_path / DATABASE).write_bytes(b"not a database at all" * 100)
    store = Store(tmp_path, max_size=1 << 20)
    key = key_of(["a"])
    assert store.get(key) is None
    store.put(key, b"body")
    store.flush()
    assert Store(tmp_path, max_size=1 << 20).get(key) == b"body"


def test_a_cache_that_cannot_be_written_is_ignored(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(b"a file where the cache folder would be")
    store = Store(blocker / "cache", max_size=1 << 20)
    store.put("k", b"body")
    store.flush()
    assert store.get("k") is None
    assert store.evict() == 0
    assert store.info().entries == 0


def test_a_row_of_another_type_is_a_miss(tmp_path: Path) -> None:
    store = Store(tmp_path, max_size=1 << 20)
    store.put("k", b"body")
    store.flush()
    set_record(tmp_path, "k", "text, not bytes")
    assert store.get("k") is None
    assert "k" not in records(tmp_path)


def test_a_locked_database_is_a_miss_and_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from tokscope.cache import store as module

    monkeypatch.setattr(module, "_BUSY_TIMEOUT", 0.1)
    monkeypatch.setattr(module, "_RETRY_AFTER", 0.0)
    monkeypatch.setattr(module, "_OPEN_ATTEMPTS", 2)
    first = Store(tmp_path, max_size=1 << 20)
    for i in range(20):
        first.put(f"k{i}", b"body")
    del first  # written, and its connection closed
    gc.collect()
    holder = sqlite3.connect(tmp_path / DATABASE, isolation_level=None)
    holder.execute("PRAGMA journal_mode=DELETE")  # no WAL: an exclusive lock keeps readers out
    holder.execute("BEGIN EXCLUSIVE")
    try:
        locked = Store(tmp_path, max_size=1 << 20)
        assert locked.get("k0") is None  # a miss while another run holds the file
    finally:
        holder.rollback()
        holder.close()
    assert len(records(tmp_path)) == 20  # not removed as if it were damaged
    assert locked.get("k0") == b"body"  # tried again once the lock is gone


@pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(), reason="no fork here"
)
def test_a_forked_process_keeps_its_own_writes(tmp_path: Path) -> None:
    import multiprocessing

    store = Store(tmp_path, max_size=1 << 20)
    store.put("parent", b"p")  # pending in the parent when the child forks

    def child() -> None:
        store.put("child", b"c")
        store.flush()

    proc = multiprocessing.get_context("fork").Process(target=child)
    proc.start()
    proc.join()
    assert proc.exitcode == 0
    store.flush()
    assert set(records(tmp_path)) == {"parent", "child"}


def test_a_cache_folder_removed_during_a_run_is_made_again(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "cache"
    store = Store(folder, max_size=1 << 20)
    store.put("a", b"one")
    store.flush()
    shutil.rmtree(folder)  # cleared by hand while the run goes on
    store.put("b", b"two")
    store.flush()
    assert Store(folder, max_size=1 << 20).get("b") == b"two"


def test_eviction_removes_the_entry_files_of_older_versions(tmp_path: Path) -> None:
    store = Store(tmp_path, max_size=1 << 20)
    store.put("k", b"kept")
    old = tmp_path / "ab" / ("ab" + "1" * 62 + ".entry")
    old.parent.mkdir()
    old.write_bytes(b"old")
    (tmp_path / "notes").mkdir()  # not an entry folder: left alone
    assert store.evict() == 1
    assert not old.parent.exists() and (tmp_path / "notes").exists()
    assert store.get("k") == b"kept"


def test_clear(tmp_path: Path) -> None:
    store = Store(tmp_path, max_size=1 << 20)
    for i in range(3):
        store.put(key_of([str(i)]), b"b")
    legacy = tmp_path / "ab" / ("ab" + "0" * 62 + ".entry")  # an older version's layout
    legacy.parent.mkdir()
    legacy.write_bytes(b"old")
    assert store.clear() == 4
    assert store.info().entries == 0
    assert not legacy.parent.exists()
    assert not Store(tmp_path, max_size=1 << 20).get(key_of(["0"]))


# -- entries --------------------------------------------------------------------------------------

TEXT = st.text(alphabet=st.sampled_from(list("ab_Cd \t\n(){}:=é👩\r")), min_size=1, max_size=60)


LANGUAGE = st.sampled_from(["python", "go", "unknown"])


@given(
    texts=st.lists(st.tuples(TEXT, LANGUAGE), min_size=1, max_size=4),
    lex=st.booleans(),
    sparse=st.booleans(),
)
@example(texts=[("def __init__(self):\n    return x\n", "python")], lex=True, sparse=False)
@example(texts=[("a  b\r\n\tx", "python"), ("a  b\r\n\tx", "python")], lex=False, sparse=True)
@example(texts=[("x = y\n", "python"), ("def f():\n    x = y\n", "python")], lex=True, sparse=True)
@example(
    texts=[("x = y\n", "go"), ("x = y\n", "python"), ("x\n", "unknown")], lex=True, sparse=True
)
def test_entries_add_up_to_the_measured_aggregate(
    small: dict[str, object], texts: list[tuple[str, str]], lex: bool, sparse: bool
) -> None:
    """Entries cut from a batch (one identifier in two files, several languages in one batch)
    equal those of each file measured alone, and add up to the batch's aggregate, whether it
    keeps its histograms dense or as the pairs added (as the cache's groups do)."""
    from tokscope.cache import add_document

    preps = [Prepared(small["byte-bpe"]), Prepared(small["collapsing"])]  # type: ignore[arg-type]
    docs = [Document(f"f{i}.py", t, lang, len(t.encode())) for i, (t, lang) in enumerate(texts)]
    whole = measure(docs, preps, lex=lex)
    total = Aggregate([p.info for p in preps], lex=lex, sparse=sparse)
    # the batch counted once and cut per document: the entries of each document measured alone
    pieces = measure_each(docs, preps, lex=lex)
    for doc, piece in zip(docs, pieces):
        entries = []
        for k, prep in enumerate(preps):
            (alone,) = measure_each([doc], [prep], lex=lex)
            entry = decode(encode(entry_of(alone)))
            assert entry is not None
            assert entry_of(piece, k) == entry
            entries.append(entry)
        add_document(total, doc.name, entries)
        total.add_contents([doc.text.encode("utf-8")])  # the fingerprint, as RunCache does
    expected = merge_all([whole], whole.tokenizers, lex=lex)
    assert total.well_formed()
    back = pickle.loads(pickle.dumps(total))  # as a group is stored, before being read
    assert back.well_formed()
    assert merge_all([total], whole.tokenizers, lex=lex) == expected  # merged as added
    assert back == total == expected


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"[]",
        b"not marshal",
        marshal.dumps([2, 1, 2, 3]),
        marshal.dumps({"a": 1}),
        marshal.dumps((FORMAT - 1, "python", (), (), ((), ()), ((), ()), (), (), ((), ()), 0)),
        marshal.dumps((FORMAT, "python", (1.5,), (), ((), ()), ((), ()), (), (), ((), ()), 0)),
        marshal.dumps((FORMAT, "python", (), (), ((),), ((), ()), (), (), ((), ()), 0)),
        marshal.dumps((FORMAT, None, (), (), ((), ()), ((), ()), (), (), ((), ()), 0)),
        marshal.dumps((FORMAT, "python", (), (), ((), ()), ((), ()), ((1,),), (), ((), ()), 0)),
        marshal.dumps((FORMAT, "python", (), (), ((), ()), ((), ()), (), (), ((), ((1,),)), 0)),
    ],
)
def test_decode_refuses_what_encode_did_not_write(data: bytes) -> None:
    assert decode(data) is None


def test_decode_reads_what_encode_wrote() -> None:
    entry = Entry("python", (1, 2), (3,), ((4,), (5,)), ((), ()), (), (), ((), ()), 7)
    assert decode(encode(entry)) == entry


def test_small_corpora_are_measured_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from tokscope.stats.engine import local

    docs = [Document("a.py", "x = 1\n", "python", 6)]
    jobs, items = choose_jobs(docs)
    assert jobs == 1
    assert list(items) == docs
    monkeypatch.setattr(local, "default_jobs", lambda: 4)
    big = [Document(f"{i}.py", "x", "python", 6 << 20) for i in range(12)]  # 72 MB
    assert choose_jobs(big[:2])[0] == choose_jobs(big[:2], lex=True)[0] == 1
    assert choose_jobs(big[:3])[0] == 1 and choose_jobs(big[:3], lex=True)[0] == 4
    jobs, items = choose_jobs(big)
    assert jobs == 4 and list(items) == big  # the items read to decide come back first


# -- runs -----------------------------------------------------------------------------------------


def _stats(args: list[str]) -> tuple[str, str]:
    result = run(["stats", *args, "--json", "-v"])
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def two_tokenizers(small_dir: Path) -> list[str]:
    """The ``stats`` options of two trained tokenizers (a lossless byte-level BPE, the
    reference, and a collapsing Unigram)."""
    spec = ["-t", str(small_dir / "byte-bpe"), "-t", str(small_dir / "collapsing")]
    return [*spec, "--reference", "byte-bpe"]


def _hits(stderr: str) -> tuple[int, int]:
    line = next(x for x in stderr.splitlines() if x.startswith("cache:"))
    words = line.split()
    return int(words[1]), int(words[3])


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_runs_with_and_without_the_cache_are_byte_identical(
    small_dir: Path, cache_folder: Path, jobs: str
) -> None:
    corpus = str(ROOT / "corpora")
    args = [corpus, *two_tokenizers(small_dir), "-j", jobs]
    plain, _ = _stats([*args, "--no-cache"])
    assert not cache_folder.exists()
    cold, err_cold = _stats(args)
    warm, err_warm = _stats(args)
    assert cold == plain
    assert warm == plain
    files = json.loads(plain)["corpus"]["files"]
    worst = [t["worst_files"] for t in json.loads(plain)["tokenizers"]]
    assert all(w["tokens_per_byte"] for w in worst)  # the cache serves the worst files too
    assert worst[1]["bytes_lost"]  # the collapsing tokenizer loses whitespace
    assert _hits(err_cold) == (0, 2 * files)
    assert _hits(err_warm) == (2 * files, 0)


def test_a_new_tokenizer_is_measured_alone(small_dir: Path, cache_folder: Path) -> None:
    corpus = str(ROOT / "corpora")
    one = ["-t", str(small_dir / "byte-bpe"), "--reference", "byte-bpe"]
    _stats([corpus, *one])
    both = [corpus, *one, "-t", str(small_dir / "space-runs")]
    out, err = _stats(both)
    files = json.loads(out)["corpus"]["files"]
    assert _hits(err) == (files, files)
    plain, _ = _stats([*both, "--no-cache"])
    assert out == plain


def small_modules(tmp_path: Path, count: int) -> Path:
    """A folder ``src`` of ``count`` small Python files, ``m00.py`` on."""
    folder = tmp_path / "src"
    folder.mkdir()
    for i in range(count):
        (folder / f"m{i:02}.py").write_text(f"def f{i}(x):\n    return x + {i}\n", "utf-8")
    return folder


def test_an_edited_file_is_measured_again(
    small_dir: Path, cache_folder: Path, tmp_path: Path
) -> None:
    folder = small_modules(tmp_path, 4)
    args = [str(folder), "-t", str(small_dir / "byte-bpe"), "--reference", "byte-bpe"]
    _stats(args)
    (folder / "m02.py").write_text("def changed(y):\n\treturn y\n", encoding="utf-8")
    out, err = _stats(args)
    assert _hits(err) == (3, 1)
    plain, _ = _stats([*args, "--no-cache"])
    assert out == plain


def test_a_fully_cached_run_loads_no_tokenizer(
    small_dir: Path, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = [str(ROOT / "corpora")]
    options = RunOptions(
        specs=(str(small_dir / "byte-bpe"),), reference="byte-bpe", cache=True, lex=False
    )
    first = run_pass(corpus, CorpusOptions(), options)

    def no_loading(spec: str) -> object:
        raise AssertionError(f"{spec} was loaded")

    monkeypatch.setattr("tokscope.loading.sources.load", no_loading)
    counts = CacheCounts()
    again = run_pass(corpus, CorpusOptions(), options, cache_counts=counts)
    assert again.report == first.report
    assert counts.misses == 0 and counts.hits > 0


def _loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every spec loaded from now on: at the start of a pass (``prepare``) or when a document
    needs a tokenizer not loaded yet (``load``)."""
    from tokscope.loading import sources
    from tokscope.stats.engine import loop

    loaded: list[str] = []
    real_prepare, real_load = loop.prepare, sources.load

    def prepare(specs: Sequence[str]) -> Any:
        loaded.extend(specs)
        return real_prepare(specs)

    def load(spec: str) -> Any:
        loaded.append(spec)
        return real_load(spec)

    monkeypatch.setattr(loop, "prepare", prepare)
    monkeypatch.setattr(sources, "load", load)
    return loaded


def test_a_named_tokenizer_served_from_the_cache_is_not_loaded(
    small_dir: Path, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = [str(ROOT / "corpora")]
    spec = f"v1={small_dir / 'byte-bpe'}"
    options = RunOptions(specs=(spec,), reference="v1", cache=True, lex=False)
    first = run_pass(corpus, CorpusOptions(), options)
    loaded = _loads(monkeypatch)
    again = run_pass(corpus, CorpusOptions(), options)
    assert again.report == first.report
    assert loaded == []


def test_a_replaced_tokenizer_is_the_only_one_loaded(
    small_dir: Path, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = [str(ROOT / "corpora")]
    kept, old, new = (str(small_dir / d) for d in ("byte-bpe", "collapsing", "space-runs"))
    run_pass(
        corpus, CorpusOptions(), RunOptions(specs=(kept, old), reference="byte-bpe", cache=True)
    )
    loaded = _loads(monkeypatch)
    options = RunOptions(specs=(kept, new), reference="byte-bpe", cache=True)
    counts = CacheCounts()
    again = run_pass(corpus, CorpusOptions(), options, cache_counts=counts)
    assert loaded == [new]
    assert (
        counts.hits == counts.misses > 0
    )  # every file: byte-bpe from the cache, the new one measured
    fresh = run_pass(corpus, CorpusOptions(), replace(options, cache=False))
    assert again.report == fresh.report


def test_a_tokenizer_given_twice_is_one_tokenizer_from_the_cache_too(
    small_dir: Path, cache_folder: Path
) -> None:
    spec = str(small_dir / "byte-bpe")
    args = [str(ROOT / "corpora" / "python"), "-t", spec, "-t", spec, "--reference", "byte-bpe"]
    plain, _ = _stats([*args, "--no-cache"])
    assert [t["name"] for t in json.loads(plain)["tokenizers"]] == ["byte-bpe"]
    _stats(args)
    warm, err = _stats(args)
    assert _hits(err)[1] == 0
    assert warm == plain


def _same_folder_name(small_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two different tokenizers in folders of one name: ``a/tok`` and ``b/tok``."""
    import shutil

    first, second = tmp_path / "a" / "tok", tmp_path / "b" / "tok"
    shutil.copytree(small_dir / "byte-bpe", first)
    shutil.copytree(small_dir / "collapsing", second)
    return first, second


def test_two_tokenizers_of_one_folder_name_keep_their_names_from_the_cache(
    small_dir: Path, cache_folder: Path, tmp_path: Path
) -> None:
    first, second = _same_folder_name(small_dir, tmp_path)
    corpus = str(ROOT / "corpora" / "python")
    for folder in (first, second):  # each alone first: stored under its own name
        _stats([corpus, "-t", str(folder), "--reference", str(folder)])
    args = [corpus, "-t", str(first), "-t", str(second), "--reference", str(first)]
    plain, _ = _stats([*args, "--no-cache"])
    warm, _ = _stats(args)
    assert warm == plain


def test_a_name_given_by_the_other_tokenizers_of_a_run_is_not_kept(
    small_dir: Path, cache_folder: Path, tmp_path: Path
) -> None:
    """Together, b/tok is called by its path (a/tok is "tok"); alone, it is "tok" again."""
    first, second = _same_folder_name(small_dir, tmp_path)
    corpus = str(ROOT / "corpora" / "python")
    _stats([corpus, "-t", str(first), "-t", str(second), "--reference", str(first)])
    alone = [corpus, "-t", str(second), "--reference", str(second)]
    plain, _ = _stats([*alone, "--no-cache"])
    assert [t["name"] for t in json.loads(plain)["tokenizers"]] == ["tok"]
    warm, _ = _stats(alone)
    assert warm == plain


def test_the_look_ahead_with_small_batches_gives_the_run_measured_afresh(
    small_dir: Path, cache_folder: Path, tmp_path: Path
) -> None:
    """In this process, batch after batch looked up (and its tokenizers loaded) in the encoding
    thread while the one before is counted: an edited-files run equals a fresh one."""
    folder = tmp_path / "src"
    folder.mkdir()
    for i in range(12):
        body = f"def f{i}(x):\n    return x * {i}  # {'y' * (i * 40)}\n"
        (folder / f"m{i:02}.py").write_text(body, encoding="utf-8")
    specs = (str(small_dir / "byte-bpe"), str(small_dir / "collapsing"))
    options = RunOptions(specs=specs, reference="byte-bpe", jobs=1, cache=True, batch_bytes=64)
    run_pass([str(folder)], CorpusOptions(), options)
    for i in (3, 7):
        (folder / f"m{i:02}.py").write_text(f"class C{i}:\n\tpass\n", encoding="utf-8")
    counts = CacheCounts()
    again = run_pass([str(folder)], CorpusOptions(), options, cache_counts=counts)
    assert (counts.hits, counts.misses) == (20, 4)
    fresh = run_pass([str(folder)], CorpusOptions(), replace(options, cache=False))
    assert again.report == fresh.report
    assert again.extras == fresh.extras


def test_cache_info_and_clear(small_dir: Path, cache_folder: Path) -> None:
    _stats([str(ROOT / "corpora"), "-t", str(small_dir / "byte-bpe"), "--reference", "byte-bpe"])
    info = run(["cache", "info", "--json"])
    assert info.exit_code == 0
    doc = json.loads(info.stdout)
    assert doc["folder"] == str(cache_folder)
    assert doc["entries"] > 0
    assert "entries:" in run(["cache", "info"]).stdout
    cleared = run(["cache", "clear"])
    assert f"removed {doc['entries']} entries" in cleared.stdout
    assert json.loads(run(["cache", "info", "--json"]).stdout)["entries"] == 0


def test_a_changed_tokenizer_file_is_measured_afresh(
    small_dir: Path, cache_folder: Path, tmp_path: Path
) -> None:
    import shutil

    from tests import trained

    folder = tmp_path / "mine"
    shutil.copytree(small_dir / "byte-bpe", folder)
    args = [str(ROOT / "corpora"), "-t", str(folder), "--reference", "mine"]
    first, _ = _stats(args)
    trained.save_tokenizer_json(trained.byte_level_bpe(vocab_size=300), folder)
    out, err = _stats(args)
    files = json.loads(out)["corpus"]["files"]
    assert _hits(err) == (0, files)
    assert out != first
    plain, _ = _stats([*args, "--no-cache"])
    assert out == plain


def test_corrupt_entries_are_measured_again(small_dir: Path, cache_folder: Path) -> None:
    args = [str(ROOT / "corpora"), "-t", str(small_dir / "byte-bpe"), "--reference", "byte-bpe"]
    first, _ = _stats(args)
    for key, (record, _used) in records(cache_folder).items():
        set_record(cache_folder, key, record[:-2])
    out, err = _stats(args)
    assert _hits(err) == (0, json.loads(out)["corpus"]["files"])
    assert out == first
    again, err = _stats(args)
    assert _hits(err) == (json.loads(out)["corpus"]["files"], 0)
    assert again == first
