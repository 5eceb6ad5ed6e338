"""Every terminal view stays readable at 60, 80, 100 and 200 columns.

At each width: no line is longer than the width, no table column is one letter wide, plain lines
carry no trailing spaces, and every number the 200-column view shows appears whole. Views are
rendered into ``rich.console.Console(width=W, file=io.StringIO())`` over results computed once
with the real tokenizers, and through the command line (``COLUMNS=W``) with self-trained ones.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console, RenderableType

from tests.cli_helpers import run, specs
from tokscope.corpus.textio import read_source
from tokscope.corpus.walk import CorpusOptions, Document, SkipReport, iter_corpus
from tokscope.diff import compare
from tokscope.inspection import describe
from tokscope.loading.sources import LoadedTokenizer
from tokscope.overlap import overlap
from tokscope.overlap.corpus import count_corpus
from tokscope.render.check.terminal import render_check
from tokscope.render.common.sections import Column, label, number, text
from tokscope.render.common.terminal import FitTable, spaced
from tokscope.render.diff.terminal import render_diff
from tokscope.render.inspect.terminal import render_inspect
from tokscope.render.overlap.terminal import render_overlap
from tokscope.render.stats.json import render as stats_json
from tokscope.render.stats.terminal import render_comparison, render_stats
from tokscope.render.whitespace.terminal import render_corpus, render_parity, render_spectrum
from tokscope.stats import StatsReport
from tokscope.stats import compare as compare_runs
from tokscope.stats.engine.local import RunOptions
from tokscope.stats.engine.local import run as run_stats
from tokscope.testing.runner import run_checks
from tokscope.whitespace import corpus_report, spectrum
from tokscope.whitespace.reindent import parity

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
WIDTHS = (60, 80, 100, 200)
WIDE = 200
COMPARED = ("modernbert", "xlm-roberta", "roberta")

NUMBER = re.compile(r"(?<![\w.,])[-+]?\d[\d,]*(?:\.\d+)?%?")
"""A number as the views write it: ``7``, ``1,234``, ``3.053``, ``52.8%``, ``+1.25%``."""


def numbers(output: str) -> set[str]:
    """Every number in ``output``."""
    return {m.group(0).rstrip(",") for m in NUMBER.finditer(output)}


def one_letter_columns(lines: list[str]) -> list[int]:
    """Line numbers that start three lines in a row holding one character each: a column one
    character wide, its text cut a letter per line (the other cells of those lines are empty)."""
    return [
        k for k in range(len(lines) - 2) if all(len(line.strip()) == 1 for line in lines[k : k + 3])
    ]


def check_outputs(outputs: dict[int, str], *, trailing: bool = True) -> None:
    """The width rules, over one view rendered at every width of :data:`WIDTHS`."""
    wide = numbers(outputs[WIDE])
    assert wide, "the wide view shows no number: nothing to compare"
    for width, output in outputs.items():
        lines = output.splitlines()
        too_long = [line for line in lines if cell_len(line) > width]
        assert not too_long, (width, too_long[:3])
        assert not one_letter_columns(lines), (width, one_letter_columns(lines)[:3])
        if trailing:
            assert not [line for line in lines if line != line.rstrip()], width
        missing = wide - numbers(output)
        assert not missing, (width, sorted(missing)[:10])


def console_text(renderable: RenderableType, width: int) -> str:
    """``renderable`` as plain text at ``width`` columns."""
    buffer = io.StringIO()
    console = Console(width=width, file=buffer, color_system=None, highlight=False)
    console.print(renderable)
    return buffer.getvalue()


def check_view(build: Callable[[int], RenderableType], *, trailing: bool = True) -> None:
    """Render ``build(width)`` at every width and check the rules."""
    check_outputs({w: console_text(build(w), w) for w in WIDTHS}, trailing=trailing)


# -- the width-aware table on its own ----------------------------------------------------------

CELL = st.text(st.sampled_from("ab·→ 12,.%[]/"), min_size=0, max_size=24)


@given(
    headers=st.lists(st.text("abc xyz", min_size=1, max_size=12), min_size=2, max_size=7),
    rows=st.lists(st.lists(CELL, min_size=7, max_size=7), min_size=1, max_size=6),
    kinds=st.lists(st.sampled_from("lnw"), min_size=7, max_size=7),
)
@example(
    headers=["file", "language", "tokens", "ws cost"],
    rows=[["corpora/javascript/router.js", "JavaScript", "1,133", "52.81%"] + [""] * 3],
    kinds=list("llnnlll"),
)
def test_fit_table_keeps_every_number_whole(
    headers: list[str], rows: list[list[str]], kinds: list[str]
) -> None:
    make = {"l": label, "n": number, "w": text}
    columns: list[Column] = [make[k](h) for k, h in zip(kinds, headers)]
    cut = [r[: len(columns)] for r in rows]
    outputs = {w: console_text(spaced([FitTable("t 1", columns, cut)]), w) for w in WIDTHS}
    wide = numbers(outputs[WIDE])
    for width, output in outputs.items():
        assert all(cell_len(line) <= width for line in output.splitlines()), width
        assert not [line for line in output.splitlines() if line != line.rstrip()]
        assert wide <= numbers(output), width


def test_fit_table_switches_layout_rather_than_cutting() -> None:
    columns = [label("metric"), *(number(n) for n in COMPARED)]
    rows = [["whitespace lost (loss)", "0 B (0.0%)", "3,589 B (52.8%)", "0 B (0.0%)"]]
    wide = console_text(FitTable("Overview", columns, rows), 200)
    narrow = console_text(FitTable("Overview", columns, rows), 40)
    assert wide.count("3,589 B (52.8%)") == narrow.count("3,589 B (52.8%)") == 1
    assert "…" not in narrow
    assert len(narrow.splitlines()) > len(wide.splitlines())


def test_one_letter_columns_are_detected() -> None:
    lines = ["name  a   1", "      b", "      c", "      d"]
    assert one_letter_columns(lines) == [1]
    assert one_letter_columns(["a 1", "b 2", "ab 3"]) == []
    assert one_letter_columns(["x.c  C", "x.c  C", "x.c  C"]) == []  # a value, not a cut


# -- every view over the real tokenizers -------------------------------------------------------


@pytest.fixture(scope="module")
def compared(real: dict[str, LoadedTokenizer]) -> list[LoadedTokenizer]:
    """The default set of the comparison."""
    return [real[name] for name in COMPARED]


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    """``corpora/``, read once."""
    return [d for d in iter_corpus([str(CORPORA)], CorpusOptions()) if isinstance(d, Document)]


def test_stats_view(real_tokenizers: Path) -> None:
    options = RunOptions(specs=tuple(str(real_tokenizers / n) for n in COMPARED))
    report = run_stats([str(CORPORA)], CorpusOptions(), options)
    check_view(lambda w: render_stats(report))


def test_stats_comparison_view(small_dir: Path) -> None:
    """Two runs whose tokenizer sets differ: the comparison stays at the end of the stats view
    (it was once cut off in the terminal) and in the --compare view, at every width."""

    def measured(*named: tuple[str, str]) -> tuple[StatsReport, dict[str, Any]]:
        specs = tuple(f"{name}={small_dir / folder}" for name, folder in named)
        options = RunOptions(specs=specs, reference=specs[0])
        report = run_stats([str(CORPORA / "python")], CorpusOptions(), options)
        return report, json.loads(stats_json(report))

    _, old = measured(("v", "byte-bpe"), ("gone", "collapsing"))
    report, new = measured(("v", "space-runs"), ("added", "byte-bpe"))
    comparison = compare_runs(old, new)
    check_view(lambda w: render_comparison(comparison))
    check_view(lambda w: render_stats(report, comparison))
    for width in WIDTHS:
        shown = console_text(render_stats(report, comparison), width)
        assert "Changes (" in shown, width
        assert "only after: added" in " ".join(shown.split()), width


def test_whitespace_spectrum_view(compared: list[LoadedTokenizer]) -> None:
    result = spectrum(compared, max_run=16)
    check_view(lambda w: render_spectrum(result, width=w))


def test_whitespace_corpus_view(compared: list[LoadedTokenizer], documents: Any) -> None:
    report = corpus_report(documents, compared, skipped=SkipReport())
    check_view(lambda w: render_corpus(report))


def test_whitespace_reindent_view(compared: list[LoadedTokenizer], documents: Any) -> None:
    report = parity(documents, compared, skipped=SkipReport())
    check_view(lambda w: render_parity(report))


def test_overlap_view(compared: list[LoadedTokenizer]) -> None:
    python = [str(CORPORA / "python")]
    report = overlap(compared, corpus=count_corpus(compared, iter_corpus(python)))
    check_view(lambda w: render_overlap(report))


def test_inspect_view(compared: list[LoadedTokenizer]) -> None:
    facts = [describe(t, hidden=1024, total_params=None) for t in compared]
    check_view(lambda w: render_inspect(facts))


def test_check_view(compared: list[LoadedTokenizer]) -> None:
    report = run_checks(compared, seed=7, properties=["roundtrip", "no-drop"], max_examples=10)
    check_view(lambda w: render_check(report))


def test_diff_view(compared: list[LoadedTokenizer]) -> None:
    result = compare(read_source(str(CORPORA / "python" / "geometry.py")), compared, lines=(1, 30))
    # the diff view pads its lines (it is drawn by its own module)
    check_view(lambda w: render_diff(result, width=w, marks=True), trailing=False)


# -- every command through the command line ----------------------------------------------------


def _tokenizer_args(small_dir: Path) -> list[str]:
    return [a for p in specs(small_dir, "space-runs", "collapsing", "byte-bpe") for a in ("-t", p)]


COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "stats": lambda d: ["stats", str(CORPORA), *_tokenizer_args(d), "--quiet"],
    "whitespace": lambda d: ["whitespace", "--max-run", "12", *_tokenizer_args(d)],
    "whitespace-corpus": lambda d: ["whitespace", "--corpus", str(CORPORA), *_tokenizer_args(d)],
    "whitespace-reindent": lambda d: [
        "whitespace",
        "--reindent",
        str(CORPORA),
        *_tokenizer_args(d),
    ],
    "overlap": lambda d: ["overlap", *specs(d, "byte-bpe", "space-runs", "collapsing")],
    "inspect": lambda d: ["inspect", *specs(d, "byte-bpe", "space-runs", "collapsing")],
    "check": lambda d: [
        "check",
        *specs(d, "byte-bpe", "collapsing"),
        "--seed",
        "3",
        "--max-examples",
        "10",
    ],
    "diff": lambda d: ["diff", str(CORPORA / "python" / "inventory.py"), *_tokenizer_args(d)],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_at_every_width(command: str, small_dir: Path) -> None:
    args = COMMANDS[command](small_dir)
    outputs = {}
    for width in WIDTHS:
        result = run(args, env={"COLUMNS": str(width)})
        assert result.exit_code in (0, 1), result.output  # check exits 1 on a failure
        outputs[width] = result.stdout
    check_outputs(outputs, trailing=command != "diff")


def test_stats_through_a_pipe_is_80_columns(real_tokenizers: Path, monkeypatch: Any) -> None:
    """``tokscope stats corpora/ | cat``: not a terminal, so 80 columns, and readable."""
    monkeypatch.delenv("COLUMNS", raising=False)
    tokenizers = [a for n in COMPARED for a in ("-t", str(real_tokenizers / n))]
    piped = run(["stats", str(CORPORA), *tokenizers, "--quiet"]).stdout
    wide = run(["stats", str(CORPORA), *tokenizers, "--quiet", "--width", "200"]).stdout
    check_outputs({80: piped, WIDE: wide})
    assert max(cell_len(line) for line in piped.splitlines()) <= 80


# -- names and contents are shown literally ----------------------------------------------------

ODD_NAMES = ("a[/bold].py", "[bold red]b.py")
"""Names that rich would read as markup (the first is the file ``bold].py`` in a folder ``a[``)."""
ODD_CODE = 'def f(x):\n    return "[bold]x[/bold] [/] [link=y]z"\n'


@pytest.fixture()
def odd_corpus(tmp_path: Path) -> Iterator[Path]:
    """Files whose names and contents look like rich markup, and a binary one that is skipped."""
    (tmp_path / "a[").mkdir()
    for name in ODD_NAMES:
        (tmp_path / name).write_text(ODD_CODE, encoding="utf-8")
    (tmp_path / "[red]c.bin").write_bytes(b"\x00\x01")
    yield tmp_path


def test_stats_shows_names_literally(odd_corpus: Path, small_dir: Path) -> None:
    args = ["stats", str(odd_corpus), *_tokenizer_args(small_dir), "--quiet", "--width", "300"]
    out = run(args).stdout
    for name in (*ODD_NAMES, "[red]c.bin"):
        assert name in out, name  # round-trip failures and skipped paths name the files


def test_reindent_shows_names_literally(odd_corpus: Path, small_dir: Path) -> None:
    args = ["whitespace", "--reindent", str(odd_corpus), *_tokenizer_args(small_dir)]
    out = run([*args, "--width", "300"]).stdout
    for name in ODD_NAMES:
        assert name in out, name


def test_corpus_and_overlap_show_contents_literally(odd_corpus: Path, small_dir: Path) -> None:
    corpus = run(["whitespace", "--corpus", str(odd_corpus), *_tokenizer_args(small_dir)])
    assert corpus.exit_code == 0 and "Skipped: 1 (binary 1)." in corpus.stdout
    pair = specs(small_dir, "byte-bpe", "collapsing")
    shown = run(["overlap", *pair, "--corpus", str(odd_corpus)])
    assert shown.exit_code == 0 and "1 input skipped" in shown.stdout


def test_tokenizer_names_are_shown_literally(small_dir: Path, tmp_path: Path) -> None:
    odd = tmp_path / "[bold]tok"
    odd.mkdir()
    (odd / "tokenizer.json").write_bytes((small_dir / "byte-bpe" / "tokenizer.json").read_bytes())
    for args in (
        ["inspect", str(odd)],
        ["whitespace", "-t", str(odd), "--max-run", "4"],
        ["check", str(odd), "-p", "offsets", "--max-examples", "5", "--seed", "1"],
        ["overlap", str(odd), str(small_dir / "collapsing")],
    ):
        result = run(args, env={"COLUMNS": "100"})
        assert "[bold]tok" in result.stdout, args


def test_markdown_and_report_show_names_literally(
    odd_corpus: Path, small_dir: Path, tmp_path: Path
) -> None:
    md = run(["stats", str(odd_corpus), *_tokenizer_args(small_dir), "--markdown"]).stdout
    assert "a[/bold].py` |" in md and "[bold red]b.py` |" in md
    args = ["whitespace", "--reindent", str(odd_corpus), *_tokenizer_args(small_dir)]
    assert "a[/bold].py` |" in run([*args, "--markdown"]).stdout


def test_plural_of_one_file(small_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "one.py").write_text("x = 1\n", encoding="utf-8")
    out = run(["stats", str(tmp_path), *_tokenizer_args(small_dir), "--quiet"]).stdout
    assert out.startswith("1 file, ") and "1 files" not in out


def test_report_shows_names_literally(odd_corpus: Path, small_dir: Path, tmp_path: Path) -> None:
    toks = ["-t", str(small_dir / "space-runs"), "-t", str(small_dir / "collapsing")]
    html, md = tmp_path / "r.html", tmp_path / "md" / "r.md"
    md.parent.mkdir()
    assert run(["report", str(odd_corpus), *toks, "-o", str(html), "-q"]).exit_code == 0
    assert run(["report", str(odd_corpus), *toks, "-o", str(md), "--markdown", "-q"]).exit_code == 0
    page, text = html.read_text("utf-8"), md.read_text("utf-8")
    assert "[red]c.bin</code>" in page and "[red]c.bin` |" in text  # the skipped input
    assert "a[/bold].py" in page + text or "[bold red]b.py" in page + text  # a telling line
