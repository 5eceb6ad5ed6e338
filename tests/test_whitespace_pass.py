"""``whitespace --corpus`` through the statistics pass: its numbers against a recomputation
from each document's exact segmentation, and the pass's engines and cache giving the same
report."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.cli_helpers import run, specs
from tokscope.align.segment import segment
from tokscope.corpus.documents import DEFAULT_MAX_SOLID_RUN
from tokscope.corpus.walk import Document
from tokscope.loading.sources import LoadedTokenizer
from tokscope.measures import is_whitespace_entry, whitespace_bytes, whitespace_lost_bytes
from tokscope.whitespace import (
    corpus_report,
    dependent_occurrences,
    identifier_forms,
    indentation_of,
    runs_of,
)
from tokscope.whitespace.counting import Forms

DESIGNS = ("byte-bpe", "space-runs", "collapsing", "wordpiece")

PIECES = st.sampled_from(
    [
        *("def", " ", "  ", "    ", "\t", "\n", "\r\n", "\n\n", "self", "return", "x", "="),
        *("(", ")", ":", "é", "値", "# c", "'s'", "\u00a0", "\x0c", "1", "init", "value"),
    ]
)
TEXTS = st.lists(PIECES, min_size=1, max_size=40).map("".join)
LANGUAGES = st.sampled_from(["Python", "JavaScript", "Go"])


def _oracle(docs: list[Document], tok: LoadedTokenizer) -> dict[str, dict[str, int]]:
    """Per language, the row's counts from each document's segmentation (one at a time)."""
    rows: dict[str, Counter[str]] = {}
    forms: dict[str, dict[str, Forms]] = {}
    for doc in docs:
        seg = segment(tok, doc.text)
        row = rows.setdefault(doc.language, Counter())
        row["files"] += 1
        row["bytes"] += doc.n_bytes
        row["whitespace_bytes"] += whitespace_bytes(doc.text.encode("utf-8"))
        row["tokens"] += len(seg.tokens)
        # by the vocabulary entry (metrics.md), not by the text an unknown token covers
        row["whitespace_tokens"] += sum(
            is_whitespace_entry(tok.vocabulary.contents[t.id]) for t in seg.tokens
        )
        row["dropped_bytes"] += seg.dropped_bytes
        row["whitespace_lost_bytes"] += whitespace_lost_bytes(seg)
        row["round_trip_files"] += int(seg.round_trip)
        identifier_forms(seg, forms.setdefault(doc.language, {}))
    out: dict[str, dict[str, int]] = {}
    for language, row in rows.items():
        found = forms.get(language, {})
        row["identifier_occurrences"] = sum(
            sum(c.values()) for f in found.values() for c in f.values()
        )
        row["dependent_occurrences"] = sum(dependent_occurrences(f) for f in found.values())
        out[language] = dict(row)
    return out


FIELDS = (
    "files",
    "bytes",
    "whitespace_bytes",
    "tokens",
    "whitespace_tokens",
    "dropped_bytes",
    "whitespace_lost_bytes",
    "round_trip_files",
    "identifier_occurrences",
    "dependent_occurrences",
)


@given(st.lists(st.tuples(TEXTS, LANGUAGES), min_size=1, max_size=6))
@example([("def f():\n\treturn self\n        value = 1\r\n", "Python")])
@example([("  \n\n\t \u00a0x\n", "Go"), ("x", "Go")])
@example([("\x0c", "Python")])  # an unknown token over a form feed: not a whitespace entry
def test_the_pass_counts_what_each_segmentation_shows(
    small: dict[str, LoadedTokenizer], texts: list[tuple[str, str]]
) -> None:
    docs = [
        Document(f"d{i}.txt", text, language, len(text.encode("utf-8")))
        for i, (text, language) in enumerate(texts)
    ]
    tokenizers = [small[d] for d in DESIGNS]
    report = corpus_report(docs, tokenizers)
    assert report.documents == len(docs)
    assert dict(report.languages) == dict(Counter(d.language for d in docs))
    indentation: Counter[tuple[int, int, bool]] = Counter()
    runs: Counter[tuple[str, str, int]] = Counter()
    for doc in docs:
        indentation.update(indentation_of(doc.text))
        runs.update(runs_of(doc.text))
    assert {(c.tabs, c.spaces, c.other): c.lines for c in report.indentation} == indentation
    assert {(r.kind, r.position, r.length): r.count for r in report.runs} == runs
    for tok in tokenizers:
        expected = _oracle(docs, tok)
        got = {
            r.language: {f: getattr(r, f) for f in FIELDS}
            for r in report.rows
            if r.tokenizer == tok.name and r.language != "all"
        }
        assert got == expected, tok.name


def _args(corpus: Path, small_dir: Path) -> list[str]:
    tokenizers = specs(small_dir, "space-runs", "collapsing")
    return ["whitespace", "--corpus", str(corpus), *[a for t in tokenizers for a in ("-t", t)]]


def _write_corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a.py").write_text("def f(x):\n    self = x\n    return self\n", encoding="utf-8")
    (folder / "b.js").write_text("if (a) {\n  value = 1;  \n}\n", encoding="utf-8")
    (folder / "c.go").write_text("func f() {\n\treturn  x\n}\n", encoding="utf-8")
    return folder


def test_the_cache_serves_a_second_run_with_the_same_report(
    tmp_path: Path, small_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOKSCOPE_CACHE_DIR", str(tmp_path / "cache"))
    corpus = _write_corpus(tmp_path / "src")
    args = [*_args(corpus, small_dir), "--json", "-v"]
    fresh = run([*args, "--no-cache"])
    first, second = run(args), run(args)
    for result in (fresh, first, second):
        assert result.exit_code == 0, result.output
    assert fresh.stdout == first.stdout == second.stdout
    assert "cache: 0 hits, 6 misses of 6" in first.stderr
    assert "cache: 6 hits, 0 misses of 6" in second.stderr
    assert "cache: not used (--no-cache)" in fresh.stderr


def test_files_stats_measured_are_not_measured_again(
    tmp_path: Path, small_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOKSCOPE_CACHE_DIR", str(tmp_path / "cache"))
    corpus = _write_corpus(tmp_path / "src")
    tokenizers = specs(small_dir, "space-runs", "collapsing")
    stats = ["stats", str(corpus), *[a for t in tokenizers for a in ("-t", t)]]
    assert run([*stats, "--reference", "space-runs", "--json"]).exit_code == 0
    result = run([*_args(corpus, small_dir), "--json", "-v"])
    assert result.exit_code == 0, result.output
    assert "cache: 6 hits, 0 misses of 6" in result.stderr


def test_worker_processes_give_the_same_report(tmp_path: Path, small_dir: Path) -> None:
    corpus = _write_corpus(tmp_path / "src")
    args = [*_args(corpus, small_dir), "--json", "--no-cache"]
    here, pool = run(args), run([*args, "-j", "2"])
    assert here.exit_code == pool.exit_code == 0, (here.output, pool.output)
    assert here.stdout == pool.stdout


def test_skipped_inputs_are_counted_with_their_reason(tmp_path: Path, small_dir: Path) -> None:
    corpus = _write_corpus(tmp_path / "src")
    (corpus / "d.bin").write_bytes(b"\x00\x01\x02")
    (corpus / "e.py").write_text("x" * (DEFAULT_MAX_SOLID_RUN + 1) + "\n", encoding="utf-8")
    result = run([*_args(corpus, small_dir), "--json"])
    assert result.exit_code == 0, result.output
    payload: dict[str, Any] = json.loads(result.stdout)
    reasons = payload["skipped"]["reasons"]
    assert set(reasons) >= {"binary", "too-costly"}
    assert payload["documents"] == 3


def test_reindent_keeps_its_own_reader(small_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pass(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("--reindent went through the statistics pass")

    monkeypatch.setattr("tokscope.cli.engine.run_corpus", no_pass)
    corpora = Path(__file__).resolve().parent.parent / "corpora"
    args = ["whitespace", "--reindent", str(corpora), "-t", str(small_dir / "byte-bpe"), "--json"]
    result = run(args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["mode"] == "reindent"


@pytest.mark.parametrize(
    "extra",
    [["-j", "2"], ["--engine", "dask"], ["--no-cache"], ["-v"], ["--scheduler", "tcp://h:1"]],
)
def test_pass_options_without_corpus_are_refused(small_dir: Path, extra: list[str]) -> None:
    from tests.cli_helpers import one_line_error

    corpora = Path(__file__).resolve().parent.parent / "corpora"
    args = ["whitespace", "--reindent", str(corpora), "-t", str(small_dir / "byte-bpe")]
    line = one_line_error(run([*args, *extra]))
    assert "only --corpus" in line
    assert "only --corpus" in one_line_error(run(["whitespace", "-t", "roberta", *extra]))
