"""Export a chain from a store as a chain package (the inverse of graph.versioning.importer)."""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel

from graph.package.models import (
    Achievement,
    ChainPackage,
    Enterprise,
    Event,
    Institution,
    Link,
    LinkFlow,
    Problem,
    Project,
    Segment,
    Supply,
)
from graph.package.records import from_props
from graph.reads.chains import read_chain
from graph.store.base import GraphStore

__all__ = ["export_package"]


def export_package(store: GraphStore, chain: str) -> ChainPackage:
    """The whole chain as a package; achievements unfiltered (callers apply sharing rules)."""
    scope = {"chain": chain}
    head, indicators = read_chain(store, chain)

    supplies = [
        from_props(Supply, r["props"], supplier=r["supplier"], customer=r["customer"])
        for r in store.read("export/supplies", scope)
    ]
    flows = [
        from_props(LinkFlow, r["props"] or {}, **{"from": r["from"], "to": r["to"]})
        for r in store.read("export/feeds", scope)
    ]
    grouped: dict[str, list] = defaultdict(list)
    # Query names spelled out, so that a search for a query finds its caller.
    records: list[tuple[str, type[BaseModel], str]] = [
        ("segments", Segment, "export/segments"),
        ("links", Link, "export/links"),
        ("enterprises", Enterprise, "export/enterprises"),
        ("institutions", Institution, "export/institutions"),
        ("problems", Problem, "export/problems"),
        ("projects", Project, "export/projects"),
        # Every achievement in id order: the library's list is that query already.
        ("achievements", Achievement, "achievements/list"),
        ("events", Event, "export/events"),
    ]
    for name, model, query_name in records:
        grouped[name] = [from_props(model, r["props"]) for r in store.read(query_name, scope)]
    return ChainPackage(
        chain=head,
        link_flows=flows,
        supplies=supplies,
        indicators=indicators,
        **grouped,
    )
