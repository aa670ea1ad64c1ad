"""Monitoring events of a chain (guide §5.3.7): nine dimensions, references to links and
enterprises, and whether an event calls for the map to be updated. Each write is an edit of the
chain package through the record library (graph.libraries.records), so it makes a new version;
reads carry an ETag and writes accept `If-Match` like every other library."""

from __future__ import annotations

from graph.access.principal import Principal
from graph.libraries.records import Library, Stored, Writer
from graph.package.models import Event
from graph.package.records import from_props
from graph.reads.lookup import require_chain
from graph.store.base import GraphStore
from graph.versioning.importer import ImportResult

__all__ = ["list_events", "get_event", "create_event", "replace_event", "delete_event"]

EVENTS = Library("event", "events", Event, "events")


def list_events(
    store: GraphStore,
    chain: str,
    *,
    dimension: str | None = None,
    ref: str | None = None,
    triggers_update: bool | None = None,
) -> list[Event]:
    """A chain's events, newest date first, filtered."""
    require_chain(store, chain)
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


def get_event(store: GraphStore, chain: str, event_id: str) -> Stored[Event]:
    return EVENTS.get(store, chain, event_id)


def create_event(
    store: GraphStore, chain: str, event: Event, *, principal: Principal
) -> ImportResult:
    summary = f"event {event.id} ({event.dimension}): {event.title}"
    return EVENTS.create(Writer(store, chain, principal), event, summary)


def replace_event(
    store: GraphStore,
    chain: str,
    event: Event,
    *,
    principal: Principal,
    if_match: str | None = None,
) -> ImportResult:
    return EVENTS.change(
        Writer(store, chain, principal),
        event.id,
        lambda _: event,
        if_match=if_match,
        action="update",
        summary=f"event {event.id} updated: {event.title}",
    )


def delete_event(
    store: GraphStore,
    chain: str,
    event_id: str,
    *,
    principal: Principal,
    if_match: str | None = None,
) -> ImportResult:
    _, result = EVENTS.delete(Writer(store, chain, principal), event_id, if_match=if_match)
    return result
