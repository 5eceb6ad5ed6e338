"""Inputs a designer can trust: folders skipped by default and files a ``.gitignore`` matches are
counted (``excluded-folder``, ``ignored``), ``--no-default-excludes`` and ``--no-ignore`` bring
them back, and files named on the command line are always read."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tokscope.cli import cli
from tokscope.corpus.walk import REASONS, CorpusOptions, Skipped, iter_files

LINE = "x = 1\n"


def write(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(LINE, encoding="utf-8")


def checkout(root: Path) -> Path:
    """A git checkout (a ``.git`` folder is all the walker looks for) with nested ``.gitignore``
    files: negation, an anchored pattern, a folder pattern, and a negation that cannot bring a
    file back from an ignored folder."""
    (root / ".git").mkdir(parents=True)
    write(
        root,
        "main.py",
        "top.py",
        "debug.log",
        "keep.log",
        "out/gen.py",
        "out/keep.py",
        "sub/top.py",
        "sub/secret.py",
        "sub/notes.log",
        "sub/deep/secret.py",
        "sub/deep/out",  # a file: "out/" matches folders only
        "pkg/build/mod.py",
        "pkg/dist/bundle.js",
        "pkg/node_modules/dep.js",
        "pkg/env/lib.py",
    )
    (root / "pkg" / "env" / "pyvenv.cfg").write_text("home = /usr\n")
    (root / ".gitignore").write_text("*.log\n!keep.log\n/top.py\nout/\n!out/keep.py\n")
    (root / "sub" / ".gitignore").write_text("secret.py\n!notes.log\n")
    return root


def found(root: Path, **options: Any) -> set[str]:
    """The files the walk reads, relative to ``root``."""
    items = iter_files([str(root)], CorpusOptions(**options))
    return {Path(i).relative_to(root).as_posix() for i in items if not isinstance(i, Skipped)}


def skipped(root: Path, **options: Any) -> dict[str, str]:
    items = iter_files([str(root)], CorpusOptions(**options))
    return {
        Path(i.name).relative_to(root).as_posix(): i.reason for i in items if isinstance(i, Skipped)
    }


READ_BY_DEFAULT = {
    ".gitignore",
    "main.py",
    "keep.log",
    "sub/.gitignore",
    "sub/top.py",
    "sub/notes.log",
    "sub/deep/out",
}


def test_gitignore_semantics_nested_negation_anchored_folders(tmp_path: Path) -> None:
    root = checkout(tmp_path / "repo")
    assert found(root) == READ_BY_DEFAULT
    assert skipped(root) == {
        "debug.log": "ignored",
        "top.py": "ignored",
        "out": "ignored",
        "sub/secret.py": "ignored",
        "sub/deep/secret.py": "ignored",
        "pkg/build": "excluded-folder",
        "pkg/dist": "excluded-folder",
        "pkg/node_modules": "excluded-folder",
        "pkg/env": "excluded-folder",
    }
    assert {"ignored", "excluded-folder"} <= set(REASONS)


def test_gitignore_applies_only_inside_a_checkout(tmp_path: Path) -> None:
    root = checkout(tmp_path / "repo")
    shutil.rmtree(root / ".git")
    assert "debug.log" in found(root)
    assert "ignored" not in skipped(root).values()


def test_rules_above_the_walked_folder_apply(tmp_path: Path) -> None:
    root = checkout(tmp_path / "repo")
    assert found(root / "sub") == {".gitignore", "top.py", "notes.log", "deep/out"}
    (root / ".git" / "info").mkdir()
    (root / ".git" / "info" / "exclude").write_text("main.py\n")
    assert "main.py" not in found(root)


def test_switches_bring_everything_back(tmp_path: Path) -> None:
    root = checkout(tmp_path / "repo")
    everything = found(root, ignore=False, default_excludes=False)
    assert everything == READ_BY_DEFAULT | {
        "debug.log",
        "top.py",
        "out/gen.py",
        "out/keep.py",
        "sub/secret.py",
        "sub/deep/secret.py",
        "pkg/build/mod.py",
        "pkg/dist/bundle.js",
        "pkg/node_modules/dep.js",
        "pkg/env/lib.py",
        "pkg/env/pyvenv.cfg",
    }
    assert set(skipped(root, ignore=False).values()) == {"excluded-folder"}
    assert set(skipped(root, default_excludes=False).values()) == {"ignored"}
    assert ".git/HEAD" not in everything  # version control stays out, silently


def test_include_naming_a_folder_enters_it(tmp_path: Path) -> None:
    root = checkout(tmp_path / "repo")
    assert found(root, include=("*/dist/*",)) == {"pkg/dist/bundle.js"}
    assert skipped(root, include=("*/dist/*",))["pkg/build"] == "excluded-folder"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_walk_agrees_with_git(tmp_path: Path) -> None:
    root = checkout(tmp_path / "repo")
    shutil.rmtree(root / ".git")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", str(root)], check=True, env=env)
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard"],
        cwd=root,
        check=True,
        env=env,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert found(root, default_excludes=False) == set(listed)


# Through the command line.


def stats(spec: str, *args: str, stdin: str | None = None) -> Result:
    argv = ["stats", *args, "-t", spec, "--reference", spec, "--no-lex", "-j", "1", "-q"]
    return CliRunner().invoke(cli, argv, input=stdin, catch_exceptions=False)


def corpus_json(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, result.stderr
    corpus: dict[str, Any] = json.loads(result.stdout)["corpus"]
    return corpus


def reasons(corpus: dict[str, Any]) -> dict[str, int]:
    return {r: v["count"] for r, v in corpus["skipped"]["reasons"].items()}


def test_cli_counts_ignored_files_and_excluded_folders(tmp_path: Path, spec: str) -> None:
    root = checkout(tmp_path / "repo")
    corpus = corpus_json(stats(spec, str(root), "--json"))
    assert corpus["files"] == len(READ_BY_DEFAULT)
    assert reasons(corpus) == {"excluded-folder": 4, "ignored": 5}
    examples = corpus["skipped"]["reasons"]["excluded-folder"]["examples"]
    assert [Path(e).name for e in examples] == ["build", "dist", "env"]
    shown = stats(spec, str(root), "--width", "100")
    assert shown.exit_code == 0, shown.stderr
    assert "Skipped inputs (9)" in shown.stdout
    assert "ignored (matched by a .gitignore rule; --no-ignore reads it)" in shown.stdout


def test_cli_no_ignore_and_no_default_excludes(tmp_path: Path, spec: str) -> None:
    root = checkout(tmp_path / "repo")
    unignored = corpus_json(stats(spec, str(root), "--no-ignore", "--json"))
    assert reasons(unignored) == {"excluded-folder": 4}
    assert unignored["files"] == len(READ_BY_DEFAULT) + 6
    entered = corpus_json(stats(spec, str(root), "--no-default-excludes", "--json"))
    assert reasons(entered) == {"ignored": 5}
    assert entered["files"] == len(READ_BY_DEFAULT) + 5
    both = corpus_json(stats(spec, str(root), "--no-ignore", "--no-default-excludes", "--json"))
    assert both["skipped"]["total"] == 0
    assert both["files"] == len(READ_BY_DEFAULT) + 11


def test_cli_include_brings_back_a_named_folder(tmp_path: Path, spec: str) -> None:
    root = checkout(tmp_path / "repo")
    corpus = corpus_json(stats(spec, str(root), "--include", "*/build/*", "--json"))
    assert corpus["files"] == 1
    assert reasons(corpus)["excluded-folder"] == 3


def test_cli_named_files_are_always_read(tmp_path: Path, spec: str) -> None:
    root = checkout(tmp_path / "repo")
    named = [str(root / "debug.log"), str(root / "pkg" / "build" / "mod.py")]
    corpus = corpus_json(stats(spec, *named, "--include", "*.go", "--exclude", "*.py", "--json"))
    assert corpus["files"] == 2
    assert corpus["skipped"]["total"] == 0
    piped = corpus_json(stats(spec, "-", "--include", "*.go", "--json", stdin="\n".join(named)))
    assert piped["files"] == 2


def test_the_sample_corpus_holds_only_samples() -> None:
    from tests.samples import CORPORA, SAMPLES
    from tokscope.corpus.walk import language_for

    assert SAMPLES, "corpora/ is empty"
    assert {p.name for p in SAMPLES if language_for(p.name) in ("unknown", "Markdown")} == set()
    assert found(CORPORA) == {p.relative_to(CORPORA).as_posix() for p in SAMPLES}


def test_a_named_ignored_folder_is_walked_with_its_own_rules(tmp_path: Path) -> None:
    root = checkout(tmp_path / "repo")
    (root / "out" / ".gitignore").write_text("gen.py\n")
    write(root, "out/more.log")
    assert found(root / "out") == {".gitignore", "keep.py", "more.log"}
    assert skipped(root / "out") == {"gen.py": "ignored"}
    assert skipped(root)["out"] == "ignored"


def test_a_named_folder_skipped_by_default_is_walked(tmp_path: Path) -> None:
    root = checkout(tmp_path / "repo")
    assert found(root / "pkg" / "build") == {"mod.py"}
    assert found(root / "pkg" / "env") == {"lib.py", "pyvenv.cfg"}
