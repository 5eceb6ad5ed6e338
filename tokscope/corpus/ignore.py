"""``.gitignore`` rules for the walker, with git's semantics (through ``pathspec``).

Rules apply only inside a git checkout: a folder with ``.git`` (a folder, or the file of a
worktree or submodule) at or above the folder being walked, as ripgrep does. Every
``.gitignore`` from the checkout's top down to the walked folder applies, then each one found
while walking applies below its own folder; ``.git/info/exclude`` applies to the whole checkout.
Patterns are relative to the folder of the file that holds them (``/top.py`` is anchored there,
``build/`` matches folders only, ``!keep.py`` re-includes). A deeper file overrides a shallower
one and, within a file, the last matching pattern wins. An ignored folder is not entered, so
(as in git) a negation cannot bring back a file inside an ignored folder. A folder named as an
input is walked even when a ``.gitignore`` above it ignores it, with only the rules inside it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pathspec import GitIgnoreSpec

IGNORE_FILE = ".gitignore"
"""The name of the files whose patterns the walker honours."""


@dataclass(frozen=True)
class IgnoreRules:
    """The ``.gitignore`` patterns that apply in one folder, shallowest first."""

    layers: tuple[tuple[str, GitIgnoreSpec], ...] = ()
    """``(folder, patterns)``: the absolute folder the patterns are relative to, and the
    patterns."""

    def ignores(self, path: str, *, is_dir: bool) -> bool:
        """Whether ``path`` (absolute, as built by the walker) is ignored: the deepest layer with
        a pattern that matches decides."""
        for base, spec in reversed(self.layers):
            if not path.startswith(base + os.sep):
                continue
            relative = path[len(base) + 1 :].replace(os.sep, "/")
            result = spec.check_file(relative + "/" if is_dir else relative)
            if result.include is not None:
                return bool(result.include)
        return False

    def entering(self, folder: str) -> IgnoreRules:
        """The rules below ``folder`` (absolute): these, plus its own ``.gitignore`` if any."""
        spec = _read_spec(os.path.join(folder, IGNORE_FILE))
        if spec is None:
            return self
        return IgnoreRules((*self.layers, (folder, spec)))


def checkout_top(folder: Path) -> Path | None:
    """The top of the git checkout holding ``folder`` (the nearest folder at or above it with a
    ``.git``), or None outside a checkout."""
    start = Path(os.path.abspath(folder))
    for candidate in (start, *start.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return None


def rules_for(folder: Path) -> IgnoreRules | None:
    """The rules that apply inside ``folder``: those of every ``.gitignore`` from the top of its
    checkout down to ``folder`` itself, and ``.git/info/exclude``; None outside a checkout."""
    top = checkout_top(folder)
    if top is None:
        return None
    rules = IgnoreRules()
    exclude = _read_spec(os.path.join(top, ".git", "info", "exclude"))
    if exclude is not None:
        rules = IgnoreRules(((str(top), exclude),))
    start = Path(os.path.abspath(folder))
    chain = [start, *start.parents]
    for step in reversed(chain[: chain.index(top) + 1]):
        if step != top and rules.ignores(str(step), is_dir=True):
            # A folder named as an input is walked even when the rules above it ignore it (or
            # a folder it is in): then only the .gitignore files inside it apply.
            return IgnoreRules().entering(str(start))
        rules = rules.entering(str(step))
    return rules


def _read_spec(path: str) -> GitIgnoreSpec | None:
    """The patterns of one ignore file; None when it is missing, unreadable or has none."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(1 << 20)
    except OSError:
        return None
    lines = data.decode("utf-8", "replace").splitlines()
    spec = GitIgnoreSpec.from_lines(lines)
    return spec if len(spec) else None


__all__ = ["IGNORE_FILE", "IgnoreRules", "checkout_top", "rules_for"]
