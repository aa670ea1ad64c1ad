"""The audit log: every write records who (key id and role), when, what and a summary.

Entries are `AuditEntry` nodes. `entry_statement` gives the statement so a write can put its
entry in the same atomic unit as the change itself; `record` writes one entry on its own.
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from graph.access.principal import Principal
from graph.store.base import GraphStore, Statement

__all__ = ["AuditEntry", "AuditPage", "entry_statement", "record", "list_entries"]


class AuditEntry(BaseModel):
    id: str
    at: str
    key_id: str | None = None
    role: str | None = None
    action: str
    target: str
    chain: str | None = None
    summary: str
    details: dict[str, Any] | None = None


class AuditPage(BaseModel):
    items: list[AuditEntry]
    total: int
    limit: int
    offset: int


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def entry_statement(
    principal: Principal,
    action: str,
    target: str,
    summary: str,
    *,
    chain: str | None = None,
    details: dict[str, Any] | None = None,
) -> Statement:
    """The statement that records one entry; add it to a write's atomic unit."""
    at = _now()
    return (
        "audit/create",
        {
            "id": f"{at[:19].replace(':', '').replace('-', '')}-{secrets.token_hex(6)}",
            "props": {
                "at": at,
                "key_id": principal.key_id,
                "role": principal.role,
                "action": action,
                "target": target,
                "chain": chain,
                "summary": summary[:2000],
                "details": json.dumps(details, ensure_ascii=False, sort_keys=True)
                if details
                else None,
            },
        },
    )


def record(
    store: GraphStore,
    principal: Principal,
    action: str,
    target: str,
    summary: str,
    *,
    chain: str | None = None,
    details: dict[str, Any] | None = None,
) -> str:
    """Write one audit entry on its own and return its id.

    `action` is a dotted verb (`problem.update`), `target` what it acted on (`chain/problem-id`).
    """
    name, params = entry_statement(principal, action, target, summary, chain=chain, details=details)
    store.write(name, params)
    return str(params["id"])


def list_entries(
    store: GraphStore,
    *,
    chain: str | None = None,
    key_id: str | None = None,
    action: str | None = None,
    since: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> AuditPage:
    """Entries newest first, filtered; `since` is an ISO time (entries at or after it)."""
    filters = {"chain": chain, "key_id": key_id, "action": action, "since": _utc(since)}
    total = int(store.read("audit/count", filters)[0]["total"])
    rows = store.read("audit/page", {**filters, "limit": limit, "offset": offset})
    items = [
        AuditEntry(
            id=row["id"],
            **{
                k: v
                for k, v in row["props"].items()
                if k not in ("id", "details") and v is not None
            },
            details=json.loads(row["props"]["details"]) if row["props"].get("details") else None,
        )
        for row in rows
    ]
    return AuditPage(items=items, total=total, limit=limit, offset=offset)


def _utc(value: str | None) -> str | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC).isoformat(timespec="microseconds")
