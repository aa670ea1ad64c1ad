"""Translation between package records and store properties.

Stores keep scalars and lists of scalars; structured fields (quality characteristics, scores,
capabilities, milestones, ip, revenue, status history, progress) are kept as JSON text under the
same name. Bookkeeping properties (`chain`, `seen`) and computed ones (severity, grade) never
reach a package.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["to_props", "from_props", "STRUCTURED_FIELDS", "BOOKKEEPING"]

STRUCTURED_FIELDS = frozenset(
    {
        "quality_characteristics",
        "revenue_10k_cny",
        "capabilities",
        "scores",
        "milestones",
        "ip",
        "history",
        "progress",
    }
)
# match_status: set on an imported enterprise held as a potential match (graph.versioning.matching).
BOOKKEEPING = frozenset({"chain", "seen", "severity", "grade", "match_status"})

M = TypeVar("M", bound=BaseModel)


def to_props(record: BaseModel, *, exclude: set[str] | None = None) -> dict[str, Any]:
    """Store properties of a record; None values are kept so that `SET n += props` clears them."""
    props: dict[str, Any] = {}
    for name, value in record.model_dump(mode="json").items():
        if exclude and name in exclude:
            continue
        if name in STRUCTURED_FIELDS:
            props[name] = None if value in (None, [], {}) else json.dumps(value, ensure_ascii=False)
        else:
            props[name] = value
    return props


def from_props(model: type[M], props: dict[str, Any], **extra: Any) -> M:
    """The record a node's properties describe."""
    data = {k: v for k, v in props.items() if k not in BOOKKEEPING and v is not None}
    for name in STRUCTURED_FIELDS & data.keys():
        if isinstance(data[name], str):
            data[name] = json.loads(data[name])
    data.update(extra)
    return model.model_validate(data)
