"""The tokenizer-design loop through the command line: named tokenizers (``-t v2=SPEC``), saved
runs compared by name, a corpus fingerprint that says when two runs measured different documents.
"""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests import trained
from tests.cli_helpers import one_line_error, run, run_json
from tokscope.cache.keys import ENV_DIR
from tokscope.errors import SourceError
from tokscope.loading.named import NamedSpec, parse_spec, parse_specs
from tokscope.loading.sources import load, load_many
from tokscope.render.common.numbers import nbytes, percent, plural, ratio
from tokscope.stats.aggregate import Aggregate, fingerprint_hex

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / "corpora" / "python"


@pytest.fixture(scope="module")
def loop_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two trained variants, ``v1/`` (a smaller vocabulary) and ``v2/``, and a copy of
    ``corpora/python`` in ``src/``."""
    base = tmp_path_factory.mktemp("loop")
    trained.save_tokenizer_json(trained.byte_level_bpe(300), base / "v1")
    trained.save_tokenizer_json(trained.byte_level_bpe(600), base / "v2")
    shutil.copytree(PYTHON, base / "src")
    return base


def stats_args(base: Path, *named: str) -> list[str]:
    """``stats src/ -t NAME=base/FOLDER ... --reference FIRST -j 1``."""
    args = ["stats", str(base / "src"), "-j", "1", "--quiet"]
    for item in named:
        name, _, folder = item.partition("=")
        args += ["-t", f"{name}={base / folder}"]
    return [*args, "--reference", named[0].partition("=")[0]]


def saved(base: Path, target: Path, *named: str, corpus: Path | None = None) -> dict[str, Any]:
    """Run ``stats --json -o target`` and return the document."""
    args = stats_args(base, *named)
    if corpus is not None:
        args[1] = str(corpus)
    result = run([*args, "--json", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    doc: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    return doc


# -- NAME=SPEC -----------------------------------------------------------------------------------

NAMES = st.text(
    st.characters(
        blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"),
        blacklist_characters="=/\\",
    ),
    min_size=1,
    max_size=12,
)


@given(name=NAMES, spec=st.sampled_from(["roberta", "./out/tokenizer.json", "a=b", "tiktoken:x"]))
@example(name="v2", spec="./out/tokenizer.json")
@example(name="ü", spec="a=b")
@example(name="~", spec="roberta")  # "~=roberta" is no user's home folder
def test_a_named_spec_splits_at_the_first_equals_sign(name: str, spec: str) -> None:
    named = parse_spec(f"{name}={spec}")
    assert named == NamedSpec(spec, name.strip())
    assert parse_spec(named.text) == named


def test_a_path_with_an_equals_sign_is_a_path(loop_dir: Path, tmp_path: Path) -> None:
    odd = tmp_path / "run=2"
    shutil.copytree(loop_dir / "v1", odd)
    assert parse_spec(str(odd)) == NamedSpec(str(odd))
    assert load(str(odd)).name == "run=2"
    named = load(f"v1={odd}")
    found = (named.name, named.provenance.spec, named.provenance.given_name)
    assert found == ("v1", str(odd), "v1")
    assert named.provenance.named_spec == f"v1={odd}"
    # a path with '=' in a folder name that does not exist is still read as a path
    missing = parse_spec(str(tmp_path / "no=such" / "tokenizer.json"))
    assert missing.name is None


@pytest.mark.parametrize(
    ("specs", "message"),
    [
        (["=roberta"], "empty name"),
        (["v1="], "nothing after '='"),
        (["v1=roberta", "v1=xlmr"], "given twice"),
        (["v\x01=roberta"], "control characters"),
    ],
)
def test_bad_names_are_refused_before_loading(specs: list[str], message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_specs(specs)
    with pytest.raises(SourceError, match=message):
        load_many(specs)


def test_a_given_name_may_not_take_another_tokenizers_name(loop_dir: Path) -> None:
    v1, v2 = str(loop_dir / "v1"), str(loop_dir / "v2")
    for specs in ([v1, f"v1={v2}"], [f"v1={v2}", v1]):  # the folder v1 yields to the name
        names = {t.name: t.provenance.spec for t in load_many(specs)}
        assert names == {"v1": v2, v1: v1}
    with pytest.raises(SourceError, match="two tokenizers would be called 'roberta'"):
        load_many([f"roberta={v1}", "roberta"])  # an alias's spec is its name
    same = load_many([f"a={v1}", f"b={v1}"])  # one file under two names: the user asked for both
    assert [t.name for t in same] == ["a", "b"]


@pytest.mark.parametrize(
    "args",
    [
        ["stats", "{src}", "-t", "v1={v1}", "-t", "v1={v2}"],
        ["report", "{src}", "-t", "v1={v1}", "-t", "v1={v2}", "-o", "{out}"],
        ["whitespace", "-t", "v1={v1}", "-t", "v1={v2}"],
        ["diff", "{src}/geometry.py", "-t", "v1={v1}", "-t", "v1={v2}"],
        ["overlap", "v1={v1}", "v1={v2}"],
        ["inspect", "v1={v1}", "v1={v2}"],
        ["vocab", "v1={v1}", "v1={v2}"],
        ["check", "v1={v1}", "v1={v2}"],
    ],
)
def test_a_name_given_twice_is_one_line_everywhere(
    loop_dir: Path, tmp_path: Path, args: list[str], no_measuring: None
) -> None:
    values = {
        "src": str(loop_dir / "src"),
        "v1": str(loop_dir / "v1"),
        "v2": str(loop_dir / "v2"),
        "out": str(tmp_path / "r.html"),
    }
    line = one_line_error(run([a.format(**values) for a in args]))
    assert "tokenizer name 'v1' is given twice" in line


def test_names_reach_every_command(loop_dir: Path) -> None:
    v1, v2 = f"old={loop_dir / 'v1'}", f"new={loop_dir / 'v2'}"
    overlap = run_json(["overlap", v1, v2])
    assert [t["name"] for t in overlap["tokenizers"]] == ["old", "new"]
    inspect = run_json(["inspect", v1, v2])
    assert [t["name"] for t in inspect["tokenizers"]] == ["old", "new"]
    assert inspect["tokenizers"][0]["provenance"]["given_name"] == "old"
    diff = run_json(["diff", str(PYTHON / "geometry.py"), "-t", v1, "-t", v2])
    assert [t["name"] for t in diff["tokenizers"]] == ["old", "new"]
    check = run(["check", v1, "-p", "roundtrip", "--max-examples", "5", "--json"])
    assert [t["name"] for t in json.loads(check.stdout)["tokenizers"]] == ["old"]


def test_named_tokenizers_in_worker_processes(loop_dir: Path, tmp_path: Path) -> None:
    """Workers reload the specs by their named text, so names and numbers are those of one
    process, and the fingerprint does not depend on how the corpus was split."""
    one = saved(loop_dir, tmp_path / "one.json", "v1=v1", "v2=v2")
    args = stats_args(loop_dir, "v1=v1", "v2=v2")
    args[args.index("-j") + 1] = "2"
    two = run_json([*args])
    assert [t["name"] for t in two["tokenizers"]] == ["v1", "v2"]
    assert two == one


# -- the corpus fingerprint ----------------------------------------------------------------------


@given(texts=st.lists(st.binary(max_size=20), max_size=8), cut=st.integers(0, 8), seed=st.randoms())
@example(texts=[b"a", b"a"], cut=1, seed=None)
def test_the_fingerprint_ignores_order_and_grouping(
    texts: list[bytes], cut: int, seed: Any
) -> None:
    whole, left, right = (Aggregate([], lex=False) for _ in range(3))
    whole.add_contents(texts)
    shuffled = list(texts)
    if seed is not None:
        seed.shuffle(shuffled)
    left.add_contents(shuffled[:cut])
    right.add_contents(shuffled[cut:])
    right.merge(left)
    assert right.fingerprint == whole.fingerprint
    if texts:  # a document more (even a repeated one) changes it
        more = Aggregate([], lex=False)
        more.add_contents([*texts, texts[0]])
        assert fingerprint_hex(more.fingerprint) != fingerprint_hex(whole.fingerprint)


def test_the_fingerprint_follows_contents_not_names(loop_dir: Path, tmp_path: Path) -> None:
    first = saved(loop_dir, tmp_path / "a.json", "v1=v1")["corpus"]
    moved = tmp_path / "moved"
    shutil.copytree(loop_dir / "src", moved)
    (moved / "geometry.py").rename(moved / "shapes.py")
    second = saved(loop_dir, tmp_path / "b.json", "v1=v1", corpus=moved)["corpus"]
    assert first["fingerprint"] == second["fingerprint"]
    assert len(first["fingerprint"]) == 64
    edited = moved / "shapes.py"
    edited.write_text(edited.read_text(encoding="utf-8").replace("def ", "def  ", 1))
    third = saved(loop_dir, tmp_path / "c.json", "v1=v1", corpus=moved)["corpus"]
    assert third["fingerprint"] != first["fingerprint"]


# -- the loop ------------------------------------------------------------------------------------


def test_baseline_lines_tokenizers_up_by_name(loop_dir: Path, tmp_path: Path) -> None:
    """``stats -t v1=... -o v1.json``, then ``stats -t v1=... -t v2=... --baseline v1.json``: v1
    is lined up with itself (nothing changed), v2 is new, in every format."""
    baseline = tmp_path / "v1.json"
    saved(loop_dir, baseline, "v1=v1")
    args = [*stats_args(loop_dir, "v1=v1", "v2=v2"), "--baseline", str(baseline)]
    doc = run_json(args)
    comparison = doc["comparison"]
    assert comparison["unchanged"] == ["v1"] and comparison["only_new"] == ["v2"]
    assert comparison["corpus"]["match"] == "same" and comparison["corpus"]["warning"] is None
    v1 = [d for d in comparison["deltas"] if d["tokenizer"] == "v1"]
    assert v1 and all(d["old"] == d["new"] and not d["changed"] for d in v1)
    terminal = run([*args, "--width", "100"])
    assert terminal.exit_code == 0 and terminal.stderr == ""
    assert "Changes (" in terminal.stdout and "Unchanged: v1" in terminal.stdout
    assert "only after: v2" in terminal.stdout
    markdown = run([*args, "--markdown"]).stdout
    assert "## Changes (" in markdown and "Unchanged: v1" in markdown
    every = run([*args, "--width", "100", "--all"]).stdout
    assert every.count("bytes / token") >= 3  # the overview, then v1 and v2 in the comparison


def test_changes_are_sorted_in_the_units_of_stats(loop_dir: Path, tmp_path: Path) -> None:
    """The same name on another file: the rows that changed, largest change first, shares in
    percentages and percentage points."""
    old = tmp_path / "old.json"
    new = tmp_path / "new.json"
    saved(loop_dir, old, "cand=v1")
    saved(loop_dir, new, "cand=v2")
    doc = run_json(["stats", "--compare", str(old), str(new)])
    deltas = doc["deltas"]
    assert {d["tokenizer"] for d in deltas} == {"cand"}
    changed = [d for d in deltas if d["changed"]]
    assert changed and len(changed) < len(deltas)  # NSL against itself stays 1

    def size(d: dict[str, Any]) -> float:
        return math.inf if d["relative_change"] is None else abs(d["relative_change"])

    sizes = [size(d) for d in changed]
    assert sizes == sorted(sizes, reverse=True)
    assert deltas[: len(changed)] == changed
    table = run(["stats", "--compare", str(old), str(new), "--width", "120"]).stdout
    shown = [line for line in table.splitlines() if " / token" in line or "PCW" in line]
    pcw = next(line for line in shown if "PCW" in line)
    assert pcw.count("%") == 3 and " pp " in pcw + " "  # old, new, relative; change in points
    first_metrics = [d["metric"] for d in changed]
    lines = table.splitlines()
    positions = [next(k for k, line in enumerate(lines) if m in line) for m in first_metrics]
    assert positions == sorted(positions)
    assert "NSL" not in table  # unchanged: hidden
    assert "NSL" in run(["stats", "--compare", str(old), str(new), "--all"]).stdout


def test_runs_over_different_corpora_warn_in_every_format(loop_dir: Path, tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    saved(loop_dir, old, "v1=v1", corpus=ROOT / "corpora" / "go")
    saved(loop_dir, new, "v1=v1")
    compare = ["stats", "--compare", str(old), str(new)]
    doc = run_json(compare)
    assert doc["corpus"]["match"] == "different"
    assert doc["corpus"]["old"]["files"] != doc["corpus"]["new"]["files"]
    assert "different corpora" in doc["corpus"]["warning"]
    for extra in ([], ["--markdown"], ["--json"]):
        result = run([*compare, *extra])
        shown = result.stdout if extra != ["--json"] else result.stderr
        assert "Warning: the two runs measured different corpora" in shown, extra
    baseline = run([*stats_args(loop_dir, "v1=v1"), "--baseline", str(old), "--json"])
    assert json.loads(baseline.stdout)["comparison"]["corpus"]["match"] == "different"
    assert "different corpora" in baseline.stderr
    # same files and bytes, one byte changed: only the fingerprint can tell
    edited = tmp_path / "edited"
    shutil.copytree(loop_dir / "src", edited)
    target = edited / "geometry.py"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("(", "[", 1), encoding="utf-8")
    saved(loop_dir, old, "v1=v1", corpus=edited)
    doc = run_json(compare)
    assert doc["corpus"]["match"] == "different" and "same size" in doc["corpus"]["warning"]


def test_a_run_saved_without_a_fingerprint_still_compares(loop_dir: Path, tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    doc = saved(loop_dir, old, "v1=v1")
    del doc["corpus"]["fingerprint"]
    old.write_text(json.dumps(doc), encoding="utf-8")
    saved(loop_dir, new, "v1=v1", "v2=v2")
    out = run_json(["stats", "--compare", str(old), str(new)])
    assert out["corpus"]["match"] == "unknown" and out["corpus"]["old"]["fingerprint"] is None
    assert out["unchanged"] == ["v1"]
    text = run(["stats", "--compare", str(old), str(new)]).stdout
    assert "Note: a run was saved without a corpus fingerprint" in text
    assert "Warning" not in text


def test_a_home_folder_of_no_user_is_one_line(loop_dir: Path) -> None:
    for spec in ("~no-such-user-tokscope/tokenizer.json", "v1=~no-such-user-tokscope/x"):
        args = ["stats", str(loop_dir / "src"), "-t", spec, "--reference", spec]
        assert "does not exist" in one_line_error(run(args))


def test_runs_without_a_common_name_say_how_to_line_them_up(loop_dir: Path, tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    saved(loop_dir, old, "a=v1")
    saved(loop_dir, new, "b=v2")
    text = run(["stats", "--compare", str(old), str(new), "--width", "100"]).stdout
    assert "No tokenizer is in both runs" in text and "NAME=SPEC" in text
    assert "Only before: a; only after: b." in " ".join(text.split())


# -- the whole loop, end to end ------------------------------------------------------------------

LOOP_CORPUS = {
    "shapes.py": "def area(width, height):\n    return width * height\n",
    "walk.py": "class Walker:\n    def __init__(self, top):\n        self.top = top\n",
    "util.js": "function add(a, b) {\n  return a + b;\n}\n",
    "list.js": "const items = [1, 2];\nfor (const item of items) {\n\tconsole.log(item);\n}\n",
}
OTHER_CORPUS = {"main.py": "if __name__ == '__main__':\n    main()\n"}


def write_corpus(folder: Path, files: dict[str, str]) -> Path:
    """``files`` (name -> text) written into ``folder``."""
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def at(block: dict[str, Any], key: str) -> float | None:
    """The value at a dotted ``key`` (``words.pcw``) of an ``overall`` block."""
    value: Any = block
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return None if value is None else float(value)


def shown(unit: str, value: float | None) -> str:
    """A value as the comparison views write it, in the unit ``stats`` uses."""
    return percent(value) if unit == "percent" else ratio(value)


def cache_line(stderr: str) -> str:
    """The ``cache: ...`` line that ``-v`` prints."""
    return next(line for line in stderr.splitlines() if line.startswith("cache:"))


def terminal_rows(text: str) -> dict[tuple[str, str], list[str]]:
    """The comparison table of a terminal view: (tokenizer, metric) -> the other cells."""
    lines = text[text.index("Changes (") :].splitlines()
    rows: dict[tuple[str, str], list[str]] = {}
    name = ""
    for line in lines[3:]:
        if not line.strip() or line.startswith(("Unchanged", "No ")):
            break
        cells = re.split(r"\s{2,}", line.strip())
        if not line.startswith(" "):
            name, cells = cells[0], cells[1:]
        rows[(name, cells[0])] = cells[1:]
    return rows


def markdown_rows(text: str) -> dict[tuple[str, str], list[str]]:
    """The comparison table of a Markdown view: (tokenizer, metric) -> the other cells."""
    rows: dict[tuple[str, str], list[str]] = {}
    for line in text[text.index("## Changes (") :].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `"):
            rows[(cells[0].strip("`"), cells[1])] = cells[2:]
    return rows


def test_the_design_loop_end_to_end(
    loop_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Train two variants, save a run of v1, measure v1 and v2 against it (v1 from the cache) in
    every format, compare runs over different corpora, and check the cache changes nothing."""
    monkeypatch.setenv(ENV_DIR, str(tmp_path / "cache"))  # counts of this test's runs alone
    corpus = write_corpus(tmp_path / "corpus", LOOP_CORPUS)
    n = len(LOOP_CORPUS)
    v1, v2 = f"v1={loop_dir / 'v1'}", f"v2={loop_dir / 'v2'}"
    base = ["stats", str(corpus), "-j", "1", "--quiet", "--reference", "v1", "-t", v1]

    first = run([*base, "--json", "-o", str(tmp_path / "v1.json"), "-v"])
    assert first.exit_code == 0, first.stderr
    saved_v1 = json.loads((tmp_path / "v1.json").read_text(encoding="utf-8"))
    assert [t["name"] for t in saved_v1["tokenizers"]] == ["v1"]
    assert saved_v1["tokenizers"][0]["provenance"]["given_name"] == "v1"
    assert saved_v1["corpus"]["files"] == n
    assert cache_line(first.stderr).startswith(f"cache: 0 hits, {n} misses of {n} ")

    loop = [*base, "-t", v2, "--baseline", str(tmp_path / "v1.json")]
    second = run([*loop, "--json", "-v"])
    assert second.exit_code == 0, second.stderr
    assert cache_line(second.stderr).startswith(f"cache: {n} hits, {n} misses of {2 * n} ")
    doc = json.loads(second.stdout)
    assert doc["tokenizers"][0] == saved_v1["tokenizers"][0]  # v1 read back from the cache
    comparison = doc["comparison"]
    assert comparison["unchanged"] == ["v1"] and comparison["only_new"] == ["v2"]
    new_overall = {t["name"]: t["overall"] for t in doc["tokenizers"]}
    old_overall = {"v1": saved_v1["tokenizers"][0]["overall"]}
    expected: dict[tuple[str, str], list[str]] = {}
    for d in comparison["deltas"]:
        old = at(old_overall[d["tokenizer"]], d["key"]) if d["tokenizer"] in old_overall else None
        new = at(new_overall[d["tokenizer"]], d["key"])
        assert (d["old"], d["new"]) == (old, new), d
        expected[(d["tokenizer"], d["metric"])] = [shown(d["unit"], old), shown(d["unit"], new)]
    assert {name for name, _ in expected} == {"v1", "v2"}

    terminal = run([*loop, "--all", "--width", "200"])
    assert terminal.exit_code == 0 and terminal.stderr == ""
    assert {k: v[:2] for k, v in terminal_rows(terminal.stdout).items()} == expected
    assert "Unchanged: v1" in terminal.stdout
    markdown = run([*loop, "--all", "--markdown"])
    assert {k: v[:2] for k, v in markdown_rows(markdown.stdout).items()} == expected

    # runs over different corpora: the warning names both runs' files and bytes
    other = write_corpus(tmp_path / "other", OTHER_CORPUS)
    other_run = tmp_path / "other.json"
    assert run([*base[:1], str(other), *base[2:], "--json", "-o", str(other_run)]).exit_code == 0
    compare = ["stats", "--compare", str(tmp_path / "v1.json"), str(other_run), "--width", "200"]
    warned = run(compare).stdout
    facts = [
        json.loads(p.read_text(encoding="utf-8"))["corpus"]
        for p in (tmp_path / "v1.json", other_run)
    ]
    sizes = [f"{plural(c['files'], 'file')}, {nbytes(c['bytes'])}" for c in facts]
    assert (
        f"Warning: the two runs measured different corpora (before: {sizes[0]}; after: "
        f"{sizes[1]})" in " ".join(warned.split())
    )
    # same files, same bytes, other contents: only the fingerprint tells
    edited = tmp_path / "edited"
    shutil.copytree(corpus, edited)
    (edited / "shapes.py").write_text(LOOP_CORPUS["shapes.py"].replace("*", "+"), "utf-8")
    assert run([*base[:1], str(edited), *base[2:], "--json", "-o", str(other_run)]).exit_code == 0
    result = run_json(compare[:4])
    assert result["corpus"]["old"]["files"] == result["corpus"]["new"]["files"] == n
    assert result["corpus"]["old"]["bytes"] == result["corpus"]["new"]["bytes"]
    assert result["corpus"]["old"]["fingerprint"] != result["corpus"]["new"]["fingerprint"]
    assert "different corpora (same size, other contents)" in result["corpus"]["warning"]

    uncached = run([*loop, "--json", "--no-cache", "-v"])
    assert uncached.stdout == second.stdout
    assert cache_line(uncached.stderr) == "cache: not used (--no-cache)"
