"""The views of a chain as a caller may see them: the package of the latest version through
the sharing rules, plus what only the store knows (staleness, the timeline). The one module of
`graph.views` that reads the store; the builders it calls are pure."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from graph.access.principal import Principal
from graph.access.sharing import shared_view
from graph.analytics.bottleneck import LinkScore
from graph.analytics.chain_analysis import ChainAnalysis
from graph.libraries.events import list_events
from graph.package.models import ChainPackage
from graph.reads.exporter import export_package
from graph.store.base import GraphStore
from graph.versioning.baseline import Baseline, latest_baseline
from graph.versioning.staleness import chain_staleness
from graph.versioning.versions import list_versions, shared_version
from graph.views.map_skeleton import MapSkeleton, build_map_skeleton
from graph.views.models import OverviewView
from graph.views.overview_view import build_overview_view
from graph.views.timeline import TimelineItem, build_timeline

__all__ = ["chain_map_skeleton", "chain_overview_view", "chain_timeline"]


def _latest(
    store: GraphStore, chain: str
) -> tuple[ChainPackage, list[dict[str, Any]] | None, Baseline | None]:
    """The chain as of its latest version, for views that never validate its supplies and keep
    its enterprises in document form (validating them costs seconds at 100,000 firms): the
    package without both, the enterprises as the document's rows, and the version. A chain
    imported before snapshots existed is read from the store whole, without rows."""
    baseline = latest_baseline(store, chain)
    document = baseline.without_supplies if baseline is not None else None
    if document is None:
        return export_package(store, chain), None, baseline
    parts = {k: v for k, v in document.items() if k != "enterprises"}
    return ChainPackage.model_validate(parts), document.get("enterprises") or [], baseline


def chain_map_skeleton(
    store: GraphStore,
    chain: str,
    principal: Principal,
    *,
    hide_illustrative: bool = False,
    embed_firms: bool = False,
) -> MapSkeleton:
    """The map's skeleton as `principal` may see it, with staleness and the timeline. From the
    latest version's document, neither its supplies nor its enterprises are validated (the
    enterprises are counted from the stored rows), so a 100,000-firm chain costs a fraction of
    a second; sharing never hides an enterprise."""
    package, rows, _ = _latest(store, chain)
    skeleton = build_map_skeleton(
        shared_view(principal, package),
        hide_illustrative=hide_illustrative,
        embed_firms=embed_firms,
        enterprise_rows=rows,
    )
    stale = {x.link: x.reasons for x in chain_staleness(store, chain).links if x.stale}
    for link in skeleton.links:
        link.stale = stale.get(link.id, [])
    skeleton.timeline = chain_timeline(store, chain, principal)
    return skeleton


def chain_overview_view(
    store: GraphStore,
    chain: str,
    principal: Principal,
    *,
    bottlenecks: Iterable[LinkScore] | None = None,
) -> OverviewView:
    """The overview of the latest version. Its enterprises stay in their document form (see
    `build_overview_view`); `bottlenecks` are the version's link scores (the service passes its
    cached analysis'), else computed here from the version's document."""
    package, enterprises, baseline = _latest(store, chain)
    latest = baseline.version if baseline else None
    if bottlenecks is None:
        if baseline is not None and baseline.document is not None:
            analysis = ChainAnalysis.from_document(chain, latest, baseline.document)
        else:
            analysis = ChainAnalysis.from_store(store, chain, latest)
        bottlenecks = analysis.bottlenecks.links
    return build_overview_view(
        shared_view(principal, package),
        version=latest,
        generated_on=date.today(),
        enterprises=enterprises,
        bottlenecks=bottlenecks,
    )


def chain_timeline(
    store: GraphStore,
    chain: str,
    principal: Principal,
    *,
    start: str | None = None,
    end: str | None = None,
    dimension: str | None = None,
    kind: str | None = None,
) -> list[TimelineItem]:
    """The chain's events and versions in date order (see `build_timeline` for the filters),
    versions as `principal` may see them."""
    return build_timeline(
        list_events(store, chain),
        [shared_version(principal, v) for v in list_versions(store, chain)],
        start=start,
        end=end,
        dimension=dimension,
        kind=kind,
    )
