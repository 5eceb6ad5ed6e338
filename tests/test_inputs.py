"""Inputs that must neither crash, hang nor change anything: walking, reading, limits, names.

Each test goes through the command line and checks the exit status, that an error is one line
with no traceback, the skip reason and count, and that the input files are unchanged.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import os
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import example, given
from hypothesis import strategies as st

from tests.cli_helpers import run
from tokscope.corpus.documents import MAX_BYTES_CEILING, display_name
from tokscope.corpus.walk import count_files, iter_files
from tokscope.testing.trees import remove_tree


def tok(small_dir: Path) -> list[str]:
    return ["-t", str(small_dir / "byte-bpe"), "--reference", "byte-bpe", "--no-lex", "-j", "1"]


def digests(*roots: Path) -> dict[bytes, str]:
    """sha256 of every regular file under ``roots`` (names as bytes: they may not be UTF-8),
    walked without recursion (``os.walk`` recurses, and the trees here are deep)."""
    out: dict[bytes, str] = {}
    stack = [os.fsencode(root) for root in roots]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    with open(entry.path, "rb") as handle:
                        out[entry.path] = hashlib.sha256(handle.read()).hexdigest()
    return out


def stats_json(args: list[str], *, stdin: str | bytes | None = None) -> Any:
    result = run(["stats", *args, "--json"], stdin=stdin)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout_bytes.decode("utf-8"))


def reasons(out: Any) -> dict[str, int]:
    return {r: v["count"] for r, v in out["corpus"]["skipped"]["reasons"].items()}


def one_line_error(result: Result, *needles: str) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0]
    return lines[0]


@pytest.fixture()
def good(tmp_path: Path) -> Path:
    root = tmp_path / "good"
    root.mkdir()
    (root / "a.py").write_text("def f(x):\n    return x\n")
    (root / "b.go").write_text("package b\n")
    return root


# -- walking --------------------------------------------------------------------------------------


def test_a_thousand_nested_folders_are_walked(small_dir: Path, tmp_path: Path) -> None:
    top = tmp_path / "d"
    deep = tmp_path
    try:
        for _ in range(1000):  # one level at a time: mkdir(parents=True) itself recurses
            deep = deep / "d"
            deep.mkdir()
        (deep / "x.py").write_text("x = 1\n")
        os.symlink(top, deep / "up")  # a loop at the bottom of the tree
        before = digests(tmp_path)
        out = stats_json([str(top), *tok(small_dir)])
        assert out["corpus"]["files"] == 1
        assert reasons(out) == {"link-loop": 1}
        assert count_files([str(top)]) == 1
        assert digests(tmp_path) == before
    finally:
        remove_tree(top)


def test_each_real_file_is_read_once(small_dir: Path, good: Path, tmp_path: Path) -> None:
    links = tmp_path / "links"
    links.mkdir()
    os.symlink(good / "a.py", links / "again.py")  # a symlinked file
    os.symlink(good, links / "folder")  # a symlinked folder, also given directly
    os.link(good / "b.go", links / "hard.go")  # a hard link: the same file
    args = [str(good), str(good), str(good / "a.py"), str(links)]
    out = stats_json([*args, *tok(small_dir)])
    assert out["corpus"]["files"] == 2
    # good again, good/a.py, links/again.py, links/folder, links/hard.go
    assert reasons(out) == {"duplicate": 5}
    assert count_files(args) == 2


def test_links_loops_and_special_files_inside_a_folder(small_dir: Path, good: Path) -> None:
    os.symlink(good / "nowhere", good / "dangling.py")
    os.symlink(good / "self.py", good / "self.py.tmp")
    os.symlink(good / "self.py.tmp", good / "self.py")  # two links pointing at each other
    os.symlink(good, good / "loop")
    os.mkfifo(good / "pipe.py")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(good / "socket.py"))
    try:
        before = digests(good)
        out = stats_json([str(good), *tok(small_dir)])  # must not block on the FIFO
    finally:
        sock.close()
    assert out["corpus"]["files"] == 2
    assert reasons(out) == {"broken-link": 1, "link-loop": 3, "special-file": 2}
    assert digests(good) == before


def test_a_device_given_by_name_is_read_up_to_the_limit(small_dir: Path, good: Path) -> None:
    out = stats_json([str(good), "/dev/zero", *tok(small_dir), "--max-bytes", "1000"])
    assert reasons(out) == {"too-large": 1}
    result = run(["diff", "/dev/zero", "--max-bytes", "1000", "-t", str(small_dir / "byte-bpe")])
    one_line_error(result, "larger than 1,000 bytes")


def test_path_lists_on_stdin_keep_spaces(small_dir: Path, good: Path) -> None:
    (good / "trail.py ").write_text("y = 2\n")
    (good / " lead.py").write_text("z = 3\n")
    stdin = f"{good / 'trail.py '}\n{good / ' lead.py'}\n\n"
    out = stats_json(["-", *tok(small_dir)], stdin=stdin)
    assert out["corpus"]["files"] == 2
    assert "skipped" not in out["corpus"] or not reasons(out)


def test_an_input_that_does_not_exist(small_dir: Path, good: Path, tmp_path: Path) -> None:
    typo = str(tmp_path / "typo")
    one_line_error(run(["stats", typo, *tok(small_dir)]), "typo: no such file or folder")
    one_line_error(
        run(["stats", typo, str(tmp_path / "other"), *tok(small_dir)]), "none of the inputs"
    )
    spec = ["-t", str(small_dir / "byte-bpe")]
    one_line_error(run(["whitespace", "--corpus", typo, *spec]), "no such file or folder")
    one_line_error(run(["whitespace", "--reindent", typo, *spec]), "no such file or folder")
    pair = [str(small_dir / "byte-bpe"), str(small_dir / "collapsing")]
    one_line_error(run(["overlap", *pair, "--corpus", typo]), "no such file or folder")
    if importlib.util.find_spec("matplotlib") is not None:
        html = tmp_path / "r.html"
        result = run(["report", typo, *spec, "-o", str(html), "-q"])
        one_line_error(result, "typo: no such file or folder")
        assert not html.exists()
    out = stats_json([typo, str(good), *tok(small_dir)])
    assert reasons(out) == {"missing": 1}
    assert out["corpus"]["files"] == 2


def test_a_name_that_is_not_utf8_is_shown_as_data(small_dir: Path, tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path / "names")
    os.mkdir(folder)
    for name in (b"bin\xff.py", b"tab\there.py", b"[bold red]b.py"):
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(b"x = 1\n")
    with open(os.path.join(folder, b"bad\xfe.bin"), "wb") as handle:
        handle.write(b"\x00\x01")
    out = stats_json([os.fsdecode(folder), *tok(small_dir)])
    assert out["corpus"]["files"] == 3
    examples = out["corpus"]["skipped"]["reasons"]["binary"]["examples"]
    assert examples == [str(tmp_path / "names" / "bad\\xfe.bin")]
    assert display_name(os.fsdecode(b"bin\xff.py")) == "bin\\xff.py"


# -- datasets -------------------------------------------------------------------------------------


def test_dataset_faults_are_counted(small_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    payload = "".join(json.dumps({"content": f"x = {i}\n" * 50}) + "\n" for i in range(200))
    packed = bytearray(gzip.compress(payload.encode()))
    for i in range(40, 60):  # inside the deflate stream
        packed[i] ^= 0xFF
    (data / "corrupt.jsonl.gz").write_bytes(bytes(packed))
    nested = '{"content": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (data / "nested.jsonl").write_text(nested + "\n" + json.dumps({"content": "ok = 1\n"}) + "\n")
    (data / "empty.jsonl").write_bytes(b"")
    (data / "blank.jsonl").write_text("\n  \n\n")
    (data / "nolang.jsonl").write_text(json.dumps({"content": "x = 1\n", "lang": ""}) + "\n")
    before = digests(data)
    out = stats_json([str(data), *tok(small_dir)])
    counts = reasons(out)
    assert counts == {"bad-json": 1, "empty": 2, "unreadable": 1}
    assert "" not in out["corpus"]["languages"]
    assert out["corpus"]["languages"]["unknown"]["files"] == 2
    assert digests(data) == before


def test_a_gzip_bomb_line_is_skipped_without_holding_it(small_dir: Path, tmp_path: Path) -> None:
    line = json.dumps({"content": "a" * 3_000_000}) + "\n"
    with gzip.open(tmp_path / "bomb.jsonl.gz", "wt") as handle:
        handle.write(line + json.dumps({"content": "b = 1\n"}) + "\n")
    out = stats_json([str(tmp_path / "bomb.jsonl.gz"), *tok(small_dir), "--max-bytes", "1000"])
    assert reasons(out) == {"too-large": 1}
    assert out["corpus"]["files"] == 1


def test_a_parquet_file_of_no_rows_is_empty(small_dir: Path, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.table({"content": pa.array([], pa.string())}), tmp_path / "none.parquet")
    (tmp_path / "a.py").write_text("a = 1\n")
    out = stats_json([str(tmp_path), *tok(small_dir)])
    assert reasons(out) == {"empty": 1}


# -- options --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1e11", "100000000000", str(MAX_BYTES_CEILING), "10_000"])
def test_a_huge_max_bytes_allocates_nothing(small_dir: Path, good: Path, value: str) -> None:
    out = stats_json([str(good), *tok(small_dir), "--max-bytes", value])
    assert out["corpus"]["files"] == 2
    result = run(
        ["diff", str(good / "a.py"), "--max-bytes", value, "--json", "-t", tok(small_dir)[1]]
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("value", [str(2**63), "0", "-5", "abc", "1.5", "nan", "inf"])
def test_absurd_max_bytes_is_one_line(small_dir: Path, good: Path, value: str) -> None:
    one_line_error(run(["stats", str(good), *tok(small_dir), "--max-bytes", value]), "--max-bytes")
    one_line_error(run(["diff", str(good / "a.py"), "--max-bytes", value]), "--max-bytes")


def test_walk_errors_at_once_when_nothing_exists(tmp_path: Path) -> None:
    from tokscope.errors import InputError

    with pytest.raises(InputError, match="no such file or folder"):
        iter_files([str(tmp_path / "nothing")])
    assert list(iter_files([])) == []


# -- any bytes as names and contents --------------------------------------------------------------

NAME = (
    st.binary(min_size=1, max_size=24)
    .map(lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_"))
    .filter(lambda b: b not in (b".", b".."))
)
"""Any bytes a file name may hold (all but ``/`` and NUL)."""


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@given(files=st.lists(st.tuples(NAME, st.binary(max_size=300)), min_size=1, max_size=6))
@example(files=[(b"bin\xff.py", b"x = 1\n"), (b"a[bold]x[red].py", b"\xff\xfe"), (b"\x1b[2J", b"")])
@example(
    files=[(b"d.jsonl", b'{"content": "x", "lang": ""}\n[[[[\n'), (b"e.jsonl.gz", b"\x1f\x8b")]
)
def test_any_bytes_as_names_and_contents(
    small_dir: Path, scratch: Path, files: list[tuple[bytes, bytes]]
) -> None:
    folder = tempfile.mkdtemp(dir=scratch)
    root = os.fsencode(folder)
    for name, content in files:
        with open(os.path.join(root, name), "wb") as handle:
            handle.write(content)
    before = digests(Path(folder))
    out = stats_json([folder, *tok(small_dir)])
    names = {n for n, _ in files}
    seen = out["corpus"]["files"] + out["corpus"]["skipped"]["total"]
    if any(n.endswith((b".jsonl", b".gz", b".ndjson", b".parquet")) for n in names):
        assert seen >= 1  # a dataset may hold several records, or none
    else:
        assert seen == len(names)  # every file analysed or skipped, none lost
    spec = str(small_dir / "byte-bpe")
    result = run(["whitespace", "--corpus", folder, "-t", spec, "--json", "-q"])
    assert result.exit_code == 0, result.output
    json.loads(result.stdout_bytes.decode("utf-8"))
    assert digests(Path(folder)) == before
