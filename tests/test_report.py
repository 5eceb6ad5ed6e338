"""``tokscope report``: a self-contained HTML file and a Markdown variant, on trained tokenizers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli_helpers import run
from tokscope.corpus.walk import CorpusOptions
from tokscope.loading.sources import LoadedTokenizer, load
from tokscope.report import SAMPLE_BYTES, Report, build_report, pick_excerpts

ROOT = Path(__file__).resolve().parent.parent
CHARTS = (
    "bytes-per-token",
    "fertility",
    "indentation-runs",
    "indentation-parity",
    "overlap",
    "context-fit",
)
pytest.importorskip("matplotlib")


NAMES = ("space-runs", "collapsing", "byte-bpe")


@pytest.fixture(scope="module")
def report(small_dir: Path) -> Report:
    toks = [load(str(small_dir / name)) for name in NAMES]
    return build_report([str(ROOT / "corpora")], toks, jobs=1, max_run=8)


def test_the_one_pass_gives_the_numbers_of_the_separate_passes(
    report: Report, small_dir: Path
) -> None:
    """Parity, excerpts and overlap counts used to run on the corpus each on their own; the
    statistics pass now collects what they need. corpora/ fits in the sample, so all agree."""
    from tokscope.corpus.walk import Document, iter_corpus
    from tokscope.overlap import count_corpus
    from tokscope.whitespace.reindent import parity

    toks = [load(str(small_dir / name)) for name in NAMES]
    paths = [str(ROOT / "corpora")]
    docs = [d for d in iter_corpus(paths) if isinstance(d, Document)]
    assert sum(d.n_bytes for d in docs) <= SAMPLE_BYTES
    assert report.parity == parity(docs, toks)
    assert report.excerpts == pick_excerpts(docs, toks)
    assert report.overlap.corpus == count_corpus(toks, iter_corpus(paths))


def test_filters_choose_the_files_of_every_section(small_dir: Path) -> None:
    toks = [load(str(small_dir / name)) for name in NAMES[1:]]
    corpus = CorpusOptions(include=("*.py",))
    only = build_report([str(ROOT / "corpora")], toks, corpus=corpus, max_run=8)
    n_python = len(list((ROOT / "corpora").rglob("*.py")))
    assert only.stats.files == n_python
    assert len(only.parity.files) == n_python
    assert only.overlap.corpus is not None and only.overlap.corpus.documents == n_python
    assert {e.diff.source.name.rsplit(".", 1)[-1] for e in only.excerpts} == {"py"}


def test_html_is_self_contained_with_every_chart(report: Report) -> None:
    from tokscope.render.report.html import render_html

    html = render_html(report)
    for key in CHARTS:
        figure = re.search(rf'<figure class="chart" id="chart-{key}">(.*?)</figure>', html, re.S)
        assert figure, key
        assert "<svg" in figure.group(1) and "<table>" in figure.group(1)
        assert "<figcaption>" in figure.group(1)
    # No way to reach the network: no scripts, links, imports or external URLs.
    assert "<script" not in html and "<link" not in html and "@import" not in html
    urls = set(re.findall(r"https?://[^\s\"')<]+", html))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert not re.search(r'(src|href)="(?!#|data:)', html)  # in-page ids and inline images only
    # Ids stay unique when several SVGs share the page.
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_report_shows_provenance_and_real_numbers(report: Report) -> None:
    from tokscope.render.report.html import render_html

    html = render_html(report)
    for name, prov in report.tokenizers:
        assert name in html
        assert prov.sha256 in html
    assert f"{report.stats.files:,} files" in html
    modern = {t.info.name: t for t in report.stats.tokenizers}["space-runs"]
    assert f"{modern.overall.tokens:,}" in html


def test_excerpts_pick_disagreement_and_dropped_text(
    report: Report, small: dict[str, LoadedTokenizer]
) -> None:
    assert report.excerpts
    whys = [e.why for e in report.excerpts]
    assert any(w.startswith("token counts") for w in whys)
    assert any(w.endswith("dropped") for w in whys)
    assert pick_excerpts([], [small["byte-bpe"]]) == ()


def test_excerpts_are_spread_over_files_and_languages(report: Report) -> None:
    """On rich's sources most telling lines used to come from one file: now at most
    EXCERPTS_PER_FILE per file, in turns over languages, each language's best lines first."""
    from collections import Counter

    from tokscope.report import EXCERPTS_PER_FILE

    names = Counter(e.diff.source.name for e in report.excerpts)
    assert max(names.values()) <= EXCERPTS_PER_FILE
    suffixes = {name.rsplit(".", 1)[-1] for name in names}
    assert len(suffixes) >= min(len(report.excerpts), len(report.stats.languages), 3)
    by_language: dict[str, list[int]] = {}
    for e in report.excerpts:
        if e.why.startswith("token counts"):
            counts = [e.row.token_count(c) for c in range(3)]
            by_language.setdefault(e.diff.source.name.rsplit(".", 1)[-1], []).append(
                max(counts) - min(counts)
            )
    for spreads in by_language.values():
        assert spreads == sorted(spreads, reverse=True)


