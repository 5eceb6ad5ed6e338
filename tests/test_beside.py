"""The process beside the pass (``tokscope/stats/engine/beside.py``): answers in order, from the
same tokenizer files only, None on any failure; and a report that is the same whether its work
on the tokenizers was done there or here."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests import beside_work
from tests.cli_helpers import run
from tokscope.loading.sources import LoadedTokenizer, load_many
from tokscope.stats.engine import beside as beside_module
from tokscope.stats.engine import spare as spare_module
from tokscope.stats.engine.beside import (
    NICE,
    STARVED_WINDOWS,
    WATCH,
    Beside,
    Starving,
)
from tokscope.stats.engine.spare import spare_cores, spare_memory

ROOT = Path(__file__).resolve().parent.parent


def _children() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name == "tokscope-beside"]


@contextmanager
def _ready(specs: list[str]) -> Iterator[Beside]:
    """A process beside for ``specs``, told what this process loaded from them; stopped after."""
    beside = Beside(specs)
    try:
        beside.expect(load_many(specs))
        yield beside
    finally:
        beside.stop()


def test_answers_come_in_order(small_dir: Path) -> None:
    specs = [str(small_dir / "byte-bpe"), f"v2={small_dir / 'collapsing'}"]
    beside = Beside(specs)
    try:
        first = beside.ask(beside_work.names)
        second = beside.ask(beside_work.sizes, True)
        loaded = load_many(specs)
        beside.expect(loaded)
        assert second() == [t.tokenizer.get_vocab_size(with_added_tokens=True) for t in loaded]
        assert first() == ["byte-bpe", "v2"]
        assert first() == ["byte-bpe", "v2"]  # asked again, the same answer
    finally:
        beside.stop()
    beside.stop()  # twice is harmless
    assert not _children()


def test_a_failing_work_gives_none_and_so_does_what_follows(small_dir: Path) -> None:
    specs = [str(small_dir / "byte-bpe")]
    with _ready(specs) as beside:
        assert beside.ask(beside_work.fail)() is None
        assert beside.ask(beside_work.names)() is None


def test_a_tokenizer_that_fails_to_load_there_gives_none(tmp_path: Path) -> None:
    beside = Beside([str(tmp_path / "missing")])
    try:
        answer = beside.ask(beside_work.names)
        assert answer() is None
    finally:
        beside.stop()


def test_answers_from_other_files_are_not_used(small_dir: Path) -> None:
    """The files changed between the two loads (here: this process loaded another file under
    the same name), or this process never said what it loaded."""
    beside = Beside([f"tok={small_dir / 'byte-bpe'}"])
    try:
        beside.expect(load_many([f"tok={small_dir / 'space-runs'}"]))
        assert beside.ask(beside_work.names)() is None
        assert not _children()  # known to hold other files: stopped, and asked nothing more
        assert beside.ask(beside_work.names)() is None
    finally:
        beside.stop()
    unsaid = Beside([str(small_dir / "byte-bpe")])
    try:
        assert unsaid.ask(beside_work.names)() is None
    finally:
        unsaid.stop()


def test_a_process_that_cannot_start_gives_none_and_leaks_nothing(
    small_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Out of processes (EAGAIN) or descriptors, or a sandbox: no error, no answer, no pipe
    left open; the caller does the work itself."""
    from multiprocessing.context import SpawnProcess

    def refuse(self: object) -> None:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(SpawnProcess, "start", refuse)
    fds = Path(f"/proc/{os.getpid()}/fd")
    before = len(os.listdir(fds)) if fds.exists() else 0
    beside = Beside([str(small_dir / "byte-bpe")])
    beside.expect(load_many([str(small_dir / "byte-bpe")]))
    assert beside.ask(beside_work.names)() is None
    beside.stop()
    if fds.exists():
        assert len(os.listdir(fds)) == before


def test_an_answer_that_does_not_unpickle_gives_none(small_dir: Path) -> None:
    specs = [str(small_dir / "byte-bpe")]
    with _ready(specs) as beside:
        assert beside.ask(beside_work.unpicklable)() is None
        assert not _children()


