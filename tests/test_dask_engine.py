"""The Dask engine on a local cluster of two worker processes: the same JSON as the local engine.

One cluster serves the whole module (starting one takes seconds); the test that kills a worker runs
last and waits for the cluster to be whole again.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli_helpers import run
from tokscope.corpus.walk import CorpusOptions, language_for
from tokscope.render.stats.json import render
from tokscope.stats.engine.local import RunOptions
from tokscope.stats.engine.local import run as run_local

distributed = pytest.importorskip("distributed")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from tokscope.stats.engine.cluster import DaskRun, local_cluster, plan, run_dask  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120
"""Seconds a cluster operation may take before the test fails (generous: CI has 2 cores)."""


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A client of a local cluster of 2 single-threaded worker processes, closed at the end."""
    with local_cluster(2) as cluster, distributed.Client(cluster) as connected:
        connected.wait_for_workers(2, timeout=TIMEOUT)
        yield connected


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """corpora/ three times over (distinct paths), as 4 Parquet shards of row groups of 3 rows,
    plus a corrupt shard."""
    folder = tmp_path_factory.mktemp("shards")
    files = sorted(p for p in (ROOT / "corpora").rglob("*") if p.is_file() and p.suffix != ".md")
    rows: list[dict[str, str | None]] = [
        {"path": f"copy{k}/{p.relative_to(ROOT)}", "content": p.read_text(), "lang": lang}
        for k in range(3)
        for p in files
        for lang in [language_for(p.name)]
    ]
    rows.append({"path": "null.py", "content": None, "lang": "Python"})
    for k in range(4):
        table = pa.Table.from_pylist(rows[k::4])
        pq.write_table(table, folder / f"shard-{k}.parquet", row_group_size=3)
    (folder / "shard-9.parquet").write_bytes(b"PAR1 not a parquet file PAR1")
    return folder


def options(small_dir: Path) -> RunOptions:
    specs = (str(small_dir / "byte-bpe"), str(small_dir / "collapsing"))
    return RunOptions(specs=specs, reference="byte-bpe", jobs=1)


@pytest.fixture(scope="module")
def local_json(shards: Path, small_dir: Path) -> str:
    report = run_local([str(shards)], CorpusOptions(), options(small_dir))
    return render(report, None)


def dask_run(client: Any, shards: Path, small_dir: Path, **kwargs: Any) -> DaskRun:
    return run_dask(
        [str(shards)], CorpusOptions(), options(small_dir), client=client, part_bytes=1, **kwargs
    )


def test_plan_splits_shards_into_row_group_ranges(shards: Path) -> None:
    work = plan([str(shards)], CorpusOptions(), part_bytes=1)
    assert work.shards == 5
    assert [s.reason for s in work.skipped] == ["unreadable"]
    assert len(work.parts) == 9  # 25 rows in shards of 7, 6, 6, 6: row groups 3 + 2 + 2 + 2
    whole = plan([str(shards)], CorpusOptions())
    assert len(whole.parts) == 4


def test_same_json_as_the_local_engine(
    client: Any, shards: Path, small_dir: Path, local_json: str
) -> None:
    done = dask_run(client, shards, small_dir)
    assert render(done.report, None) == local_json
    assert all(t.most_tokens_per_byte for t in done.report.tokenizers)  # compared, not empty
    assert (done.shards, done.tasks) == (5, 9)
    assert done.report.files == 24


def test_corrupt_shard_is_reported_and_skipped(
    client: Any, shards: Path, small_dir: Path, local_json: str
) -> None:
    import json

    done = dask_run(client, shards, small_dir)
    skipped = json.loads(render(done.report, None))["corpus"]["skipped"]
    assert skipped["reasons"]["unreadable"] == {
        "count": 1,
        "examples": [str(shards / "shard-9.parquet")],
    }
    assert skipped["reasons"]["no-text"]["count"] == 1


def test_cli_on_an_existing_scheduler(
    client: Any, shards: Path, small_dir: Path, local_json: str
) -> None:
    args = ["stats", str(shards), "-t", str(small_dir / "byte-bpe")]
    args += ["-t", str(small_dir / "collapsing"), "--reference", "byte-bpe", "--json"]
    result = run([*args, "--engine", "dask", "--scheduler", client.scheduler.address])
    assert result.exit_code == 0, result.output
    assert result.stdout == local_json
    assert "dask: 5 shards in 4 tasks" in result.stderr
    assert run([*args, "--scheduler", client.scheduler.address]).exit_code == 2


