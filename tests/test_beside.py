"""The process beside the pass (``tokscope/stats/engine/beside.py``): answers in order, from the
same tokenizer files only, None on any failure; and a report that is the same whether its work
on the tokenizers was done there or here."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import beside_work
from tests.cli_helpers import run
from tokscope.loading.sources import load_many
from tokscope.stats.engine import beside as beside_module
from tokscope.stats.engine.beside import NICE, Beside, spare_cores, spare_memory

ROOT = Path(__file__).resolve().parent.parent


def _children() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name == "tokscope-beside"]


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
    beside = Beside(specs)
    try:
        beside.expect(load_many(specs))
        assert beside.ask(beside_work.fail)() is None
        assert beside.ask(beside_work.names)() is None
    finally:
        beside.stop()


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
    finally:
        beside.stop()
    unsaid = Beside([str(small_dir / "byte-bpe")])
    try:
        assert unsaid.ask(beside_work.names)() is None
    finally:
        unsaid.stop()


def test_a_killed_process_gives_none(small_dir: Path) -> None:
    specs = [str(small_dir / "byte-bpe")]
    beside = Beside(specs)
    try:
        beside.expect(load_many(specs))
        answer = beside.ask(beside_work.nap, 60)
        (child,) = _children()
        assert child.pid is not None
        os.kill(child.pid, 9)
        started = time.monotonic()
        assert answer() is None
        assert time.monotonic() - started < 30
    finally:
        beside.stop()


def test_stop_ends_a_process_still_working(small_dir: Path) -> None:
    specs = [str(small_dir / "byte-bpe")]
    beside = Beside(specs)
    beside.ask(beside_work.nap, 60)
    started = time.monotonic()
    beside.stop()
    assert time.monotonic() - started < 30
    assert not _children()


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities here")
def test_the_process_runs_at_a_lower_priority(small_dir: Path) -> None:
    specs = [str(small_dir / "byte-bpe")]
    beside = Beside(specs)
    try:
        beside.expect(load_many(specs))
        found = beside.ask(beside_work.priority)()
    finally:
        beside.stop()
    assert found is not None
    policy, nice = found
    idle = getattr(os, "SCHED_IDLE", None)
    assert policy == idle or nice >= os.nice(0) + NICE


def test_the_process_never_downloads(small_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only this process reaches the Hub; the process beside reads the Hugging Face cache."""
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    specs = [str(small_dir / "byte-bpe")]
    beside = Beside(specs)
    try:
        beside.expect(load_many(specs))
        assert beside.ask(beside_work.environment, "HF_HUB_OFFLINE")() == "1"
    finally:
        beside.stop()
    assert "HF_HUB_OFFLINE" not in os.environ


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
    monkeypatch.setattr(beside_module, "spare_cores", lambda: True)
    monkeypatch.setattr(beside_module, "spare_memory", lambda: True)
    beside = _report(small_dir, tmp_path / "beside" / "r.md", *extra)
    assert calls == ["tokenizer_part_beside", "sample_part"]
    assert used == [True, True]  # both answers came from the process beside

    monkeypatch.setattr(beside_module, "spare_cores", lambda: False)
    here = _report(small_dir, tmp_path / "here" / "r.md", *extra)
    assert calls == ["tokenizer_part_beside", "sample_part"]  # no process, nothing asked

    monkeypatch.setattr(beside_module, "spare_cores", lambda: True)
    monkeypatch.setattr(Beside, "ask", lambda self, work, *args: lambda: None)
    failed = _report(small_dir, tmp_path / "failed" / "r.md", *extra)
    assert beside == here == failed
