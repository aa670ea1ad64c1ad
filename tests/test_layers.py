"""The layout keeps the design: each layer imports only layers below it, no module imports
itself round a cycle, and no module outgrows a reader (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first. A module may import its own layer and the ones before it.
LAYERS = [
    "graph.errors",
    "graph.collector",
    "graph.package",
    "graph.store",
    "graph.access",
    "graph.reads",
    "graph.versioning",
    "graph.libraries",
    "graph.analytics",
    "graph.views",
    "graph.reports",
    "viz",
    "app",
]
MAX_LINES = 500


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> dict[str, Path]:
    return {
        _module(p): p for top in ("graph", "viz", "app") for p in sorted((ROOT / top).rglob("*.py"))
    }


def _imports(path: Path) -> set[str]:
    """The project modules a file imports, at any depth of the file (lazy imports count)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m.split(".")[0] in {"graph", "viz", "app"}}


def _layer(module: str) -> int:
    for rank, prefix in reversed(list(enumerate(LAYERS))):
        if module == prefix or module.startswith(prefix + "."):
            return rank
    raise AssertionError(f"{module} belongs to no layer; add its package to LAYERS")


def test_every_module_belongs_to_a_layer() -> None:
    for module in _sources():
        if module != "graph":
            _layer(module)


def test_no_import_runs_up_a_layer() -> None:
    upward = [
        f"{module} imports {target}"
        for module, path in _sources().items()
        if module != "graph"
        for target in sorted(_imports(path))
        if _layer(target) > _layer(module)
    ]
    assert upward == []


def test_no_import_cycle() -> None:
    sources = _sources()
    graph = nx.DiGraph()
    for module, path in sources.items():
        for target in _imports(path):
            # `from graph.analytics import x` imports the package; `graph.store.queries` a module.
            graph.add_edge(module, target)
    cycles = [c for c in nx.simple_cycles(graph) if len(c) > 1]
    assert cycles == []


@pytest.mark.parametrize("top", ["graph", "viz", "app", "bench"])
def test_no_module_over_the_limit(top: str) -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in (ROOT / top).rglob("*.py")
        if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}
