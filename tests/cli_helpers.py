"""Running the CLI in-process the way the tests need it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from tokscope.cli import cli


def run(
    args: list[str], *, stdin: str | bytes | None = None, env: dict[str, str] | None = None
) -> Result:
    """Invoke ``tokscope ARGS`` and return the result (exceptions propagate)."""
    return CliRunner().invoke(
        cli, args, input=stdin, env=env, catch_exceptions=False, prog_name="tokscope"
    )


def run_json(args: list[str], *, stdin: str | bytes | None = None) -> Any:
    """Invoke ``tokscope ARGS --json``, check it succeeded, and parse its output."""
    result = run([*args, "--json"], stdin=stdin)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def diff_text(text: str, specs: list[str]) -> dict[str, Any]:
    """``tokscope diff - -t SPEC... --json`` on ``text``; tokenizers keyed by name."""
    args = ["diff", "-"]
    for spec in specs:
        args += ["-t", spec]
    payload = run_json(args, stdin=text.encode("utf-8"))
    return {t["name"]: t for t in payload["tokenizers"]}


def specs(folder: Path, *names: str) -> list[str]:
    """Paths of the named tokenizer folders under ``folder``."""
    return [str(folder / name) for name in names]


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
