"""Corpus walking: documents in a fixed order, every skipped input counted with its reason."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

from tokscope.corpus.walk import (
    REASONS,
    CorpusOptions,
    Document,
    Skipped,
    SkipReport,
    iter_corpus,
    language_for,
)


def build_tree(root: Path) -> None:
    (root / "src").mkdir()
    (root / "src" / "app.py").write_bytes(b"def f():\r\n    return 1\r\n")
    (root / "src" / "util.go").write_text("package util\n")
    (root / "src" / "empty.js").write_bytes(b"")
    (root / "src" / "blob.bin").write_bytes(b"\x89PNG\x00\x00")
    (root / "src" / "latin1.rb").write_bytes(b"# caf\xe9\n")
    (root / "src" / "big.c").write_text("x" * 200)
    (root / "node_modules").mkdir()
    (root / "node_modules" / "dep.js").write_text("var x = 1;\n")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "venv-like").mkdir()
    (root / "venv-like" / "pyvenv.cfg").write_text("home = /usr\n")
    (root / "venv-like" / "site.py").write_text("x = 1\n")
    os.symlink(root / "nowhere", root / "src" / "dangling.py")
    os.symlink(root / "src", root / "src" / "loop")
    records = [
        {"content": "print(1)\n", "lang": "Python"},
        {"content": 42},
        ["not", "a", "dict"],
        {"content": "fn main() {}\n", "path": "src/main.rs"},
    ]
    lines = [json.dumps(r) for r in records] + ["{broken json"]
    (root / "data.jsonl").write_text("\n".join(lines) + "\n")
    with gzip.open(root / "more.jsonl.gz", "wt") as handle:
        handle.write(json.dumps({"content": "x = 1\n", "language": "Python"}) + "\n")


def test_walk_reports_documents_and_every_reason(tmp_path: Path) -> None:
    build_tree(tmp_path)
    items = list(
        iter_corpus([str(tmp_path), str(tmp_path / "absent.py")], CorpusOptions(max_bytes=100))
    )
    docs = {Path(d.name).name: d for d in items if isinstance(d, Document)}
    skipped = {Path(s.name).name: s.reason for s in items if isinstance(s, Skipped)}
    assert sorted(docs) == ["app.py", "data.jsonl:1", "data.jsonl:4", "more.jsonl.gz:1", "util.go"]
    assert docs["app.py"].text == "def f():\r\n    return 1\r\n"
    assert docs["app.py"].language == "Python"
    assert docs["util.go"].language == "Go"
    assert docs["data.jsonl:4"].language == "Rust"
    assert docs["more.jsonl.gz:1"].language == "Python"
    assert skipped == {
        "empty.js": "empty",
        "blob.bin": "binary",
        "latin1.rb": "not-utf8",
        "big.c": "too-large",
        "dangling.py": "broken-link",
        "loop": "link-loop",
        "data.jsonl:2": "no-text",
        "data.jsonl:3": "bad-json",
        "data.jsonl:5": "bad-json",
        "absent.py": "missing",
        "node_modules": "excluded-folder",
        "venv-like": "excluded-folder",
    }
    assert set(skipped.values()) <= set(REASONS)


def test_walk_order_is_deterministic(tmp_path: Path) -> None:
    build_tree(tmp_path)
    first = [i.name for i in iter_corpus([str(tmp_path)])]
    assert first == [i.name for i in iter_corpus([str(tmp_path)])]


def test_include_exclude_errors_replace_and_forced_language(tmp_path: Path) -> None:
    build_tree(tmp_path)
    opts = CorpusOptions(
        include=("*.py", "*.rb"), exclude=("*/loop",), errors="replace", language="Text"
    )
    docs = [i for i in iter_corpus([str(tmp_path / "src")], opts) if isinstance(i, Document)]
    assert [Path(d.name).name for d in docs] == ["app.py", "latin1.rb"]
    assert docs[1].text == "# caf\ufffd\n"
    assert {d.language for d in docs} == {"Text"}


def test_skip_report_merges_in_any_order() -> None:
    a = SkipReport.of(
        [Skipped("b", "empty"), Skipped("a", "empty"), Skipped("z", "binary")], keep=2
    )
    b = SkipReport.of([Skipped("0", "empty"), Skipped("c", "not-utf8")], keep=2)
    assert a.merge(b) == b.merge(a)
    merged = a.merge(b)
    assert merged.counts == (("binary", 1), ("empty", 3), ("not-utf8", 1))
    assert dict(merged.examples)["empty"] == ("0", "a")
    assert merged.total == 5


def test_language_for_unknown() -> None:
    assert language_for("README.zzz-unknown") == "unknown"
    assert language_for("Makefile") != "unknown"
