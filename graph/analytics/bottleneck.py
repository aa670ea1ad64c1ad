"""Link bottleneck scores: where the chain is weak, link by link (docs/analytics.md,
Bottleneck composite)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

__all__ = ["LinkScore", "GRADE_WEIGHT", "WEIGHTS", "link_bottlenecks"]

#: Weight of each component in the composite score (they sum to 1).
WEIGHTS: dict[str, float] = {
    "structural": 0.30,
    "concentration": 0.20,
    "leader_scarcity": 0.15,
    "out_of_province": 0.15,
    "quality": 0.20,
}

#: Quality component for the highest open problem grade at a link.
GRADE_WEIGHT: dict[str, float] = {"★": 1 / 3, "★★": 2 / 3, "★★★": 1.0}


@dataclass(frozen=True)
class LinkScore:
    """The bottleneck components of one link and their composite.

    Shares that have no supply edge to be computed over are ``None`` (and count as 0 in the
    composite); ``supply_edges`` says how many edges the shares rest on.
    """

    link: str
    score: float
    enterprises: int
    supply_edges: int
    suppliers: int
    cut_vertex: bool
    scarcity: float
    single_source_share: float | None
    structural: float
    concentration: float | None
    has_home_leader: bool
    leader_scarcity: float
    out_of_province: float | None
    top_open_grade: str | None
    quality: float


def link_bottlenecks(
    G: nx.MultiDiGraph,
    link_flows: Iterable[tuple[str, str] | Mapping[str, str]],
    links: Iterable[str],
    home_province: str,
    open_problem_grades: Mapping[str, Iterable[str]],
) -> list[LinkScore]:
    """Score every link of the chain as a bottleneck, components and composite.

    For a link L, with E_L its supply edges (edges keyed L, i.e. supplied from L) and N_L the
    enterprises listing L in their ``links``:

    - **structural** = (cut_vertex + scarcity + single_source_share) / 3, where
      ``cut_vertex`` is 1 when L is an articulation point of the undirected link graph built
      from `link_flows` (``nx.articulation_points``), ``scarcity`` = 1 / max(|N_L|, 1) (1 for a
      link with one enterprise or none, ½ for two …), and ``single_source_share`` is the share
      of E_L that is the only supplier of its customer in L;
    - **concentration** = HHI of E_L by supplier: Σ_s (edges of s / |E_L|)², in (0, 1];
    - **leader_scarcity** = 1 when no enterprise in N_L is a ``leader`` in `home_province`,
      else 0;
    - **out_of_province** = share of E_L whose supplier's province is not `home_province`;
    - **quality** = highest grade among the open problems at L: 0 none, ⅓ ★, ⅔ ★★, 1 ★★★.

    score = 0.30·structural + 0.20·concentration + 0.15·leader_scarcity
    + 0.15·out_of_province + 0.20·quality, rounded to 4 decimals, in [0, 1] (see
    :data:`WEIGHTS`). A share over no edge (|E_L| = 0) is reported as ``None`` and counts 0.

    Everything is one pass over the nodes and one over the edges, plus the articulation points
    of the (small) link graph: O(V + E), no sampling.

    Parameters
    ----------
    G : nx.MultiDiGraph
        Supply graph.
    link_flows : iterable of (from, to) pairs or of mappings with ``from`` and ``to``
        The FEEDS relation between links.
    links : iterable of str
        The chain's link ids; exactly these are scored.
    home_province : str
        The chain's home province.
    open_problem_grades : mapping of link id to iterable of grades
        Grades (``★``, ``★★``, ``★★★``) of the problems at each link that are not resolved.

    Returns
    -------
    list of LinkScore
        Highest score first, ties by link id.

    Raises
    ------
    ValueError
        If a grade is not one of ★, ★★, ★★★.

    Example
    -------
    >>> G = nx.MultiDiGraph([("s", "f", "steel")])
    >>> G.add_nodes_from([("s", {"links": ["steel"], "province": "河北", "tier": "leader"}),
    ...                   ("f", {"links": ["forging"], "province": "山东", "tier": "leader"})])
    >>> scores = link_bottlenecks(G, [("steel", "forging")], ["steel", "forging"], "山东",
    ...                           {"steel": ["★★"]})
    >>> [(s.link, s.score) for s in scores]
    [('steel', 0.8333), ('forging', 0.1)]
    """
    link_ids = sorted(set(links))
    cut_links = set(nx.articulation_points(_link_graph(link_flows, link_ids)))

    members: Counter[str] = Counter()
    home_leader: set[str] = set()
    for _, data in G.nodes(data=True):
        is_home_leader = data.get("tier") == "leader" and data.get("province") == home_province
        for link in set(data.get("links", ())):
            members[link] += 1
            if is_home_leader:
                home_leader.add(link)

    tallies = _tally_supply_edges(G, home_province)
    scores = [
        _score(
            link,
            members[link],
            tallies.get(link, _LinkTally()),
            link in cut_links,
            link in home_leader,
            _top_grade(open_problem_grades.get(link, ())),
        )
        for link in link_ids
    ]
    return sorted(scores, key=lambda s: (-s.score, s.link))


@dataclass
class _LinkTally:
    """Counts over the supply edges of one link."""

    edges: int = 0
    suppliers: int = 0
    # Σ over suppliers of (edges of that supplier)², for the HHI
    sum_of_squares: int = 0
    from_outside: int = 0
    single_source: int = 0


def _tally_supply_edges(G: nx.MultiDiGraph, home_province: str) -> dict[str, _LinkTally]:
    tallies: dict[str, _LinkTally] = defaultdict(_LinkTally)
    nodes = G._node
    # networkx's adjacency dicts, read directly: the read-only views cost twice as much.
    for supplier, customers in G._succ.items():
        per_link: dict[str, int] = {}
        for keyed in customers.values():
            for link in keyed:
                per_link[link] = per_link.get(link, 0) + 1
        outside = nodes[supplier].get("province") != home_province
        for link, count in per_link.items():
            tally = tallies[link]
            tally.edges += count
            tally.suppliers += 1
            tally.sum_of_squares += count * count
            if outside:
                tally.from_outside += count
    for suppliers in G._pred.values():
        suppliers_per_link: dict[str, int] = {}
        for keyed in suppliers.values():
            for link in keyed:
                suppliers_per_link[link] = suppliers_per_link.get(link, 0) + 1
        for link, count in suppliers_per_link.items():
            if count == 1:
                tallies[link].single_source += 1
    return tallies


def _link_graph(
    link_flows: Iterable[tuple[str, str] | Mapping[str, str]], link_ids: list[str]
) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(link_ids)
    for flow in link_flows:
        source, target = (flow["from"], flow["to"]) if isinstance(flow, Mapping) else flow
        if source != target:
            graph.add_edge(source, target)
    return graph


def _top_grade(grades: Iterable[str]) -> str | None:
    top = None
    for grade in grades:
        if grade not in GRADE_WEIGHT:
            raise ValueError(f"unknown problem grade {grade!r}")
        if top is None or GRADE_WEIGHT[grade] > GRADE_WEIGHT[top]:
            top = grade
    return top


def _score(
    link: str,
    enterprises: int,
    tally: _LinkTally,
    cut_vertex: bool,
    has_home_leader: bool,
    top_grade: str | None,
) -> LinkScore:
    scarcity = 1 / max(enterprises, 1)
    n = tally.edges
    if n:
        single_source_share: float | None = tally.single_source / n
        concentration: float | None = tally.sum_of_squares / (n * n)
        out_of_province: float | None = tally.from_outside / n
    else:
        single_source_share = concentration = out_of_province = None
    structural = (float(cut_vertex) + scarcity + (single_source_share or 0.0)) / 3
    leader_scarcity = 0.0 if has_home_leader else 1.0
    quality = GRADE_WEIGHT[top_grade] if top_grade else 0.0
    composite = (
        WEIGHTS["structural"] * structural
        + WEIGHTS["concentration"] * (concentration or 0.0)
        + WEIGHTS["leader_scarcity"] * leader_scarcity
        + WEIGHTS["out_of_province"] * (out_of_province or 0.0)
        + WEIGHTS["quality"] * quality
    )
    return LinkScore(
        link=link,
        score=round(composite, 4),
        enterprises=enterprises,
        supply_edges=n,
        suppliers=tally.suppliers,
        cut_vertex=cut_vertex,
        scarcity=scarcity,
        single_source_share=single_source_share,
        structural=structural,
        concentration=concentration,
        has_home_leader=has_home_leader,
        leader_scarcity=leader_scarcity,
        out_of_province=out_of_province,
        top_open_grade=top_grade,
        quality=quality,
    )
