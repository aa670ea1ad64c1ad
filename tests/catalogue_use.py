"""Which catalogue queries the test run sent to each store.

Both adapters look a query up by name (`graph.store.queries.query`) for every statement they send;
the run records those names per store. The conformance test USE_TEST runs last and fails for
a file that no code sent to a store: a query the code does not use, or one that only one store
ran. It needs the whole suite, so it is deselected when only part of it runs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

import graph.store.falkordb_store
import graph.store.neo4j_store

USE_TEST = (
    "tests/test_catalogue.py::test_no_catalogue_query_is_unused_by_the_code_or_left_to_one_store"
)
RAN: defaultdict[str, set[str]] = defaultdict(set)


def _recording(kind: str, lookup: Callable[[str], str]) -> Callable[[str], str]:
    def query(name: str) -> str:
        RAN[kind].add(name)
        return lookup(name)

    return query


def record_queries() -> None:
    for module, kind in (
        (graph.store.falkordb_store, "falkordb"),
        (graph.store.neo4j_store, "neo4j"),
    ):
        if not hasattr(module.query, "__wrapped_kind__"):
            recording = _recording(kind, module.query)
            recording.__wrapped_kind__ = kind  # type: ignore[attr-defined]
            module.query = recording  # type: ignore[assignment]


def _whole_suite(config: pytest.Config) -> bool:
    root = Path(str(config.rootpath))
    args = {str((root / a).resolve()) if not Path(a).is_absolute() else a for a in config.args}
    return (
        args == {str(root / "tests")}
        and not config.option.keyword
        and config.option.markexpr in ("", "not slow")
        and not config.option.deselect
    )


def run_last_or_deselect(config: pytest.Config, items: list[pytest.Item]) -> None:
    found = [item for item in items if item.nodeid == USE_TEST]
    if not found:
        return
    items.remove(found[0])
    if _whole_suite(config):
        items.append(found[0])
    else:
        config.hook.pytest_deselected(items=found)
