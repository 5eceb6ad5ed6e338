"""The docs stay true: docs/cli.md is the --help of every command, and every command is in it."""

from __future__ import annotations

import os
from pathlib import Path

import click

from tests.cli_helpers import run
from tokscope.cli import cli

ROOT = Path(__file__).resolve().parent.parent
CLI_DOC = ROOT / "docs" / "cli.md"


def cli_reference() -> str:
    """docs/cli.md as generated from the commands' help."""
    assert isinstance(cli, click.Group)
    parts = [
        "# Command reference",
        "",
        "Generated from `tokscope --help` and each command's `--help`; `tests/test_docs.py` checks",
        "that it is up to date (`TOKSCOPE_UPDATE_SNAPSHOTS=1 pytest tests/test_docs.py` rewrites",
        "it).",
        "",
        "```text",
        run(["--help"], env={"COLUMNS": "100"}).output.rstrip(),
        "```",
    ]
    for name in sorted(cli.commands):
        parts += [
            "",
            f"## tokscope {name}",
            "",
            "```text",
            run([name, "--help"], env={"COLUMNS": "100"}).output.rstrip(),
            "```",
        ]
    return "\n".join(parts) + "\n"


def test_cli_reference_is_current() -> None:
    expected = cli_reference()
    if os.environ.get("TOKSCOPE_UPDATE_SNAPSHOTS") == "1":
        CLI_DOC.write_text(expected, encoding="utf-8")
    assert CLI_DOC.exists(), (
        "docs/cli.md is missing: TOKSCOPE_UPDATE_SNAPSHOTS=1 pytest tests/test_docs.py writes it"
    )
    assert CLI_DOC.read_text(encoding="utf-8") == expected


def test_readme_names_every_command_and_doc() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert isinstance(cli, click.Group)
    for name in cli.commands:
        assert f"tokscope {name}" in readme, name
    for doc in sorted((ROOT / "docs").glob("*.md")):
        assert f"docs/{doc.name}" in readme, doc.name
