"""What every benchmark reports alongside its figures."""

from __future__ import annotations

import os
import platform
import statistics
from typing import Any


def machine() -> dict[str, object]:
    """The machine the figures were measured on."""
    return {
        "python": platform.python_version(),
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
    }


def percentile(values: list[float], q: float) -> float:
    """The q-quantile of `values` by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def median_of(runs: list[Any]) -> Any:
    """Runs of one shape (dicts, lists, numbers) as one of that shape: each number the median
    of its runs, anything else as the first run has it."""
    first = runs[0]
    if isinstance(first, bool) or not isinstance(first, int | float | dict | list):
        return first
    if isinstance(first, dict):
        return {key: median_of([run[key] for run in runs]) for key in first}
    if isinstance(first, list):
        return (
            first
            if any(len(run) != len(first) for run in runs)
            else [median_of(list(items)) for items in zip(*runs, strict=True)]
        )
    if any(not isinstance(run, int | float) for run in runs):
        return first
    return statistics.median(runs)
