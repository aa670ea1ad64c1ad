"""Raw Cypher on either store, for tests that inspect what the catalogue does not ask."""

from __future__ import annotations

from typing import Any

from graph.store.base import GraphStore


def raw_query(
    store: GraphStore, text: str, params: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The rows of `text` (test-only text, never input) run as given on `store`."""
    if store.kind == "neo4j":
        records, _, _ = store._driver.execute_query(text, params or {})  # type: ignore[attr-defined]
        return [dict(record) for record in records]
    result = store._connected()[1].query(text, params)  # type: ignore[attr-defined]
    columns = [column[1] for column in result.header]
    return [dict(zip(columns, row, strict=True)) for row in result.result_set]