def test_dask_workers_go_through_the_cache(
    client: Any, shards: Path, small_dir: Path, local_json: str
) -> None:
    """The workers read and fill the cache of their machine (here the suite's, inherited): a
    second run is served from it whole, with the same JSON; counts come back to the client."""
    from dataclasses import replace

    from tokscope.stats.engine.cached import CacheCounts

    cached = replace(options(small_dir), cache=True)
    counts = [CacheCounts(), CacheCounts()]
    for served in counts:
        done = run_dask(
            [str(shards)],
            CorpusOptions(),
            cached,
            client=client,
            part_bytes=1,
            cache_counts=served,
        )
        assert render(done.report, None) == local_json
    pairs = 2 * done.report.files
    assert counts[0].hits + counts[0].misses == pairs
    assert (counts[1].hits, counts[1].misses) == (pairs, 0)


def _hide_tokenizers(empty: str) -> None:
    """On a worker: no TOKSCOPE_TOKENIZERS, no Hugging Face cache, no Hub."""
    os.environ["TOKSCOPE_TOKENIZERS"] = empty
    os.environ["HF_HOME"] = empty
    os.environ["HF_HUB_OFFLINE"] = "1"


def _restore(saved: dict[str, str | None]) -> None:
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def test_worker_without_the_tokenizers_is_one_clear_error(
    client: Any, shards: Path, tmp_path: Path
) -> None:
    from tokscope.errors import TokscopeError

    names = ("TOKSCOPE_TOKENIZERS", "HF_HOME", "HF_HUB_OFFLINE")
    saved = {name: os.environ.get(name) for name in names}
    client.run(_hide_tokenizers, str(tmp_path))
    try:
        with pytest.raises(TokscopeError, match=r"Dask worker .* cannot load the tokenizers"):
            run_dask(
                [str(shards)],
                CorpusOptions(),
                RunOptions(specs=("roberta",), reference="roberta"),
                client=client,
                retries=0,
            )
    finally:
        client.run(_restore, saved)


def test_killing_a_worker_mid_run_gives_the_same_result(
    client: Any, shards: Path, small_dir: Path, local_json: str
) -> None:
    pids: dict[str, int] = client.run(os.getpid)
    killed: list[int] = []

    def kill_once(files: int, n_bytes: int) -> None:
        # After the first task, kill a worker that holds a task, so that it dies with work
        # assigned to it (which worker that is depends on timing, so ask the scheduler).
        if not killed:
            busy = sorted(a for a, keys in client.processing().items() if keys and a in pids)
            victim = pids[busy[0]] if busy else min(pids.values())
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    done = dask_run(client, shards, small_dir, advance=kill_once)
    assert len(killed) == 1
    assert render(done.report, None) == local_json
    assert done.retried is not None and done.retried >= 1
    client.wait_for_workers(2, timeout=TIMEOUT)  # the nanny restarts it
    assert killed[0] not in client.run(os.getpid).values()


def test_missing_dask_is_one_line(
    small_dir: Path, shards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = run(["stats", str(shards), "-t", str(small_dir / "byte-bpe"), "--engine", "dask"])
    assert result.exit_code == 2
    assert "pip install 'tokscope[dask]'" in result.output


def test_workers_with_different_tokenizer_files_are_an_error(small: dict[str, Any]) -> None:
    from dataclasses import replace

    from tokscope.errors import TokscopeError
    from tokscope.loading.sources import FileRef
    from tokscope.stats import Aggregate
    from tokscope.stats.engine.cluster import _check_same_files
    from tokscope.stats.prepared import Prepared

    info = Prepared(small["byte-bpe"]).info
    other = replace(info.provenance, files=(FileRef("elsewhere/tokenizer.json", "f" * 64),))
    _check_same_files([info.provenance.sha256], Aggregate([info], lex=False))
    with pytest.raises(TokscopeError, match="different files for tokenizer byte-bpe"):
        _check_same_files(
            [info.provenance.sha256], Aggregate([replace(info, provenance=other)], lex=False)
        )


def test_whitespace_corpus_on_dask_is_the_local_report(
    client: Any, shards: Path, small_dir: Path
) -> None:
    args = ["whitespace", "--corpus", str(shards), "-t", str(small_dir / "byte-bpe")]
    args += ["-t", str(small_dir / "collapsing"), "--json", "--no-cache"]
    here = run(args)
    there = run([*args, "--engine", "dask", "--scheduler", client.scheduler.address])
    assert here.exit_code == there.exit_code == 0, (here.output, there.output)
    assert there.stdout == here.stdout
    files = [p for p in (ROOT / "corpora").rglob("*") if p.is_file() and p.suffix != ".md"]
    assert json.loads(there.stdout)["documents"] == 3 * len(files)  # the null row skipped
