"""``diff`` on any bytes as file content and as file name: a view or one error line, never a
traceback, and the file unchanged."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.cli_helpers import run
from tests.test_inputs import NAME
from tokscope.corpus.documents import display_name


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@given(name=NAME, content=st.binary(max_size=400))
@example(name=b"bin\xff.py", content=b"x = 1\n")
@example(name=b"a[bold]b[red].py", content="caf\u00e9 [red]x[/red]\r\n\tok".encode())
@example(name=b"\x1b[2J.py", content=b"\xff\xfe")
@example(name=b"nul.py", content=b"x\x00y")
@example(name=b"e.py", content=b"")
def test_any_bytes_as_name_and_content(
    small_dir: Path, scratch: Path, name: bytes, content: bytes
) -> None:
    folder = tempfile.mkdtemp(dir=scratch)
    path = os.path.join(os.fsencode(folder), name)
    with open(path, "wb") as handle:
        handle.write(content)
    digest = hashlib.sha256(content).hexdigest()
    file = os.fsdecode(path)
    tokenizers = ["-t", str(small_dir / "byte-bpe"), "-t", str(small_dir / "collapsing")]
    for view in (["--width", "80"], ["--json"]):
        result = run(["diff", file, *tokenizers, *view])
        assert "Traceback" not in result.stderr
        if result.exit_code == 2:  # binary, not UTF-8: one line naming the file
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1, result.stderr
            continue
        assert result.exit_code == 0, result.output
        text = result.stdout_bytes.decode("utf-8")  # valid UTF-8 whatever the name
        assert "\x1b" not in text  # nothing from the file reaches the terminal raw
        shown = display_name(os.path.basename(file))
        if view == ["--json"]:
            assert shown in json.loads(text)["file"]
        elif shown.isascii() and shown.isprintable() and len(shown) < 20:
            assert shown in text  # markup in a name is shown as written
    with open(path, "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == digest
