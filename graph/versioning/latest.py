"""Each chain's latest version id, as every cached read asks it: from memory when nothing can
have written since, else one small query."""

from __future__ import annotations

import threading

from graph.store.base import GraphStore
from graph.versioning.versions import latest_version_id

__all__ = ["LatestVersions"]


class LatestVersions:
    """The latest version id of each chain.

    On a store whose every write goes through this process's adapter (`sole_writer`: the
    embedded store, whose data directory one process owns) an id stays right until the
    adapter's write count moves, so it is kept; on a shared Neo4j another process may write at
    any moment, so every call asks the store (reads follow each other's writes at once)."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._kept: dict[str, str | None] = {}
        self._writes = -1

    def peek(self, chain: str) -> str | None:
        """The kept id, without asking the store; None when none is kept."""
        if not self._store.sole_writer:
            return None
        writes = self._store.writes
        with self._lock:
            return self._kept.get(chain) if writes == self._writes else None

    def get(self, chain: str) -> str | None:
        if not self._store.sole_writer:
            return latest_version_id(self._store, chain)
        writes = self._store.writes
        with self._lock:
            if writes != self._writes:
                self._kept.clear()
                self._writes = writes
            elif chain in self._kept:
                return self._kept[chain]
        # Asked after reading the write count: a write that lands meanwhile moves the count,
        # so the next call asks again rather than keep what this one found.
        version = latest_version_id(self._store, chain)
        with self._lock:
            if self._writes == writes:
                self._kept[chain] = version
        return version
