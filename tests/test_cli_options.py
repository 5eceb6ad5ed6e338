"""Option faults of the CLI (one line, exit 2) and terminal widths."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.cli_helpers import one_line_error, run
from tests.conftest import SOURCE
from tokscope.cli.options import MAX_JOBS
from tokscope.cli.output import MIN_WIDTH

# Option faults: one line, exit 2.


@pytest.mark.parametrize("jobs", ["0", "-3", str(MAX_JOBS + 1), str(10**20)])
def test_jobs_out_of_range(
    tmp_path: Path, corpus: Path, spec: str, jobs: str, no_measuring: None
) -> None:
    for args in (["stats", str(corpus)], ["report", str(corpus), "-o", str(tmp_path / "r.html")]):
        line = one_line_error(run([*args, "-t", spec, "-j", jobs]))
        assert f"from 1 to {MAX_JOBS}" in line
    assert not (tmp_path / "r.html").exists()


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
