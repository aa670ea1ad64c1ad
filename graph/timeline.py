"""A chain's timeline: its monitoring events and its versions in one sequence, for the map."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from graph.events import list_events
from graph.store.base import GraphStore
from graph.versions import list_versions

__all__ = ["TimelineItem", "timeline"]


class TimelineItem(BaseModel):
    kind: Literal["event", "version"]
    id: str
    date: str
    title: str
    dimension: str | None = None
    refs: list[str] = []
    triggers_update: bool | None = None
    author: str | None = None
    changes: dict[str, dict[str, int]] = {}


def timeline(
    store: GraphStore,
    chain: str,
    *,
    start: str | None = None,
    end: str | None = None,
    dimension: str | None = None,
    kind: str | None = None,
) -> list[TimelineItem]:
    """Events (dated as reported, e.g. `2024-04`) and versions (dated when made), oldest
    first; `start` and `end` bound the date by prefix comparison (`2024` covers the year)."""
    items = [
        TimelineItem(
            kind="event",
            id=e.id,
            date=e.date,
            title=e.title,
            dimension=e.dimension,
            refs=e.refs,
            triggers_update=e.triggers_update,
        )
        for e in list_events(store, chain, dimension=dimension)
    ]
    if dimension is None:
        items += [
            TimelineItem(
                kind="version",
                id=v.id,
                date=v.created_at,
                title=v.summary or v.id,
                author=v.author,
                changes=v.changes,
            )
            for v in list_versions(store, chain)
        ]
    return sorted(
        (
            i
            for i in items
            if (kind is None or i.kind == kind)
            and (start is None or i.date[: len(start)] >= start)
            and (end is None or i.date[: len(end)] <= end)
        ),
        key=lambda i: (i.date, i.kind, i.id),
    )
