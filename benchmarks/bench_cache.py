"""Benchmark re-runs of ``tokscope stats`` served from the cache, against the cold run.

Copies a few megabytes (``--mb``, default 3) of the Python sources of the packages installed in
the running interpreter (its ``purelib`` folder, found through ``sysconfig``) into a temporary
folder, points ``TOKSCOPE_CACHE_DIR`` at an empty temporary cache, and times as whole processes,
in this order:

1. **cold**: ``tokscope stats`` with modernbert, xlm-roberta and roberta, empty cache;
2. **nothing changed**: the same command again;
3. **one tokenizer replaced**: roberta replaced by olmo;
4. **1% of the files edited**: a line appended to every hundredth file, the first three
   tokenizers again.

Each re-run is divided by the cold run of the same round. Goals: replaced <= 0.5x, nothing
changed <= 0.2x, 1% edited <= 0.25x. Unless ``--no-check``, the output of every re-run is
checked against a ``--no-cache`` run of the same inputs (byte-identical JSON; not timed).
``--repeat`` runs the whole
sequence again with a fresh cache; medians are reported.

Run from the project root with the real tokenizer files available::

    TOKSCOPE_TOKENIZERS=../shared/tokenizers python benchmarks/bench_cache.py

Nothing is written outside a temporary folder, which is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

GOALS = {"nothing changed": 0.2, "one tokenizer replaced": 0.5, "1% of the files edited": 0.25}
FIRST = ("modernbert", "xlm-roberta", "roberta")
REPLACED = ("modernbert", "xlm-roberta", "olmo")


def package_files(target_mb: float) -> tuple[Path, list[Path]]:
    """``.py`` files of the installed packages, in sorted order, until ``target_mb``."""
    root = Path(sysconfig.get_paths()["purelib"])
    found: list[Path] = []
    total = 0
    for path in sorted(root.rglob("*.py")):
        if not path.is_file() or "tokscope" in path.parts:
            continue
        try:
            size = len(path.read_bytes().decode("utf-8").encode("utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        if not size:
            continue
        found.append(path)
        total += size
        if total >= target_mb * 1e6:
            return root, found
    raise SystemExit(f"{root} has only {total / 1e6:.1f} MB of .py files")


def stats_command(corpus: Path, tokenizers: tuple[str, ...], out: Path, *extra: str) -> list[str]:
    """A whole ``tokscope stats`` process writing JSON to ``out``."""
    cmd = [sys.executable, "-c", "from tokscope.cli import main; main()", "stats", str(corpus)]
    cmd += [a for name in tokenizers for a in ("-t", name)]
    return [*cmd, "--reference", "modernbert", "--quiet", "--json", "-o", str(out), *extra]


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall seconds of ``cmd`` and its stderr."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    return wall, proc.stderr


def one_round(
    base: Path, root: Path, files: list[Path], extra: list[str], *, check: bool
) -> dict[str, float]:
    """The four runs on a fresh copy of the corpus and an empty cache; their wall times."""
    corpus = base / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    for path in files:
        target = corpus / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    cache = base / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = dict(os.environ, TOKSCOPE_CACHE_DIR=str(cache))
    times: dict[str, float] = {}

    def step(label: str, tokenizers: tuple[str, ...]) -> None:
        out, plain = base / "out.json", base / "plain.json"
        wall, err = timed(stats_command(corpus, tokenizers, out, "-v", *extra), env)
        times[label] = wall
        cache_line = next((x for x in err.splitlines() if x.startswith("cache:")), "")
        print(f"  {label:24} {wall:7.2f}s  {cache_line}")
        if check and label != "cold":
            timed(stats_command(corpus, tokenizers, plain, "--no-cache", *extra), env)
            if out.read_bytes() != plain.read_bytes():
                raise SystemExit(f"{label}: the cached run differs from --no-cache")

    step("cold", FIRST)
    step("nothing changed", FIRST)
    step("one tokenizer replaced", REPLACED)
    edited = sorted(corpus.rglob("*.py"))[::100]
    for path in edited:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("\n# edited by bench_cache\n")
    print(f"  ({len(edited)} of {len(files)} files edited)")
    step("1% of the files edited", FIRST)
    return times


def main() -> None:
    """Build the corpus, run the rounds, print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=3.0, help="corpus size (default 3)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds (default 1)")
    parser.add_argument("--no-lex", action="store_true", help="stats --no-lex in every run")
    parser.add_argument("--no-check", action="store_true", help="no --no-cache comparison runs")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    root, files = package_files(args.mb)
    size = sum(p.stat().st_size for p in files)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"corpus: {len(files)} files, {size / 1e6:.1f} MB from {root}; load average {load:.2f}")
    extra = ["--no-lex"] if args.no_lex else []
    rounds = []
    with tempfile.TemporaryDirectory(prefix="tokscope-bench-cache-") as tmp:
        for k in range(args.repeat):
            print(f"round {k + 1}")
            rounds.append(one_round(Path(tmp), root, files, extra, check=not args.no_check))
    cold = statistics.median(r["cold"] for r in rounds)
    print(f"\nmedian of {args.repeat} rounds: cold {cold:.2f}s")
    for label, goal in GOALS.items():
        ratio = statistics.median(r[label] / r["cold"] for r in rounds)
        verdict = "met" if ratio <= goal else "NOT met"
        print(f"  {label:24} {ratio:6.3f}x cold   goal <= {goal}x: {verdict}")


if __name__ == "__main__":
    main()