def test_an_answer_read_after_a_later_request_that_does_not_unpickle_gives_none(
    small_dir: Path,
) -> None:
    specs = [str(small_dir / "byte-bpe")]
    with _ready(specs) as beside:
        bad = beside.ask(beside_work.unpicklable)
        later = beside.ask(beside_work.names)  # sent once the first answer's bytes are in
        assert bad() is None
        assert later() is None  # no answer of that process is trusted any more
        assert not _children()


def test_a_killed_process_gives_none(small_dir: Path) -> None:
    specs = [str(small_dir / "byte-bpe")]
    with _ready(specs) as beside:
        answer = beside.ask(beside_work.nap, 60)
        (child,) = _children()
        assert child.pid is not None
        os.kill(child.pid, 9)
        started = time.monotonic()
        assert answer() is None
        assert time.monotonic() - started < 30


def test_stop_ends_a_process_still_working(small_dir: Path) -> None:
    specs = [str(small_dir / "byte-bpe")]
    beside = Beside(specs)
    beside.expect(load_many(specs))
    assert beside.ask(beside_work.names)() == ["byte-bpe"]  # loaded, and now working:
    beside.ask(beside_work.nap, 60)
    started = time.monotonic()
    beside.stop()
    assert time.monotonic() - started < 30
    assert not _children()


def _wait_for(path: Path) -> None:
    deadline = time.monotonic() + 60
    while not path.exists():
        assert time.monotonic() < deadline, f"no {path.name} after 60 s"
        time.sleep(0.02)


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities here")
def test_the_process_runs_at_a_lower_priority_until_this_one_waits_for_it(
    small_dir: Path, tmp_path: Path
) -> None:
    """Lower while this process works; its own again once this process waits for an answer
    (where the system allows raising a priority: root, or a high enough RLIMIT_NICE)."""
    specs = [str(small_dir / "byte-bpe")]
    with _ready(specs) as beside:
        before = beside.ask(beside_work.priority_to, str(tmp_path / "before"))
        _wait_for(tmp_path / "before")  # the work ran before anything waited for it
        lowered = before()
        assert beside.ask(beside_work.nap, 0.2)() == 0.2  # this process waits: raised
        raised = beside.ask(beside_work.priority)()
    assert lowered is not None and raised is not None
    idle = getattr(os, "SCHED_IDLE", None)
    assert lowered[0] == idle or lowered[1] >= os.nice(0) + NICE
    if os.geteuid() == 0:
        assert raised == (getattr(os, "SCHED_OTHER", -1), os.nice(0))


