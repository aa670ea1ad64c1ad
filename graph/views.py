"""View models of a chain package: the layered map and the static overview (DESIGN §6).

Both builders are pure functions of a `ChainPackage`. The interactive map (guide 004 §5.3.6 b, c)
gets server-side coordinates by chain stage so the browser never runs a physics simulation:
links are laid out left to right by longest-path layering over the FEEDS graph, each link's
enterprises sit in a grid block under it, institutions in a band between segments and links.
The overview (Annex B) groups links into upstream / midstream / downstream columns with
in-province industries above and out-of-province ones below.

Achievements are not part of either view; a caller that wants them must filter by sharing
level first (DESIGN §7).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Annotated, Literal

import networkx as nx
from pydantic import BaseModel, Field

from graph.models import (
    Capability,
    ChainPackage,
    Enterprise,
    Link,
    Problem,
    QualityCharacteristic,
)
from graph.severity import Grade, grade, severity
from graph.timeline import TimelineItem

__all__ = [
    "EdgeKind",
    "EnterpriseDetails",
    "EnterpriseRef",
    "Grade",
    "InstitutionDetails",
    "InstitutionRef",
    "LinkDetails",
    "MapEdge",
    "MapNode",
    "MapView",
    "NodeKind",
    "OverviewColumn",
    "OverviewEnterprise",
    "OverviewIndustry",
    "OverviewView",
    "ProblemSummary",
    "Region",
    "SegmentDetails",
    "TradePartner",
    "build_map_view",
    "build_overview_view",
    "link_columns",
]

NodeKind = Literal["segment", "link", "enterprise", "institution"]
EdgeKind = Literal["has_link", "sub_link", "feeds", "serves", "supplies"]

GRADE_RANK: dict[str, int] = {"★": 1, "★★": 2, "★★★": 3}
_ROLE_RANK = {"chain_owner": 0, "backbone": 1, "member": 2}

# Layout constants, in vis-network canvas pixels.
COLUMN_WIDTH = 420.0  # distance between link layers
LINK_ROW_HEIGHT = 110.0  # distance between links stacked in one layer
SEGMENT_Y = -340.0
INSTITUTION_Y = -170.0
INSTITUTION_MIN_DX = 200.0
INSTITUTION_ROW_DY = 60.0
SEGMENT_MIN_DX = 300.0
ENTERPRISE_CELL_WIDTH = 190.0  # wide enough for a ~12-character Chinese label at 13 px
ENTERPRISE_CELL_HEIGHT = 64.0
ENTERPRISE_GAP = 220.0  # vertical gap between the link rows and the first enterprise block
BLOCK_GAP = 120.0  # gap between enterprise blocks stacked under each other
MAX_BLOCK_COLUMNS = 40


def _is_open(problem: Problem) -> bool:
    return problem.status != "resolved"


# --- view models -----------------------------------------------------------------------------


class ProblemSummary(BaseModel):
    id: str
    title: str
    status: str
    category: str
    severity: float
    grade: Grade
    illustrative: bool


class EnterpriseRef(BaseModel):
    id: str
    name: str
    tier: str
    role: str
    province: str
    in_province: bool
    illustrative: bool


class InstitutionRef(BaseModel):
    id: str
    name: str
    province: str
    accreditations: list[str]
    capabilities: list[Capability]


class TradePartner(BaseModel):
    """The other side of a supply edge, with the supplier's link for that flow."""

    id: str
    name: str
    link: str
    link_name: str
    product: str | None
    illustrative: bool


class SegmentDetails(BaseModel):
    kind: Literal["segment"] = "segment"
    links: list[str]
    enterprise_count: int
    open_problem_count: int


class LinkDetails(BaseModel):
    kind: Literal["link"] = "link"
    segment: str
    parent: str | None
    quality_characteristics: list[QualityCharacteristic]
    quality_level: str | None
    risk_points: list[str]
    enterprises: list[EnterpriseRef]
    institutions: list[InstitutionRef]
    open_problems: list[ProblemSummary]
    source: str | None


