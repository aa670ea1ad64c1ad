"""The monitoring events of a chain (guide §5.3.7): anyone may read them; writes need an editor
key, make a version each and accept `If-Match` with the ETag of the last read."""

from fastapi import APIRouter, HTTPException, Response

from app.deps import EditorDep, IfMatchDep, RecordId, StoreDep
from app.records import tagged
from app.routes.versions import VersionCreated
from graph.libraries.events import create_event, delete_event, get_event, list_events, replace_event
from graph.package.models import Dimension, Event
from graph.versioning.importer import ImportResult

router = APIRouter(prefix="/api/v1/chains", tags=["events"])


def _created(chain: str, result: ImportResult) -> VersionCreated:
    return VersionCreated(chain=chain, version=result.version, changes=result.diff.counts())


@router.get("/{chain}/events", response_model=list[Event])
def read_events(
    chain: str,
    store: StoreDep,
    dimension: Dimension | None = None,
    ref: str | None = None,
    triggers_update: bool | None = None,
) -> list[Event]:
    """Monitoring events of the chain (§5.3.7), newest first, by dimension or referenced id."""
    return list_events(store, chain, dimension=dimension, ref=ref, triggers_update=triggers_update)


@router.get("/{chain}/events/{event_id}", response_model=Event)
def read_event(chain: str, event_id: str, store: StoreDep, response: Response) -> Event:
    """One monitoring event; the ETag header tags this version of it."""
    stored = get_event(store, chain, event_id)
    tagged(response, stored)
    return stored.record


@router.post("/{chain}/events", response_model=VersionCreated, status_code=201)
def create_chain_event(
    chain: str, event: Event, store: StoreDep, principal: EditorDep
) -> VersionCreated:
    """Record a monitoring event (a new version); its refs must name ids of the chain."""
    return _created(chain, create_event(store, chain, event, principal=principal))


@router.put("/{chain}/events/{event_id}", response_model=VersionCreated)
def update_chain_event(
    chain: str,
    event_id: RecordId,
    event: Event,
    store: StoreDep,
    principal: EditorDep,
    if_match: IfMatchDep = None,
) -> VersionCreated:
    """Replace a monitoring event (a new version)."""
    if event.id != event_id:
        raise HTTPException(422, f"the body's id {event.id!r} is not {event_id!r}")
    result = replace_event(store, chain, event, principal=principal, if_match=if_match)
    return _created(chain, result)


@router.delete("/{chain}/events/{event_id}", response_model=VersionCreated)
def delete_chain_event(
    chain: str, event_id: str, store: StoreDep, principal: EditorDep, if_match: IfMatchDep = None
) -> VersionCreated:
    """Delete a monitoring event (a new version; older versions keep it)."""
    result = delete_event(store, chain, event_id, principal=principal, if_match=if_match)
    return _created(chain, result)