def test_a_process_starved_by_other_programs_is_not_waited_for(
    small_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every core busy with other programs, and its priority not raised (as for a user that
    may not): this process stops waiting within seconds, stops the process, and gets None."""
    if beside_module.run_times(os.getpid()) is None:
        pytest.skip("no run times of threads here (Linux's schedstat)")
    monkeypatch.setattr(beside_module, "_raise_priority", lambda _pid: None)
    specs = [str(small_dir / "byte-bpe")]
    beside = Beside(specs)
    hogs: list[subprocess.Popen[bytes]] = []
    try:
        beside.expect(load_many(specs))
        assert beside.ask(beside_work.names)() == ["byte-bpe"]
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2
        busy = [sys.executable, "-c", "while True: pass"]
        hogs = [subprocess.Popen(busy) for _ in range(2 * cores)]
        time.sleep(0.3)
        answer = beside.ask(beside_work.spin, 120)
        started = time.monotonic()
        assert answer() is None
        waited = time.monotonic() - started
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
        beside.stop()
    assert waited < 30
    assert not _children()


def test_a_process_asleep_is_not_starved(small_dir: Path) -> None:
    specs = [str(small_dir / "byte-bpe")]
    with _ready(specs) as beside:
        assert beside.ask(beside_work.nap, 2 * WATCH * STARVED_WINDOWS)() is not None


def test_starving_needs_windows_in_a_row_of_little_run_and_long_waits() -> None:
    times = iter(
        [
            (0, 0),
            (0, 10**12),  # starved
            (10**12, 2 * 10**12),  # ran: not starved
            (10**12, 3 * 10**12),  # starved
            (10**12, 4 * 10**12),  # starved again: two in a row
        ]
    )
    watch = Starving(1, read=lambda _pid: next(times))
    assert [watch.starved() for _ in range(4)] == [False, False, False, True]
    asleep = Starving(1, read=lambda _pid: (0, 0))  # neither runs nor waits to run
    assert not any(asleep.starved() for _ in range(5))
    unknown = Starving(1, read=lambda _pid: None)
    assert not any(unknown.starved() for _ in range(5))


def test_the_process_never_downloads(small_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only this process reaches the Hub; the process beside reads the Hugging Face cache."""
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    specs = [str(small_dir / "byte-bpe")]
    with _ready(specs) as beside:
        assert beside.ask(beside_work.environment, "HF_HUB_OFFLINE")() == "1"
    assert "HF_HUB_OFFLINE" not in os.environ


def test_tiktoken_read_from_its_cache_only_never_downloads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the process beside does before loading a tiktoken encoding: a name not in
    tiktoken's cache is an error there (this process downloads it), and no request is made."""
    load = pytest.importorskip("tiktoken.load")
    import requests

    from tokscope.errors import SourceError
    from tokscope.loading.tiktoken_format import read_only_cached, read_tiktoken

    def no_request(*args: object, **kwargs: object) -> None:
        raise AssertionError("a request was made")

    monkeypatch.setattr(requests, "get", no_request)
    monkeypatch.setattr(load, "read_file", load.read_file)  # put back after the test
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "empty"))
    read_only_cached()
    with pytest.raises(SourceError, match="not in tiktoken's cache"):
        read_tiktoken("tiktoken:cl100k_base")
    local = tmp_path / "local.bin"
    local.write_bytes(b"ranks")
    assert load.read_file(str(local)) == b"ranks"  # files are still read


def test_spare_cores_follows_the_cores_this_process_may_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not hasattr(os, "sched_getaffinity"):
        pytest.skip("no CPU affinity here")
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0})
    assert not spare_cores()
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 3})
    assert spare_cores()


def test_spare_memory_reads_what_the_system_says_is_available(tmp_path: Path) -> None:
    info = tmp_path / "meminfo"
    info.write_text("MemTotal:  8000000 kB\nMemAvailable:  1000000 kB\n", encoding="ascii")
    assert not spare_memory(info)
    info.write_text("MemTotal:  8000000 kB\nMemAvailable:  3000000 kB\n", encoding="ascii")
    assert spare_memory(info)
    info.write_text("MemTotal:  8000000 kB\n", encoding="ascii")  # cannot tell
    assert spare_memory(info)
    assert spare_memory(tmp_path / "missing")


def test_spare_memory_reads_the_control_group_limit(tmp_path: Path) -> None:
    """cgroup v2 and v1: the limit less what is used, page cache that can be given back not
    counted as used; no limit (v2's "max", v1's huge number) leaves the system's figure."""
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemAvailable:  30000000 kB\n", encoding="ascii")
    gib = 1 << 30
    v2 = tmp_path / "v2"
    (v2 / "job").mkdir(parents=True)
    (v2 / "cgroups").write_text("0::/job\n", encoding="ascii")
    (v2 / "job" / "memory.max").write_text(f"{4 * gib}\n", encoding="ascii")
    (v2 / "job" / "memory.current").write_text(f"{3 * gib}\n", encoding="ascii")
    (v2 / "job" / "memory.stat").write_text("anon 1\ninactive_file 0\n", encoding="ascii")
    assert not spare_memory(meminfo, v2 / "cgroups", v2)  # 1 GiB left
    (v2 / "job" / "memory.stat").write_text(f"inactive_file {gib}\n", encoding="ascii")
    assert spare_memory(meminfo, v2 / "cgroups", v2)  # 2 GiB, counting the cache
    (v2 / "job" / "memory.max").write_text("max\n", encoding="ascii")
    assert spare_memory(meminfo, v2 / "cgroups", v2)
    v1 = tmp_path / "v1"
    (v1 / "memory" / "job").mkdir(parents=True)
    (v1 / "cgroups").write_text("5:cpu:/\n4:memory:/job\n0::/\n", encoding="ascii")
    (v1 / "memory" / "job" / "memory.limit_in_bytes").write_text(f"{3 * gib}", encoding="ascii")
    (v1 / "memory" / "job" / "memory.usage_in_bytes").write_text(f"{2 * gib}", encoding="ascii")
    assert not spare_memory(meminfo, v1 / "cgroups", v1)
    (v1 / "memory" / "job" / "memory.limit_in_bytes").write_text(str(2**63 - 4096), "ascii")
    assert spare_memory(meminfo, v1 / "cgroups", v1)
    assert spare_memory(meminfo, tmp_path / "none", tmp_path)


