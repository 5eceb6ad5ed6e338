"""Whitespace-honest headlines (issue 13), through the CLI on the real tokenizers and
``corpora/``: XLM-R is flagged lossy next to every compression figure of ``stats`` and
``report``, with the figures over preserved bytes beside them, and the indentation chart shows
its runs as deleted."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.cli_helpers import run
from tokscope.loading.sources import LoadedTokenizer
from tokscope.render.common.numbers import percent, ratio

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("modernbert", "xlm-roberta", "roberta")
pytestmark = pytest.mark.real


def _args(real_tokenizers: Path) -> list[str]:
    args = [str(ROOT / "corpora"), "-j", "1"]
    for name in NAMES:
        args += ["-t", str(real_tokenizers / name)]
    return args


@pytest.fixture(scope="module")
def measured(real: dict[str, LoadedTokenizer], real_tokenizers: Path) -> dict[str, dict[str, Any]]:
    """``stats --json`` on corpora/: the overall block per tokenizer."""
    result = run(["stats", *_args(real_tokenizers), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["stats_schema"] == 3
    return {t["name"]: t["overall"] for t in doc["tokenizers"]}


def _sentence(overall: dict[str, Any]) -> str:
    share = percent(overall["whitespace_lost_share"])
    return f"xlm-roberta loses {share} of the whitespace bytes; its compression counts text it"


def test_json_flags_lossy_and_gives_preserved_figures(measured: dict[str, dict[str, Any]]) -> None:
    xlmr = measured["xlm-roberta"]
    assert xlmr["lossless"] is False and xlmr["whitespace_lost_share"] > 0
    # source bytes (those a lossless tokenizer keeps) minus whitespace lost
    total = measured["modernbert"]["preserved_bytes"]
    assert xlmr["preserved_bytes"] == total - xlmr["whitespace_lost_bytes"]
    assert xlmr["preserved_bytes_per_token"] < xlmr["bytes_per_token"]
    assert xlmr["preserved_nsl"] > xlmr["nsl"]
    for name in ("modernbert", "roberta"):
        m = measured[name]
        assert m["lossless"] is True
        assert m["preserved_bytes_per_token"] == m["bytes_per_token"]
        assert m["preserved_chars_per_token"] == m["chars_per_token"]
        assert m["preserved_nsl"] == m["nsl"]  # against RoBERTa, itself lossless
    # XLM-R folds indentation into the next word's ▁: one token per run, but runs damaged
    indent = xlmr["indentation"]
    assert indent["fertility"] == 1.0 and indent["uncovered"] == 0
    assert indent["damaged"] > 0
    assert measured["modernbert"]["indentation"]["damaged"] == 0


def test_json_identifier_precision_and_recall(measured: dict[str, dict[str, Any]]) -> None:
    for m in measured.values():
        splits = m["identifier_splits"]
        assert 0 <= splits["kept_whole"] <= splits["with_boundaries"]
        assert 0 < splits["precision"] <= 1
        for a in m["identifier_alignment"].values():
            assert a["split_boundaries"] + a["whole_boundaries"] == a["boundaries"]
            assert a["split_aligned"] <= a["aligned"]


def _cells(markdown: str, row: str) -> list[str]:
    """The cells after the label of the first Markdown table row starting with ``row``."""
    for line in markdown.splitlines():
        if line.startswith(f"| {row} |"):
            return [c.strip() for c in line.strip("|").split("|")][1:]
    raise AssertionError(f"no row {row!r}")


def test_stats_markdown_flags_every_compression_figure(
    measured: dict[str, dict[str, Any]], real_tokenizers: Path
) -> None:
    result = run(["stats", *_args(real_tokenizers), "--markdown"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert _sentence(measured["xlm-roberta"]) in text
    assert "fits more files because it keeps less text" in text
    for row in ("bytes / token", "chars / token", "NSL (vs roberta)", "files within 512 tokens"):
        modern, xlmr, roberta = _cells(text, row)
        assert xlmr.endswith("(lossy)") and "lossy" not in modern + roberta, row
    kept = _cells(text, "bytes kept / token")
    assert kept == [ratio(measured[n]["preserved_bytes_per_token"]) for n in NAMES]
    per_language = [line for line in text.splitlines() if line.startswith("| Python |")]
    assert per_language and "(lossy; kept: " in per_language[0]


def test_stats_terminal_says_it_in_one_sentence(
    measured: dict[str, dict[str, Any]], real_tokenizers: Path
) -> None:
    result = run(["stats", *_args(real_tokenizers), "--width", "200"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert _sentence(measured["xlm-roberta"]) in text
    for row in ("bytes / token ", "chars / token ", "NSL (vs roberta) "):
        line = next(line for line in text.splitlines() if line.startswith(row))
        assert line.count("(lossy)") == 1, line


@pytest.fixture(scope="module")
def html(real: dict[str, LoadedTokenizer], real_tokenizers: Path, tmp_path_factory: Any) -> str:
    target = tmp_path_factory.mktemp("report") / "report.html"
    result = run(["report", *_args(real_tokenizers), "-o", str(target), "-q"])
    assert result.exit_code == 0, result.output
    text: str = target.read_text(encoding="utf-8")
    return text


def _row(html: str, name: str) -> str:
    found = re.search(rf"<tr><td>{re.escape(name)}</td>(.*?)</tr>", html)
    assert found, name
    return found.group(1)


def test_report_html_flags_xlmr_and_shows_deleted_runs(
    html: str, measured: dict[str, dict[str, Any]]
) -> None:
    assert _sentence(measured["xlm-roberta"]) in html
    summary = html[html.index("<h2>Summary</h2>") :]
    assert _row(summary, "xlm-roberta").count("(lossy)") == 4  # bytes/token, NSL, two fits
    assert "(lossy)" not in _row(summary, "modernbert") + _row(summary, "roberta")
    assert ratio(measured["xlm-roberta"]["preserved_bytes_per_token"]) in _row(
        summary, "xlm-roberta"
    )
    chart = html[html.index('id="chart-indentation-runs"') :]
    chart = chart[: chart.index("</figure>")]
    assert "deleted: no token of its own" in chart  # the legend of the hollow markers
    table = chart[chart.index("<table") :]
    columns = [
        re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", table)
    ]
    rows = [c for c in columns if c and c[0] != "spaces"]
    assert all("deleted" in r[2] and "✗" in r[2] for r in rows[1:])  # 2 spaces and more
    assert not any("deleted" in r[1] or "deleted" in r[3] for r in rows)
    bars = html[html.index('id="chart-bytes-per-token"') :]
    assert "xlm-roberta (lossy)" in bars[: bars.index("</figure>")]


def test_report_markdown_flags_xlmr(
    real: dict[str, LoadedTokenizer],
    real_tokenizers: Path,
    tmp_path: Path,
    measured: dict[str, dict[str, Any]],
) -> None:
    target = tmp_path / "report.md"
    result = run(["report", *_args(real_tokenizers), "-o", str(target), "--markdown", "-q"])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert _sentence(measured["xlm-roberta"]) in text
    cells = _cells(text[text.index("## Summary") :], "xlm-roberta")
    assert sum(c.endswith("(lossy)") for c in cells) == 4
    assert "1=✗ deleted" in text


def test_context_dependence_is_the_share_whitespace_corpus_gives(
    measured: dict[str, dict[str, Any]], real_tokenizers: Path
) -> None:
    args = ["whitespace", "--corpus", str(ROOT / "corpora")]
    for name in NAMES:
        args += ["-t", str(real_tokenizers / name)]
    result = run([*args, "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    rows = {(r["tokenizer"], r["language"]): r for r in doc["cost"]}
    for name in NAMES:
        mine = measured[name]["context_dependence"]
        theirs = rows[(name, "all")]
        assert mine["identifiers_after_whitespace"] == theirs["identifier_occurrences"]
        assert mine["dependent"] == theirs["dependent_occurrences"]
    assert measured["modernbert"]["context_dependence"]["share"] > 0
    assert measured["xlm-roberta"]["context_dependence"]["dependent"] == 0
