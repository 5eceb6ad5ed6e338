"""Benchmark ``tokscope diff`` on one large file against encoding it with the raw library.

Builds one file of at least ``--mb`` megabytes (default 5) by concatenating ``.py`` files of the
running interpreter's standard library (found through ``sysconfig``), then runs, as separate
processes and interleaved so that both see the same machine load:

* **raw**: a process that reads the file, loads modernbert, xlm-roberta and roberta and calls
  ``Tokenizer.encode`` on the whole text with each (what any view of the file needs at least);
* ``tokscope diff FILE`` with the same three tokenizers (terminal view of the first 200 lines,
  whole-text summary), output discarded; and ``tokscope diff FILE --json``.

For each it prints the wall time (median of ``--repeat`` runs), the peak resident memory of the
process (from ``wait4``), and the ratios against the raw process. Goals for 5 MB: ``diff`` under
30 s and under 2 GB.

Run from the project root with the real tokenizer files available::

    TOKSCOPE_TOKENIZERS=../shared/tokenizers python benchmarks/bench_diff.py --mb 5 --repeat 1

Nothing is written outside a temporary folder, which is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

GOAL_SECONDS = 30.0
GOAL_BYTES = 2 * 1024**3
TOKENIZERS = ("modernbert", "xlm-roberta", "roberta")

RAW = r"""
import sys
from tokscope.loading.sources import load
text = open(sys.argv[1], "rb").read().decode("utf-8")
for name in sys.argv[2:]:
    load(name).tokenizer.encode(text, add_special_tokens=False)
"""


def build_file(target: Path, megabytes: float) -> int:
    """Concatenate standard-library ``.py`` files (sorted by path) into ``target``."""
    root = Path(sysconfig.get_paths()["stdlib"])
    want = int(megabytes * 1_000_000)
    size = 0
    with target.open("wb") as out:
        for path in sorted(root.rglob("*.py")):
            try:
                data = path.read_bytes()
                data.decode("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            out.write(data)
            size += len(data)
            if size >= want:
                break
    return size


def measure(args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident bytes of one process (stdout discarded)."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args[:4])}... failed ({proc.returncode}): {err.strip()}")
    return elapsed, usage.ru_maxrss * 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    """Build the file, run the commands, print times, memory and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=5.0, help="size of the file (MB)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command")
    opts = parser.parse_args()
    if not os.environ.get("TOKSCOPE_TOKENIZERS"):
        print("note: TOKSCOPE_TOKENIZERS is not set; tokenizers come from the HF cache/Hub")
    folder = Path(tempfile.mkdtemp(prefix="bench-diff-"))
    try:
        big = folder / "big.py"
        size = build_file(big, opts.mb)
        limit = str(size + 1)
        tokscope = [sys.executable, "-m", "tokscope.cli"]
        picks = [a for name in TOKENIZERS for a in ("-t", name)]
        commands = {
            "raw encode": [sys.executable, "-c", RAW, str(big), *TOKENIZERS],
            "diff": [*tokscope, "diff", str(big), *picks, "--max-bytes", limit, "--width", "160"],
            "diff --json": [*tokscope, "diff", str(big), *picks, "--max-bytes", limit, "--json"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, int] = dict.fromkeys(commands, 0)
        for _ in range(opts.repeat):
            for name, args in commands.items():
                seconds, peak = measure(args)
                times[name].append(seconds)
                peaks[name] = max(peaks[name], peak)
        print(f"file: {size / 1e6:.1f} MB of standard-library Python; tokenizers: {TOKENIZERS}")
        base_t = statistics.median(times["raw encode"])
        base_m = peaks["raw encode"]
        print(f"{'command':<14}{'seconds':>9}{'x raw':>8}{'peak MB':>10}{'x raw':>8}")
        for name in commands:
            t = statistics.median(times[name])
            m = peaks[name]
            print(f"{name:<14}{t:>9.1f}{t / base_t:>8.2f}{m / 1e6:>10.0f}{m / base_m:>8.2f}")
        worst_t = max(statistics.median(times[n]) for n in commands if n != "raw encode")
        worst_m = max(peaks[n] for n in commands if n != "raw encode")
        verdict = "met" if worst_t <= GOAL_SECONDS and worst_m <= GOAL_BYTES else "NOT met"
        if opts.mb < 5:
            verdict += " (the goal is set for 5 MB; this file is smaller)"
        print(f"goal, 5 MB: under {GOAL_SECONDS:.0f} s and {GOAL_BYTES / 2**30:.0f} GiB: {verdict}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
