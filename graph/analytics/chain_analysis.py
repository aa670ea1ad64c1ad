"""The analytics of one chain, on its supply graph pulled from the store into networkx.

A `ChainAnalysis` belongs to one version of a chain: the supply graph (active suppliers only,
so closed firms stop counting), the link flows, the home province and the open problem grades,
loaded once. `AnalysisCache` keeps the analyses of the latest versions and notices a new version
with one cheap query per request, so answers always follow the store.
"""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from graph.analytics import (
    ImpactResult,
    LinkScore,
    NoSourceAncestorError,
    WalkDirection,
    articulation_points,
    build_supply_graph,
    choke_points,
    disruption_impact,
    downstream,
    link_bottlenecks,
    paths,
    single_source_dependencies,
    upstream,
)
from graph.errors import EnterpriseNotFoundError, RecordNotFoundError
from graph.reads.chains import chain_of_enterprise, get_chain
from graph.store.base import GraphStore

__all__ = [
    "AnalysisCache",
    "ChainAnalysis",
    "Neighbourhood",
    "Bottlenecks",
    "NoSourceAncestorError",
]


@dataclass(frozen=True)
class Neighbourhood:
    """Up- or downstream of `root`: nodes by (distance, id), at most `limit` of them, and the
    supplies among the nodes returned and the root. `total` is known only when nothing was
    left out."""

    root: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, str]]
    total: int | None
    truncated: bool


@dataclass(frozen=True)
class Bottlenecks:
    single_source: list[dict[str, str]]
    articulation_points: list[str]
    links: list[LinkScore]


class ChainAnalysis:
    """Everything the analytics need of one chain version, loaded from the store once."""

    def __init__(self, store: GraphStore, chain: str, version: str | None) -> None:
        self.chain = chain
        self.version = version
        scope = {"chain": chain}
        self.home_province = get_chain(store, chain).home_province
        enterprises = store.read("analytics/enterprises", scope)
        self.graph = build_supply_graph(enterprises, store.read("analytics/supply_edges", scope))
        self.links = [row["id"] for row in store.read("analytics/links", scope)]
        self.link_flows = [(r["from"], r["to"]) for r in store.read("analytics/link_flows", scope)]
        grades: dict[str, list[str]] = defaultdict(list)
        for row in store.read("analytics/open_problem_grades", scope):
            grades[row["link"]].append(row["grade"])
        self.open_grades = dict(grades)

    def _require(self, enterprise: str) -> None:
        if enterprise not in self.graph:
            raise EnterpriseNotFoundError(f"no enterprise {enterprise!r} in chain {self.chain!r}")

    def _card(self, node: str, distance: int) -> dict[str, Any]:
        data = self.graph.nodes[node]
        return {
            "id": node,
            "name": data.get("name"),
            "links": data.get("links") or [],
            "distance": distance,
        }

    def neighbourhood(
        self, enterprise: str, depth: int, *, direction: WalkDirection, limit: int
    ) -> Neighbourhood:
        """`direction` is "upstream" (suppliers, theirs, ...) or "downstream" (customers...)."""
        self._require(enterprise)
        walk = upstream if direction == "upstream" else downstream
        found = walk(self.graph, enterprise, depth, limit)
        return Neighbourhood(
            root=enterprise,
            nodes=[self._card(node, distance) for node, distance in found.distances.items()],
            edges=[{"supplier": s, "customer": c, "link": link} for s, c, link in found.edges],
            total=None if found.truncated else len(found.distances),
            truncated=found.truncated,
        )

    def paths(self, start: str, end: str, *, max_length: int, limit: int) -> list[list[str]]:
        self._require(start)
        self._require(end)
        return paths(self.graph, start, end, max_length, limit)

    def choke_points(self, enterprise: str) -> list[str]:
        self._require(enterprise)
        return choke_points(self.graph, enterprise)

    @cached_property
    def bottlenecks(self) -> Bottlenecks:
        """Computed once per version: the whole graph's structure does not change within it."""
        return Bottlenecks(
            single_source=[
                {"customer": c, "link": link, "supplier": s}
                for c, link, s in single_source_dependencies(self.graph)
            ],
            articulation_points=articulation_points(self.graph),
            links=link_bottlenecks(
                self.graph, self.link_flows, self.links, self.home_province, self.open_grades
            ),
        )

    def impact(
        self, enterprises: list[str], links: list[str], provinces: list[str]
    ) -> ImpactResult:
        for enterprise in enterprises:
            self._require(enterprise)
        unknown = sorted(set(links) - set(self.links))
        if unknown:
            raise RecordNotFoundError(f"no link {unknown[0]!r} in chain {self.chain!r}")
        return disruption_impact(self.graph, enterprises, links, provinces)


class AnalysisCache:
    """The analyses of the most recently used chains, each for the chain's latest version."""

    def __init__(self, store: GraphStore, max_chains: int = 2) -> None:
        self._store = store
        self._max = max_chains
        self._entries: OrderedDict[str, ChainAnalysis] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, chain: str) -> ChainAnalysis:
        latest = self._store.read("version/latest", {"chain": chain})
        version = latest[0]["id"] if latest else None
        with self._lock:
            cached = self._entries.get(chain)
            if cached is not None and cached.version == version:
                self._entries.move_to_end(chain)
                return cached
            # Built under the lock: two requests for a big chain must not build it twice.
            analysis = ChainAnalysis(self._store, chain, version)
            # A 1M-edge graph is millions of long-lived objects; without this every full
            # collection rescans them all (pauses of a second seen under load). Frozen objects
            # are still freed by reference counting once the analysis is evicted.
            gc.freeze()
            self._entries[chain] = analysis
            self._entries.move_to_end(chain)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
            return analysis

    def for_enterprise(self, enterprise: str, chain: str | None) -> ChainAnalysis:
        """The analysis of the chain that holds `enterprise` (or of `chain`, if named)."""
        return self.get(chain_of_enterprise(self._store, enterprise, chain))