class EnterpriseDetails(BaseModel):
    kind: Literal["enterprise"] = "enterprise"
    province: str
    city: str | None
    county: str | None
    in_province: bool
    tier: str
    tier_basis: str | None
    role: str
    products: list[str]
    links: list[str]
    suppliers: list[TradePartner]
    customers: list[TradePartner]
    revenue_10k_cny: dict[str, float]
    source: str | None


class InstitutionDetails(BaseModel):
    kind: Literal["institution"] = "institution"
    province: str
    city: str | None
    accreditations: list[str]
    capabilities: list[Capability]
    serves: list[str]
    source: str | None


Details = Annotated[
    SegmentDetails | LinkDetails | EnterpriseDetails | InstitutionDetails,
    Field(discriminator="kind"),
]


class MapNode(BaseModel):
    """One node of the layered map. `id` is `<kind>:<record id>` so ids never clash."""

    id: str
    ref: str
    kind: NodeKind
    level: int  # 0 segments, 1 links and institutions, 2 enterprises
    label: str
    label_en: str | None = None
    group: str  # segment id for links, primary link id for enterprises, kind otherwise
    x: float
    y: float
    illustrative: bool = False
    links: list[str] = Field(default_factory=list)  # link ids an enterprise works in
    province: str | None = None
    in_province: bool | None = None
    tier: str | None = None
    role: str | None = None
    grade: Grade | None = None  # a link's worst open problem grade
    details: Details


class MapEdge(BaseModel):
    id: str
    source: str
    target: str
    kind: EdgeKind
    illustrative: bool = False
    link: str | None = None  # supplies: the supplier's link for that flow
    label: str | None = None


class MapView(BaseModel):
    chain_id: str
    chain_name: str
    home_province: str
    nodes: list[MapNode]
    edges: list[MapEdge]
    provinces: list[str]
    link_order: list[str]  # link ids left to right, top to bottom
    # What only the store knows; the service fills these in (graph.maps).
    stale_links: dict[str, list[str]] = Field(default_factory=dict)  # link id -> reasons
    timeline: list[TimelineItem] = Field(default_factory=list)


class OverviewEnterprise(BaseModel):
    id: str
    name: str
    leader: bool
    role: str
    province: str
    illustrative: bool


class Region(BaseModel):
    name: str
    count: int
    in_province: bool


class OverviewIndustry(BaseModel):
    """One link seen from one side of the province boundary (Annex B's 产业名称 box)."""

    link: str
    name: str
    in_province: bool
    enterprises: list[OverviewEnterprise]
    more_enterprises: int
    leaders: int
    followers: int
    regions: list[Region]
    products: list[str]
    grade: Grade | None
    illustrative: bool


class OverviewColumn(BaseModel):
    segment: str
    name: str
    links: list[str]  # link names in the column, left to right
    in_province: list[OverviewIndustry]
    out_of_province: list[OverviewIndustry]


class OverviewView(BaseModel):
    chain_id: str
    chain_name: str
    home_province: str
    version: str | None
    generated_on: date
    columns: list[OverviewColumn]


# --- shared helpers --------------------------------------------------------------------------


def _latest_revenue(e: Enterprise) -> float:
    if not e.revenue_10k_cny:
        return 0.0
    return e.revenue_10k_cny[max(e.revenue_10k_cny)]


def _enterprise_rank(e: Enterprise) -> tuple[int, int, float, str]:
    """Leaders first, then chain owner / backbone / member, then revenue, then name."""
    return (0 if e.tier == "leader" else 1, _ROLE_RANK[e.role], -_latest_revenue(e), e.name)


