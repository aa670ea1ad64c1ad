"""The views of a chain as a caller may see them: the package of the latest version through
the sharing rules, plus what only the store knows (staleness, the timeline). The one module of
`graph.views` that reads the store; the builders it calls are pure."""

from __future__ import annotations

from datetime import date

from graph.access.principal import Principal
from graph.access.sharing import shared_view
from graph.errors import VersionNotFoundError
from graph.libraries.events import list_events
from graph.package.models import ChainPackage
from graph.reads.exporter import export_package
from graph.store.base import GraphStore
from graph.versioning.staleness import chain_staleness
from graph.versioning.versions import list_versions, version_document
from graph.views.map_view import build_map_view
from graph.views.models import MapView, OverviewView
from graph.views.overview_view import build_overview_view
from graph.views.timeline import TimelineItem, build_timeline

__all__ = ["chain_map_view", "chain_overview_view", "chain_timeline"]


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
    return view.model_copy(update={"stale_links": stale, "timeline": chain_timeline(store, chain)})


def chain_overview_view(store: GraphStore, chain: str, principal: Principal) -> OverviewView:
    package, latest = _latest(store, chain)
    return build_overview_view(
        shared_view(principal, package), version=latest, generated_on=date.today()
    )


def chain_timeline(
    store: GraphStore,
    chain: str,
    *,
    start: str | None = None,
    end: str | None = None,
    dimension: str | None = None,
    kind: str | None = None,
) -> list[TimelineItem]:
    """The chain's events and versions in date order (see `build_timeline` for the filters)."""
    return build_timeline(
        list_events(store, chain),
        list_versions(store, chain),
        start=start,
        end=end,
        dimension=dimension,
        kind=kind,
    )
