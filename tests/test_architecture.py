"""The shape of the package: no module over 400 lines, no import cycles, no module reading
another module's private names. Checked on the source with :mod:`ast`, so it cannot drift."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tokscope"
MAX_LINES = 400

LONG_MODULES: dict[str, str] = {}
"""Modules allowed over :data:`MAX_LINES` for now, and why: remove each once it is split."""

PRIVATE_IMPORTS: dict[tuple[str, str], str] = {}
"""``(importing module, imported private name)`` pairs still allowed, and why."""

CYCLES: set[frozenset[str]] = set()
"""Import cycles still allowed (as the set of modules in the cycle)."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def absolute(name: str, node: ast.ImportFrom) -> str:
    """The module an ``ImportFrom`` reads from, relative imports resolved."""
    if not node.level:
        return node.module or ""
    base = name.split(".") if is_package(name) else name.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def module_level_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """Imports run when the module is imported (not inside functions or TYPE_CHECKING)."""
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not is_type_checking(node):
                pending += node.body + node.orelse
        elif isinstance(node, ast.Try):
            pending += node.body + node.orelse + node.finalbody
            for handler in node.handlers:
                pending += handler.body


def targets(name: str, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    """The tokscope modules an import statement loads."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name in MODULES:
                yield alias.name
        return
    source = absolute(name, node)
    for alias in node.names:
        sub = f"{source}.{alias.name}"
        if sub in MODULES:
            yield sub
        elif source in MODULES:
            yield source


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = {t for node in module_level_imports(tree) for t in targets(name, node)}
        graph[name].discard(name)
    return graph


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's components with more than one module (iterative: no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def private_imports() -> Iterator[tuple[str, str]]:
    """``(module, source.name)`` for every import of a private name from another module."""
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                source = absolute(name, node)
                if source == name or not source.startswith("tokscope"):
                    continue
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        yield name, f"{source}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    parts = alias.name.split(".")
                    if parts[0] == "tokscope" and any(p.startswith("_") for p in parts[1:]):
                        yield name, alias.name


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_is_over_the_limit() -> None:
    over = {
        str(p.relative_to(ROOT)): line_count(p)
        for p in MODULES.values()
        if line_count(p) > MAX_LINES
    }
    assert set(over) - set(LONG_MODULES) == set(), over


def test_each_allowed_long_module_is_still_long() -> None:
    """An exception that is no longer needed must be removed from the list (none is left)."""
    short = [p for p in sorted(LONG_MODULES) if line_count(ROOT / p) <= MAX_LINES]
    assert short == [], f"{short} are short now: drop them from LONG_MODULES"


def test_no_import_cycles() -> None:
    cycles = [c for c in strongly_connected(import_graph()) if frozenset(c) not in CYCLES]
    assert cycles == []


def test_no_module_imports_another_modules_private_names() -> None:
    found = sorted(set(private_imports()))
    assert [f for f in found if f not in PRIVATE_IMPORTS] == []
    assert [p for p in PRIVATE_IMPORTS if p not in found] == [], "stale exceptions"


def test_the_checks_can_fail() -> None:
    """The helpers see what they look for (a check that sees nothing passes for nothing)."""
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]
    graph = import_graph()
    assert "tokscope.loading.tokenizer" in graph["tokscope.loading.sources"]
    tree = ast.parse("from tokscope.x import _y, z\nimport tokscope._p\n")
    node = tree.body[0]
    assert isinstance(node, ast.ImportFrom)
    assert [a.name for a in node.names if a.name.startswith("_")] == ["_y"]
