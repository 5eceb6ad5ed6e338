"""``tokscope vocab`` through the command line, on self-trained tokenizers: JSON, Markdown, the
terminal view, escaping, and errors a user can act on."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from tokenizers import AddedToken

from tests import trained
from tests.cli_helpers import run, run_json, specs
from tests.test_cli import check_snapshot
from tests.test_vocab import wrap
from tokscope.loading.sources import LoadedTokenizer
from tokscope.render.vocab.markdown import vocab_markdown
from tokscope.render.vocab.terminal import render_vocab
from tokscope.vocab import describe_vocab

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_json_lists_unreachable_entries_with_their_cost(small_dir: Path) -> None:
    out = run_json(["vocab", *specs(small_dir, "space-runs"), "--hidden", "10"])
    assert out["command"] == "vocab"
    (facts,) = out["tokenizers"]
    assert facts["name"] == "space-runs"
    unreachable = facts["statuses"]["unreachable"]
    assert unreachable["entries"] == len(facts["unreachable"]) > 0
    assert unreachable["params"] == 10 * unreachable["entries"]
    first = facts["unreachable"][0]
    assert first["category"] == "whitespace"
    assert "".join(p["text"] for p in first["encodes_to"]) == first["text"]
    assert facts["duplicates"]["texts"] > 0
    assert facts["corpus"] is None and facts["grep"] is None


def test_corpus_counts_never_used_entries(small_dir: Path) -> None:
    out = run_json(["vocab", *specs(small_dir, "byte-bpe"), "--corpus", "corpora", "-q"])
    corpus = out["tokenizers"][0]["corpus"]
    assert corpus["documents"] == len([p for p in Path("corpora").rglob("*") if p.is_file()])
    assert corpus["used_entries"] + corpus["never_used"] == sum(
        s["entries"] for k, s in out["tokenizers"][0]["statuses"].items() if k != "special"
    )
    assert corpus["never_used_params"] == corpus["never_used"] * 1024
    counts = [t["count"] for t in corpus["top"]]
    assert counts == sorted(counts, reverse=True) and sum(counts) <= corpus["tokens"]


def test_json_is_identical_across_processes(small_dir: Path) -> None:
    args = ["vocab", *specs(small_dir, "space-runs", "collapsing"), "--corpus", "corpora"]
    args += ["--grep", "re", "--id", "3", "--json"]
    code = "import sys; from tokscope.cli import main; sys.argv[0] = 'tokscope'; main()"
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, check=True, env=env, cwd=ROOT
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]


def test_errors_are_one_line(small_dir: Path) -> None:
    spec = specs(small_dir, "byte-bpe")
    for extra, message in [
        (["--id", "999999"], "no entry with that id"),
        (["--grep", "("], "not a valid regular expression"),
        (["--json", "--markdown"], "cannot be combined"),
        (["--corpus", "no-such-folder"], "no such file or folder"),
    ]:
        result = run(["vocab", *spec, *extra, "-q"])
        assert result.exit_code == 2, extra
        assert message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.output


def _markup_tokenizer() -> LoadedTokenizer:
    tok = trained.byte_level_bpe()
    tok.add_tokens(
        [AddedToken("[bold]x[/bold]", normalized=False), AddedToken("a|b`c", normalized=False)]
    )
    return wrap("[red]odd|name", tok)


def test_entries_and_names_are_data_not_markup() -> None:
    tok = _markup_tokenizer()
    facts = [describe_vocab(tok, grep=r"\[bold\]|\|b`")]
    buffer = io.StringIO()
    Console(width=120, file=buffer, color_system=None).print(render_vocab(facts, top=5))
    text = buffer.getvalue()
    assert "[bold]x[/bold]" in text and "[red]odd|name" in text
    md = vocab_markdown(facts, top=5)
    assert "\\[red\\]odd\\|name" in md
    assert "`[bold]x[/bold]`" in md and "``a\\|b`c``" in md


def test_terminal_snapshot(small_dir: Path) -> None:
    result = run(["vocab", *specs(small_dir, "space-runs"), "--width", "100", "--top", "5"])
    assert result.exit_code == 0
    check_snapshot("vocab_small_w100.txt", result.output)


def test_markdown_has_every_section(small_dir: Path) -> None:
    result = run(["vocab", *specs(small_dir, "collapsing"), "--markdown", "--id", "5"])
    assert result.exit_code == 0
    for title in (
        "entries by id",
        "reachability",
        "by category",
        "unreachable entries",
        "entries by length",
        "longest entries",
        "duplicates after normalisation",
    ):
        assert f"### collapsing: {title}" in result.output
    assert "Metaspace prepend\\_scheme switched off" in result.output
