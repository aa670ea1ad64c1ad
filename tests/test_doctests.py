"""The examples in the docstrings of `graph/` run and hold, module by module."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

import pytest

import graph


def _modules() -> list[ModuleType]:
    found = [graph]
    for info in pkgutil.walk_packages(graph.__path__, "graph."):
        found.append(importlib.import_module(info.name))
    return found


def _examples(module: ModuleType) -> int:
    return sum(len(test.examples) for test in doctest.DocTestFinder().find(module))


WITH_EXAMPLES = [m.__name__ for m in _modules() if _examples(m)]


def test_every_module_that_shows_an_example_is_collected() -> None:
    """A `>>>` the finder cannot see (in a comment, a nested function) would never run."""
    shown = {m.__name__ for m in _modules() if ">>> " in Path(str(m.__file__)).read_text("utf-8")}
    assert shown, "no module in graph/ has examples: is the package importable?"
    assert shown <= set(WITH_EXAMPLES), sorted(shown - set(WITH_EXAMPLES))


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples_run(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
