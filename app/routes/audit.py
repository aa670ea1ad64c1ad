from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException

from app.deps import Offset, PageLimit, StoreDep, require
from graph.access.audit import AuditPage, list_entries
from graph.access.principal import Principal
from graph.versioning.versions import parse_time

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


@router.get("", response_model=AuditPage)
def read_audit(
    store: StoreDep,
    _: Annotated[Principal, Depends(require("admin"))],
    chain: str | None = None,
    key_id: str | None = None,
    action: str | None = None,
    since: str | None = None,
    limit: PageLimit = 100,
    offset: Offset = 0,
) -> AuditPage:
    """Every write, newest first: key id, time, action, target and what changed (admins)."""
    if since is not None and parse_time(since) is None:
        raise HTTPException(422, f"since={since!r} is not an ISO 8601 time")
    return list_entries(
        store, chain=chain, key_id=key_id, action=action, since=since, limit=limit, offset=offset
    )