def _without_illustrative(package: ChainPackage) -> ChainPackage:
    """The package minus every illustrative record and whatever only hung on one."""
    links = [lk for lk in package.links if lk.basis != "illustrative"]
    link_ids = {lk.id for lk in links}
    links = [
        lk if lk.parent is None or lk.parent in link_ids else lk.model_copy(update={"parent": None})
        for lk in links
    ]
    enterprises = []
    for e in package.enterprises:
        kept = [lid for lid in e.links if lid in link_ids]
        if e.basis != "illustrative" and kept:
            enterprises.append(e.model_copy(update={"links": kept}))
    ent_ids = {e.id for e in enterprises}
    return package.model_copy(
        update={
            "links": links,
            "link_flows": [
                f
                for f in package.link_flows
                if f.basis != "illustrative" and f.from_ in link_ids and f.to in link_ids
            ],
            "enterprises": enterprises,
            "supplies": [
                s
                for s in package.supplies
                if s.basis != "illustrative" and s.supplier in ent_ids and s.customer in ent_ids
            ],
            "institutions": [
                i.model_copy(update={"serves": [lid for lid in i.serves if lid in link_ids]})
                for i in package.institutions
                if i.basis != "illustrative"
            ],
            "problems": [
                p for p in package.problems if p.basis != "illustrative" and p.link in link_ids
            ],
        }
    )


def _acyclic_flow_graph(links: list[Link], flows: Iterable[tuple[str, str]]) -> nx.DiGraph:
    """The FEEDS graph with any cycle broken by dropping its edge that runs against `order`."""
    order = {lk.id: lk.order for lk in links}
    g = nx.DiGraph()
    g.add_nodes_from(order)
    g.add_edges_from((a, b) for a, b in flows if a in order and b in order and a != b)
    while True:
        try:
            cycle = nx.find_cycle(g)
        except nx.NetworkXNoCycle:
            return g
        # Drop the edge that goes most against the declared order (ties: the last one found).
        u, v = max(cycle, key=lambda e: order[e[0]] - order[e[1]])[:2]
        g.remove_edge(u, v)


def _nearest_placed_ancestor(lk: Link, by_id: dict[str, Link], layer: dict[str, int]) -> str | None:
    seen = {lk.id}
    while lk.parent is not None and lk.parent in by_id and lk.parent not in seen:
        lk = by_id[lk.parent]
        if lk.id in layer:
            return lk.id
        seen.add(lk.id)
    return None


def _link_layers(package: ChainPackage) -> dict[str, int]:
    """Layer (column index) of every link: longest path from a source of the FEEDS graph.

    Links without any flow take their parent's layer (sub-links) or the first layer used by
    their segment, so a link the survey did not connect still lands in its chain stage.
    """
    links = package.links
    by_id = {lk.id: lk for lk in links}
    g = _acyclic_flow_graph(links, ((f.from_, f.to) for f in package.link_flows))
    layer: dict[str, int] = {}
    for lid in nx.lexicographical_topological_sort(g, key=lambda n: (by_id[n].order, n)):
        if g.degree(lid) == 0:
            continue
        layer[lid] = max((layer[p] + 1 for p in g.predecessors(lid)), default=0)

    seg_order = {s.id: s.order for s in package.segments}
    unplaced = sorted((lk for lk in links if lk.id not in layer), key=lambda lk: lk.order)
    # Top-level links first, so sub-links can follow their parent.
    for lk in sorted(unplaced, key=lambda lk: lk.parent is not None):
        ancestor = _nearest_placed_ancestor(lk, by_id, layer)
        if ancestor is not None:
            layer[lk.id] = layer[ancestor]
            continue
        same_segment = [layer[o.id] for o in links if o.segment == lk.segment and o.id in layer]
        if same_segment:
            layer[lk.id] = min(same_segment)
            continue
        mine = seg_order.get(lk.segment, 0)
        earlier = [
            layer[o.id] for o in links if o.id in layer and seg_order.get(o.segment, 0) < mine
        ]
        layer[lk.id] = max(earlier) + 1 if earlier else 0
    return layer


def _root(lk: Link, by_id: dict[str, Link]) -> Link:
    seen = {lk.id}
    while lk.parent is not None and lk.parent in by_id and lk.parent not in seen:
        lk = by_id[lk.parent]
        seen.add(lk.id)
    return lk


