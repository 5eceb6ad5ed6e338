"""Benchmark ``tokscope stats`` against raw ``Tokenizer.encode_batch`` on real code.

For each ``--mb`` size (default 2 and 20 megabytes) it builds a corpus of ``.py`` files from the
standard library of the running interpreter (found through ``sysconfig``), then times, in the same
run and interleaved so that all see the same machine load:

* **raw**: a process that reads the same files, loads the same three tokenizers and calls
  ``Tokenizer.encode_batch`` on the texts, in batches of 1 MB;
* ``tokscope stats --no-lex --no-cache`` and ``tokscope stats --no-cache`` (lexical classes on),
  default ``--jobs`` (chosen from the corpus size), the cache off so that every run measures;
* ``tokscope stats --no-lex`` with an empty cache (a first run, storing what it measures).

It prints each time (median of ``--repeat`` runs), CPU time (user + system of the whole process
tree, which other load on the machine disturbs less), and the ratios against two baselines: the
raw process's ``encode_batch`` calls alone (strict), and the whole raw process (start-up, loading
the tokenizers and reading the files included, as in the stats run). Goals: at most 1.15x without
lexical classes, 1.6x with them. Then it measures the peak memory (resident set of the process and
its workers, sampled every 20 ms) of ``tokscope stats`` on the corpus and on four copies of it
(goal: at most 1.2x).

Run from the project root with the real tokenizer files available::

    TOKSCOPE_TOKENIZERS=../shared/tokenizers python benchmarks/bench_stats.py

Nothing is written outside a temporary folder, which is removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from pathlib import Path

GOALS = {"no-lex": 1.15, "lex": 1.6, "no-lex, cold cache": 1.15, "memory": 1.2}
TOKENIZERS = ("modernbert", "xlm-roberta", "roberta")

RAW = r"""
import json, os, sys, time
start = time.perf_counter()
from tokenizers import Tokenizer
from tokscope.loading.sources import load
paths = [line for line in open(sys.argv[1], encoding="utf-8").read().splitlines() if line]
texts = []
for p in paths:
    try:
        texts.append(open(p, "rb").read().decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        pass
tokenizers = [load(name).tokenizer for name in sys.argv[2:]]
batches, batch, size = [], [], 0
for text in texts:
    batch.append(text)
    size += len(text.encode("utf-8"))
    if size >= 1 << 20:
        batches.append(batch)
        batch, size = [], 0
if batch:
    batches.append(batch)
encode = 0.0
tokens = 0
for tok in tokenizers:
    for b in batches:
        t = time.perf_counter()
        out = tok.encode_batch(b, add_special_tokens=False)
        encode += time.perf_counter() - t
        tokens += sum(len(e.ids) for e in out)
print(json.dumps({"encode": encode, "tokens": tokens, "texts": len(texts),
                  "process": time.perf_counter() - start}))
"""


def stdlib_files(target_mb: float) -> list[Path]:
    """``.py`` files of the standard library, in sorted order, until ``target_mb`` is reached."""
    root = Path(sysconfig.get_paths()["stdlib"])
    found: list[Path] = []
    total = 0
    for path in sorted(root.rglob("*.py")):
        if "site-packages" in path.parts or not path.is_file():
            continue
        try:
            path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found.append(path)
        total += path.stat().st_size
        if total >= target_mb * 1e6:
            return found
    raise SystemExit(f"the standard library at {root} has only {total / 1e6:.1f} MB of .py files")


def build_corpus(files: list[Path], dest: Path, copies: int = 1) -> int:
    """Copy ``files`` under ``dest`` (``copies`` times, in sub-folders); return the bytes copied."""
    root = Path(sysconfig.get_paths()["stdlib"])
    total = 0
    for copy in range(copies):
        for path in files:
            target = dest / f"copy{copy}" / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            total += path.stat().st_size
    return total


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            with open(f"/proc/{p}/task/{p}/children", encoding="ascii") as handle:
                todo += [int(c) for c in handle.read().split()]
        except (OSError, ValueError):
            continue
    return total


def timed(
    cmd: list[str], *, watch_memory: bool = False, env: dict[str, str] | None = None
) -> tuple[float, float, int, str]:
    """Run ``cmd``; return wall seconds, CPU seconds of its process tree, peak tree RSS, stdout."""
    cpu0 = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.02):
            peak[0] = max(peak[0], _tree_rss(proc.pid))

    watcher = threading.Thread(target=sample, daemon=True)
    if watch_memory:
        watcher.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    stop.set()
    if watch_memory:
        watcher.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return wall, _children_cpu() - cpu0, peak[0], out


def machine() -> str:
    """Cores, CPU model, Python and tokenizers versions, load."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import tokenizers

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{cores} cores ({model}), Python {platform.python_version()}, "
        f"tokenizers {tokenizers.__version__}, load average {load:.2f}"
    )


