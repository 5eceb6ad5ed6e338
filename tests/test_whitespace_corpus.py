"""``tokscope whitespace --corpus`` and ``--reindent``: histograms, cost, lost, parity."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.cli_helpers import run, run_json, specs
from tests.samples import SAMPLES
from tokscope.corpus.walk import Document
from tokscope.loading.sources import LoadedTokenizer
from tokscope.whitespace import corpus_report, indentation_of, runs_of

ROOT = Path(__file__).resolve().parent.parent

PY = "def f(x):\n    self = x\n    return self\n\n\nclass C:\n\tpass\n"
JS = "if (a) {\n  value = 1;  \n}\n"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "a.py").write_bytes(PY.encode())
    (tmp_path / "b.js").write_bytes(JS.encode())
    (tmp_path / "c.bin").write_bytes(b"\x00\x01")
    return tmp_path


def _t(paths: list[str]) -> list[str]:
    return [arg for path in paths for arg in ("-t", path)]


def test_indentation_and_run_histograms() -> None:
    text = "x  = 1\n\n\tif y:  \r\n\t  z\n  \tw\n"
    assert indentation_of(text) == Counter(
        {(0, 0, False): 1, (1, 0, False): 1, (1, 2, False): 1, (1, 2, True): 1}
    )
    assert runs_of(text) == Counter(
        {
            ("spaces", "inline", 2): 1,
            ("spaces", "inline", 1): 2,
            ("newlines", "line-break", 2): 1,
            ("tabs", "indent", 1): 1,
            ("spaces", "trailing", 2): 1,
            ("crlf", "line-break", 1): 1,
            ("tab+spaces", "indent", 3): 1,
            ("mixed", "indent", 3): 1,
            ("newlines", "line-break", 1): 2,
        }
    )


def test_corpus_report_small(corpus: Path, small_dir: Path) -> None:
    payload = run_json(
        ["whitespace", "--corpus", str(corpus), *_t(specs(small_dir, "space-runs", "collapsing"))]
    )
    assert payload["documents"] == 2
    assert payload["languages"] == {"JavaScript": 1, "Python": 1}
    assert {r: v["count"] for r, v in payload["skipped"]["reasons"].items()} == {"binary": 1}
    assert [(i["label"], i["lines"]) for i in payload["indentation"]] == [
        ("none", 4),
        ("2 spaces", 1),
        ("4 spaces", 2),
        ("1 tab", 1),
    ]
    rows = {(r["tokenizer"], r["language"]): r for r in payload["cost"]}
    runs, collapsing = rows[("space-runs", "all")], rows[("collapsing", "all")]
    assert runs["whitespace_bytes"] == collapsing["whitespace_bytes"] == 32
    assert (runs["dropped_bytes"], runs["whitespace_lost_bytes"], runs["round_trip_files"]) == (
        0,
        0,
        2,
    )
    assert collapsing["round_trip_files"] == 0
    assert collapsing["whitespace_lost_bytes"] >= collapsing["dropped_bytes"] > 0
    # `self` after "\n    " is `self` (the 4-space token took the spaces), after " " `Ġself`:
    # both occurrences depend on the whitespace before them. XLM-R's design: `▁self` always.
    py = rows[("space-runs", "Python")]
    assert (py["identifier_occurrences"], py["dependent_occurrences"]) == (9, 2)
    assert rows[("collapsing", "Python")]["dependent_occurrences"] == 0
    (example,) = payload["identifier_examples"]
    assert example["identifier"] == "self"
    assert [(v["first_token"], v["whitespace_before"]) for v in example["variants"]] == [
        ("self", "\n    "),
        ("Ġself", " "),
    ]
    for key in (
        "tokens",
        "whitespace_tokens",
        "dropped_bytes",
        "whitespace_lost_bytes",
        "identifier_occurrences",
    ):
        assert (
            runs[key]
            == rows[("space-runs", "Python")][key] + rows[("space-runs", "JavaScript")][key]
        )


def test_whitespace_tokens_are_counted_by_content(small: dict[str, LoadedTokenizer]) -> None:
    tok = small["space-runs"]
    report = corpus_report([Document("t.py", "a        b\n", "Python", 11)], [tok])
    row = report.rows[-1]
    assert row.tokens == 4 and row.whitespace_tokens == 2  # 8 spaces, Ċ
    assert row.whitespace_cost == 0.5


def test_corpus_formats_agree(corpus: Path, small_dir: Path) -> None:
    args = ["whitespace", "--corpus", str(corpus), *_t(specs(small_dir, "space-runs"))]
    first, second = run([*args, "--json"]), run([*args, "--json"])
    assert first.stdout_bytes == second.stdout_bytes
    markdown = run([*args, "--markdown"]).stdout
    table = run([*args, "--width", "200"]).stdout
    for text in ("| 4 spaces | 2 | 25.0% |", "| space-runs | all | 2 | 43 | 16 | 37.2% |"):
        assert text in markdown
    assert "Skipped: 1 (binary 1)." in markdown and "Skipped: 1 (binary 1)." in table
    assert "self ×1 (after ↵····)  Ġself ×1 (after ·)" in markdown
    assert "self ×1 (after ↵····)  Ġself ×1 (after ·)" in table


def test_reindent_small(small_dir: Path) -> None:
    payload = run_json(
        [
            "whitespace",
            "--reindent",
            str(ROOT / "corpora"),
            str(ROOT / "docs" / "corpora.md"),
            *_t(specs(small_dir, "byte-bpe")),
        ]
    )
    files = {Path(f["name"]).name: f for f in payload["files"]}
    assert files["corpora.md"]["refused"] == "unsupported-language"
    assert payload["refused"] == {"unsupported-language": 1}
    done = [f for f in payload["files"] if not f["refused"]]
    assert len(done) == len(SAMPLES)
    total = payload["totals"][0]
    assert total["original"] == sum(f["tokens"]["byte-bpe"]["original"] for f in done)
    for style in payload["styles"]:
        assert total["styles"][style]["tokens"] == sum(f["tokens"]["byte-bpe"][style] for f in done)
    for f in done:
        # The file's own style is the file itself, so it costs exactly the same.
        counts = f["tokens"]["byte-bpe"]
        assert counts[f["original"]] == counts["original"], f["name"]


def test_reindent_formats_agree(small_dir: Path) -> None:
    args = [
        "whitespace",
        "--reindent",
        str(ROOT / "corpora" / "python"),
        str(ROOT / "docs" / "corpora.md"),
        *_t(specs(small_dir, "space-runs")),
    ]
    payload: dict[str, Any] = json.loads(run([*args, "--json"]).stdout)
    markdown = run([*args, "--markdown"]).stdout
    table = run([*args, "--width", "200"]).stdout
    total = payload["totals"][0]
    cells = [f"{total['original']:,}"] + [
        f"{v['tokens']:,} ({v['premium']:+.2%})" for v in total["styles"].values()
    ]
    assert f"| space-runs | {' | '.join(cells)} |" in markdown
    for cell in cells:
        assert cell in table
    assert "unsupported-language" not in table  # the reason is said in words
    assert "re-indenting this language is not known to be safe: Markdown" in table
    assert "re-indenting this language is not known to be safe: Markdown" in markdown


def test_real_corpus_and_parity(real_tokenizers: Path) -> None:
    three = _t(specs(real_tokenizers, "modernbert", "xlm-roberta", "roberta"))
    python = str(ROOT / "corpora" / "python")
    report = run_json(["whitespace", "--corpus", python, *three])
    rows = {r["tokenizer"]: r for r in report["cost"] if r["language"] == "all"}
    assert rows["modernbert"]["whitespace_lost_bytes"] == 0
    assert rows["modernbert"]["round_trip_files"] == 2
    assert rows["roberta"]["whitespace_lost_bytes"] == rows["roberta"]["dropped_bytes"] == 0
    assert rows["xlm-roberta"]["round_trip_files"] == 0
    assert rows["xlm-roberta"]["whitespace_lost_share"] > 0.5
    assert rows["xlm-roberta"]["dependent_occurrences"] == 0
    assert rows["modernbert"]["dependent_occurrences"] > 0
    assert rows["roberta"]["whitespace_cost"] > rows["modernbert"]["whitespace_cost"]
    parity = run_json(["whitespace", "--reindent", python, *three])
    totals = {t["tokenizer"]: t for t in parity["totals"]}
    # XLM-R collapses whitespace: every style costs exactly the same.
    xlmr = totals["xlm-roberta"]
    assert {v["tokens"] for v in xlmr["styles"].values()} == {xlmr["original"]}
    # RoBERTa pays one token per space: tabs are cheapest, 8 spaces dearest.
    roberta = {s: v["tokens"] for s, v in totals["roberta"]["styles"].items()}
    assert roberta["tabs"] < roberta["2 spaces"] < roberta["4 spaces"] < roberta["8 spaces"]
    assert roberta["4 spaces"] == totals["roberta"]["original"]
