"""``tokscope stats`` through the command line: bad inputs, --jobs, formats, comparisons."""

from __future__ import annotations

import io
import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from tests.cli_helpers import run, run_json
from tests.samples import SAMPLES
from tests.test_cli import check_snapshot
from tokscope.cli.output import Format
from tokscope.cli.stats import _render, _render_comparison
from tokscope.corpus.walk import REASONS
from tokscope.stats import compare
from tokscope.stats.worst import WORST_KEPT

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def tok_args(small_dir: Path, *names: str) -> list[str]:
    args = []
    for name in names:
        args += ["-t", str(small_dir / name)]
    return args


def small_args(small_dir: Path) -> list[str]:
    return [*tok_args(small_dir, "byte-bpe", "collapsing"), "--reference", "byte-bpe"]


@pytest.fixture()
def messy(tmp_path: Path) -> Iterator[Path]:
    """A folder with one good file and one input for every reason to skip."""
    root = tmp_path / "messy"
    root.mkdir()
    (root / "good.py").write_text("def initialize(self):\n    return 1\n")
    (root / "blob.bin").write_bytes(b"\x89PNG\x00\x00")
    (root / "latin1.rb").write_bytes(b"# caf\xe9\n")
    (root / "empty.js").write_bytes(b"")
    (root / "big.c").write_text("int x;\n" * 100)
    (root / "corrupt.jsonl.gz").write_bytes(b"this is not gzip")
    os.symlink(root / "nowhere", root / "dangling.py")
    os.symlink(root, root / "loop")
    lines = [json.dumps({"content": "x = 1\n", "lang": "python"}), "{broken", json.dumps({"x": 1})]
    (root / "data.jsonl").write_text("\n".join(lines) + "\n")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "socket.py"))  # exists, but cannot be opened: unreadable
    try:
        yield root
    finally:
        sock.close()


def messy_args(messy: Path) -> list[str]:
    return [str(messy), str(messy.parent / "socket.py"), str(messy.parent / "absent.py")]


def test_every_bad_input_is_skipped_and_counted(small_dir: Path, messy: Path) -> None:
    pipes = messy.parent / "pipes"
    pipes.mkdir()
    os.mkfifo(pipes / "fifo.py")
    (pipes / ".git" / "info").mkdir(parents=True)  # a checkout: its ignore rules apply
    (pipes / ".git" / "info" / "exclude").write_text("*.log\n")
    (pipes / "notes.log").write_text("ignored\n")
    (pipes / "dist").mkdir()
    (pipes / "dist" / "app.js").write_text("var built = 1;\n")
    # a duplicate; a FIFO, an ignored file and a folder skipped by default inside a folder
    again = [str(messy / "good.py"), str(pipes)]
    out = run_json(
        [
            "stats",
            *messy_args(messy),
            *again,
            *small_args(small_dir),
            "--max-bytes",
            "500",
            "-j",
            "1",
        ]
    )
    skipped = out["corpus"]["skipped"]
    counts = {reason: v["count"] for reason, v in skipped["reasons"].items()}
    assert counts == {
        "bad-json": 1,
        "binary": 1,
        "broken-link": 1,
        "duplicate": 1,
        "empty": 1,
        "excluded-folder": 1,
        "ignored": 1,
        "link-loop": 1,
        "missing": 1,
        "no-text": 1,
        "not-utf8": 1,
        "special-file": 1,
        "too-large": 1,
        "unreadable": 2,
    }
    # the reasons a tokenizer gives (tokenizer-error, too-costly): tests/test_engine_faults.py
    assert set(counts) == set(REASONS) - {"tokenizer-error", "too-costly"}
    assert skipped["total"] == 15
    assert skipped["reasons"]["unreadable"]["examples"] == sorted(
        [str(messy / "corrupt.jsonl.gz"), str(messy.parent / "socket.py")]
    )
    assert out["corpus"]["files"] == 2  # good.py and data.jsonl:1
    assert set(out["corpus"]["languages"]) == {"Python"}