def main() -> None:
    """Build each corpus, run the timings and the memory check, print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mb", type=float, action="append", help="corpus size, repeatable (default 2 and 20)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (default 3)")
    parser.add_argument("--no-lex-only", action="store_true", help="skip the runs with lexing")
    parser.add_argument("--no-memory", action="store_true", help="skip the 4x memory check")
    args = parser.parse_args()
    # a terminated run still removes its temporary folder
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    print(f"machine: {machine()}")
    for mb in args.mb or [2.0, 20.0]:
        measure_size(mb, args)
    print(f"machine at the end: {machine()}")


def measure_size(mb: float, args: argparse.Namespace) -> None:
    """The timings (and unless ``--no-memory``, the memory check) on ``mb`` megabytes."""
    files = stdlib_files(mb)
    with tempfile.TemporaryDirectory(prefix="tokscope-bench-") as tmp:
        base = Path(tmp)
        corpus = base / "corpus"
        size = build_corpus(files, corpus)
        listing = base / "files.txt"
        listing.write_text(
            "\n".join(str(p) for p in sorted(corpus.rglob("*.py"))) + "\n", encoding="utf-8"
        )
        stdlib = sysconfig.get_paths()["stdlib"]
        print(f"\ncorpus: {len(files)} files, {size / 1e6:.1f} MB from {stdlib}")

        python = sys.executable
        stats = [python, "-c", "from tokscope.cli import main; main()", "stats", str(corpus)]
        stats += [a for name in TOKENIZERS for a in ("-t", name)]
        stats += ["--quiet", "--json", "-o", str(base / "out.json")]
        raw = [python, "-c", RAW, str(listing), *TOKENIZERS]
        variants = [("no-lex", ["--no-lex", "--no-cache"]), ("no-lex, cold cache", ["--no-lex"])]
        if not args.no_lex_only:
            variants.append(("lex", ["--no-cache"]))
        runs: dict[str, list[tuple[float, float]]] = {"raw": [], **{n: [] for n, _ in variants}}
        encode_only: list[float] = []
        for k in range(args.repeat):
            wall, cpu, _, out = timed(raw)
            runs["raw"].append((wall, cpu))
            encode_only.append(json.loads(out)["encode"])
            for name, extra in variants:
                env = dict(os.environ, TOKSCOPE_CACHE_DIR=str(base / f"cache-{k}"))
                wall, cpu, _, _ = timed(stats + extra, env=env)
                runs[name].append((wall, cpu))
            print(f"  round {k + 1}: " + ", ".join(f"{n} {r[-1][0]:.1f}s" for n, r in runs.items()))

        def pick(name: str, i: int, how: str) -> float:
            values = [r[i] for r in runs[name]]
            return statistics.median(values) if how == "median" else min(values)

        header = (
            f"{'':26}{'wall s':>9}{'CPU s':>9}{'÷ encode':>10}{'÷ raw run':>11}{'÷ raw CPU':>11}"
        )
        for how in ("median", "min"):
            enc = statistics.median(encode_only) if how == "median" else min(encode_only)
            raw_wall, raw_cpu = pick("raw", 0, how), pick("raw", 1, how)
            print(f"\n{how} of {args.repeat} runs, {size / 1e6:.1f} MB")
            print(header)
            print(f"{'raw encode_batch only':26}{enc:9.2f}")
            print(f"{'raw process':26}{raw_wall:9.2f}{raw_cpu:9.2f}")
            for name, _ in variants:
                wall, cpu = pick(name, 0, how), pick(name, 1, how)
                print(
                    f"{'stats ' + name:26}{wall:9.2f}{cpu:9.2f}{wall / enc:10.3f}"
                    f"{wall / raw_wall:11.3f}{cpu / raw_cpu:11.3f}   goal ≤ {GOALS[name]}x"
                )

        if args.no_memory:
            return
        corpus4 = base / "corpus4"
        build_corpus(files, corpus4, copies=4)
        peaks = {}
        for label, folder in (("1x", corpus), ("4x", corpus4)):
            cmd = [*stats[:4], str(folder), *stats[5:], "--no-cache"]
            wall, _, peak, _ = timed(cmd, watch_memory=True)
            peaks[label] = peak
            print(f"memory {label}: peak {peak / 1e6:.0f} MB (process tree), {wall:.1f}s")
        ratio = peaks["4x"] / peaks["1x"]
        print(f"memory 4x / 1x: {ratio:.3f}   goal ≤ {GOALS['memory']}x")


if __name__ == "__main__":
    main()
