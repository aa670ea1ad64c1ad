"""Staleness of a chain's links (guide §5.3.7: an update cycle and trigger conditions).

A link's data is as of the last version that changed anything about it: the link itself, its flows,
its enterprises, the supplies in it, the institutions serving it, its problems (or a person's
review, graph.versioning.edits.review_link). A link is stale when that is older than the chain's
update cycle, or when an event that triggers an update and refers to it (directly, or through an
enterprise, problem or institution of the link) was recorded in a later version.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel

from graph.package.models import Event
from graph.package.records import from_props
from graph.reads.chains import get_chain
from graph.store.base import GraphStore
from graph.versioning.versions import list_versions

__all__ = ["LinkStaleness", "ChainStaleness", "chain_staleness"]


class LinkStaleness(BaseModel):
    link: str
    name: str
    data_version: str | None
    data_as_of: str | None
    age_days: float | None
    stale: bool
    reasons: list[str]
    trigger_events: list[str]


class ChainStaleness(BaseModel):
    chain: str
    update_cycle_days: int
    latest_version: str | None
    checked_at: str
    stale_links: int
    links: list[LinkStaleness]


def _links_of_refs(store: GraphStore, chain: str, refs: list[str]) -> dict[str, set[str]]:
    """Each referenced id mapped to the links it stands for."""
    out: dict[str, set[str]] = {}
    for row in store.read("staleness/refs", {"chain": chain, "refs": refs}):
        links = out.setdefault(row["id"], set())
        if row["label"] == "Link":
            links.add(row["id"])
        links.update(row["links"] or [])
        links.update(row["serves"] or [])
        if row["link"]:
            links.add(row["link"])
    return out


def chain_staleness(store: GraphStore, chain: str, now: datetime | None = None) -> ChainStaleness:
    """Every link of the chain with the version its data is as of and whether it is stale."""
    now = now or datetime.now(UTC)
    cycle = get_chain(store, chain).update_cycle_days
    versions = list_versions(store, chain)
    link_version = {}
    event_seq: dict[str, int] = {}
    for v in versions:  # oldest first: later versions overwrite
        for link in v.touched_links:
            link_version[link] = v
        for event in v.touched_events:
            event_seq[event] = v.seq
    events = [from_props(Event, r["props"]) for r in store.read("export/events", {"chain": chain})]
    triggers = [e for e in events if e.triggers_update]
    refs = _links_of_refs(store, chain, sorted({r for e in triggers for r in e.refs}))
    links = store.read("staleness/links", {"chain": chain})
    out = []
    for row in links:
        version = link_version.get(row["id"], versions[0] if versions else None)
        reasons, named = [], []
        age = None
        if version is not None:
            moment = datetime.fromisoformat(version.created_at)
            age = round((now - moment).total_seconds() / 86400, 1)
            if age > cycle:
                reasons.append(f"data is {age:g} days old, over the update cycle of {cycle} days")
            for e in triggers:
                linked = set().union(*(refs.get(r, set()) for r in e.refs)) if e.refs else set()
                if row["id"] in linked and event_seq.get(e.id, 0) > version.seq:
                    named.append(e.id)
                    reasons.append(f"event {e.id} ({e.dimension}) calls for an update")
        out.append(
            LinkStaleness(
                link=row["id"],
                name=row["name"],
                data_version=version.id if version else None,
                data_as_of=version.created_at if version else None,
                age_days=age,
                stale=bool(reasons),
                reasons=reasons,
                trigger_events=named,
            )
        )
    return ChainStaleness(
        chain=chain,
        update_cycle_days=cycle,
        latest_version=versions[-1].id if versions else None,
        checked_at=now.isoformat(timespec="seconds"),
        stale_links=sum(x.stale for x in out),
        links=out,
    )
