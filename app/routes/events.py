from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException

from app.deps import StoreDep, require
from app.routes.versions import VersionCreated
from graph.access.principal import Principal
from graph.libraries.events import create_event, delete_event, get_event, list_events, replace_event
from graph.package.models import Dimension, Event
from graph.versioning.importer import ImportResult

router = APIRouter(prefix="/api/v1/chains", tags=["events"])

EditorDep = Annotated[Principal, Depends(require("editor"))]


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
def read_event(chain: str, event_id: str, store: StoreDep) -> Event:
    """One monitoring event."""
    return get_event(store, chain, event_id)


@router.post("/{chain}/events", response_model=VersionCreated, status_code=201)
def create_chain_event(
    chain: str, event: Event, store: StoreDep, principal: EditorDep
) -> VersionCreated:
    """Record a monitoring event (a new version); its refs must name ids of the chain."""
    return _created(chain, create_event(store, chain, event, principal=principal))


@router.put("/{chain}/events/{event_id}", response_model=VersionCreated)
def update_chain_event(
    chain: str, event_id: str, event: Event, store: StoreDep, principal: EditorDep
) -> VersionCreated:
    """Replace a monitoring event (a new version)."""
    if event.id != event_id:
        raise HTTPException(422, f"the body's id {event.id!r} is not {event_id!r}")
    return _created(chain, replace_event(store, chain, event, principal=principal))


@router.delete("/{chain}/events/{event_id}", response_model=VersionCreated)
def delete_chain_event(
    chain: str, event_id: str, store: StoreDep, principal: EditorDep
) -> VersionCreated:
    """Delete a monitoring event (a new version; older versions keep it)."""
    return _created(chain, delete_event(store, chain, event_id, principal=principal))
