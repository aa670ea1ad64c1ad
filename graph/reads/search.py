"""Finding enterprises by name (a Chinese substring, or English, any case) or by id, for the
map's search box: the exact id first, then names that start with the text, then the rest."""

from __future__ import annotations

from typing import Any

from graph.reads.chains import get_chain
from graph.store.base import GraphStore

__all__ = ["search_enterprises"]

#: Rows fetched before ranking: enough that the best `limit` of them are the best overall for
#: any query a person types (the store orders by name length, shortest first).
_FETCH = 500


def search_enterprises(
    store: GraphStore, chain: str, text: str, *, limit: int = 20
) -> list[dict[str, Any]]:
    """Enterprises of `chain` whose id is `text` or whose name contains it.

    Examples
    --------
    A search for ``宇捷`` on the Linqing chain answers ``[{"id": "yujie-bearing",
    "name": "山东省宇捷轴承制造有限公司", …}]``.
    """
    get_chain(store, chain)
    text = text.strip()
    if not text:
        return []
    rows = store.read("enterprises/search", {"chain": chain, "q": text, "limit": _FETCH})

    def rank(row: dict[str, Any]) -> tuple[int, int, int, str]:
        name = row["name"] or ""
        return (row["id"] != text, not name.startswith(text), len(name), row["id"])

    return [{**row, "links": list(row["links"] or [])} for row in sorted(rows, key=rank)[:limit]]
