"""Analytics over the enterprise supply graph (docs/analytics.md): pure functions of an
nx.MultiDiGraph built by :func:`build_supply_graph`, returning plain data."""

from graph.analytics.bottleneck import LinkScore, link_bottlenecks
from graph.analytics.dependency import (
    DependencyResult,
    WalkDirection,
    downstream,
    paths,
    upstream,
)
from graph.analytics.impact import CutOff, ImpactResult, ImpactSummary, disruption_impact
from graph.analytics.structure import (
    VIRTUAL_SOURCE,
    NoSourceAncestorError,
    articulation_points,
    choke_points,
    dominator_tree,
    single_source_dependencies,
)
from graph.analytics.supply_graph import build_supply_graph, supply_edges

__all__ = [
    "VIRTUAL_SOURCE",
    "CutOff",
    "DependencyResult",
    "ImpactResult",
    "ImpactSummary",
    "LinkScore",
    "NoSourceAncestorError",
    "WalkDirection",
    "articulation_points",
    "build_supply_graph",
    "choke_points",
    "disruption_impact",
    "dominator_tree",
    "downstream",
    "link_bottlenecks",
    "paths",
    "single_source_dependencies",
    "supply_edges",
    "upstream",
]
