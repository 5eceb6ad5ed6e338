"""The CLI's one output layer: atomic files, outputs that are inputs, option faults, widths."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli_helpers import digests, one_line_error, run

# Outputs that are inputs, or cannot be written, are refused before anything is read.


@pytest.mark.parametrize(
    "args",
    [
        ["stats", "{corpus}", "-t", "{spec}", "-o", "{corpus}/a.py"],
        ["stats", "{corpus}", "-t", "{spec}", "--json", "-o", "{corpus}/a.py"],
        ["stats", "{corpus}/a.py", "-t", "{spec}", "--markdown", "-o", "{corpus}/a.py"],
        ["stats", "{corpus}/../corpus", "-t", "{spec}", "-o", "{corpus}/b.py"],
        ["whitespace", "--corpus", "{corpus}", "-t", "{spec}", "--json", "-o", "{corpus}/a.py"],
        ["whitespace", "--reindent", "{corpus}", "-t", "{spec}", "-o", "{corpus}/b.py"],
        ["overlap", "{spec}", "{spec2}", "--corpus", "{corpus}", "-o", "{corpus}/a.py"],
        ["diff", "{corpus}/a.py", "-t", "{spec}", "--json", "-o", "{corpus}/a.py"],
    ],
    ids=[
        "stats",
        "stats-json",
        "stats-file",
        "stats-dotdot",
        "ws-corpus",
        "reindent",
        "overlap",
        "diff",
    ],
)
def test_an_input_is_never_overwritten(
    corpus: Path, small_dir: Path, args: list[str], no_measuring: None
) -> None:
    before = digests(corpus)
    values = {
        "corpus": str(corpus),
        "spec": str(small_dir / "byte-bpe"),
        "spec2": str(small_dir / "space-runs"),
    }
    result = run([a.format(**values) for a in args])
    line = one_line_error(result)
    assert "refusing to write" in line and "input" in line
    assert digests(corpus) == before


def test_saved_runs_read_are_inputs_too(tmp_path: Path, corpus: Path, spec: str) -> None:
    saved = tmp_path / "old.json"
    saved.write_text("{}", encoding="utf-8")
    for args in (
        ["--compare", str(saved), str(saved)],
        [str(corpus), "-t", spec, "--baseline", str(saved)],
    ):
        line = one_line_error(run(["stats", *args, "--json", "-o", str(saved)]))
        assert f"the input {saved}" in line
    assert saved.read_text(encoding="utf-8") == "{}"


def test_a_link_to_an_input_is_refused_and_a_link_elsewhere_written_through(
    tmp_path: Path, corpus: Path, spec: str
) -> None:
    (tmp_path / "to-input").symlink_to(corpus / "a.py")
    before = digests(corpus)
    line = one_line_error(run(["stats", str(corpus), "-t", spec, "-o", str(tmp_path / "to-input")]))
    assert "refusing to write" in line
    assert digests(corpus) == before
    (tmp_path / "real.json").write_text("old", encoding="utf-8")
    (tmp_path / "link.json").symlink_to(tmp_path / "real.json")
    result = run(["inspect", spec, "--json", "-o", str(tmp_path / "link.json")])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "link.json").is_symlink()
    assert json.loads((tmp_path / "real.json").read_text(encoding="utf-8"))


def test_every_command_that_writes_has_the_shared_output_options() -> None:
    from tokscope.cli import cli

    for name, command in cli.commands.items():
        if name == "cache":  # cache info|clear print a status, they write no output file
            continue
        options = {opt for param in command.params for opt in param.opts}
        assert {"-o", "--output"} <= options, name
        assert "--json" in options or name == "report", name


@pytest.mark.parametrize(
    "args",
    [
        ["inspect", "{tok}/tokenizer.json", "--json"],
        ["inspect", "{tok}"],
        ["diff", "{corpus}/a.py", "-t", "{tok}"],
        ["whitespace", "-t", "{tok}", "--json"],
        ["stats", "{corpus}", "-t", "modernbert", "--reference", "{tok}"],
        ["check", "{tok}", "-p", "roundtrip"],
    ],
    ids=lambda a: "-".join(a[:2]),
)
def test_a_tokenizer_file_is_an_input_too(
    tmp_path: Path, small_dir: Path, corpus: Path, args: list[str], no_measuring: None
) -> None:
    import shutil

    tok = tmp_path / "tok"
    shutil.copytree(small_dir / "byte-bpe", tok)
    before = digests(tok)
    argv = [a.format(tok=tok, corpus=corpus) for a in args]
    line = one_line_error(run([*argv, "-o", str(tok / "tokenizer.json")]))
    assert "refusing to write" in line
    assert digests(tok) == before


def test_report_refuses_a_file_of_its_corpus(corpus: Path, spec: str) -> None:
    pytest.importorskip("matplotlib")
    before = digests(corpus)
    line = one_line_error(run(["report", str(corpus), "-t", spec, "-o", str(corpus / "b.py")]))
    assert "refusing to write" in line
    assert digests(corpus) == before


def test_an_output_the_walk_skips_or_a_new_file_is_allowed(
    corpus: Path, spec: str, tmp_path: Path
) -> None:
    (corpus / "build").mkdir()
    (corpus / "build" / "out.json").write_text("old", encoding="utf-8")
    for target in (corpus / "build" / "out.json", corpus / "new.json"):
        result = run(
            ["stats", str(corpus), "-t", spec, "--reference", spec, "--json", "-o", str(target)]
        )
        assert result.exit_code == 0, result.stderr
        assert json.loads(target.read_text(encoding="utf-8"))["corpus"]["files"] == 2


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("missing/dir/x.json", "does not exist"),
        ("corpus/a.py/x.json", "is not a folder"),
        ("corpus", "is a folder"),
    ],
)
def test_an_unwritable_output_is_refused_before_measuring(
    tmp_path: Path, corpus: Path, spec: str, target: str, expected: str, no_measuring: None
) -> None:
    line = one_line_error(run(["stats", str(corpus), "-t", spec, "-o", str(tmp_path / target)]))
    assert expected in line


@pytest.mark.skipif(
    os.geteuid() == 0 if hasattr(os, "geteuid") else True,
    reason="root writes into read-only folders",
)
def test_a_read_only_folder_is_refused_before_measuring(
    tmp_path: Path, corpus: Path, spec: str, no_measuring: None
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    line = one_line_error(run(["stats", str(corpus), "-t", spec, "-o", str(locked / "x.json")]))
    assert "not writable" in line


def test_markdown_report_chart_folder_named_by_a_file(
    tmp_path: Path, corpus: Path, spec: str
) -> None:
    pytest.importorskip("matplotlib")
    (tmp_path / "rep_charts").write_text("a file", encoding="utf-8")
    result = run(["report", str(corpus), "-t", spec, "--markdown", "-o", str(tmp_path / "rep.md")])
    line = one_line_error(result)
    assert "rep_charts" in line and "a file of that name exists" in line
    assert not (tmp_path / "rep.md").exists()


# Files are written atomically: complete, or the old content untouched.


class _Exploding:
    """A rich renderable that draws a line, then fails (a renderer crashing mid-write)."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def __rich_console__(self, console: Any, options: Any) -> Iterator[str]:
        yield "half of a table\n" * 2000
        raise self.error


