"""The console script leaves its loaded tokenizers to the operating system at exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tokscope.loading import kept

PROGRAM = """
import sys
from tokscope.loading import kept

class Loud:
    def __del__(self):
        print("freed", flush=True)

if sys.argv[1] == "kept":
    kept.keep_until_exit()
kept.keep(Loud())  # a stand-in for a tokenizer: kept only after keep_until_exit
print("end", flush=True)
"""


@pytest.mark.parametrize(("mode", "expected"), [("kept", "end\n"), ("plain", "freed\nend\n")])
def test_a_kept_object_is_never_freed(mode: str, expected: str) -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROGRAM, mode], capture_output=True, text=True, check=True
    )
    assert out.stdout == expected
    assert out.stderr == ""


def test_in_process_runs_keep_nothing(small_dir: Path) -> None:
    """The test suite's command runs (CliRunner) and library use free their tokenizers."""
    from tests.cli_helpers import run

    assert not kept._ACTIVE[0]
    result = run(["inspect", str(small_dir / "byte-bpe")])
    assert result.exit_code == 0, result.output
    assert kept._KEPT == []


def test_the_console_script_keeps_them(monkeypatch: pytest.MonkeyPatch) -> None:
    from tokscope import cli

    called: list[bool] = []
    monkeypatch.setattr(kept, "keep_until_exit", lambda: called.append(True))
    monkeypatch.setattr(sys, "argv", ["tokscope", "--help"])
    with pytest.raises(SystemExit):
        cli.main()
    assert called == [True]
