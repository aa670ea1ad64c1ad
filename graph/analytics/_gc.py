"""Pausing the cyclic garbage collector around allocation-heavy analytics."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collection_paused"]


@contextmanager
def collection_paused(collect_after: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block.

    The analytics make up to millions of small acyclic containers (edge dicts, counters).
    Each batch of them can set off a full collection, which traverses every container of a
    large graph (about a second per million edges) without freeing anything. Pausing is
    process-wide; the previous state is restored on exit, even on error.

    Parameters
    ----------
    collect_after : bool
        Run one full collection on exit, so the containers just made move to the oldest
        generation at once instead of being traversed again as they age there.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            if collect_after:
                gc.collect()
