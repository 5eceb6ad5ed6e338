"""Benchmark single large or pathological texts: time and peak memory against a raw baseline.

Each command runs as a separate process (its peak resident memory read from ``wait4``), and every
figure is divided by a baseline measured in the same run: a process that loads the same
tokenizers and calls ``Tokenizer.encode`` on a normal file of the same size (standard-library
Python, found through ``sysconfig``). The cases:

* ``stats -t modernbert`` on the normal file (what a file of that size costs);
* ``stats -t modernbert`` on one run of combining marks (``a`` + U+0301 repeated) and on one
  emoji sequence (👩 + ZERO WIDTH JOINER repeated) of that size: one giant pre-token each, skipped
  as ``too-costly`` by the bound of ``CorpusOptions.max_solid_run``;
* the same two with the bound lifted (the library with ``max_solid_run`` above the size), at
  ``--unbounded-mb`` (smaller: their cost grows faster than their size), to show what the bound
  saves;
* ``tokscope report`` with the three default tokenizers on one normal file of ``--report-mb``,
  against raw ``encode`` of that file with the same three.

Run from the project root with the real tokenizer files available::

    TOKSCOPE_TOKENIZERS=../shared/tokenizers python benchmarks/bench_large.py
    TOKSCOPE_TOKENIZERS=../shared/tokenizers python benchmarks/bench_large.py --mb 5 --report-mb 1

Nothing is written outside a temporary folder, which is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from bench_diff import build_file, measure

DEFAULTS = ("modernbert", "xlm-roberta", "roberta")

RAW = r"""
import sys
from tokscope.loading.sources import load
text = open(sys.argv[1], "rb").read().decode("utf-8")
for name in sys.argv[2:]:
    load(name).tokenizer.encode(text, add_special_tokens=False)
"""

UNBOUNDED = r"""
import sys
from tokscope.corpus.walk import CorpusOptions
from tokscope.stats.engine.local import RunOptions, run_pass
corpus = CorpusOptions(max_bytes=1 << 40, max_solid_run=1 << 40)
options = RunOptions(specs=("modernbert",), reference="modernbert", jobs=1)
report = run_pass([sys.argv[1]], corpus, options).report
assert report.files == 1, report.skipped
"""


def pathological(folder: Path, size: int) -> dict[str, Path]:
    """One folder per pathological text of about ``size`` UTF-8 bytes."""
    texts = {
        "combining marks": "a" + "\u0301" * (size // 2),
        "emoji sequence": "\U0001f469\u200d" * (size // 7),
    }
    out: dict[str, Path] = {}
    for name, text in texts.items():
        sub = folder / name.replace(" ", "-")
        sub.mkdir()
        (sub / "text.txt").write_text(text, encoding="utf-8")
        out[name] = sub
    return out


def row(name: str, result: tuple[float, int], base: tuple[float, int]) -> str:
    (t, m), (bt, bm) = result, base
    return f"{name:<44}{t:>9.1f}{t / bt:>8.2f}{m / 1e6:>10.0f}{m / bm:>8.2f}"


def main() -> None:
    """Build the texts, run the commands, print times, memory and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of the pathological texts")
    parser.add_argument(
        "--unbounded-mb", type=float, default=0.2, help="their size with the bound lifted"
    )
    parser.add_argument("--report-mb", type=float, default=0.25, help="size of report's file")
    opts = parser.parse_args()
    if not os.environ.get("TOKSCOPE_TOKENIZERS"):
        print("note: TOKSCOPE_TOKENIZERS is not set; tokenizers come from the HF cache/Hub")
    folder = Path(tempfile.mkdtemp(prefix="bench-large-"))
    tokscope = [sys.executable, "-m", "tokscope.cli"]
    header = f"{'command':<44}{'seconds':>9}{'x base':>8}{'peak MB':>10}{'x base':>8}"
    try:
        for label, mb, unbounded in (
            ("bounded", opts.mb, False),
            ("unbounded", opts.unbounded_mb, True),
        ):
            sub = folder / label
            sub.mkdir()
            (sub / "normal").mkdir()
            normal = sub / "normal" / "normal.py"
            size = build_file(normal, mb)
            limit = str(size * 2)
            base = measure([sys.executable, "-c", RAW, str(normal), "modernbert"])
            print(f"\n{size / 1e6:.2f} MB texts, modernbert; base: raw encode of normal Python")
            print(header)
            print(row("raw encode (base)", base, base))
            stats = [*tokscope, "stats", "-t", "modernbert", "-j", "1", "-q", "--json"]
            if not unbounded:
                print(row("stats, normal file", measure([*stats, str(normal.parent)]), base))
            for name, path in pathological(sub, size).items():
                if unbounded:
                    args = [sys.executable, "-c", UNBOUNDED, str(path)]
                    print(row(f"stats, {name}, bound lifted", measure(args), base))
                else:
                    args = [*stats, str(path), "--max-bytes", limit]
                    print(row(f"stats, {name} (too-costly)", measure(args), base))
        (folder / "report").mkdir()
        one = folder / "report" / "one.py"
        size = build_file(one, opts.report_mb)
        print(f"\nreport on one {size / 1e6:.2f} MB file, {', '.join(DEFAULTS)}")
        print(header)
        base = measure([sys.executable, "-c", RAW, str(one), *DEFAULTS])
        print(row("raw encode (base)", base, base))
        picks = [a for name in DEFAULTS for a in ("-t", name)]
        out = folder / "report.html"
        report = [*tokscope, "report", str(one), *picks, "-j", "1", "-q", "-o", str(out)]
        print(row("report", measure(report), base))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
