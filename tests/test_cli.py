"""The command line: help, errors a user can act on, output snapshots, deterministic JSON."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from rich.console import Console

from tests.cli_helpers import run, run_json, specs
from tokscope.cli import cli
from tokscope.corpus.textio import read_source
from tokscope.diff import DEFAULT_MAX_LINES, compare
from tokscope.loading.sources import LoadedTokenizer
from tokscope.render.diff.terminal import render_diff

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = Path(__file__).parent / "snapshots"
SAMPLE = "tests/data/sample.py"


def check_snapshot(name: str, actual: str) -> None:
    """Compare with ``snapshots/NAME``; TOKSCOPE_UPDATE_SNAPSHOTS=1 rewrites it."""
    path = SNAPSHOTS / name
    if not path.exists() and os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"snapshot {name} is missing: run the tests with TOKSCOPE_UPDATE_SNAPSHOTS=1")
    if os.environ.get("TOKSCOPE_UPDATE_SNAPSHOTS") == "1" or not path.exists():
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_every_command_has_help() -> None:
    assert isinstance(cli, click.Group)
    for name, command in cli.commands.items():
        assert command.help, name
        result = run([name, "--help"])
        assert result.exit_code == 0
        assert "Examples:" in result.output


def test_help_imports_neither_transformers_nor_torch() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from tokscope.cli import cli\n"
        "assert CliRunner().invoke(cli, ['--help']).exit_code == 0\n"
        "print(sorted(m for m in ('transformers', 'torch') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01binary", "looks binary"),
        (b"caf\xe9 = 1\n", "is not valid UTF-8 (byte 0xe9 at offset 3)"),
    ],
)
def test_diff_refuses_bad_input_in_one_line(
    small_dir: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.py"
    bad.write_bytes(content)
    result = run(["diff", str(bad), "-t", str(small_dir / "byte-bpe")])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "no/such/file.py"], "no such file"),
        (["diff", "tests"], "is a directory"),
        (["diff", SAMPLE, "--lines", "x:y"], "--lines 'x:y'"),
        (["diff", SAMPLE, "--lines", "9:3"], "must not come before"),
        (["diff", SAMPLE, "--lines", "99:"], "has 5 lines"),
        (["diff", SAMPLE, "--max-bytes", "10"], "larger than 10 bytes"),
    ],
)
def test_diff_usage_errors(small_dir: Path, args: list[str], message: str) -> None:
    result = run([*args, "-t", str(small_dir / "byte-bpe")])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_diff_reads_stdin_and_keeps_crlf(small_dir: Path) -> None:
    payload = run_json(["diff", "-", "-t", str(small_dir / "byte-bpe")], stdin=b"a\r\nb\r\n")
    (tok,) = payload["tokenizers"]
    assert "".join(t["surface"] for t in tok["tokens"]) == "a\r\nb\r\n"
    assert tok["totals"]["bytes"] == 6
    assert payload["file"] == "<stdin>"


def test_diff_lines_selects_tokens(small_dir: Path) -> None:
    spec = str(small_dir / "byte-bpe")
    whole = run_json(["diff", SAMPLE, "-t", spec])
    part = run_json(["diff", SAMPLE, "-t", spec, "--lines", "2:3"])
    assert part["lines"] == [2, 3]
    assert part["tokenizers"][0]["totals"] == whole["tokenizers"][0]["totals"]
    tokens = part["tokenizers"][0]["tokens"]
    surfaces = "".join(t["surface"] for t in tokens)
    assert "def __init__(self, size=8):\n        self.size   = size" in surfaces
    # Each token is listed once, with the line where it starts (a token from line 1 running
    # into line 2's indentation belongs to line 1).
    text = Path(SAMPLE).read_text(encoding="utf-8")
    line_of = [text.count("\n", 0, t["char_span"][0]) + 1 for t in tokens]
    assert set(line_of) == {2, 3}
    assert "class" not in surfaces and "return" not in surfaces


def test_long_file_shows_first_page(small: dict[str, LoadedTokenizer], tmp_path: Path) -> None:
    long = tmp_path / "long.py"
    long.write_text("".join(f"x{i} = {i}\n" for i in range(DEFAULT_MAX_LINES + 50)))
    result = compare(read_source(str(long)), [small["byte-bpe"]])
    assert result.truncated
    assert [r.number for r in result.rows] == list(range(1, DEFAULT_MAX_LINES + 1))
    assert result.total_lines == DEFAULT_MAX_LINES + 50


def test_json_is_deterministic(small_dir: Path) -> None:
    args = [
        "diff",
        SAMPLE,
        "--json",
        "-t",
        str(small_dir / "byte-bpe"),
        "-t",
        str(small_dir / "collapsing"),
    ]
    first, second = run(args), run(args)
    assert first.exit_code == 0
    assert first.stdout_bytes == second.stdout_bytes


def test_diff_snapshot_small_tokenizers(small_dir: Path) -> None:
    result = run(
        [
            "diff",
            SAMPLE,
            "--width",
            "100",
            *_t(specs(small_dir, "space-runs", "collapsing", "byte-bpe")),
        ]
    )
    assert result.exit_code == 0
    check_snapshot("diff_small_w100.txt", result.stdout)


def test_diff_snapshot_real(real_tokenizers: Path) -> None:
    result = run(
        [
            "diff",
            SAMPLE,
            "--width",
            "100",
            *_t(specs(real_tokenizers, "modernbert", "xlm-roberta", "roberta")),
        ]
    )
    assert result.exit_code == 0
    check_snapshot("diff_real_w100.txt", result.stdout)
    stacked = run(
        [
            "diff",
            SAMPLE,
            "--width",
            "60",
            *_t(specs(real_tokenizers, "modernbert", "xlm-roberta", "roberta")),
        ]
    )
    check_snapshot("diff_real_w60_stacked.txt", stacked.stdout)


def test_diff_snapshot_real_colours(real: dict[str, LoadedTokenizer]) -> None:
    result = compare(
        read_source(SAMPLE), [real["modernbert"], real["xlm-roberta"], real["roberta"]]
    )
    buffer = io.StringIO()
    console = Console(
        width=100, file=buffer, color_system="truecolor", force_terminal=True, legacy_windows=False
    )
    console.print(render_diff(result, width=100))
    check_snapshot("diff_real_w100_truecolor.ansi", buffer.getvalue())


def test_inspect_table_snapshot(real_tokenizers: Path) -> None:
    result = run(
        [
            "inspect",
            *specs(real_tokenizers, "modernbert", "xlm-roberta", "roberta"),
            "--params",
            "modernbert=400M",
            "--params",
            "xlm-roberta=550M",
            "--params",
            "roberta=355M",
            "--width",
            "160",
        ]
    )
    assert result.exit_code == 0
    check_snapshot("inspect_real_w160.txt", result.stdout)


def _t(paths: list[str]) -> list[str]:
    return [arg for path in paths for arg in ("-t", path)]


def test_inspect_small_tokenizers(small_dir: Path) -> None:
    payload = run_json(["inspect", *specs(small_dir, "space-runs", "collapsing"), "--hidden", "8"])
    facts = {t["name"]: t for t in payload["tokenizers"]}
    runs, collapsing = facts["space-runs"], facts["collapsing"]
    assert runs["whitespace"]["spaces"]["longest_token_in_text"] == 8
    assert runs["added_not_special"] == 7
    assert runs["params"]["vocab_params"] == runs["vocab_size_with_added"] * 8
    assert collapsing["model_type"] == "Unigram"
    assert collapsing["whitespace"]["newlines"]["longest_token_in_text"] == 0
    assert "Metaspace" in collapsing["pre_tokenizer"]


def test_two_tokenizers_with_one_folder_name_stay_apart(small_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "byte-bpe"
    other.mkdir(parents=True)
    (other / "tokenizer.json").write_bytes(
        (small_dir / "collapsing" / "tokenizer.json").read_bytes()
    )
    first, second = str(small_dir / "byte-bpe"), str(other)
    payload = run_json(["diff", SAMPLE, "-t", first, "-t", second, "-t", first])
    assert [t["name"] for t in payload["tokenizers"]] == ["byte-bpe", second]


@pytest.mark.parametrize("command", ["diff", "stats", "whitespace", "inspect"])
def test_json_is_identical_across_hash_seeds(small_dir: Path, command: str) -> None:
    """Two processes with different hash seeds: set or dict order cannot leak into the JSON."""
    specs_args = ["-t", str(small_dir / "space-runs"), "-t", str(small_dir / "collapsing")]
    args = {
        "diff": ["diff", SAMPLE, *specs_args],
        "stats": ["stats", "corpora/python", *specs_args, "--reference", "space-runs", "-j", "1"],
        "whitespace": ["whitespace", *specs_args, "--max-run", "4"],
        "inspect": ["inspect", str(small_dir / "space-runs"), str(small_dir / "collapsing")],
    }[command]
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-m", "tokscope.cli", *args, "--json"],
            capture_output=True,
            cwd=ROOT,
            env=env,
            check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].startswith(b"{")
