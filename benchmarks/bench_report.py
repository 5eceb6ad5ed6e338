"""Benchmark ``tokscope report`` against ``tokscope stats`` on the same corpus of real code.

The corpus is the Python sources of packages installed next to tokscope (rich, click and pygments
by default, found at run time through ``importlib``; nothing is copied): both commands get the
same folders and ``--include '*.py'``. Each command runs as a whole process (interpreter start-up,
loading the tokenizers, reading the files, writing the output), with the same ``--jobs``; the runs
are interleaved so both see the same machine load. It prints the wall time of each (median of
``--repeat`` runs), the CPU time of the process tree, the load average, and the ratio
report / stats. Goal: at most 1.3x.

Two settings, both over files neither command measured before:

- ``--no-cache`` for both: everything afresh (the goal's setting);
- the cache on, holding only what ``tokscope vocab`` stored for the same tokenizers (their
  reachability, which depends only on the tokenizer): the design loop's case of known
  tokenizers on new code. Each run gets its own copy of that cache folder, so both commands
  still measure and store every file.

Run from the project root with the real tokenizer files available::

    TOKSCOPE_TOKENIZERS=../shared/tokenizers python benchmarks/bench_report.py

The outputs go to a temporary folder, removed at the end.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL = 1.3
PACKAGES = ("rich", "click", "pygments")


def package_dir(name: str) -> Path:
    """The folder of an installed package."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"package {name} is not installed: pip install {name}")
    return Path(next(iter(spec.submodule_search_locations)))


def python_bytes(folder: Path) -> tuple[int, int]:
    """Files and bytes of the ``.py`` files under ``folder``."""
    files = [p for p in folder.rglob("*.py") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def timed(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU (user + sys of the child processes) seconds of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", nargs="+", default=list(PACKAGES))
    parser.add_argument("--jobs", type=int, default=1, help="--jobs for both commands")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command")
    opts = parser.parse_args()
    folders = [str(package_dir(name)) for name in opts.packages]
    files = n_bytes = 0
    for folder in folders:
        f, b = python_bytes(Path(folder))
        files, n_bytes = files + f, n_bytes + b
    tool = [sys.executable, "-m", "tokscope.cli"]
    common = ["--include", "*.py", "--jobs", str(opts.jobs), "-q"]
    env_note = os.environ.get("TOKSCOPE_TOKENIZERS", "(TOKSCOPE_TOKENIZERS not set)")
    print(f"corpus: {', '.join(opts.packages)}: {files:,} .py files, {n_bytes / 1e6:.1f} MB")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"tokenizers from: {env_note}; --jobs {opts.jobs}")
    with tempfile.TemporaryDirectory() as tmp:
        known = f"{tmp}/known"
        env = {**os.environ, "TOKSCOPE_CACHE_DIR": known}
        subprocess.run([*tool, "vocab", "--json", "-o", f"{tmp}/vocab.json"], check=True, env=env)
        commands = {
            "stats": [*tool, "stats", *folders, *common, "--json", "-o", f"{tmp}/stats.json"],
            "report": [*tool, "report", *folders, *common, "-o", f"{tmp}/report.html"],
        }
        settings = {"--no-cache": ["--no-cache"], "cache with the tokenizers known": []}
        for setting, extra in settings.items():
            times: dict[str, list[tuple[float, float]]] = {"stats": [], "report": []}
            loads: list[float] = []
            for run in range(opts.repeat):
                for name, args in commands.items():
                    folder = f"{tmp}/cache-{name}-{run}"
                    shutil.copytree(known, folder)
                    loads.append(os.getloadavg()[0])
                    run_env = {**os.environ, "TOKSCOPE_CACHE_DIR": folder}
                    times[name].append(timed([*args, *extra], env=run_env))
                    shutil.rmtree(folder)
            show(setting, times, loads)


def show(setting: str, times: dict[str, list[tuple[float, float]]], loads: list[float]) -> None:
    """The table of one setting."""
    wall = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in times.items()}
    print(f"\n{setting}")
    print(f"load average (1 min) before each run: {', '.join(f'{x:.1f}' for x in loads)}")
    print(f"{'':8} {'wall':>8} {'CPU':>8}")
    for name in times:
        print(f"{name:8} {wall[name]:7.1f}s {cpu[name]:7.1f}s")
    ratio = wall["report"] / wall["stats"]
    verdict = "met" if ratio <= GOAL else "NOT met"
    print(
        f"report / stats wall time: {ratio:.2f}x (goal <= {GOAL}x: {verdict}); CPU "
        f"{cpu['report'] / cpu['stats']:.2f}x"
    )


if __name__ == "__main__":
    main()
