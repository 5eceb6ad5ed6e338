"""Benchmark ``tokscope stats`` on Parquet shards: the local engine against the Dask engine.

Writes at least ``--mb`` megabytes (default 10) of ``.py`` files of the running interpreter's
standard library (found through ``sysconfig``) as ``--shards`` Parquet shards (row groups of
``--group`` rows) in a temporary folder, then times on the same shards and the same three
tokenizers (modernbert, xlm-roberta, roberta):

* **local**: :func:`tokscope.stats.engine.local.run` with ``--workers`` processes (pool start-up and
  loading of the tokenizers included, as in a ``tokscope stats`` run);
* **dask cold**: starting a ``LocalCluster`` of ``--workers`` single-threaded processes, then
  :func:`tokscope.stats.engine.cluster.run_dask` (the workers load the tokenizers);
* **dask warm**: a second run on the same cluster (tokenizers already loaded: the steady state of a
  long run).

It checks that both engines give byte-identical JSON, prints records/s and MB/s of each, the
ratios against the local engine (goal: at most 1.3x), and from the measured warm cost per MB and
per worker, what 1 TB would take on N workers if throughput scaled linearly (an estimate, not a
measurement: storage, network and the scheduler are not in it).

Run from the project root with the real tokenizer files available::

    TOKSCOPE_TOKENIZERS=../shared/tokenizers python benchmarks/bench_dask.py

Nothing is written outside a temporary folder, which is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import platform
import sysconfig
import tempfile
import time
from pathlib import Path

GOAL = 1.3
TOKENIZERS = ("modernbert", "xlm-roberta", "roberta")
TB_MB = 1_000_000


def write_shards(dest: Path, target_mb: float, shards: int, group: int) -> tuple[int, int]:
    """Standard-library sources as Parquet shards; returns (records, bytes)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = Path(sysconfig.get_paths()["stdlib"])
    rows: list[dict[str, str]] = []
    size = 0
    for path in sorted(root.rglob("*.py")):
        if "site-packages" in path.parts:
            continue
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        rows.append({"path": str(path.relative_to(root)), "content": text, "lang": "Python"})
        size += len(text.encode("utf-8"))
        if size >= target_mb * 1e6:
            break
    for k in range(shards):
        table = pa.Table.from_pylist(rows[k::shards])
        pq.write_table(table, dest / f"part-{k:04d}.parquet", row_group_size=group)
    return len(rows), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size (default 10)")
    parser.add_argument("--shards", type=int, default=8, help="Parquet shards (default 8)")
    parser.add_argument("--group", type=int, default=200, help="rows per row group (default 200)")
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    parser.add_argument("--no-lex", action="store_true", help="no lexical classes")
    parser.add_argument(
        "--part-mb", type=float, default=4.0, help="target task size in MB (default 4)"
    )
    args = parser.parse_args()

    import distributed

    from tokscope.corpus.walk import CorpusOptions
    from tokscope.render.stats.json import render
    from tokscope.stats.engine.cluster import local_cluster, run_dask
    from tokscope.stats.engine.local import RunOptions, run

    cores = os.cpu_count()
    print(f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}")
    options = RunOptions(specs=TOKENIZERS, jobs=args.workers, lex=not args.no_lex)
    corpus = CorpusOptions()
    with tempfile.TemporaryDirectory(prefix="tokscope-bench-dask-") as tmp:
        records, n_bytes = write_shards(Path(tmp), args.mb, args.shards, args.group)
        mb = n_bytes / 1e6
        print(
            f"corpus: {records} records, {mb:.1f} MB in {args.shards} Parquet shards, row groups"
            f" of {args.group}; lex={'off' if args.no_lex else 'on'}; {args.workers} workers"
        )

        start = time.perf_counter()
        local = run([tmp], corpus, options)
        t_local = time.perf_counter() - start

        start = time.perf_counter()
        with local_cluster(args.workers) as cluster, distributed.Client(cluster) as client:
            client.wait_for_workers(args.workers, timeout=120)
            started = time.perf_counter() - start
            part = int(args.part_mb * 1e6)
            cold = run_dask([tmp], corpus, options, client=client, part_bytes=part)
            t_cold = time.perf_counter() - start
            start = time.perf_counter()
            warm = run_dask([tmp], corpus, options, client=client, part_bytes=part)
            t_warm = time.perf_counter() - start
        same = render(local, None) == render(cold.report, None) == render(warm.report, None)

    def line(name: str, seconds: float) -> str:
        return (
            f"{name:<11} {seconds:7.2f} s  {records / seconds:9.1f} records/s  "
            f"{mb / seconds:6.2f} MB/s  {seconds / t_local:5.2f}x local"
        )

    print(line("local", t_local))
    print(line("dask cold", t_cold) + f"  (cluster start {started:.2f} s, {cold.tasks} tasks)")
    print(line("dask warm", t_warm) + f"  (tokenizers loaded, {warm.tasks} tasks)")
    print(f"identical JSON: {same}")
    for name, seconds in (("cold", t_cold), ("warm", t_warm)):
        verdict = "ok" if seconds / t_local <= GOAL else "over"
        print(f"goal dask {name} <= {GOAL}x local: {seconds / t_local:.2f}x {verdict}")
    per_mb_worker = t_warm * args.workers / mb
    print(
        f"1 TB estimate from the warm run ({per_mb_worker:.3f} s per MB per worker, "
        "linear scaling assumed):"
    )
    for workers in (2, 16, 64, 256, 1024):
        hours = TB_MB * per_mb_worker / workers / 3600
        print(f"  {workers:>5} workers: {hours:9.1f} h")


if __name__ == "__main__":
    main()
