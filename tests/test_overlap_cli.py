"""``tokscope overlap`` through the command line, on self-trained tokenizers: JSON, Markdown, the
terminal view, and errors a user can act on."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import run, run_json, specs
from tests.samples import SAMPLES
from tests.test_cli import check_snapshot

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_json_lists_duplicates_and_extra_ids(small_dir: Path) -> None:
    out = run_json(["overlap", *specs(small_dir, "byte-bpe", "space-runs")])
    assert out["command"] == "overlap"
    assert [t["name"] for t in out["tokenizers"]] == ["byte-bpe", "space-runs"]
    runs = out["tokenizers"][1]
    assert runs["duplicates"], "space-runs has raw runs that equal its Ġ runs"
    for dup in runs["duplicates"]:
        assert dup["added"] == [False, True]
        assert dup["tokens"][0] == "Ġ" * len(dup["tokens"][1])
        assert set(dup["form"]["text"]) == {" "}
    pair = out["pairs"][0]
    assert pair["ids"]["b_extends_a"] is True
    assert pair["ids"]["b_only"]["count"] == 7
    assert pair["overall"]["a_in_b"] == 1.0
    assert out["corpus"] is None
    assert out["matrix"]["corpus_coverage"] is None
    assert out["budget"][0]["params"] == 500 * 1024


def test_json_is_identical_across_processes(small_dir: Path) -> None:
    """Set and dict orders change with the hash seed; the output must not."""
    args = ["overlap", *specs(small_dir, "byte-bpe", "collapsing", "space-runs")]
    args += ["--corpus", "corpora", "--json"]
    code = "import sys; from tokscope.cli import main; sys.argv[0] = 'tokscope'; main()"
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            check=True,
            env=env,
            cwd=ROOT,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["corpus"]["documents"] == len(SAMPLES)


def test_corpus_skips_are_counted(small_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "good.py").write_text("def f(x):\n    return x\n", encoding="utf-8")
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02")
    (tmp_path / "empty.py").write_bytes(b"")
    out = run_json(
        ["overlap", *specs(small_dir, "byte-bpe", "collapsing"), "--corpus", str(tmp_path)]
    )
    corpus = out["corpus"]
    assert corpus["documents"] == 1
    reasons = corpus["skipped"]["reasons"]
    assert {r: v["count"] for r, v in reasons.items()} == {"binary": 1, "empty": 1}
    coverage = out["pairs"][0]["corpus"]["a_in_b"]
    assert coverage["tokens"] == out["corpus"]["tokenizers"][0]["tokens"]
    assert 0 < coverage["share"] < 1  # collapsing has no newline or indentation entry


def test_markdown_report(small_dir: Path) -> None:
    markdown = run(
        [
            "overlap",
            *specs(small_dir, "byte-bpe", "space-runs"),
            "--corpus",
            "corpora/python",
            "--markdown",
        ]
    )
    assert markdown.exit_code == 0
    text = markdown.stdout
    for heading in (
        "# Vocabulary overlap",
        "## Vocabularies",
        "## Overlap",
        "### byte-bpe vs space-runs",
        "## On the corpus",
        "## Vocabulary budget",
    ):
        assert f"\n{heading}\n" in f"\n{text}"
    assert "space-runs holds every entry of byte-bpe at the same id (500), plus 7 ids" in text
    assert "| `··` | `ĠĠ (" in text  # a duplicate, whitespace made visible
    table_rows = [line for line in text.splitlines() if line.startswith("|")]
    assert all(line.endswith("|") for line in table_rows)


def test_terminal_view_snapshot(small_dir: Path) -> None:
    args = ["overlap", *specs(small_dir, "byte-bpe", "space-runs", "collapsing")]
    result = run([*args, "--corpus", "corpora/python", "--samples", "4", "--width", "100"])
    assert result.exit_code == 0
    check_snapshot("overlap_small_w100.txt", result.stdout)


def test_names_are_not_read_as_markup(small_dir: Path, tmp_path: Path) -> None:
    odd = tmp_path / "[bold]odd"
    shutil.copytree(small_dir / "byte-bpe", odd)
    result = run(["overlap", str(odd), str(small_dir / "collapsing"), "--width", "100"])
    assert result.exit_code == 0
    assert "[bold]odd vs collapsing" in result.stdout


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--json", "--markdown"], "--json and --markdown cannot be combined"),
        (["--corpus", "does-not-exist"], "does-not-exist: no such file or folder"),
    ],
)
def test_errors_are_one_line(small_dir: Path, extra: list[str], message: str) -> None:
    result = run(["overlap", *specs(small_dir, "byte-bpe", "collapsing"), *extra])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_needs_two_different_tokenizers(small_dir: Path) -> None:
    one = run(["overlap", str(small_dir / "byte-bpe")])
    assert one.exit_code == 2
    assert "give at least two tokenizers" in one.stderr
    same = run(["overlap", str(small_dir / "byte-bpe"), str(small_dir / "byte-bpe")])
    assert same.exit_code == 2
    assert "all the same one (byte-bpe)" in same.stderr


def test_corpus_honours_the_file_filters_and_jobs(small_dir: Path) -> None:
    base = ["overlap", *specs(small_dir, "byte-bpe", "collapsing"), "--corpus", "corpora"]
    every = run_json(base)
    python = run_json([*base, "--include", "*.py"])
    others = run_json([*base, "--exclude", "*.py", "--max-bytes", "100000"])
    n_python = len(list((ROOT / "corpora").rglob("*.py")))
    assert python["corpus"]["documents"] == n_python
    assert others["corpus"]["documents"] == every["corpus"]["documents"] - n_python
    tokens = [
        sum(t["tokens"] for t in out["corpus"]["tokenizers"]) for out in (every, python, others)
    ]
    assert tokens[0] == tokens[1] + tokens[2]
    assert run_json([*base, "--jobs", "2"]) == every


def test_corpus_scheduler_needs_dask_engine(small_dir: Path) -> None:
    args = ["overlap", *specs(small_dir, "byte-bpe", "collapsing"), "--corpus", "corpora"]
    result = run([*args, "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2
    assert "--engine dask" in result.stderr


@pytest.mark.parametrize("command", ["overlap", "vocab"])
def test_corpus_pass_goes_through_the_cache(
    small_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.setenv("TOKSCOPE_CACHE_DIR", str(tmp_path / "cache"))
    corpora = str(Path(__file__).resolve().parent.parent / "corpora")
    args = [command, str(small_dir / "byte-bpe"), str(small_dir / "collapsing")]
    args += ["--corpus", corpora, "--json", "-v"]
    fresh = run([*args, "--no-cache"])
    first, second = run(args), run(args)
    for result in (fresh, first, second):
        assert result.exit_code == 0, result.output
    assert fresh.stdout == first.stdout == second.stdout
    assert "cache: not used (--no-cache)" in fresh.stderr
    assert ", 0 misses of" in second.stderr and ", 0 misses of" not in first.stderr
