"""What every benchmark reports alongside its figures."""

from __future__ import annotations

import os
import platform


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
