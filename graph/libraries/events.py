"""Monitoring events of a chain (guide §5.3.7): nine dimensions, references to links and
enterprises, and whether an event calls for the map to be updated. Each write is a batch of
edits (graph.versioning.edits), so it makes a new version."""

from __future__ import annotations

from graph.access.principal import Principal
from graph.errors import ChainNotFoundError, ConflictError, RecordNotFoundError
from graph.libraries.records import position
from graph.package.models import ChainPackage, Event
from graph.package.records import from_props
from graph.store.base import GraphStore
from graph.versioning.edits import apply_edit
from graph.versioning.importer import ImportResult

__all__ = ["list_events", "get_event", "create_event", "replace_event", "delete_event"]


def list_events(
    store: GraphStore,
    chain: str,
    *,
    dimension: str | None = None,
    ref: str | None = None,
    triggers_update: bool | None = None,
) -> list[Event]:
    """A chain's events, newest date first, filtered."""
    if not store.read("chains/get", {"chain": chain}):
        raise ChainNotFoundError(chain)
    events = [from_props(Event, r["props"]) for r in store.read("export/events", {"chain": chain})]
    return sorted(
        (
            e
            for e in events
            if (dimension is None or e.dimension == dimension)
            and (ref is None or ref in e.refs)
            and (triggers_update is None or e.triggers_update == triggers_update)
        ),
        key=lambda e: (e.date, e.id),
        reverse=True,
    )


def get_event(store: GraphStore, chain: str, event_id: str) -> Event:
    for event in list_events(store, chain):
        if event.id == event_id:
            return event
    raise RecordNotFoundError(f"no event {event_id!r} in chain {chain!r}")


def create_event(
    store: GraphStore, chain: str, event: Event, *, principal: Principal
) -> ImportResult:
    def edit(package: ChainPackage) -> ChainPackage:
        if position(package.events, event.id) is not None:
            raise ConflictError(f"chain {chain!r} already has an event {event.id!r}")
        package.events.append(event)
        return package

    return apply_edit(
        store,
        chain,
        edit,
        principal=principal,
        action="event.create",
        target=f"{chain}/{event.id}",
        summary=f"event {event.id} ({event.dimension}): {event.title}",
    )


def replace_event(
    store: GraphStore, chain: str, event: Event, *, principal: Principal
) -> ImportResult:
    def edit(package: ChainPackage) -> ChainPackage:
        index = position(package.events, event.id)
        if index is None:
            raise RecordNotFoundError(f"no event {event.id!r} in chain {chain!r}")
        package.events[index] = event
        return package

    return apply_edit(
        store,
        chain,
        edit,
        principal=principal,
        action="event.update",
        target=f"{chain}/{event.id}",
        summary=f"event {event.id} updated: {event.title}",
    )


def delete_event(
    store: GraphStore, chain: str, event_id: str, *, principal: Principal
) -> ImportResult:
    def edit(package: ChainPackage) -> ChainPackage:
        kept = [e for e in package.events if e.id != event_id]
        if len(kept) == len(package.events):
            raise RecordNotFoundError(f"no event {event_id!r} in chain {chain!r}")
        package.events = kept
        return package

    return apply_edit(
        store,
        chain,
        edit,
        principal=principal,
        action="event.delete",
        target=f"{chain}/{event_id}",
        summary=f"event {event_id} deleted",
    )