def test_excerpts_of_one_file_stop_at_the_limit(small: dict[str, LoadedTokenizer]) -> None:
    from tokscope.corpus.walk import Document

    text = "".join(f"{'    ' * (i % 5)}value_{i} = call_{i}(x)\n" for i in range(30))
    docs = [Document("one.py", text, "Python", len(text.encode()))]
    toks = [small["space-runs"], small["byte-bpe"]]
    assert len(pick_excerpts(docs, toks, per_file=2)) == 2
    assert len(pick_excerpts(docs, toks, per_file=5)) == 5


def _headings_html(html: str) -> list[str]:
    from html import unescape

    found = re.findall(r"<h[23]>(.*?)</h[23]>|<figcaption><strong>(.*?)\.</strong>", html)
    return [unescape(re.sub("<[^>]+>", "", h or c)) for h, c in found]


def _headings_markdown(text: str) -> list[str]:
    found = re.findall(r"^#{2,3} (.*)$", text, re.M)
    return [re.sub(r"`+ ?(.*?) ?`+", r"\1", h) for h in found]


def test_markdown_and_html_have_the_same_sections(report: Report) -> None:
    from tokscope.render.report.html import render_html
    from tokscope.render.report.markdown import render_markdown

    html = _headings_html(render_html(report))
    markdown = _headings_markdown(render_markdown(report, chart_dir="c")[0])
    assert html == markdown
    for title in ("Summary", "Most fragmented frequent identifiers", "Skipped inputs"):
        assert title in html


def test_cli_html_and_markdown(
    small_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    toks = ["-t", str(small_dir / "space-runs"), "-t", str(small_dir / "byte-bpe")]
    corpus = str(ROOT / "corpora" / "python")
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    for target in (first, second):
        result = run(["report", corpus, *toks, "-o", str(target), "--jobs", "1", "-q"])
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()
    assert "2023-11-14" in first.read_text()
    md = tmp_path / "out" / "report.md"
    md.parent.mkdir()
    result = run(["report", corpus, *toks, "-o", str(md), "--markdown", "--jobs", "1", "-q"])
    assert result.exit_code == 0
    text = md.read_text()
    for key in CHARTS:
        assert f"(report_charts/{key}.svg)" in text
        assert (md.parent / "report_charts" / f"{key}.svg").read_text().startswith("<svg")
    assert "## Telling lines" in text


def test_cli_refuses_a_missing_output_folder(small_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "report.html"
    result = run(
        [
            "report",
            str(ROOT / "corpora" / "python"),
            "-t",
            str(small_dir / "byte-bpe"),
            "-o",
            str(target),
            "-q",
        ]
    )
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_errors(small_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(
        [
            "report",
            str(empty),
            "-t",
            str(small_dir / "byte-bpe"),
            "-o",
            str(tmp_path / "r.html"),
            "-q",
        ]
    )
    assert result.exit_code == 2
    assert "nothing to report" in result.stderr
    assert not (tmp_path / "r.html").exists()
