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

    def rows(name: str) -> list[dict]:
        return [row["props"] for row in store.read(f"export/{name}", scope)]

    supplies = [
        from_props(Supply, r["props"], supplier=r["supplier"], customer=r["customer"])
        for r in store.read("export/supplies", scope)
    ]
    flows = [
        from_props(LinkFlow, r["props"] or {}, **{"from": r["from"], "to": r["to"]})
        for r in store.read("export/feeds", scope)
    ]
    grouped: dict[str, list] = defaultdict(list)
    records: list[tuple[str, type[BaseModel]]] = [
        ("segments", Segment),
        ("links", Link),
        ("enterprises", Enterprise),
        ("institutions", Institution),
        ("problems", Problem),
        ("projects", Project),
        ("achievements", Achievement),
        ("events", Event),
    ]
    for name, model in records:
        grouped[name] = [from_props(model, r) for r in rows(name)]
    return ChainPackage(
        chain=head,
        link_flows=flows,
        supplies=supplies,
        indicators=indicators,
        **grouped,
    )
