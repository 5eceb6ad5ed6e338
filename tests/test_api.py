"""The public API works as documented: functions, the README example, doctests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import tokscope

ROOT = Path(__file__).resolve().parents[1]
PUBLIC_FUNCTIONS = ("load", "segment", "describe", "compare")


@pytest.mark.parametrize("order", [PUBLIC_FUNCTIONS, tuple(reversed(PUBLIC_FUNCTIONS))])
def test_public_names_are_functions_in_any_import_order(order: tuple[str, ...]) -> None:
    # A fresh interpreter: a submodule imported first must not shadow the function of its name.
    code = (
        "import inspect, tokscope\n"
        f"for name in {order!r}:\n"
        "    exec(f'from tokscope import {name} as obj')\n"
        "    assert inspect.isfunction(obj), (name, obj)\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_every_name_in_all_resolves() -> None:
    for name in tokscope.__all__:
        value = getattr(tokscope, name)
        assert not isinstance(value, type(tokscope)), f"tokscope.{name} is a module"


def _modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(tokscope.__path__, "tokscope."):
        if ".cli" in info.name or info.name.endswith("pytest_plugin"):
            continue
        names.append(info.name)
    return sorted(names)


def _has_examples(name: str) -> bool:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin is not None
    return ">>>" in Path(spec.origin).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [n for n in _modules() if _has_examples(n)])
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"


@pytest.mark.real
def test_readme_library_example_runs(real: dict[str, object]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## As a library", 1)[1]
    block = re.search(r"```python\n(.*?)```", section, re.S)
    assert block is not None
    namespace: dict[str, object] = {}
    exec(compile(block.group(1), "README.md", "exec"), namespace)
    assert namespace["seg"] is not None
