"""One way to compare chain packages: the records of each list in a fixed order.

An export orders records its own way (by id), so two packages holding the same records are
the same package. Inside a record, order is data (an enterprise's first link places it on
the map, milestones run in order), so lists inside records are compared as they are.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from graph.package.models import ChainPackage

__all__ = ["canonical", "canonical_hash"]


def _text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def canonical(package: ChainPackage | dict[str, Any]) -> dict[str, Any]:
    """A package (model, or JSON document as sent or exported) as comparable data: each
    top-level list of records sorted by the records' JSON text. The input is not changed."""
    data = (
        package.model_dump(mode="json", by_alias=True, exclude_none=True)
        if isinstance(package, ChainPackage)
        else package
    )
    return {k: sorted(v, key=_text) if isinstance(v, list) else v for k, v in data.items()}


def canonical_hash(package: ChainPackage | dict[str, Any]) -> str:
    """A hash of `canonical(package)`: equal for equal packages, across processes."""
    return hashlib.sha256(_text(canonical(package)).encode()).hexdigest()
