"""Waiting on a condition with a deadline, instead of sleeping a fixed time and hoping."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(predicate: Callable[[], T], timeout: float, *, interval: float = 0.05) -> T | None:
    """Call `predicate` until it returns something true, for at most `timeout` seconds.

    Returns that value, or None when the deadline passed first; callers assert on it (or on
    what they read next) with their own message. `predicate` runs at least once, and once
    more at the deadline, so a slow first call still gets a last look.
    """
    deadline = time.monotonic() + timeout
    while True:
        found = predicate()
        if found:
            return found
        if time.monotonic() >= deadline:
            return None
        time.sleep(min(interval, max(0.0, deadline - time.monotonic())))
