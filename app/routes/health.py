"""Liveness: the store answers, and what it holds, for probes that call often."""

from __future__ import annotations

import threading
import time

from fastapi import APIRouter, Request

from app.deps import StoreDep
from app.schemas import Health
from graph.reads.chains import store_counts
from graph.store.base import GraphStore

router = APIRouter(tags=["health"])

# Counting every label takes milliseconds at 100,000 firms, and probes call often; another
# process writing to a shared Neo4j is seen within this many seconds.
COUNTS_MAX_AGE_S = 2.0


class RecentCounts:
    """The store's node counts, counted again once this process wrote or they grew old."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: tuple[int, float, dict[str, int]] | None = None

    def get(self, store: GraphStore) -> dict[str, int]:
        writes = store.writes
        with self._lock:
            kept = self._kept
        if kept and kept[0] == writes and time.monotonic() - kept[1] < COUNTS_MAX_AGE_S:
            return kept[2]
        counted_at, counts = time.monotonic(), store_counts(store)
        with self._lock:
            self._kept = (writes, counted_at, counts)
        return counts


@router.get("/healthz", response_model=Health)
def read_health(store: StoreDep, request: Request) -> Health:
    """Store kind and node counts per label (at most 2 s old, and never older than this
    process's last write); 503 when the store does not answer."""
    store.ping()
    counts: RecentCounts = request.app.state.recent_counts
    return Health(status="ok", store=store.kind, counts=counts.get(store))