def _depth(lk: Link, by_id: dict[str, Link]) -> int:
    depth, seen = 0, {lk.id}
    while lk.parent is not None and lk.parent in by_id and lk.parent not in seen:
        lk = by_id[lk.parent]
        seen.add(lk.id)
        depth += 1
    return depth


def link_columns(package: ChainPackage) -> list[list[Link]]:
    """Links grouped by FEEDS layer, left to right; within a layer sub-links follow their parent.

    Parameters
    ----------
    package : ChainPackage

    Returns
    -------
    list of list of Link
        ``columns[i]`` holds the links of layer ``i`` top to bottom, ordered by segment order,
        then their top-level link's ``order``, then depth and their own ``order``.
    """
    layers = _link_layers(package)
    by_id = {lk.id: lk for lk in package.links}
    seg_order = {s.id: s.order for s in package.segments}

    def key(lk: Link) -> tuple[int, int, str, int, int, str]:
        root = _root(lk, by_id)
        return (
            seg_order.get(lk.segment, 0),
            root.order,
            root.id,
            _depth(lk, by_id),
            lk.order,
            lk.id,
        )

    width = max(layers.values(), default=-1) + 1
    columns: list[list[Link]] = [[] for _ in range(width)]
    for lk in package.links:
        columns[layers[lk.id]].append(lk)
    return [sorted(col, key=key) for col in columns if col]


def _block_columns(n: int) -> int:
    """Columns of an enterprise grid: roughly square on screen, at least two wide."""
    square = math.ceil(math.sqrt(n * ENTERPRISE_CELL_HEIGHT / ENTERPRISE_CELL_WIDTH))
    return max(1, min(n, max(2, square), MAX_BLOCK_COLUMNS))


def _spread(desired: list[tuple[float, str]], min_dx: float) -> dict[str, float]:
    """Place items on a line as close to their desired x as possible, at least `min_dx` apart."""
    placed: dict[str, float] = {}
    last = -math.inf
    for x, key in sorted(desired):
        last = max(x, last + min_dx)
        placed[key] = last
    return placed


# --- the map ---------------------------------------------------------------------------------


def _open_problems_by_link(package: ChainPackage) -> dict[str, list[ProblemSummary]]:
    """Open (not resolved) problems per link, most severe first."""
    at: dict[str, list[ProblemSummary]] = defaultdict(list)
    for p in package.problems:
        if not _is_open(p):
            continue
        sev = severity(p.scores)
        at[p.link].append(
            ProblemSummary(
                id=p.id,
                title=p.title,
                status=p.status,
                category=p.category,
                severity=sev,
                grade=grade(sev),
                illustrative=p.basis == "illustrative",
            )
        )
    for plist in at.values():
        plist.sort(key=lambda s: (-s.severity, s.id))
    return at


def _worst_grade(problems: list[ProblemSummary]) -> Grade | None:
    if not problems:
        return None
    return max((p.grade for p in problems), key=GRADE_RANK.__getitem__)


