"""Delta writes: make the store's chain equal to a package by writing only what a diff names.

The store must hold the version the diff starts from (every write goes through the importer,
which keeps the store equal to the latest snapshot). Then:

1. removed supplies and link flows are deleted by their keys, removed records by id (with every
   relationship they have);
2. the relationships a changed record derives from its fields are deleted (an enterprise's
   IN_LINK, a link's HAS_LINK and HAS_SUBLINK from its segment and parent, a problem's AT,
   RELATED_TO and CONCERNS, a project's ADDRESSES and its LEADS and JOINS, an institution's
   SERVES, an achievement's FROM and SOLVES);
3. added and changed records are merged and their relationships recreated by the importer's own
   statements (graph.versioning.statements) run on a package of just those records.

Written records and relationships carry the new version's token; unchanged ones keep older
tokens, which a later full import (it re-stamps all it holds before sweeping) handles.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graph.package.diff import KINDS, PackageDiff
from graph.package.models import ChainPackage
from graph.store.base import Statement
from graph.versioning.statements import batches, package_statements

__all__ = ["delta_statements", "model_key", "NODE_KINDS"]

# Kinds whose records are nodes keyed by id, in package order.
NODE_KINDS = (
    "segments",
    "links",
    "enterprises",
    "institutions",
    "problems",
    "projects",
    "achievements",
    "events",
)
# Queries that delete the relationships a changed record of a kind derives from its fields.
_UNLINKS = {
    "links": ["delta/unlink_links"],
    "enterprises": ["delta/unlink_enterprises"],
    "institutions": ["delta/unlink_institutions"],
    "problems": ["delta/unlink_problems"],
    "projects": ["delta/unlink_projects", "delta/unlink_project_actors"],
    "achievements": ["delta/unlink_achievements"],
}


def model_key(kind: str, record: Any) -> str:
    """The key graph.package.diff.record_key gives the record's document, from the model."""
    if kind == "supplies":
        return f"{record.supplier}>{record.customer}@{record.link}"
    if kind == "link_flows":
        return f"{record.from_}>{record.to}"
    return str(record.id)


def delta_statements(package: ChainPackage, diff: PackageDiff, token: str) -> Iterator[Statement]:
    """The statements that turn the chain the diff starts from into `package`."""
    chain = package.chain.id
    scope = {"chain": chain}
    written: dict[str, set[str]] = {kind: set() for kind in KINDS}
    changed: dict[str, list[str]] = {kind: [] for kind in KINDS}
    removed: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    for c in diff.changes:
        if c.op == "removed":
            removed[c.kind].append(c.record or {})
        else:
            written[c.kind].add(c.key)
            if c.op == "changed":
                changed[c.kind].append(c.key)

    supplies = [
        {"supplier": r["supplier"], "customer": r["customer"], "link": r["link"]}
        for r in removed["supplies"]
    ]
    yield from batches("delta/delete_supplies", supplies, **scope)
    flows = [{"from": r["from"], "to": r["to"]} for r in removed["link_flows"]]
    yield from batches("delta/delete_feeds", flows, **scope)
    for kind in NODE_KINDS:
        ids = [str(r["id"]) for r in removed[kind]]
        yield from batches(f"delta/delete_{kind}", ids, key="ids", **scope)
    for kind, names in _UNLINKS.items():
        for name in names:
            yield from batches(name, changed[kind], key="ids", **scope)

    fields: dict[str, Any] = {"chain": package.chain, "indicators": package.indicators}
    for kind in NODE_KINDS + ("link_flows", "supplies"):
        keys = written[kind]
        fields[kind] = (
            [r for r in getattr(package, kind) if model_key(kind, r) in keys] if keys else []
        )
    part = ChainPackage.model_construct(**fields)
    yield from package_statements(part, token, sweep=False)
