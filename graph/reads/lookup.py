"""Existence checks by id: does the store hold this chain, which of these ids does a chain
lack. Writes and routes use them to answer 404 before they change anything."""

from __future__ import annotations

from collections.abc import Iterable

from graph.errors import ChainNotFoundError
from graph.store.base import GraphStore

__all__ = ["missing_ids", "require_chain"]


def require_chain(store: GraphStore, chain: str) -> None:
    """Raise ChainNotFoundError unless the store holds `chain`."""
    if not store.read("chains/get", {"chain": chain}):
        raise ChainNotFoundError(chain)


def missing_ids(store: GraphStore, lookup: str, chain: str, ids: Iterable[str]) -> set[str]:
    """Those of `ids` that `lookup/<lookup>` does not find in the chain."""
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    found = {row["id"] for row in store.read(f"lookup/{lookup}", {"chain": chain, "ids": wanted})}
    return set(wanted) - found