def _enterprise_blocks(
    package: ChainPackage, link_order: list[str], link_xy: dict[str, tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    """Grid positions of enterprises: one block per link under it, blocks never overlapping.

    An enterprise sits in the block of its first link. Blocks are placed in link order, centred
    on their link's x, each as high as the bottom of any earlier block its x-range overlaps.
    """
    primary: dict[str, list[Enterprise]] = defaultdict(list)
    for e in package.enterprises:
        first = next((lid for lid in e.links if lid in link_xy), None)
        if first is not None:
            primary[first].append(e)
    top = max((y for _, y in link_xy.values()), default=0.0) + ENTERPRISE_GAP
    placed: list[tuple[float, float, float]] = []  # (left, right, bottom) of each block
    xy: dict[str, tuple[float, float]] = {}
    for lid in link_order:
        members = sorted(primary.get(lid, []), key=_enterprise_rank)
        if not members:
            continue
        cols = _block_columns(len(members))
        rows = math.ceil(len(members) / cols)
        left = link_xy[lid][0] - cols * ENTERPRISE_CELL_WIDTH / 2
        right = left + cols * ENTERPRISE_CELL_WIDTH
        y0 = max([top] + [b + BLOCK_GAP for (bl, br, b) in placed if bl < right and left < br])
        for i, e in enumerate(members):
            r, c = divmod(i, cols)
            xy[e.id] = (
                left + (c + 0.5) * ENTERPRISE_CELL_WIDTH,
                y0 + r * ENTERPRISE_CELL_HEIGHT,
            )
        placed.append((left, right, y0 + rows * ENTERPRISE_CELL_HEIGHT))
    return xy


class _MapBuilder:
    """Indexes of one package and the node / edge makers of the map, one method per kind."""

    def __init__(self, package: ChainPackage) -> None:
        self.package = package
        self.home = package.chain.home_province
        self.links = {lk.id: lk for lk in package.links}
        self.segments = {s.id: s for s in package.segments}
        self.enterprises = {e.id: e for e in package.enterprises}
        columns = link_columns(package)
        self.link_order = [lk.id for col in columns for lk in col]
        self.link_xy = {
            lk.id: (ci * COLUMN_WIDTH, ri * LINK_ROW_HEIGHT)
            for ci, col in enumerate(columns)
            for ri, lk in enumerate(col)
        }
        self.problems = _open_problems_by_link(package)
        self.members: dict[str, list[Enterprise]] = defaultdict(list)
        for e in package.enterprises:
            for lid in e.links:
                if lid in self.links:
                    self.members[lid].append(e)
        self.nodes: list[MapNode] = []
        self.edges: list[MapEdge] = []

    def build(self) -> MapView:
        self.add_segments()
        self.add_links()
        self.add_institutions()
        self.add_enterprises()
        provinces = sorted(
            {e.province for e in self.package.enterprises}, key=lambda p: (p != self.home, p)
        )
        return MapView(
            chain_id=self.package.chain.id,
            chain_name=self.package.chain.name,
            home_province=self.home,
            nodes=self.nodes,
            edges=self.edges,
            provinces=provinces,
            link_order=self.link_order,
        )

    def add_segments(self) -> None:
        """Segments sit above the middle of their links, in segment order."""
        by_segment: dict[str, list[Link]] = defaultdict(list)
        for lid in self.link_order:
            by_segment[self.links[lid].segment].append(self.links[lid])
        desired = []
        for s in self.package.segments:
            xs = [self.link_xy[lk.id][0] for lk in by_segment.get(s.id, [])]
            centre = (min(xs) + max(xs)) / 2 if xs else s.order * SEGMENT_MIN_DX
            desired.append((centre, s.id))
        seg_x = _spread(desired, SEGMENT_MIN_DX)
        for s in sorted(self.package.segments, key=lambda s: (s.order, s.id)):
            links = by_segment.get(s.id, [])
            self.nodes.append(
                MapNode(
                    id=f"segment:{s.id}",
                    ref=s.id,
                    kind="segment",
                    level=0,
                    label=s.name,
                    label_en=s.name_en,
                    group="segment",
                    x=seg_x[s.id],
                    y=SEGMENT_Y,
                    details=SegmentDetails(
                        links=[lk.name for lk in links],
                        enterprise_count=len({e.id for lk in links for e in self.members[lk.id]}),
                        open_problem_count=sum(len(self.problems[lk.id]) for lk in links),
                    ),
                )
            )

    def _enterprise_ref(self, e: Enterprise) -> EnterpriseRef:
        return EnterpriseRef(
            id=e.id,
            name=e.name,
            tier=e.tier,
            role=e.role,
            province=e.province,
            in_province=e.province == self.home,
            illustrative=e.basis == "illustrative",
        )

    def add_links(self) -> None:
        institutions_at: dict[str, list[InstitutionRef]] = defaultdict(list)
        for inst in self.package.institutions:
            ref = InstitutionRef(
                id=inst.id,
                name=inst.name,
                province=inst.province,
                accreditations=list(inst.accreditations),
                capabilities=list(inst.capabilities),
            )
            for lid in inst.serves:
                institutions_at[lid].append(ref)
        for lid in self.link_order:
            lk = self.links[lid]
            x, y = self.link_xy[lid]
            parent = self.links.get(lk.parent) if lk.parent else None
            segment = self.segments.get(lk.segment)
            self.nodes.append(
                MapNode(
                    id=f"link:{lid}",
                    ref=lid,
                    kind="link",
                    level=1,
                    label=lk.name,
                    label_en=lk.name_en,
                    group=lk.segment,
                    x=x,
                    y=y,
                    illustrative=lk.basis == "illustrative",
                    links=[lid],
                    grade=_worst_grade(self.problems[lid]),
                    details=LinkDetails(
                        segment=segment.name if segment else lk.segment,
                        parent=parent.name if parent else None,
                        quality_characteristics=list(lk.quality_characteristics),
                        quality_level=lk.quality_level,
                        risk_points=list(lk.risk_points),
                        enterprises=[
                            self._enterprise_ref(e)
                            for e in sorted(self.members[lid], key=_enterprise_rank)
                        ],
                        institutions=institutions_at[lid],
                        open_problems=self.problems[lid],
                        source=lk.source,
                    ),
                )
            )
            if parent is not None:
                self._edge("sub_link", f"link:{parent.id}", f"link:{lid}")
            elif segment is not None:
                self._edge("has_link", f"segment:{segment.id}", f"link:{lid}")
        seen: set[tuple[str, str]] = set()
        for f in self.package.link_flows:
            if f.from_ in self.links and f.to in self.links and (f.from_, f.to) not in seen:
                seen.add((f.from_, f.to))
                self._edge(
                    "feeds",
                    f"link:{f.from_}",
                    f"link:{f.to}",
                    illustrative=f.basis == "illustrative",
                )

    def _edge(
        self,
        kind: EdgeKind,
        source: str,
        target: str,
        *,
        illustrative: bool = False,
        link: str | None = None,
        label: str | None = None,
        key: str = "",
    ) -> None:
        self.edges.append(
            MapEdge(
                id=f"{kind}:{source}:{target}{key}",
                source=source,
                target=target,
                kind=kind,
                illustrative=illustrative,
                link=link,
                label=label,
            )
        )

    def add_institutions(self) -> None:
        """Institutions sit in a band above the links, over the middle of those they serve."""
        desired = []
        for inst in self.package.institutions:
            xs = [self.link_xy[lid][0] for lid in inst.serves if lid in self.link_xy]
            desired.append((sum(xs) / len(xs) if xs else 0.0, inst.id))
        inst_x = _spread(desired, INSTITUTION_MIN_DX)
        # Neighbours alternate between two rows, so long names do not run into each other.
        row = {key: n % 2 for n, key in enumerate(sorted(inst_x, key=lambda k: (inst_x[k], k)))}
        for inst in self.package.institutions:
            served = [lid for lid in inst.serves if lid in self.links]
            illustrative = inst.basis == "illustrative"
            self.nodes.append(
                MapNode(
                    id=f"institution:{inst.id}",
                    ref=inst.id,
                    kind="institution",
                    level=1,
                    label=inst.name,
                    group="institution",
                    x=inst_x[inst.id],
                    y=INSTITUTION_Y - row[inst.id] * INSTITUTION_ROW_DY,
                    illustrative=illustrative,
                    links=served,
                    province=inst.province,
                    in_province=inst.province == self.home,
                    details=InstitutionDetails(
                        province=inst.province,
                        city=inst.city,
                        accreditations=list(inst.accreditations),
                        capabilities=list(inst.capabilities),
                        serves=[self.links[lid].name for lid in served],
                        source=inst.source,
                    ),
                )
            )
            for lid in served:
                self._edge(
                    "serves", f"institution:{inst.id}", f"link:{lid}", illustrative=illustrative
                )

    def _partners(
        self, placed: dict[str, tuple[float, float]]
    ) -> tuple[dict[str, list[TradePartner]], dict[str, list[TradePartner]]]:
        """Suppliers and customers of every enterprise; one supplies edge per drawn flow."""
        suppliers: dict[str, list[TradePartner]] = defaultdict(list)
        customers: dict[str, list[TradePartner]] = defaultdict(list)
        seen: set[tuple[str, str, str]] = set()
        for s in self.package.supplies:
            key = (s.supplier, s.customer, s.link)
            if s.supplier not in self.enterprises or s.customer not in self.enterprises:
                continue
            if key in seen:
                continue
            seen.add(key)
            link_name = self.links[s.link].name if s.link in self.links else s.link
            illustrative = s.basis == "illustrative"
            for side, this, other in (
                (suppliers, s.customer, s.supplier),
                (customers, s.supplier, s.customer),
            ):
                side[this].append(
                    TradePartner(
                        id=other,
                        name=self.enterprises[other].name,
                        link=s.link,
                        link_name=link_name,
                        product=s.product,
                        illustrative=illustrative,
                    )
                )
            if s.supplier not in placed or s.customer not in placed:
                continue
            self._edge(
                "supplies",
                f"enterprise:{s.supplier}",
                f"enterprise:{s.customer}",
                illustrative=illustrative,
                link=s.link,
                label=s.product,
                key=f":{s.link}",
            )
        return suppliers, customers

    def add_enterprises(self) -> None:
        xy = _enterprise_blocks(self.package, self.link_order, self.link_xy)
        suppliers, customers = self._partners(xy)
        for e in self.package.enterprises:
            if e.id not in xy:
                continue
            x, y = xy[e.id]
            member_links = [lid for lid in e.links if lid in self.links]
            in_province = e.province == self.home
            self.nodes.append(
                MapNode(
                    id=f"enterprise:{e.id}",
                    ref=e.id,
                    kind="enterprise",
                    level=2,
                    label=e.name,
                    label_en=e.name_en,
                    group=member_links[0],
                    x=x,
                    y=y,
                    illustrative=e.basis == "illustrative",
                    links=member_links,
                    province=e.province,
                    in_province=in_province,
                    tier=e.tier,
                    role=e.role,
                    details=EnterpriseDetails(
                        province=e.province,
                        city=e.city,
                        county=e.county,
                        in_province=in_province,
                        tier=e.tier,
                        tier_basis=e.tier_basis,
                        role=e.role,
                        products=list(e.products),
                        links=[self.links[lid].name for lid in member_links],
                        suppliers=suppliers[e.id],
                        customers=customers[e.id],
                        revenue_10k_cny=dict(e.revenue_10k_cny),
                        source=e.source,
                    ),
                )
            )


def build_map_view(package: ChainPackage, *, hide_illustrative: bool = False) -> MapView:
    """Build the three-level map (segments → links → enterprises) with positions and details.

    Parameters
    ----------
    package : ChainPackage
        The chain as exported by the store. Achievements are ignored.
    hide_illustrative : bool
        Drop every record with ``basis == "illustrative"`` (and what only hung on one).

    Returns
    -------
    MapView
        Nodes carry x/y by chain stage: link layers left to right by FEEDS, segments above
        their links, institutions in a band above the links they serve, enterprises in a grid
        block under their first link; blocks never overlap. A link's ``grade`` is the worst
        grade of its open problems.

    Examples
    --------
    >>> view = build_map_view(package)  # doctest: +SKIP
    >>> [n.label for n in view.nodes if n.kind == "link"]  # doctest: +SKIP
    ['轴承钢', '锻造', ...]
    """
    if hide_illustrative:
        package = _without_illustrative(package)
    return _MapBuilder(package).build()


# --- the overview (Annex B) ------------------------------------------------------------------


def _regions(enterprises: list[Enterprise], in_province: bool, limit: int) -> list[Region]:
    """In-province industries are located by city / county, the others by province."""
    counts: dict[str, int] = defaultdict(int)
    for e in enterprises:
        name = (e.county or e.city or e.province) if in_province else e.province
        counts[name] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [Region(name=n, count=c, in_province=in_province) for n, c in ranked]


def _products(enterprises: list[Enterprise], limit: int) -> list[str]:
    counts: dict[str, int] = defaultdict(int)
    first_seen: dict[str, int] = {}
    for e in sorted(enterprises, key=_enterprise_rank):
        for p in e.products:
            counts[p] += 1
            first_seen.setdefault(p, len(first_seen))
    ranked = sorted(counts, key=lambda p: (-counts[p], first_seen[p]))
    return ranked[:limit]


def build_overview_view(
    package: ChainPackage,
    *,
    version: str | None,
    generated_on: date,
    top_enterprises: int = 6,
    top_regions: int = 4,
    top_products: int = 5,
) -> OverviewView:
    """Build the static overview map of Annex B: one column per segment, in-province above.

    Parameters
    ----------
    package : ChainPackage
    version : str or None
        Shown in the title block (e.g. the store's Version id).
    generated_on : date
        Shown in the title block.
    top_enterprises, top_regions, top_products : int
        How many main enterprises (leaders first, then role, then latest revenue), regions and
        key products each industry box lists.

    Returns
    -------
    OverviewView
        For every link, an in-province industry (if it has in-province enterprises, or has no
        enterprises at all) and an out-of-province one (if it has others).
    """
    home = package.chain.home_province
    ordered = [lk.id for col in link_columns(package) for lk in col]
    order_index = {lid: i for i, lid in enumerate(ordered)}
    grades: dict[str, Grade] = {}
    for p in package.problems:
        if _is_open(p):
            g = grade(severity(p.scores))
            if p.link not in grades or GRADE_RANK[g] > GRADE_RANK[grades[p.link]]:
                grades[p.link] = g
    members: dict[str, list[Enterprise]] = defaultdict(list)
    for e in package.enterprises:
        for lid in e.links:
            members[lid].append(e)

    def industry(lk: Link, ents: list[Enterprise], in_province: bool) -> OverviewIndustry:
        ranked = sorted(ents, key=_enterprise_rank)
        return OverviewIndustry(
            link=lk.id,
            name=lk.name,
            in_province=in_province,
            enterprises=[
                OverviewEnterprise(
                    id=e.id,
                    name=e.name,
                    leader=e.tier == "leader",
                    role=e.role,
                    province=e.province,
                    illustrative=e.basis == "illustrative",
                )
                for e in ranked[:top_enterprises]
            ],
            more_enterprises=max(0, len(ranked) - top_enterprises),
            leaders=sum(e.tier == "leader" for e in ents),
            followers=sum(e.tier == "follower" for e in ents),
            regions=_regions(ents, in_province, top_regions),
            products=_products(ents, top_products),
            grade=grades.get(lk.id),
            illustrative=lk.basis == "illustrative",
        )

    columns = []
    for seg in sorted(package.segments, key=lambda s: (s.order, s.id)):
        seg_links = sorted(
            (lk for lk in package.links if lk.segment == seg.id),
            key=lambda lk: order_index[lk.id],
        )
        inside, outside = [], []
        for lk in seg_links:
            ents = members.get(lk.id, [])
            ins = [e for e in ents if e.province == home]
            outs = [e for e in ents if e.province != home]
            if ins or not ents:
                inside.append(industry(lk, ins, True))
            if outs:
                outside.append(industry(lk, outs, False))
        columns.append(
            OverviewColumn(
                segment=seg.id,
                name=seg.name,
                links=[lk.name for lk in seg_links],
                in_province=inside,
                out_of_province=outside,
            )
        )
    return OverviewView(
        chain_id=package.chain.id,
        chain_name=package.chain.name,
        home_province=home,
        version=version,
        generated_on=generated_on,
        columns=columns,
    )
