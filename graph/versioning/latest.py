"""Each chain's latest version id, as every cached read asks it: from memory when nothing can
have written since, else one small query shared by the requests that wait for it."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from graph.store.base import GraphStore
from graph.versioning.versions import latest_version_id

__all__ = ["LatestVersions"]


@dataclass
class _Asking:
    """The queries of one chain's latest version on a shared store: how many have started,
    the number and answer of the last one done, and whether one is running."""

    started: int = 0
    done: int = 0
    answer: str | None = None
    running: bool = False


class LatestVersions:
    """The latest version id of each chain.

    On a store whose every write goes through this process's adapter (`sole_writer`: the
    embedded store, whose data directory one process owns) an id stays right until the
    adapter's write count moves, so it is kept. On a shared Neo4j another process may write at
    any moment, so every call needs an answer from a query that started after the call did;
    concurrent calls share one: a call waits for the query after the one running when it came
    (hundreds of cached reads a second then cost a query each only when they come one by one).
    """

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._kept: dict[str, str | None] = {}
        self._writes = -1
        self._answered = threading.Condition()
        self._asking: dict[str, _Asking] = {}

    def peek(self, chain: str) -> str | None:
        """The kept id, without asking the store; None when none is kept."""
        if not self._store.sole_writer:
            return None
        writes = self._store.writes
        with self._lock:
            return self._kept.get(chain) if writes == self._writes else None

    def get(self, chain: str) -> str | None:
        if not self._store.sole_writer:
            return self._ask_shared(chain)
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

    def _ask_shared(self, chain: str) -> str | None:
        with self._answered:
            asking = self._asking.setdefault(chain, _Asking())
            needed = asking.started + 1  # the first query to start after this call came
            while asking.done < needed:
                if not asking.running:
                    asking.running = True
                    asking.started += 1
                    mine = asking.started
                    break
                self._answered.wait()
            else:
                return asking.answer
        try:
            version = latest_version_id(self._store, chain)
        except BaseException:
            with self._answered:
                asking.running = False
                self._answered.notify_all()  # a waiter starts the next query
            raise
        with self._answered:
            asking.running, asking.done, asking.answer = False, mine, version
            self._answered.notify_all()
        return version