def _report(small_dir: Path, target: Path, *extra: str) -> bytes:
    target.parent.mkdir(parents=True)
    args = ["report", str(ROOT / "corpora"), "-o", str(target), "--markdown", "-q", *extra]
    for name in ("space-runs", "collapsing", "byte-bpe"):
        args += ["-t", str(small_dir / name)]
    result = run(args, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.exit_code == 0, result.output
    charts = sorted((target.parent / f"{target.stem}_charts").iterdir())
    return target.read_bytes() + b"".join(c.read_bytes() for c in charts)


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_the_report_is_the_same_wherever_its_parts_are_done(
    small_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: bool
) -> None:
    """With the process beside, without it (one core), and with it failing (every answer None:
    the work is then done here)."""
    pytest.importorskip("matplotlib")
    monkeypatch.setenv("TOKSCOPE_CACHE_DIR", str(tmp_path / "cache"))
    extra = () if cache else ("--no-cache",)
    calls: list[str] = []
    used: list[bool] = []
    real_ask = Beside.ask

    def counted(self: Beside, work: object, *args: object) -> Callable[[], object]:
        calls.append(getattr(work, "__name__", "?"))
        answer = real_ask(self, work, *args)  # type: ignore[arg-type]

        def recorded() -> object:
            value = answer()
            used.append(value is not None)
            return value

        return recorded

    monkeypatch.setattr(Beside, "ask", counted)
    monkeypatch.setattr(spare_module, "spare_cores", lambda: True)
    monkeypatch.setattr(spare_module, "spare_memory", lambda: True)
    beside = _report(small_dir, tmp_path / "beside" / "r.md", *extra)
    assert calls == ["tokenizer_part_beside", "sample_part"]
    assert used == [True, True]  # both answers came from the process beside

    monkeypatch.setattr(spare_module, "spare_cores", lambda: False)
    here = _report(small_dir, tmp_path / "here" / "r.md", *extra)
    assert calls == ["tokenizer_part_beside", "sample_part"]  # no process, nothing asked

    monkeypatch.setattr(spare_module, "spare_cores", lambda: True)
    monkeypatch.setattr(Beside, "ask", lambda self, work, *args: lambda: None)
    failed = _report(small_dir, tmp_path / "failed" / "r.md", *extra)
    assert beside == here == failed
    monkeypatch.setattr(Beside, "ask", real_ask)

    class Elsewhere(Beside):
        """Loads other files than the report (as if they changed in between)."""

        def __init__(self, specs: Sequence[str]) -> None:
            super().__init__([f"{Path(s).name}={small_dir / 'byte-bpe'}" for s in specs])

    class Killed(Beside):
        """Dies once it has loaded."""

        def expect(self, tokenizers: Sequence[LoadedTokenizer]) -> None:
            super().expect(tokenizers)
            for child in _children():
                assert child.pid is not None
                os.kill(child.pid, 9)

    for kind in (Elsewhere, Killed):
        monkeypatch.setattr(beside_module, "Beside", kind)
        other = _report(small_dir, tmp_path / kind.__name__ / "r.md", *extra)
        assert other == here, kind.__name__
