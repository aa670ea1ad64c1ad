"""The analytics of one chain, on its supply graph pulled from the store into networkx.

A `ChainAnalysis` belongs to one version of a chain: the supply graph (active suppliers only,
so closed firms stop counting), the link flows, the home province and the open problem grades,
loaded once. `AnalysisCache` keeps the analyses of the latest versions and notices a new version
with one cheap query per request, so answers always follow the store.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from graph.analytics import (
    ImpactResult,
    LinkScore,
    WalkDirection,
    articulation_points,
    build_supply_graph,
    choke_points,
    disruption_impact,
    dominator_tree,
    downstream,
    link_bottlenecks,
    paths,
    single_source_dependencies,
    upstream,
)
from graph.errors import EnterpriseNotFoundError, NotReadyError, RecordNotFoundError
from graph.package.severity import grade, severity
from graph.reads.chains import chain_of_enterprise, get_chain
from graph.reads.lookup import require_chain
from graph.reads.memory import MemoryReads
from graph.store.base import GraphStore
from graph.versioning.baseline import latest_baseline, pack
from graph.versioning.latest import LatestVersions

Document = dict[str, Any]
log = logging.getLogger(__name__)
# What a 503 for an analysis in preparation tells the client to wait: a 100,000-firm chain
# takes a few seconds to load.
RETRY_AFTER_S = 3

__all__ = [
    "AnalysisCache",
    "ChainAnalysis",
    "Neighbourhood",
    "Bottlenecks",
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
    """Everything the analytics need of one chain version, loaded once: from the version's
    package document when there is one (what the last write kept in memory, or its snapshot),
    else from the store."""

    def __init__(
        self,
        chain: str,
        version: str | None,
        *,
        home_province: str,
        enterprises: Iterable[Mapping[str, Any]],
        supplies: Iterable[Mapping[str, Any]],
        links: list[str],
        link_flows: list[tuple[str, str]],
        open_grades: Iterable[tuple[str, str]],
        reads: MemoryReads | None = None,
    ) -> None:
        self.chain = chain
        self.version = version
        self.home_province = home_province
        # The analysis cache freezes the collector's objects once this is built (see there).
        self.graph = build_supply_graph(enterprises, supplies, collect=False)
        self.links = links
        self.link_flows = link_flows
        grades: dict[str, list[str]] = defaultdict(list)
        for link, grade_ in open_grades:
            grades[link].append(grade_)
        self.open_grades = dict(grades)
        self.reads = reads
        """The version's pages and firms from memory; None when it was loaded from the store."""
        # The whole graph's dominator tree, made once in the background (start_dominator_tree);
        # until it is there choke points are computed per firm.
        self._dominators: dict[str, Any] | None = None
        self._dominators_started = False
        self._dominators_lock = threading.Lock()
        self.dominators_done = threading.Event()

    @classmethod
    def from_store(cls, store: GraphStore, chain: str, version: str | None) -> ChainAnalysis:
        """Read with one query per part: a million-row read for a 100,000-firm chain."""
        scope = {"chain": chain}
        return cls(
            chain,
            version,
            home_province=get_chain(store, chain).home_province,
            enterprises=store.read("analytics/enterprises", scope),
            supplies=store.read("analytics/supply_edges", scope),
            links=[row["id"] for row in store.read("analytics/links", scope)],
            link_flows=[(r["from"], r["to"]) for r in store.read("analytics/link_flows", scope)],
            open_grades=[
                (r["link"], r["grade"]) for r in store.read("analytics/open_problem_grades", scope)
            ],
        )

    @classmethod
    def from_document(cls, chain: str, version: str | None, document: Document) -> ChainAnalysis:
        """The same analysis from the version's package document (the JSON form snapshots
        hold), with the store's rules: closed suppliers supply nobody, and a problem's grade
        is its Annex D grade."""
        enterprises = document.get("enterprises") or []
        closed = {e["id"] for e in enterprises if e.get("status", "active") != "active"}
        supplies = document.get("supplies") or []
        if closed:  # filtering a million supplies costs 0.2 s: only when there is a reason to
            supplies = [s for s in supplies if s["supplier"] not in closed]
        links = sorted(document.get("links") or [], key=lambda lk: (lk["order"], lk["id"]))
        return cls(
            chain,
            version,
            home_province=document["chain"]["home_province"],
            enterprises=enterprises,
            supplies=supplies,
            links=[lk["id"] for lk in links],
            link_flows=[(f["from"], f["to"]) for f in document.get("link_flows") or []],
            open_grades=[
                (p["link"], grade(severity(p["scores"])))
                for p in document.get("problems") or []
                if p.get("status") != "resolved"
            ],
            reads=MemoryReads(document),
        )

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
        """The same answer before and after the dominator tree is ready; only faster after
        (a walk up the tree instead of a dominator computation over the firm's ancestors)."""
        self._require(enterprise)
        tree = self._dominators
        if tree is None:
            self.start_dominator_tree()
        return choke_points(self.graph, enterprise, tree)

    def start_dominator_tree(self) -> None:
        """Compute the dominator tree in a background thread, once (0.8 s for 100,000 firms and
        951,400 supplies); `dominators_done` is set when it is over."""
        with self._dominators_lock:
            if self._dominators_started:
                return
            self._dominators_started = True
        threading.Thread(
            target=self._compute_dominators, name=f"dominators {self.chain}", daemon=True
        ).start()

    def _compute_dominators(self) -> None:
        try:
            # One assignment, atomic for the readers: they see None or the whole tree.
            self._dominators = dominator_tree(self.graph)
        finally:
            self.dominators_done.set()

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


