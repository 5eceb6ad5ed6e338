"""Process-level faults through a real ``python -m tokscope``: signals, full disks, closed pipes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

BODY = "def area(width, height):\n    return width * height  # the area\n" * 400


def tokscope(*args: str, cwd: Path | None = None, **kwargs: object) -> subprocess.Popen[bytes]:
    """Start ``python -m tokscope ARGS`` (hypothesis storage left to the command)."""
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_STORAGE_DIRECTORY"}
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "tokscope", *args], cwd=cwd, env=env, **kwargs
    )


def children(pid: int) -> set[int]:
    """Live processes whose parent is ``pid``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture()
def big_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(300):
        (folder / f"f{i}.py").write_text(BODY.replace("area", f"area{i}"), encoding="utf-8")
    return folder


def _start_pool_run(
    folder: Path, spec: str, target: Path, err: Path
) -> tuple[subprocess.Popen[bytes], set[int]]:
    """Start ``stats -j2 --json -o target`` and wait until its worker processes run."""
    with err.open("wb") as stderr:
        proc = tokscope(
            "stats",
            str(folder),
            "-t",
            spec,
            "--reference",
            spec,
            "-j2",
            "-q",
            "--json",
            "-o",
            str(target),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and proc.poll() is None:
        workers = children(proc.pid)
        if len(workers) >= 3:  # the resource tracker and two workers
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be interrupted: make it longer"
    time.sleep(0.3)
    return proc, children(proc.pid) | workers


@linux_only
@pytest.mark.parametrize(("sig", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_ends_the_run_workers_included_and_writes_nothing(
    tmp_path: Path, big_corpus: Path, small_dir: Path, sig: int, status: int
) -> None:
    target = tmp_path / "out.json"
    target.write_text("the old run\n", encoding="utf-8")
    err = tmp_path / "stderr.txt"
    proc, workers = _start_pool_run(big_corpus, str(small_dir / "byte-bpe"), target, err)
    proc.send_signal(sig)
    assert proc.wait(timeout=60) == status
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if alive(pid)], "worker processes outlived the parent"
    text = err.read_text(encoding="utf-8")
    assert "Traceback" not in text
    assert len(text.strip().splitlines()) <= 1, text
    assert target.read_text(encoding="utf-8") == "the old run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out.json", "stderr.txt"]


@linux_only
def test_workers_die_when_the_parent_is_killed(
    tmp_path: Path, big_corpus: Path, small_dir: Path
) -> None:
    proc, workers = _start_pool_run(
        big_corpus, str(small_dir / "byte-bpe"), tmp_path / "out.json", tmp_path / "err.txt"
    )
    proc.kill()
    proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if alive(pid)], "worker processes outlived the parent"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize(
    "args", [["inspect", "{spec}", "--json"], ["inspect", "{spec}"], ["--help"]]
)
def test_a_full_disk_on_stdout_is_one_line(small_dir: Path, args: list[str]) -> None:
    argv = [a.format(spec=small_dir / "byte-bpe") for a in args]
    with open("/dev/full", "wb") as full:
        proc = tokscope(*argv, stdout=full, stderr=subprocess.PIPE)
        _, stderr = proc.communicate(timeout=120)
    text = stderr.decode()
    assert proc.returncode == 2, text
    assert "Traceback" not in text
    assert text.strip().splitlines() == [
        "Error: cannot write to standard output: No space left on device"
    ]


@pytest.mark.parametrize("args", [["inspect", "{spec}", "--json"], ["whitespace", "-t", "{spec}"]])
def test_a_closed_pipe_ends_quietly(tmp_path: Path, small_dir: Path, args: list[str]) -> None:
    argv = [a.format(spec=small_dir / "byte-bpe") for a in args]
    err = tmp_path / "stderr.txt"
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head` that has already exited
    with err.open("wb") as stderr:
        proc = tokscope(*argv, stdout=write_end, stderr=stderr)
    os.close(write_end)
    assert proc.wait(timeout=120) == 1
    assert err.read_text(encoding="utf-8") == ""


def test_python_dash_m_tokscope(tmp_path: Path) -> None:
    proc = tokscope("--version", stdout=subprocess.PIPE)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0
    assert out.decode().startswith("tokscope, version ")


def test_check_writes_nothing_into_the_current_folder(tmp_path: Path, small_dir: Path) -> None:
    proc = tokscope(
        "check",
        str(small_dir / "byte-bpe"),
        "-p",
        "roundtrip",
        "--max-examples",
        "3",
        "--seed",
        "1",
        "--json",
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode in (0, 1), stderr.decode()
    assert list(tmp_path.iterdir()) == []
