"""The values a store keeps as given: one check for both adapters.

Neither backend holds every Python value faithfully. FalkorDB reads a query as a C string (a NUL
character would cut it short) and clamps integers beyond 64 bits; Neo4j stores NUL and NaN but
its driver raises on integers beyond 64 bits and on text that is not Unicode. So both refuse
the same values, before anything is sent, with InvalidValueError (a client error, 422): NUL
characters, lone surrogates (JSON escapes such as "\\ud800" decode to Python text that is not
Unicode), integers beyond 64 bits, infinities and NaN.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from graph.errors import InvalidValueError

__all__ = ["check_value", "check_params", "INT64_MIN", "INT64_MAX"]

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def check_value(value: Any) -> None:
    """Raise InvalidValueError when a scalar is not one the stores keep as given."""
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            raise InvalidValueError(f"the number {value} is beyond 64-bit integers")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidValueError(f"the number {value} is not finite")
    elif isinstance(value, str):
        if "\x00" in value:
            raise InvalidValueError("text holds a NUL character (\\x00)")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            bad = exc.object[exc.start : exc.end].encode("unicode_escape").decode()
            raise InvalidValueError(f"text holds {bad}, which is not a Unicode character") from None


def check_params(value: Any) -> None:
    """check_value on every scalar inside parameters (lists and maps, map keys too)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, Mapping):
            for key, inner in item.items():
                check_value(key)
                pending.append(inner)
        elif isinstance(item, list | tuple):
            pending.extend(item)
        else:
            check_value(item)
