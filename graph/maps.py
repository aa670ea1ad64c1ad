"""The map views of a chain as a caller may see them (DESIGN §6): the package of the latest
version through the sharing rules, plus what only the store knows (staleness, timeline)."""

from __future__ import annotations

from datetime import date

from graph.exporter import export_package
from graph.keys import Principal
from graph.models import ChainPackage
from graph.sharing import shared_view
from graph.staleness import chain_staleness
from graph.store.base import GraphStore
from graph.timeline import timeline
from graph.versions import VersionNotFoundError, list_versions, version_document
from graph.views import MapView, OverviewView, build_map_view, build_overview_view

__all__ = ["chain_map_view", "chain_overview_view"]


def _latest(store: GraphStore, chain: str) -> tuple[ChainPackage, str | None]:
    """The chain as of its latest version: from the version's snapshot (fast for big chains),
    or read from the store for a chain imported before snapshots existed."""
    versions = list_versions(store, chain)
    if not versions:
        return export_package(store, chain), None
    try:
        document = version_document(store, chain, versions[-1])
    except VersionNotFoundError:
        return export_package(store, chain), versions[-1].id
    return ChainPackage.model_validate(document), versions[-1].id


def chain_map_view(
    store: GraphStore, chain: str, principal: Principal, *, hide_illustrative: bool = False
) -> MapView:
    package, _ = _latest(store, chain)
    view = build_map_view(shared_view(principal, package), hide_illustrative=hide_illustrative)
    stale = {x.link: x.reasons for x in chain_staleness(store, chain).links if x.stale}
    return view.model_copy(update={"stale_links": stale, "timeline": timeline(store, chain)})


def chain_overview_view(store: GraphStore, chain: str, principal: Principal) -> OverviewView:
    package, latest = _latest(store, chain)
    return build_overview_view(
        shared_view(principal, package), version=latest, generated_on=date.today()
    )
