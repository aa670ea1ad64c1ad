"""A chain's timeline: its monitoring events and its versions in one sequence, for the map.

Pure: `graph.views.chain_views.chain_timeline` reads the events and versions it orders."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel

from graph.package.models import Event
from graph.versioning.versions import VersionInfo

__all__ = ["TimelineItem", "build_timeline"]


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


def build_timeline(
    events: Iterable[Event],
    versions: Iterable[VersionInfo],
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
        for e in events
        if dimension is None or e.dimension == dimension
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
            for v in versions
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
