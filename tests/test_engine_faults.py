"""Faults inside a corpus pass: a tokenizer failing on some documents, documents too costly to
tokenize, a worker process killed mid-run. Each run goes on and counts what it left out."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.cli_helpers import digests, run
from tests.trained import wordpiece
from tokscope.corpus.cost import longest_solid_run, too_costly
from tokscope.corpus.documents import DEFAULT_MAX_SOLID_RUN
from tokscope.corpus.walk import CorpusOptions, Document, iter_corpus
from tokscope.loading.sources import load
from tokscope.render.stats.json import document
from tokscope.stats.engine.local import RunOptions, run_pass
from tokscope.stats.engine.loop import CacheCounts
from tokscope.whitespace import corpus_report

GOOD = {"a.py": "def area(w, h):\n    return w * h\n", "c.py": "x = [1, 2]\nprint(x)\n"}
BAD = {"b.py": 'smile = "\U0001f600"\n'}  # a character the tokenizer has no piece for


@pytest.fixture(scope="module")
def no_unk_wordpiece(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A trained WordPiece whose unknown token is not in its vocabulary: it encodes code made of
    the characters it was trained on and fails on any other."""
    data = json.loads(wordpiece().to_str())
    data["model"]["unk_token"] = "[MISSING]"
    folder = tmp_path_factory.mktemp("no-unk")
    (folder / "tokenizer.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def stats(folder: Path, spec: Path, *more: str) -> dict[str, object]:
    result = run(["stats", str(folder), "-t", str(spec), "--reference", str(spec), "-q", *more])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.stderr
    payload: dict[str, object] = json.loads(result.stdout)
    return payload


@pytest.mark.parametrize(
    "engine", [["-j", "1"], ["-j", "2"], ["--engine", "dask", "-j", "1"]], ids=str
)
def test_stats_skips_a_file_the_tokenizer_fails_on(
    tmp_path: Path, no_unk_wordpiece: Path, engine: list[str]
) -> None:
    mixed = write(tmp_path / "mixed", GOOD)
    want = stats(mixed, no_unk_wordpiece, "--json")
    write(mixed, BAD)
    before = digests(mixed)
    got = stats(mixed, no_unk_wordpiece, *engine, "--json")
    corpus = got["corpus"]
    assert isinstance(corpus, dict)
    assert corpus["files"] == len(GOOD)
    assert corpus["skipped"]["reasons"] == {
        "tokenizer-error": {"count": 1, "examples": [f"{mixed}/b.py"]}
    }
    assert got["tokenizers"] == want["tokenizers"]  # the other files measured as alone
    assert digests(mixed) == before


def test_whitespace_corpus_skips_a_file_the_tokenizer_fails_on(
    tmp_path: Path, no_unk_wordpiece: Path
) -> None:
    mixed = write(tmp_path / "mixed", GOOD)
    args = ["whitespace", "--corpus", str(mixed), "-t", str(no_unk_wordpiece), "-q", "--json"]
    want = json.loads(run(args).stdout)
    write(mixed, BAD)
    result = run(args)
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert got["documents"] == len(GOOD)
    assert got["skipped"]["reasons"]["tokenizer-error"]["count"] == 1
    assert got["cost"] == want["cost"]


def test_report_skips_a_file_the_tokenizer_fails_on(tmp_path: Path, no_unk_wordpiece: Path) -> None:
    mixed = write(tmp_path / "mixed", {**GOOD, **BAD})
    target = tmp_path / "report.md"
    result = run(["report", str(mixed), "-t", str(no_unk_wordpiece), "-q", "-o", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "tokenizer-error" in text


def test_longest_solid_run() -> None:
    assert longest_solid_run("") == 0
    assert longest_solid_run("a\u3000bcd\u2028ef") == 3  # Unicode whitespace separates
    assert not too_costly("abc def", 3)
    assert too_costly("abcd", 3)


COSTLY = {"marks.py": "x = '" + "\u0301" * 200 + "'\n", "emoji.py": "\U0001f469\u200d" * 60}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_over_the_cost_bound_is_skipped(
    tmp_path: Path, small_dir: Path, jobs: int
) -> None:
    spec = str(small_dir / "byte-bpe")
    mixed = write(tmp_path / "mixed", GOOD)
    options = RunOptions(specs=(spec,), reference=spec, jobs=jobs)
    alone = run_pass([str(mixed)], CorpusOptions(), options).report
    write(mixed, COSTLY)
    bounded = CorpusOptions(max_solid_run=100)
    got = run_pass([str(mixed)], bounded, options).report
    assert got.files == len(GOOD)
    assert dict(got.skipped.counts) == {"too-costly": len(COSTLY)}
    assert document(got)["tokenizers"] == document(alone)["tokenizers"]
    unbounded = run_pass([str(mixed)], CorpusOptions(), options).report
    assert unbounded.files == len(GOOD) + len(COSTLY)


def test_whitespace_corpus_keeps_the_cost_bound(tmp_path: Path, small_dir: Path) -> None:
    mixed = write(tmp_path / "mixed", {**GOOD, **COSTLY})
    docs = [d for d in iter_corpus([str(mixed)]) if isinstance(d, Document)]
    tok = load(str(small_dir / "byte-bpe"))
    got = corpus_report(docs, [tok], max_solid_run=100)
    assert got.documents == len(GOOD)
    assert dict(got.skipped.counts) == {"too-costly": len(COSTLY)}
    assert corpus_report(docs, [tok]).documents == len(GOOD) + len(COSTLY)


@pytest.mark.parametrize("cache", [False, True], ids=["no-cache", "cache"])
def test_killing_a_worker_mid_run_gives_the_same_result(
    tmp_path: Path, small_dir: Path, monkeypatch: pytest.MonkeyPatch, cache: bool
) -> None:
    """SIGKILL of one ``--jobs`` worker (what the out-of-memory killer does): the lost batches are
    measured again in a fresh pool, and the result is the one of an undisturbed run, also when
    the workers go through the cache (an empty one: every pair is measured)."""
    monkeypatch.setenv("TOKSCOPE_CACHE_DIR", str(tmp_path / "cache"))
    spec = str(small_dir / "byte-bpe")
    files = {f"f{i:02}.py": f"def f{i}(x):\n    return x * {i}\n" * 40 for i in range(40)}
    folder = write(tmp_path / "corpus", files)
    options = RunOptions(specs=(spec,), reference=spec, jobs=2, batch_bytes=2_000, cache=cache)
    want = run_pass([str(folder)], CorpusOptions(), replace(options, cache=False)).report
    killed: list[int] = []

    def kill_once(files: int, n_bytes: int) -> None:
        workers = multiprocessing.active_children()
        if not killed and workers:
            os.kill(workers[0].pid or 0, signal.SIGKILL)
            killed.append(workers[0].pid or 0)

    served = CacheCounts()
    got = run_pass(
        [str(folder)], CorpusOptions(), options, advance=kill_once, cache_counts=served
    ).report
    assert len(killed) == 1
    assert document(got) == document(want)
    assert served.hits + served.misses == (len(files) if cache else 0)


def test_a_pool_found_broken_when_submitting_is_renewed(
    tmp_path: Path, small_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker can die between two answers: the pool then refuses the next batch at once
    (seen once in CI). That batch is lost like the others and measured in a fresh pool."""
    from concurrent.futures.process import BrokenProcessPool

    from tokscope.stats.engine.pool import RenewedPool

    spec = str(small_dir / "byte-bpe")
    files = {f"f{i:02}.py": f"def f{i}(x):\n    return x * {i}\n" * 40 for i in range(40)}
    folder = write(tmp_path / "corpus", files)
    options = RunOptions(specs=(spec,), reference=spec, jobs=2, batch_bytes=2_000, cache=False)
    want = run_pass([str(folder)], CorpusOptions(), options).report
    calls: list[int] = []
    real_submit = RenewedPool.submit

    def flaky(self: RenewedPool, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 6:
            raise BrokenProcessPool("a worker died")
        return real_submit(self, fn, *args, **kwargs)

    monkeypatch.setattr(RenewedPool, "submit", flaky)
    got = run_pass([str(folder)], CorpusOptions(), options).report
    assert len(calls) > 6
    assert document(got) == document(want)


@pytest.mark.parametrize("command", ["stats", "report"])
def test_the_default_cost_bound_protects_the_cli(
    tmp_path: Path, small_dir: Path, command: str
) -> None:
    spec = str(small_dir / "byte-bpe")
    folder = write(tmp_path / "corpus", {**GOOD, "blob.txt": "x" * (DEFAULT_MAX_SOLID_RUN + 1)})
    target = tmp_path / "out.md"
    args = [command, str(folder), "-t", spec, "-q", "-o", str(target)]
    result = run([*args, "--reference", spec] if command == "stats" else args)
    assert result.exit_code == 0, result.output
    assert "too-costly" in target.read_text(encoding="utf-8")


def test_a_file_failing_among_files_measured_for_the_cache_is_skipped_alone(
    tmp_path: Path, no_unk_wordpiece: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With an empty cache the missing files are counted as one batch; when a tokenizer fails
    on one of them, each is measured alone, and only that one is skipped."""
    from tokscope.cache.keys import ENV_DIR

    monkeypatch.setenv(ENV_DIR, str(tmp_path / "cache"))
    mixed = write(tmp_path / "mixed", {**GOOD, **BAD, "d.py": "def f(y):\n    return y\n"})
    plain = stats(mixed, no_unk_wordpiece, "--json", "--no-cache")
    cold = stats(mixed, no_unk_wordpiece, "--json")
    warm = stats(mixed, no_unk_wordpiece, "--json")
    assert cold == plain == warm
    corpus = plain["corpus"]
    assert isinstance(corpus, dict)
    assert corpus["files"] == len(GOOD) + 1
    assert corpus["skipped"]["reasons"]["tokenizer-error"]["count"] == 1
