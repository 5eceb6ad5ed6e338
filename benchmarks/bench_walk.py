"""The corpus walk stays linear in the depth of a tree: time for depth N and 2N, and their ratio.

A chain of N nested folders with one file at the bottom is walked with
:func:`tokscope.corpus.walk.iter_files`; a linear walk takes about twice as long for twice the
depth (ratio ~2), a quadratic one about four times. Nothing is written outside a temporary
folder, removed at the end.

    python benchmarks/bench_walk.py            # depths 900 and 1800, 3 rounds
    python benchmarks/bench_walk.py --depth 500 --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from tokscope.corpus.walk import iter_files
from tokscope.testing.trees import remove_tree


def build(root: Path, depth: int) -> Path:
    """A chain of ``depth`` folders named ``d`` under ``root``, one file at the bottom."""
    folder = root
    for _ in range(depth):
        folder = folder / "d"
        folder.mkdir()
    (folder / "x.py").write_text("x = 1\n")
    return root / "d"


def walk_seconds(top: Path, repeat: int) -> float:
    """Median wall time of one full walk of ``top``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        found = list(iter_files([str(top)]))
        times.append(time.perf_counter() - start)
        assert len(found) == 1, found
    return statistics.median(times)


def main() -> None:
    """Measure and print the two times and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=900)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as name:
        for depth in (args.depth, 2 * args.depth):
            base = Path(name) / str(depth)
            base.mkdir()
            top = build(base, depth)
            try:
                results[depth] = walk_seconds(top, args.repeat)
            finally:
                remove_tree(top)
    small, large = results[args.depth], results[2 * args.depth]
    print(f"depth {args.depth}: {small * 1000:.1f} ms")
    print(f"depth {2 * args.depth}: {large * 1000:.1f} ms")
    print(f"ratio {large / small:.2f} (linear ~2, quadratic ~4)")


if __name__ == "__main__":
    main()
