"""The interactive map of a chain package (guide 004 §5.3.6 b, c): one node per segment, link,
enterprise and institution, placed by the layered layout, with the problems, partners and
details a planner opens a node for.

Achievements are not part of the map; a caller that wants them filters by sharing level first
(docs/architecture.md, "Sharing")."""

from __future__ import annotations

from collections import defaultdict

from graph.package.models import (
    ChainPackage,
    Enterprise,
    Link,
)
from graph.package.severity import Grade, grade, severity
from graph.views.layout import (
    COLUMN_WIDTH,
    INSTITUTION_MIN_DX,
    INSTITUTION_ROW_DY,
    INSTITUTION_Y,
    LINK_ROW_HEIGHT,
    SEGMENT_MIN_DX,
    SEGMENT_Y,
    enterprise_blocks,
    enterprise_rank,
    link_columns,
    spread,
)
from graph.views.models import (
    GRADE_RANK,
    EdgeKind,
    EnterpriseDetails,
    EnterpriseRef,
    InstitutionDetails,
    InstitutionRef,
    LinkDetails,
    MapEdge,
    MapNode,
    MapView,
    ProblemSummary,
    SegmentDetails,
    TradePartner,
    is_open,
)

__all__ = ["build_map_view", "open_problems_by_link", "without_illustrative", "worst_grade"]


def without_illustrative(package: ChainPackage) -> ChainPackage:
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


def open_problems_by_link(package: ChainPackage) -> dict[str, list[ProblemSummary]]:
    """Open (not resolved) problems per link, most severe first."""
    at: dict[str, list[ProblemSummary]] = defaultdict(list)
    for p in package.problems:
        if not is_open(p):
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


def worst_grade(problems: list[ProblemSummary]) -> Grade | None:
    if not problems:
        return None
    return max((p.grade for p in problems), key=GRADE_RANK.__getitem__)


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
        self.problems = open_problems_by_link(package)
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
        seg_x = spread(desired, SEGMENT_MIN_DX)
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
                    grade=worst_grade(self.problems[lid]),
                    details=LinkDetails(
                        segment=segment.name if segment else lk.segment,
                        parent=parent.name if parent else None,
                        quality_characteristics=list(lk.quality_characteristics),
                        quality_level=lk.quality_level,
                        risk_points=list(lk.risk_points),
                        enterprises=[
                            self._enterprise_ref(e)
                            for e in sorted(self.members[lid], key=enterprise_rank)
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
        inst_x = spread(desired, INSTITUTION_MIN_DX)
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
        xy = enterprise_blocks(self.package, self.link_order, self.link_xy)
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
    >>> package = ChainPackage.model_validate({
    ...     "chain": {"id": "demo", "name": "示例链", "home_province": "山东"},
    ...     "segments": [
    ...         {"id": "up", "name": "上游", "order": 0},
    ...         {"id": "mid", "name": "中游", "order": 1},
    ...     ],
    ...     "links": [
    ...         {"id": "steel", "name": "轴承钢", "segment": "up", "order": 0},
    ...         {"id": "forging", "name": "锻造", "segment": "mid", "order": 1},
    ...     ],
    ...     "link_flows": [{"from": "steel", "to": "forging"}],
    ... })
    >>> view = build_map_view(package)
    >>> [n.label for n in view.nodes if n.kind == "link"]
    ['轴承钢', '锻造']
    """
    if hide_illustrative:
        package = without_illustrative(package)
    return _MapBuilder(package).build()


# --- the overview (Annex B) ------------------------------------------------------------------
