"""``tokscope report``: a self-contained HTML file and a Markdown variant, on trained tokenizers."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.cli_helpers import run
from tokscope.corpus.walk import CorpusOptions
from tokscope.loading.sources import LoadedTokenizer, load
from tokscope.render.report.sections import shown_path
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


class _Tables(HTMLParser):
    """The tables of an HTML page as lists of rows of cell texts (header rows included)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_tables(html: str) -> list[list[list[str]]]:
    """Every table of ``html``: rows of cell texts, entities decoded."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def cell(tables: list[list[list[str]]], header: str, row: str, *, table: str) -> str:
    """The cell in column ``header`` and the row starting with ``row`` of the one table that has
    both columns ``header`` and ``table``."""
    (found_table,) = [t for t in tables if t and {header, table} <= set(t[0])]
    (found,) = [r for r in found_table[1:] if r[0] == row]
    return found[found_table[0].index(header)]


def test_report_shows_provenance_and_real_numbers_in_their_cells(report: Report) -> None:
    from tokscope.render.report.html import render_html

    tables = html_tables(render_html(report))
    stats = report.stats
    skipped = stats.skipped.total
    corpus = f"{stats.files:,} files, {stats.bytes:,} bytes; {skipped:,} skipped"
    rows = [r for t in tables for r in t]
    assert ["corpus", corpus] in rows
    summary = "whitespace lost (bytes)"
    for t in stats.tokenizers:
        m, name = t.overall, t.info.name
        assert cell(tables, "tokens", name, table=summary) == f"{m.tokens:,}"
        flag = "" if m.lossless else " (lossy)"  # a lossy tokenizer's compression is flagged
        assert cell(tables, "bytes/token", name, table=summary) == f"{m.bytes_per_token:.3f}{flag}"
        assert cell(tables, summary, name, table=summary) == f"{m.whitespace_lost_bytes:,} B"
        fit = dict(m.context_fit)[512]
        assert fit is not None
        assert cell(tables, "fit 512", name, table=summary) == f"{100 * fit:.1f}%{flag}"
    for name, prov in report.tokenizers:
        for f in prov.files:
            # the file as the page shows it: no machine path (shown_path's rule)
            assert [name, prov.origin, shown_path(f.path), f.sha256] in rows


def shown(value: str) -> float | None:
    """A number as a chart table shows it (``1,234``, ``3.250``, ``12.5%``, ``+1.2%``, ``–``),
    with the marks some cells carry after it (``(lossy)``, ``✗``, ``deleted``) left out."""
    import re

    from tokscope.render.common.numbers import MISSING

    if value == MISSING:
        return None
    number = re.match(r"[-+]?[0-9,]*\.?[0-9]+", value)
    assert number is not None, value
    return float(number.group().replace(",", ""))


def close(table: str, drawn: float | None) -> bool:
    """Whether a table cell shows the drawn value, to the precision it is written with."""
    value = shown(table)
    if value is None or drawn is None:
        return value is drawn
    digits = len(table.split()[0].rstrip("%").partition(".")[2])
    return abs(value - drawn) <= 0.5 * 10.0**-digits + 1e-9


def test_every_chart_table_holds_what_was_drawn_and_the_stats_behind_it(
    report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table next to each drawing shows the numbers the drawing got, and those are the
    report's statistics, spectrum, parity and overlap."""
    from tokscope.render.report import charts, svg
    from tokscope.render.report.html import render_html

    drawn: list[tuple[list[str], list[tuple[str, list[float | None]]]]] = []

    def bars(groups: Any, series: Any, **_: Any) -> str:
        drawn.append(([str(g) for g in groups], [(n, list(v)) for n, v in series]))
        return "<svg></svg>"

    def heatmap(labels: Any, values: Any, **_: Any) -> str:
        drawn.append((list(labels), [(n, list(row)) for n, row in zip(labels, values)]))
        return "<svg></svg>"

    monkeypatch.setattr(svg, "grouped_bars", bars)
    monkeypatch.setattr(svg, "lines", bars)
    monkeypatch.setattr(svg, "heatmap", heatmap)
    found = charts.all_charts(report)
    assert [c.key for c in found] == list(CHARTS)
    for chart, (groups, series) in zip(found, drawn, strict=True):
        if chart.key == "overlap":  # rows are tokenizers, columns the other tokenizers
            assert [r[0] for r in chart.rows] == groups == list(chart.columns[1:])
            for row, (_, values) in zip(chart.rows, series):
                assert all(close(c, v) for c, v in zip(row[1:], [x and x * 100 for x in values]))
            continue
        assert list(chart.columns[1:]) == [name for name, _ in series], chart.key
        assert len(chart.rows) == len(groups)
        for g, row in enumerate(chart.rows):
            assert all(close(row[1 + k], v[g]) for k, (_, v) in enumerate(series)), chart.key

    stats = {t.info.name: t for t in report.stats.tokenizers}
    by_key = dict(zip(CHARTS, drawn))
    groups, series = by_key["bytes-per-token"]
    assert groups == [*(lang.name for lang in report.stats.languages), "all"]
    for label, values in series:
        name, _, kept = label.removesuffix(" (lossy)").partition(": ")
        field = "preserved_bytes_per_token" if kept else "bytes_per_token"
        per = dict(stats[name].languages)
        assert values[-1] == getattr(stats[name].overall, field)
        assert values[:-1] == [getattr(per[g], field) if g in per else None for g in groups[:-1]]
        assert label.endswith(" (lossy)") == (not kept and not stats[name].overall.lossless)
    groups, series = by_key["fertility"]
    for name, values in series:
        classes = dict(stats[name].overall.classes)
        assert values == [classes[c].fertility for c in groups]
    _, series = by_key["indentation-runs"]
    spectra = {s.name: s for s in report.spectrum.tokenizers}
    for name, values in series:
        assert values == [c.tokens for c in spectra[name].get("spaces").cells]
    groups, series = by_key["indentation-parity"]
    assert groups == list(report.parity.styles)
    totals = {t.tokenizer: t for t in report.parity.totals}
    for name, values in series:
        total = totals[name]
        assert values == [(n / total.original - 1) * 100 for n in total.styles]
    _, series = by_key["overlap"]
    assert [row for _, row in series] == [list(r) for r in report.overlap.matrix.coverage]
    groups, series = by_key["context-fit"]
    for label, values in series:
        fits = stats[label.removesuffix(" (lossy)")].overall.context_fit
        assert groups == [f"{n:,}" for n, _ in fits]
        assert values == [None if v is None else v * 100 for _, v in fits]

    # The page shows each chart's table as built.
    monkeypatch.undo()
    tables = html_tables(render_html(report))
    for chart in charts.all_charts(report):
        assert [list(chart.columns), *map(list, chart.rows)] in tables, chart.key


def test_charts_leave_the_callers_matplotlib_state_alone(report: Report) -> None:
    """A library user's backend, ``rcParams`` and pyplot figures are as they were after the
    charts are drawn (they draw on figures of their own, under an ``rc_context``)."""
    import sys

    import matplotlib

    from tokscope.render.report import charts

    with matplotlib.rc_context({"font.size": 13.0, "axes.spines.top": True}):
        backend = matplotlib.get_backend()
        before = dict(matplotlib.rcParams)
        pyplot = sys.modules.get("matplotlib.pyplot")
        figures = pyplot.get_fignums() if pyplot is not None else []
        assert len(charts.all_charts(report)) == len(CHARTS)
        assert matplotlib.get_backend() == backend
        assert dict(matplotlib.rcParams) == before
        pyplot = sys.modules.get("matplotlib.pyplot")
        assert (pyplot.get_fignums() if pyplot is not None else []) == figures