@pytest.mark.parametrize(
    ("error", "status"), [(RuntimeError("renderer bug"), None), (KeyboardInterrupt(), 130)]
)
def test_a_crash_mid_write_leaves_the_old_file(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    corpus: Path,
    spec: str,
    error: BaseException,
    status: int | None,
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("the old run\n", encoding="utf-8")
    monkeypatch.setattr(
        "tokscope.render.stats.terminal.render_stats", lambda *a, **k: _Exploding(error)
    )
    args = ["stats", str(corpus), "-t", spec, "--reference", spec, "-o", str(target)]
    if status is None:
        with pytest.raises(RuntimeError, match="renderer bug"):
            run(args)
    else:
        line = one_line_error(run(args), status=status)
        assert "interrupted" in line
    assert target.read_text(encoding="utf-8") == "the old run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out.txt"]


def test_a_full_disk_mid_write_is_one_line_and_leaves_the_old_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, corpus: Path, spec: str
) -> None:
    target = tmp_path / "out.json"
    target.write_text("{}", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tokscope.cli.output.os.fsync", full)
    result = run(
        ["stats", str(corpus), "-t", spec, "--reference", spec, "--json", "-o", str(target)]
    )
    assert "No space left on device" in one_line_error(result)
    assert target.read_text(encoding="utf-8") == "{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out.json"]


@pytest.mark.parametrize(
    "args",
    [
        ["inspect", "{spec}"],
        ["inspect", "{spec}", "--json"],
        ["diff", "{corpus}/a.py", "-t", "{spec}"],
        ["diff", "{corpus}/a.py", "-t", "{spec}", "--json"],
        ["whitespace", "-t", "{spec}", "--max-run", "4", "--markdown"],
        ["whitespace", "-t", "{spec}", "--max-run", "4", "--json"],
        ["whitespace", "--corpus", "{corpus}", "-t", "{spec}"],
        ["overlap", "{spec}", "{spec2}", "--json"],
        ["stats", "{corpus}", "-t", "{spec}", "--reference", "{spec}", "--markdown"],
    ],
    ids=lambda a: "-".join(x for x in a if not x.startswith("{"))[:40],
)
def test_every_command_writes_its_output_file_in_place_of_the_old_one(
    tmp_path: Path, corpus: Path, small_dir: Path, args: list[str]
) -> None:
    values = {
        "corpus": str(corpus),
        "spec": str(small_dir / "byte-bpe"),
        "spec2": str(small_dir / "space-runs"),
    }
    argv = [a.format(**values) for a in args]
    target = tmp_path / "out"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    result = run(
        [*argv, "-o", str(target), "--width", "100"]
        if "--json" not in argv
        else [*argv, "-o", str(target)]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    written = target.read_text(encoding="utf-8")
    assert written not in ("", "old")
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)
    if "--json" in argv:
        assert written == run(argv).stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out"]


def test_overlap_corpus_honours_the_corpus_options(corpus: Path, small_dir: Path) -> None:
    args = ["overlap", str(small_dir / "byte-bpe"), str(small_dir / "space-runs"), "--corpus"]
    assert run([*args, str(corpus), "--json"]).exit_code == 0
    line = one_line_error(run([*args, str(corpus), "--exclude", "*.py", "--json"]))
    assert "no document could be read" in line


def test_report_honours_the_corpus_options(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, corpus: Path, spec: str
) -> None:
    pytest.importorskip("matplotlib")
    import tokscope.cli.engine

    seen: list[Any] = []
    real = tokscope.cli.engine.run_corpus

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(args[1])  # the corpus options the one pass walks with
        return real(*args, **kwargs)

    monkeypatch.setattr(tokscope.cli.engine, "run_corpus", spy)
    target = tmp_path / "r.html"
    argv = ["report", str(corpus), "-t", spec, "--exclude", "b.py", "--max-bytes", "999"]
    result = run([*argv, "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert (seen[0].exclude, seen[0].max_bytes) == (("b.py",), 999)
    assert (seen[0].ignore, seen[0].default_excludes) == (True, True)
    assert "</html>" in target.read_text(encoding="utf-8")