def test_skipped_inputs_are_listed_in_the_tables(small_dir: Path, messy: Path) -> None:
    result = run(["stats", *messy_args(messy), *small_args(small_dir), "--width", "160", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "Skipped inputs (10)" in result.stdout
    assert "not-utf8 (not valid UTF-8)" in result.stdout
    assert str(messy / "latin1.rb") in result.stdout


def test_errors_replace_analyses_files_that_are_not_utf8(small_dir: Path, messy: Path) -> None:
    out = run_json(["stats", str(messy), *small_args(small_dir), "--errors", "replace", "-j", "1"])
    assert "not-utf8" not in out["corpus"]["skipped"]["reasons"]
    assert out["corpus"]["languages"]["Ruby"]["files"] == 1


def test_jobs_1_and_2_give_byte_identical_json(small_dir: Path, messy: Path) -> None:
    args = ["stats", "corpora", *messy_args(messy), *small_args(small_dir), "--json"]
    one = run([*args, "--jobs", "1"])
    two = run([*args, "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0, two.output
    assert one.stdout == two.stdout
    # corpora, good.py, big.c, 1 record
    assert json.loads(one.stdout)["corpus"]["files"] == len(SAMPLES) + 3
    worst = [t["worst_files"] for t in json.loads(one.stdout)["tokenizers"]]
    assert all(len(w["tokens_per_byte"]) == WORST_KEPT for w in worst)  # the same worst files too


def test_file_order_does_not_change_the_json(small_dir: Path) -> None:
    files = sorted(str(p) for p in Path("corpora").rglob("*") if p.is_file())
    args = ["stats", *small_args(small_dir), "--json", "-j", "1"]
    forward = run([*args, *files])
    backward = run([*args, *reversed(files)])
    assert forward.stdout == backward.stdout
    assert forward.exit_code == 0


def test_snapshot_rich(small_dir: Path) -> None:
    result = run(["stats", "corpora", *small_args(small_dir), "--width", "100", "-j", "1"])
    assert result.exit_code == 0, result.output
    check_snapshot("stats_small_w100.txt", result.stdout)


def test_snapshot_markdown(small_dir: Path) -> None:
    result = run(["stats", "corpora", *small_args(small_dir), "--markdown", "-j", "1"])
    assert result.exit_code == 0, result.output
    check_snapshot("stats_small.md", result.stdout)


def test_no_lex(small_dir: Path) -> None:
    out = run_json(["stats", "corpora", *small_args(small_dir), "--no-lex", "-j", "1"])
    assert out["lexical_classes"] is False
    overall = out["tokenizers"][0]["overall"]
    assert overall["classes"] is None and overall["identifier_alignment"] is None
    assert overall["words"]["units"] > 0
    assert out["tokenizers"][0]["fragmented_identifiers"] == []


def test_json_document_layout(small_dir: Path) -> None:
    out = run_json(["stats", "corpora/python", *small_args(small_dir), "-j", "1"])
    assert (out["command"], out["stats_schema"], out["reference"]) == ("stats", 3, "byte-bpe")
    names = [t["name"] for t in out["tokenizers"]]
    assert names == ["byte-bpe", "collapsing"]
    bpe, collapsing = out["tokenizers"]
    assert bpe["overall"]["nsl"] == 1.0
    assert set(bpe["languages"]) == {"Python"}
    assert bpe["overall"]["round_trip_fidelity"] == 1.0
    assert collapsing["overall"]["round_trip_fidelity"] == 0.0
    assert collapsing["round_trip_examples"][0]["file"] == "corpora/python/geometry.py"
    assert set(bpe["overall"]["classes"]) == {
        "identifier",
        "keyword",
        "string",
        "comment",
        "number",
        "operator",
        "punctuation",
        "whitespace",
        "other",
    }
    assert set(bpe["overall"]["identifier_alignment"]) == {"snake_case", "camelCase", "dunder"}
    assert bpe["fragmented_identifiers"] and bpe["crossing_tokens"]


def test_reference_is_measured_when_not_among_the_tokenizers(small_dir: Path) -> None:
    args = ["stats", "corpora/go", *tok_args(small_dir, "collapsing")]
    out = run_json([*args, "--reference", str(small_dir / "byte-bpe"), "-j", "1"])
    assert [t["name"] for t in out["tokenizers"]] == ["collapsing", "byte-bpe"]
    assert out["reference"] == "byte-bpe"


def test_paths_from_standard_input_and_datasets(small_dir: Path, tmp_path: Path) -> None:
    records = [
        {"text": "package main\n", "language": "go"},
        {"text": "x = 1\n", "language": "python"},
        {"content": "no text field here"},
    ]
    data = tmp_path / "stack.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records))
    stdin = f"{data}\ncorpora/ruby/state_machine.rb\n\n"
    out = run_json(
        ["stats", "-", *small_args(small_dir), "--text-field", "text", "--lang-field", "language"],
        stdin=stdin,
    )
    assert out["corpus"]["languages"] == {
        "Go": {"files": 1, "bytes": 13},
        "Python": {"files": 1, "bytes": 6},
        "Ruby": {"files": 1, "bytes": Path("corpora/ruby/state_machine.rb").stat().st_size},
    }
    assert out["corpus"]["skipped"]["reasons"]["no-text"]["count"] == 1


def test_output_file_is_the_only_thing_written(small_dir: Path, messy: Path) -> None:
    def snapshot(root: Path) -> dict[str, tuple[int, int]]:
        return {
            str(p): (p.lstat().st_size, p.lstat().st_mtime_ns)
            for p in root.rglob("*")
            if not p.is_symlink()
        }

    before = snapshot(messy.parent)
    output = messy.parent / "report.json"
    result = run(["stats", str(messy), *small_args(small_dir), "--json", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    after = snapshot(messy.parent)
    assert set(after) - set(before) == {str(output)}
    assert {k: v for k, v in after.items() if k != str(output)} == before
    assert json.loads(output.read_text())["command"] == "stats"


def test_compare_and_baseline(small_dir: Path, tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    base = ["stats", "corpora/python", "-j", "1", "--json"]
    assert run([*base, *small_args(small_dir), "-o", str(old)]).exit_code == 0
    args = [*tok_args(small_dir, "byte-bpe", "space-runs"), "--reference", "byte-bpe"]
    assert run([*base, *args, "-o", str(new)]).exit_code == 0
    out = run_json(["stats", "--compare", str(old), str(new)])
    assert out["command"] == "stats-compare"
    assert (out["only_old"], out["only_new"]) == (["collapsing"], ["space-runs"])
    nsl = [d for d in out["deltas"] if d["tokenizer"] == "byte-bpe" and d["key"] == "nsl"]
    assert nsl == [
        {
            "tokenizer": "byte-bpe",
            "metric": "NSL",
            "key": "nsl",
            "unit": "ratio",
            "old": 1.0,
            "new": 1.0,
            "change": 0.0,
            "relative_change": 0.0,
            "changed": False,
        }
    ]
    assert out["unchanged"] == ["byte-bpe"] and out["corpus"]["match"] == "same"
    indent = next(
        d for d in out["deltas"] if d["tokenizer"] == "space-runs" and "indent" in d["metric"]
    )
    assert indent["old"] is None and indent["new"] is not None and indent["change"] is None
    text = run(["stats", "--compare", str(old), str(new), "--width", "120"])
    assert "No metric changed" in text.stdout and "Only before: collapsing" in text.stdout
    assert "Unchanged: byte-bpe" in text.stdout
    every = run(["stats", "--compare", str(old), str(new), "--width", "120", "--all"]).stdout
    assert "byte-bpe" in every and "NSL" in every and "space-runs" in every
    md = run(["stats", "--compare", str(old), str(new), "--markdown"]).stdout
    assert md.startswith("# tokscope stats: comparison")
    with_baseline = run_json([*base[:-1], *args, "--baseline", str(old)])
    assert with_baseline["comparison"]["only_new"] == ["space-runs"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stats"], "give files, folders or .jsonl datasets"),
        (["stats", "corpora", "--json", "--markdown"], "cannot be combined"),
        (["stats", "corpora", "--compare", "a.json", "b.json"], "give no PATH"),
        (["stats", "--compare", "no-such.json", "x.json"], "cannot read no-such.json"),
        (["stats", "--compare", "README.md", "README.md"], "is not JSON"),
        (["stats", "corpora", "-t", "./no/such/tokenizer"], "does not exist"),
    ],
)
def test_errors_are_one_actionable_line(args: list[str], message: str) -> None:
    result = run(args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_unknown_reference_is_one_line(small_dir: Path) -> None:
    args = ["stats", "corpora/go", *tok_args(small_dir, "byte-bpe"), "-j", "1"]
    result = run([*args, "--reference", str(small_dir / "missing")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_a_bad_tokenizer_in_worker_processes_is_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "tokenizer.json").write_text("{ not a tokenizer")
    result = run(["stats", "corpora/go", "-t", str(broken), "--reference", str(broken), "-j", "2"])
    assert result.exit_code == 2
    assert "cannot load tokenizer" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_every_format_renders(small_dir: Path, tmp_path: Path) -> None:
    from tokscope.corpus.walk import CorpusOptions
    from tokscope.stats.engine.local import RunOptions
    from tokscope.stats.engine.local import run as run_stats

    report = run_stats(
        ["corpora/go"],
        CorpusOptions(),
        RunOptions(specs=(str(small_dir / "byte-bpe"),), reference=str(small_dir / "byte-bpe")),
    )
    doc = json.loads(_render(Format.JSON, report, None))
    comparison = compare(doc, doc)
    for fmt in Format:
        for rendered in (_render(fmt, report, comparison), _render_comparison(fmt, comparison)):
            if not isinstance(rendered, str):
                buffer = io.StringIO()
                Console(file=buffer, width=100).print(rendered)
                rendered = buffer.getvalue()
            assert "byte-bpe" in rendered


@pytest.mark.parametrize(
    ("name", "language"), [("Program.cs", "C#"), ("a.n", "Nemerle"), ("story.ni", "Inform 7")]
)
def test_stats_on_languages_the_fast_lexer_cannot_run(
    small_dir: Path, tmp_path: Path, name: str, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """C#, Nemerle and Inform 7 build their lexer rules per instance: pygments lexes them."""
    monkeypatch.setattr("tokscope.lexing.PYGMENTS_FIRST", 0)  # else short texts skip the choice
    (tmp_path / name).write_text("class A {\n    int x = 1; // c\n}\n")
    out = run_json(["stats", str(tmp_path), *small_args(small_dir), "-j", "1"])
    assert out["corpus"]["files"] == 1
    assert set(out["corpus"]["languages"]) == {language}
