"""The query catalogue conforms on both stores: every file plans on each, none scans every node
where an index could answer, the two schema folders index the same properties, and every file
is one the code actually sends to both stores."""

from __future__ import annotations

import re
from typing import Any

import pytest

from graph.store.base import GraphStore
from graph.store.queries import query, query_names
from tests.catalogue_use import RAN

QUERIES = [name for name in query_names() if not name.startswith("schema/")]
# Label scans that are the right plan: lists over every chain or key, and the admin's audit log
# with its optional filters.
LABEL_SCANS_ALLOWED = {"audit/count", "audit/page", "chains/list", "keys/list"}
INDEXED = re.compile(r"FOR \(n:(\w+)\) (?:ON \(([^)]*)\)|REQUIRE \(?([^)]*?)\)? IS UNIQUE)")


def _operators(plan: dict[str, Any]) -> list[str]:
    found = [str(plan["operatorType"]).split("@")[0]]
    for child in plan.get("children", []):
        found.extend(_operators(child))
    return found


def _placeholder(name: str) -> Any:
    return 1 if name in ("limit", "offset", "skip") else None


@pytest.mark.parametrize("name", QUERIES)
def test_every_query_plans_without_scanning_every_node(store: GraphStore, name: str) -> None:
    text = query(name)
    if store.kind == "neo4j":
        _, summary, _ = store._driver.execute_query("EXPLAIN " + text)  # type: ignore[attr-defined]
        operators = _operators(summary.plan)
        assert "AllNodesScan" not in operators, (name, operators)
        if name not in LABEL_SCANS_ALLOWED:
            assert "NodeByLabelScan" not in operators, (name, operators)
    else:
        params = {p: _placeholder(p) for p in re.findall(r"\$(\w+)", text)}
        header = "CYPHER " + " ".join(
            f"{k}={v if v is not None else 'null'}" for k, v in params.items()
        )
        plan = store._connected()[1].explain((header + " " if params else "") + text)  # type: ignore[attr-defined]
        assert "All Node Scan" not in str(plan), (name, str(plan))


def _indexed(backend: str) -> set[tuple[str, str]]:
    pairs = set()
    for name in query_names():
        if name.startswith(f"schema/{backend}/"):
            match = INDEXED.search(query(name))
            assert match, name
            label, *props = match.groups()
            for prop in ",".join(p for p in props if p).split(","):
                pairs.add((label, prop.strip().removeprefix("n.")))
    return pairs


def test_both_schema_folders_index_the_same_properties() -> None:
    assert _indexed("falkordb") == _indexed("neo4j")


def test_no_two_catalogue_files_hold_the_same_query() -> None:
    """A copy would drift from its original; two callers of one query share one file."""
    by_text: dict[str, list[str]] = {}
    for name in query_names():
        by_text.setdefault(query(name), []).append(name)
    copies = [names for names in by_text.values() if len(names) > 1]
    assert not copies, f"the same text in several files: {copies}"


def test_no_catalogue_query_is_unused_by_the_code_or_left_to_one_store() -> None:
    """Runs last, over what the whole suite sent (tests/catalogue_use.py)."""
    for kind in ("falkordb", "neo4j"):
        unused = sorted(set(QUERIES) - RAN[kind])
        assert not unused, f"never sent to {kind}: {unused}"