@dataclass
class _Build:
    """One analysis being built in the background, for one version."""

    version: str | None
    done: threading.Event = field(default_factory=threading.Event)
    analysis: ChainAnalysis | None = None
    error: Exception | None = None


class AnalysisCache:
    """The analyses of the most recently used chains, each for the chain's latest version.

    Every request reads the latest version's id (one small query), so answers follow the store.
    A version's analysis is built once, in the background: from the package document the last
    write kept in memory, else from the version's snapshot, else (a version without one) from
    the store. A request waits `wait_s` for a build in progress and then gets NotReadyError
    (503, retry later) rather than waiting for a big chain; `warm` starts a build without
    waiting, after an import and when the service starts."""

    def __init__(
        self,
        store: GraphStore,
        max_chains: int = 2,
        wait_s: float = 2.0,
        latest: LatestVersions | None = None,
    ) -> None:
        self._store = store
        self.latest = latest or LatestVersions(store)
        self.max_chains = max_chains
        self._wait_s = wait_s
        self._entries: OrderedDict[str, ChainAnalysis] = OrderedDict()
        self._builds: dict[str, _Build] = {}
        self._lock = threading.Lock()

    def _ready_or_build(self, chain: str, version: str | None) -> ChainAnalysis | _Build:
        with self._lock:
            cached = self._entries.get(chain)
            if cached is not None and cached.version == version:
                self._entries.move_to_end(chain)
                return cached
            build = self._builds.get(chain)
            if build is None or build.version != version:
                build = _Build(version)
                self._builds[chain] = build
                threading.Thread(
                    target=self._build, args=(chain, build), name=f"analysis {chain}", daemon=True
                ).start()
            return build

    def _build(self, chain: str, build: _Build) -> None:
        try:
            baseline = latest_baseline(self._store, chain)
            if baseline is not None and baseline.version == build.version and baseline.document:
                analysis = ChainAnalysis.from_document(chain, build.version, baseline.document)
            else:
                analysis = ChainAnalysis.from_store(self._store, chain, build.version)
        except Exception as exc:  # handed to the requests that wait for it
            build.error = exc
        else:
            build.analysis = analysis
            with self._lock:
                # A 1M-edge graph is millions of long-lived objects; without this every full
                # collection rescans them all (pauses of a second seen under load). Frozen
                # objects are still freed by reference counting once the analysis is evicted.
                gc.freeze()
                # A build that a newer version overtook must not replace what that one made.
                if self._builds.get(chain) is build or chain not in self._entries:
                    self._entries[chain] = analysis
                    self._entries.move_to_end(chain)
                    while len(self._entries) > self.max_chains:
                        self._entries.popitem(last=False)
            analysis.start_dominator_tree()
        finally:
            with self._lock:
                if self._builds.get(chain) is build:
                    del self._builds[chain]
            build.done.set()
        if build.analysis is not None:
            self._prepare(build.analysis)

    def _prepare(self, analysis: ChainAnalysis) -> None:
        """What the version's first readers would otherwise wait for, made once the analysis
        is out (so that no first answer waits for it): the memory reads' index, then the
        bottleneck report (seconds at 100,000 firms; a map's first visit asks for it). The
        supply records are no longer needed then: a big chain's kept document packs them."""
        if analysis.reads is not None:
            analysis.reads.index()
        if analysis.version is not None:
            pack(self._store, analysis.chain, analysis.version)
        try:
            analysis.bottlenecks  # noqa: B018 - computed and kept (cached_property)
        except Exception:  # a request for them computes them again and answers the error
            log.exception("the bottlenecks of chain %r could not be computed", analysis.chain)
        with self._lock:
            gc.freeze()

    def _latest(self, chain: str) -> str | None:
        """The chain's latest version id; an unknown chain is a 404 here, before any build."""
        version = self.latest.get(chain)
        if version is None:
            require_chain(self._store, chain)
        return version

    def get(self, chain: str) -> ChainAnalysis:
        """The analysis of the chain's latest version; NotReadyError while it is being built
        for longer than `wait_s`."""
        found = self._ready_or_build(chain, self._latest(chain))
        if isinstance(found, ChainAnalysis):
            return found
        if not found.done.wait(self._wait_s):
            raise NotReadyError(
                f"the analysis of chain {chain!r} is being prepared for its latest version",
                retry_after=RETRY_AFTER_S,
            )
        if found.error is not None:
            raise found.error
        assert found.analysis is not None
        return found.analysis

    def warm(self, chain: str) -> None:
        """Start building the chain's latest analysis, if it is not there yet; do not wait."""
        self._ready_or_build(chain, self._latest(chain))

    def ready(self, chain: str, version: str | None) -> ChainAnalysis | None:
        """The analysis of `version` of the chain if it is built; never starts a build (reads
        of many chains must not make the cache rebuild them in turn)."""
        with self._lock:
            cached = self._entries.get(chain)
        return cached if cached is not None and cached.version == version else None

    def memory_reads(self, chain: str, version: str | None) -> MemoryReads | None:
        """Pages and firms of `version` from memory, when its analysis holds them."""
        found = self.ready(chain, version)
        return found.reads if found is not None else None

    def for_enterprise(self, enterprise: str, chain: str | None) -> ChainAnalysis:
        """The analysis of the chain that holds `enterprise` (or of `chain`, if named)."""
        if chain is not None:
            # A firm of the latest analysis is known to be in the chain: no store query.
            found = self.ready(chain, self.latest.get(chain))
            if found is not None and enterprise in found.graph:
                return found
        return self.get(chain_of_enterprise(self._store, enterprise, chain))
