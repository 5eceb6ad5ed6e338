"""The report's vocabulary-health section: the numbers of ``tokscope vocab --corpus``, in the
HTML and the Markdown, with the corpus use taken from the report's one statistics pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_helpers import run_json
from tests.test_report import ROOT, html_tables
from tokscope.loading.sources import LoadedTokenizer, load
from tokscope.render.overlap.rows import show_form
from tokscope.render.report.html import render_html
from tokscope.render.report.markdown import render_markdown
from tokscope.report import VOCAB_SHOWN, Report, build_report
from tokscope.vocab import describe_vocab

pytest.importorskip("matplotlib")

NAMES = ("space-runs", "collapsing", "byte-bpe")
CORPUS = str(ROOT / "corpora")


@pytest.fixture(scope="module")
def report(small_dir: Path) -> Report:
    toks = [load(str(small_dir / name)) for name in NAMES]
    return build_report([CORPUS], toks, jobs=1, hidden=512)


def _rows(tables: list[list[list[str]]], *header: str) -> list[list[str]]:
    """The body of the one table whose header starts with ``header``."""
    (table,) = [t for t in tables if t and t[0][: len(header)] == list(header)]
    return table[1:]


def test_html_and_markdown_show_the_numbers_of_the_vocab_command(
    report: Report, small_dir: Path
) -> None:
    tables = html_tables(render_html(report))
    markdown, _ = render_markdown(report, chart_dir="charts")
    status_rows = _rows(tables, "tokenizer", "status")
    usage_rows = _rows(tables, "tokenizer", "tokens", "entries used")
    for name in NAMES:
        spec = str(small_dir / name)
        (facts,) = run_json(["vocab", spec, "--corpus", CORPUS, "--hidden", "512"])["tokenizers"]
        for status, figures in facts["statuses"].items():
            if not figures["entries"] and status not in ("reachable", "unreachable"):
                continue
            row = [r for r in status_rows if r[:2] == [name, status]]
            assert row, (name, status)
            assert row[0][2] == f"{figures['entries']:,}"
            assert row[0][4] == f"{figures['params']:,}"
            line = f"| {name} | {status} | {figures['entries']:,} |"
            assert line in markdown
        usage = facts["corpus"]
        (used,) = [r for r in usage_rows if r[0] == name]
        assert used[1:5] == [
            f"{usage['tokens']:,}",
            f"{usage['used_entries']:,}",
            f"{usage['never_used']:,}",
            f"{usage['never_used_params']:,}",
        ]
        assert f"| {name} | {usage['tokens']:,} | {usage['used_entries']:,} |" in markdown


def test_unreachable_entries_come_whitespace_first_as_in_vocab(report: Report) -> None:
    tables = html_tables(render_html(report))
    rows = _rows(tables, "tokenizer", "id")
    for facts in report.vocab:
        shown = [r for r in rows if r[0] == facts.name]
        expected = facts.unreachable[:VOCAB_SHOWN]
        assert [r[1] for r in shown] == [str(e.id) for e in expected]
        assert [r[2] for r in shown] == [show_form(e.form) for e in expected]


def test_the_report_section_is_describe_vocab_on_the_same_counts(
    report: Report, small: dict[str, LoadedTokenizer], small_dir: Path
) -> None:
    for facts in report.vocab:
        again = describe_vocab(load(str(small_dir / facts.name)), hidden=512)
        assert facts.statuses == again.statuses
        assert facts.unreachable == again.unreachable


def test_modernberts_unreachable_whitespace_entries_show_up(
    real: dict[str, LoadedTokenizer], tmp_path: Path
) -> None:
    (tmp_path / "a.py").write_text("def f(x):\n    return x\n", encoding="utf-8")
    tok = real["modernbert"]
    result = build_report([str(tmp_path)], [tok], jobs=1)
    (facts,) = result.vocab
    whitespace = [e for e in facts.unreachable if e.category == "whitespace"]
    assert len(whitespace) > 100
    page = render_html(result)
    rows = _rows(html_tables(page), "tokenizer", "id")
    assert [r[1] for r in rows] == [str(e.id) for e in whitespace[:VOCAB_SHOWN]]
    assert all(r[3] == "whitespace" for r in rows)
    assert f"{facts.count('unreachable'):,}" in page


def test_the_page_shows_no_machine_path(
    small_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    (project / "code").mkdir(parents=True)
    (project / "code" / "a.py").write_text("def f(x):\n    return x\n", encoding="utf-8")
    monkeypatch.chdir(project)
    toks = [load(str(small_dir / name)) for name in NAMES]
    result = build_report(["code"], toks, jobs=1)
    page = render_html(result)
    markdown, _ = render_markdown(result, chart_dir="charts")
    for text in (page, markdown):
        assert str(small_dir) not in text
        assert str(tmp_path) not in text
        assert "tokenizer.json" in text


def test_shown_path_keeps_paths_near_the_current_folder_relative(tmp_path: Path) -> None:
    from tokscope.render.report.sections import shown_path

    here = tmp_path / "work" / "project"
    assert shown_path(str(here / "t" / "tokenizer.json"), str(here)) == "t/tokenizer.json"
    shared = tmp_path / "work" / "shared" / "tokenizer.json"
    assert shown_path(str(shared), str(here)) == "../shared/tokenizer.json"
    assert shown_path("/elsewhere/tok/tokenizer.json", str(here)) == "tokenizer.json"
    assert shown_path("<trained x>", str(here)) == "<trained x>"
