"""The CLI's one output layer: atomic files, outputs that are inputs, option faults, widths."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.cli_helpers import run
from tokscope.cli.options import MAX_JOBS
from tokscope.cli.output import MIN_WIDTH

SOURCE = "def area(width, height):\n    return width * height\n"


def one_line_error(result: Result, *, status: int = 2) -> str:
    """Check a one-line error with ``status`` and no traceback; return the line."""
    assert result.exit_code == status, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def digests(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``, by relative path (temporary files included)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.py").write_text(SOURCE, encoding="utf-8")
    (folder / "b.py").write_text(SOURCE.replace("area", "volume"), encoding="utf-8")
    return folder


@pytest.fixture()
def spec(small_dir: Path) -> str:
    return str(small_dir / "byte-bpe")


@pytest.fixture()
def no_measuring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make any corpus measurement fail the test: the output must be refused before it."""

    def measured(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the corpus was measured before the output was checked")

    monkeypatch.setattr("tokscope.stats.engine.local.run", measured)
    monkeypatch.setattr("tokscope.corpus.walk.read_file", measured)
    yield


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
        options = {opt for param in command.params for opt in param.opts}
        assert {"-o", "--output"} <= options, name
        assert "--json" in options or name == "report", name


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


# Option faults: one line, exit 2.


@pytest.mark.parametrize("jobs", ["0", "-3", str(MAX_JOBS + 1), str(10**20)])
def test_jobs_out_of_range(corpus: Path, spec: str, jobs: str, no_measuring: None) -> None:
    line = one_line_error(run(["stats", str(corpus), "-t", spec, "-j", jobs]))
    assert f"from 1 to {MAX_JOBS}" in line


@pytest.mark.parametrize("address", ["not a url", "tcp://", "http://[x", "a b:1", ""])
def test_scheduler_address_is_checked(corpus: Path, spec: str, address: str) -> None:
    result = run(["stats", str(corpus), "-t", spec, "--engine", "dask", "--scheduler", address])
    assert "not a scheduler address" in one_line_error(result)


def test_json_and_markdown_together(corpus: Path, spec: str, no_measuring: None) -> None:
    for args in (["stats", str(corpus), "-t", spec], ["whitespace", "-t", spec], ["overlap", spec]):
        line = one_line_error(run([*args, "--json", "--markdown"]))
        assert "cannot be combined" in line


@pytest.fixture(scope="module")
def saved_run(tmp_path_factory: pytest.TempPathFactory, small_dir: Path) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("run")
    (folder / "a.py").write_text(SOURCE, encoding="utf-8")
    spec = str(small_dir / "byte-bpe")
    result = run(["stats", str(folder), "-t", spec, "--reference", spec, "--json"])
    assert result.exit_code == 0, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def _compare(tmp_path: Path, old: str, new: str) -> Result:
    (tmp_path / "old.json").write_text(old, encoding="utf-8")
    (tmp_path / "new.json").write_text(new, encoding="utf-8")
    return run(["stats", "--compare", str(tmp_path / "old.json"), str(tmp_path / "new.json")])


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: "{ not json",
        lambda d: "[" * 100_000,
        lambda d: json.dumps([d]),
        lambda d: json.dumps({**d, "tokenizers": {"a": 1}}),
        lambda d: json.dumps({**d, "tokenizers": ["modernbert"]}),
        lambda d: json.dumps({**d, "tokenizers": [{"name": ["x"], "overall": {}}]}),
        lambda d: json.dumps({**d, "tokenizers": [{"name": "x", "overall": [1]}]}),
        lambda d: json.dumps({**d, "corpus": [1, 2]}),
        lambda d: json.dumps({**d, "corpus": {"files": "nine"}}),
        lambda d: json.dumps({**d, "corpus": {"files": 1e400}}),
        lambda d: json.dumps(d).replace("0.", 'NaN, "x": 0.', 1),
    ],
)
def test_a_corrupt_saved_run_is_one_line(
    tmp_path: Path, saved_run: dict[str, Any], edit: Any
) -> None:
    result = _compare(tmp_path, json.dumps(saved_run), edit(saved_run))
    assert "stats --json" in one_line_error(result)


def _json_values() -> st.SearchStrategy[Any]:
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
    return st.recursive(
        scalars, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=8
    )


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from _paths(value, (*prefix, i))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
@given(data=st.data())
@example(data=None)
def test_a_hand_edited_saved_run_never_crashes(
    tmp_path: Path, saved_run: dict[str, Any], data: st.DataObject | None
) -> None:
    doc = json.loads(json.dumps(saved_run))
    if data is None:  # a value of the wrong type deep inside the "overall" block
        doc["tokenizers"][0]["overall"]["words"] = "many"
    else:
        paths = list(_paths(doc))[1:]
        path = data.draw(st.sampled_from(paths))
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = data.draw(_json_values())
    result = _compare(tmp_path, json.dumps(saved_run), json.dumps(doc))
    if result.exit_code != 0:
        one_line_error(result)


# Terminal widths.


@pytest.mark.parametrize("columns", ["0", "1", "12"])
def test_a_tiny_terminal_is_drawn_at_the_minimum_width(spec: str, columns: str) -> None:
    result = run(["whitespace", "-t", spec, "--max-run", "3"], env={"COLUMNS": columns})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) > 5
    assert max(len(line) for line in lines) <= MIN_WIDTH
    assert (
        result.stdout
        == run(["whitespace", "-t", spec, "--max-run", "3", "--width", str(MIN_WIDTH)]).stdout
    )


def test_stats_in_a_tiny_terminal(corpus: Path, spec: str) -> None:
    result = run(["stats", str(corpus), "-t", spec, "--reference", spec], env={"COLUMNS": "1"})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()
    assert max(len(line) for line in result.stdout.splitlines()) <= MIN_WIDTH
