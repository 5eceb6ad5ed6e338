"""Parquet and gzip JSON Lines shards through the corpus reader and the local engine."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import run, run_json
from tokscope.corpus.walk import CorpusOptions, Document, Skipped, iter_corpus

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

ROOT = Path(__file__).resolve().parent.parent

ROWS: list[dict[str, object]] = [
    {"content": "def f(x):\n    return x\n", "lang": "Python", "path": "a/f.py"},
    {"content": None, "lang": "Python", "path": "a/none.py"},
    {"content": "", "lang": "Go", "path": "a/empty.go"},
    {"content": "x" * 300, "lang": "C", "path": "a/big.c"},
    {"content": "a\x00b", "lang": "C", "path": "a/nul.c"},
    {"content": "package main\n\nfunc main() {}\n", "lang": None, "path": "b/main.go"},
    {"content": "puts 'hi'\r\n", "lang": "Ruby", "path": "b/hi.rb"},
]


def write_parquet(path: Path, rows: list[dict[str, object]], *, group: int = 2) -> Path:
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=group)
    return path


def items(paths: list[Path], **options: object) -> list[Document | Skipped]:
    opts = CorpusOptions(max_bytes=200, **options)  # type: ignore[arg-type]
    return list(iter_corpus([str(p) for p in paths], opts))


def test_parquet_records_and_every_bad_record(tmp_path: Path) -> None:
    shard = write_parquet(tmp_path / "s.parquet", ROWS)
    got = items([shard])
    docs = {d.name.rsplit(":", 1)[1]: d for d in got if isinstance(d, Document)}
    skips = {s.name.rsplit(":", 1)[1]: s.reason for s in got if isinstance(s, Skipped)}
    assert sorted(docs) == ["1", "6", "7"]  # rows counted from 1 across row groups
    assert skips == {"2": "no-text", "3": "empty", "4": "too-large", "5": "binary"}
    assert docs["1"].language == "Python"
    assert docs["6"].language == "Go"  # null language: from the path field
    assert docs["7"].text == "puts 'hi'\r\n"  # exact text, \r\n kept
    assert [d.name for d in got] == [f"{shard}:{k}" for k in range(1, 8)]


def test_text_and_lang_fields(tmp_path: Path) -> None:
    shard = tmp_path / "s.parquet"
    pq.write_table(
        pa.table({"code": pa.array(["int x;\n", None]), "kind": ["C", "C"], "n": [1, 2]}), shard
    )
    got = items([shard], text_field="code", lang_field="kind")
    assert [(type(d).__name__, getattr(d, "language", d.name)) for d in got] == [
        ("Document", "C"),
        ("Skipped", f"{shard}:2"),
    ]
    numbers = write_parquet(tmp_path / "n.parquet", [{"content": 1}, {"content": 2}])
    assert {getattr(s, "reason", None) for s in items([numbers])} == {
        "no-text"
    }  # not a string: no text


def test_missing_text_column_and_corrupt_shard(tmp_path: Path) -> None:
    other = write_parquet(tmp_path / "other.parquet", [{"text": "x"}] * 5)
    corrupt = tmp_path / "corrupt.parquet"
    corrupt.write_bytes(b"PAR1 this is not parquet PAR1")
    got = items([other, corrupt])
    assert got == [Skipped(str(other), "no-text"), Skipped(str(corrupt), "unreadable")]


def test_row_group_ranges_read_exactly_the_whole_file(tmp_path: Path) -> None:
    from tokscope.corpus.parquet import read_parquet, row_groups

    shard = write_parquet(tmp_path / "s.parquet", ROWS * 3, group=3)
    opts = CorpusOptions(max_bytes=200)
    whole = list(read_parquet(shard, opts))
    groups = row_groups(shard)
    assert groups is not None and len(groups) == 7
    for cut in (1, 2, 4, 6):
        first = [g.index for g in groups[:cut]]
        rest = [g.index for g in groups[cut:]]
        parts = list(read_parquet(shard, opts, groups=first))
        parts += list(read_parquet(shard, opts, groups=rest))
        assert parts == whole
    assert row_groups(tmp_path / "absent.parquet") is None


def test_parquet_and_gzip_jsonl_give_the_same_documents(tmp_path: Path) -> None:
    shard = write_parquet(tmp_path / "s.parquet", ROWS)
    lines = "\n".join(json.dumps(r) for r in ROWS) + "\n"
    with gzip.open(tmp_path / "s.ndjson.gz", "wt", encoding="utf-8") as handle:
        handle.write(lines)
    (tmp_path / "s.jsonl").write_text(lines, encoding="utf-8")

    def strip(found: list[Document | Skipped]) -> list[tuple[str, ...]]:
        out: list[tuple[str, ...]] = []
        for d in found:
            row = d.name.rsplit(":", 1)[1]
            if isinstance(d, Document):
                out.append((row, d.text, d.language))
            else:
                out.append((row, d.reason))
        return out

    parquet = strip(items([shard]))
    assert strip(items([tmp_path / "s.ndjson.gz"])) == parquet
    assert strip(items([tmp_path / "s.jsonl"])) == parquet


def test_stats_reads_parquet_shards_in_a_folder(small_dir: Path, tmp_path: Path) -> None:
    write_parquet(tmp_path / "a.parquet", ROWS[:4])
    write_parquet(tmp_path / "b.parquet", ROWS[4:])
    out = run_json(
        [
            *["stats", str(tmp_path), "-t", str(small_dir / "byte-bpe")],
            *["--reference", "byte-bpe", "--max-bytes", "200", "-j", "1", "-q"],
        ]
    )
    corpus = out["corpus"]
    assert corpus["files"] == 3
    assert {r: v["count"] for r, v in corpus["skipped"]["reasons"].items()} == {
        "binary": 1,
        "empty": 1,
        "no-text": 1,
        "too-large": 1,
    }


def test_missing_pyarrow_is_one_line(
    small_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shard = write_parquet(tmp_path / "s.parquet", ROWS)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    tok = ["-t", str(small_dir / "byte-bpe"), "--reference", "byte-bpe", "-j", "1"]
    result = run(["stats", str(shard), *tok])
    assert result.exit_code == 2
    assert "pip install 'tokscope[parquet]'" in result.output
    assert "Traceback" not in result.output


def test_plain_runs_import_neither_dask_nor_pyarrow(small_dir: Path) -> None:
    tok = str(small_dir / "byte-bpe")
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from tokscope.cli import cli\n"
        "r = CliRunner().invoke(cli, ['--help'])\n"
        "assert r.exit_code == 0\n"
        f"r = CliRunner().invoke(cli, ['stats', 'corpora/python', '-t', {tok!r},"
        " '--reference', 'byte-bpe', '-j', '1', '--json'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in ('dask', 'distributed', 'pyarrow') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
