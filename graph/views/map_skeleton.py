"""The skeleton of the interactive map (docs/views.md, "Interactive map"): segments, links with
their counts and grades, link flows and the institutions per link. It is what the page opens on
at any chain size; a link's enterprises are paged from the API when the planner drills in.

Pure: built from a chain package (its supplies are never looked at, so a caller may leave
them out); achievements are not part of it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from pydantic import BaseModel, Field

from graph.package.models import ChainPackage, QualityCharacteristic
from graph.package.severity import Grade, grade, severity
from graph.views.layout import link_columns
from graph.views.models import GRADE_RANK, InstitutionRef, ProblemSummary, is_open
from graph.views.timeline import TimelineItem

__all__ = [
    "EMBED_LIMIT",
    "MapFirm",
    "MapSkeleton",
    "SkeletonFlow",
    "SkeletonLink",
    "SkeletonSegment",
    "build_map_skeleton",
    "open_problems_by_link",
    "without_illustrative",
    "worst_grade",
]

#: Most enterprises a standalone export carries; past it the file holds the skeleton only.
EMBED_LIMIT = 20_000


class SkeletonSegment(BaseModel):
    id: str
    name: str
    name_en: str | None = None
    order: int


class SkeletonLink(BaseModel):
    """One link card: what the planner reads before drilling in."""

    id: str
    name: str
    name_en: str | None = None
    segment: str
    parent: str | None = None
    stage: int = Field(description="FEEDS layer, left to right (graph.views.layout)")
    rank: int = Field(description="position in reading order over the whole chain")
    illustrative: bool = False
    enterprise_count: int
    leaders_in: int = Field(description="leaders in the home province")
    leaders_out: int = Field(description="leaders outside the home province")
    in_province: int
    worst_grade: str | None = Field(None, description="worst grade of the open problems")
    open_problems: list[ProblemSummary]
    institutions: list[InstitutionRef]
    quality_characteristics: list[QualityCharacteristic]
    quality_level: str | None = None
    risk_points: list[str]
    source: str | None = None
    stale: list[str] = Field(default_factory=list, description="why the link is due for update")


class SkeletonFlow(BaseModel):
    source: str
    target: str
    illustrative: bool = False


class MapFirm(BaseModel):
    """An enterprise as the page lists it in a drilled link (the API's page items carry more)."""

    id: str
    name: str
    name_en: str | None = None
    province: str
    tier: str
    role: str
    links: list[str]
    illustrative: bool = False


class MapSkeleton(BaseModel):
    chain_id: str
    chain_name: str
    home_province: str
    segments: list[SkeletonSegment]
    links: list[SkeletonLink]
    flows: list[SkeletonFlow]
    provinces: list[str] = Field(description="provinces of the chain's firms, home first")
    enterprise_total: int
    timeline: list[TimelineItem] = Field(default_factory=list)
    firms: list[MapFirm] | None = Field(
        None, description="every enterprise, for a standalone export that fits; else None"
    )


class _Firm(NamedTuple):
    id: str
    name: str
    name_en: str | None
    province: str
    tier: str
    role: str
    links: list[str]
    illustrative: bool


def _firms_of(package: ChainPackage, rows: Iterable[Mapping[str, Any]] | None) -> list[_Firm]:
    """The enterprises as the skeleton needs them: from the package, or from the rows of a
    package document as stored (not validated: that costs seconds at 100,000 firms, and the
    document was checked when it was written), with the model's defaults."""
    if rows is None:
        return [
            _Firm(
                e.id,
                e.name,
                e.name_en,
                e.province,
                e.tier,
                e.role,
                list(e.links),
                e.basis == "illustrative",
            )
            for e in package.enterprises
        ]
    return [
        _Firm(
            r["id"],
            r["name"],
            r.get("name_en"),
            r["province"],
            r.get("tier") or "follower",
            r.get("role") or "member",
            list(r.get("links") or []),
            r.get("basis") == "illustrative",
        )
        for r in rows
    ]


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


def build_map_skeleton(
    package: ChainPackage,
    *,
    hide_illustrative: bool = False,
    embed_firms: bool = False,
    enterprise_rows: Iterable[Mapping[str, Any]] | None = None,
) -> MapSkeleton:
    """The map's skeleton of one chain package.

    Parameters
    ----------
    package : ChainPackage
        The chain as the caller may see it; its supplies are not read.
    hide_illustrative : bool
        Drop every record with ``basis == "illustrative"`` (and what only hung on one).
    embed_firms : bool
        Carry every enterprise in ``firms`` when there are at most `EMBED_LIMIT` of them (a
        standalone export that works offline); a larger chain keeps ``firms`` None.
    enterprise_rows : iterable of mappings, optional
        The enterprises as rows of the stored package document, used instead of
        ``package.enterprises`` (which may then be empty).

    Returns
    -------
    MapSkeleton
        Links in reading order (FEEDS layer, then segment and order), each with its enterprise
        count, leaders in and out of the home province and the worst grade of its open problems.

    Examples
    --------
    >>> package = ChainPackage.model_validate({
    ...     "chain": {"id": "demo", "name": "示例链", "home_province": "山东"},
    ...     "segments": [{"id": "up", "name": "上游", "order": 0}],
    ...     "links": [{"id": "steel", "name": "轴承钢", "segment": "up", "order": 0}],
    ...     "enterprises": [{"id": "a", "name": "甲", "province": "山东", "links": ["steel"],
    ...                      "tier": "leader"}],
    ... })
    >>> [(lk.name, lk.enterprise_count, lk.leaders_in) for lk in build_map_skeleton(package).links]
    [('轴承钢', 1, 1)]
    """
    firms = _firms_of(package, enterprise_rows)
    if hide_illustrative:
        package = without_illustrative(
            package.model_copy(update={"supplies": [], "enterprises": []})
        )
    home = package.chain.home_province
    link_ids = {lk.id for lk in package.links}
    if hide_illustrative:
        firms = [
            f._replace(links=[lid for lid in f.links if lid in link_ids])
            for f in firms
            if not f.illustrative and any(lid in link_ids for lid in f.links)
        ]
    count: dict[str, int] = defaultdict(int)
    leaders_in: dict[str, int] = defaultdict(int)
    leaders_out: dict[str, int] = defaultdict(int)
    in_province: dict[str, int] = defaultdict(int)
    provinces: set[str] = set()
    for e in firms:
        provinces.add(e.province)
        for lid in set(e.links) & link_ids:
            count[lid] += 1
            in_province[lid] += e.province == home
            if e.tier == "leader":
                (leaders_in if e.province == home else leaders_out)[lid] += 1
    institutions: dict[str, list[InstitutionRef]] = defaultdict(list)
    for inst in package.institutions:
        ref = InstitutionRef(
            id=inst.id,
            name=inst.name,
            province=inst.province,
            accreditations=list(inst.accreditations),
            capabilities=list(inst.capabilities),
            illustrative=inst.basis == "illustrative",
        )
        for lid in inst.serves:
            institutions[lid].append(ref)
    problems = open_problems_by_link(package)
    links: list[SkeletonLink] = []
    for stage, column in enumerate(link_columns(package)):
        for lk in column:
            links.append(
                SkeletonLink(
                    id=lk.id,
                    name=lk.name,
                    name_en=lk.name_en,
                    segment=lk.segment,
                    parent=lk.parent,
                    stage=stage,
                    rank=len(links),
                    illustrative=lk.basis == "illustrative",
                    enterprise_count=count[lk.id],
                    leaders_in=leaders_in[lk.id],
                    leaders_out=leaders_out[lk.id],
                    in_province=in_province[lk.id],
                    worst_grade=worst_grade(problems[lk.id]),
                    open_problems=problems[lk.id],
                    institutions=institutions[lk.id],
                    quality_characteristics=list(lk.quality_characteristics),
                    quality_level=lk.quality_level,
                    risk_points=list(lk.risk_points),
                    source=lk.source,
                )
            )
    seen: set[tuple[str, str]] = set()
    flows = []
    for f in package.link_flows:
        if f.from_ in link_ids and f.to in link_ids and (f.from_, f.to) not in seen:
            seen.add((f.from_, f.to))
            flows.append(
                SkeletonFlow(source=f.from_, target=f.to, illustrative=f.basis == "illustrative")
            )
    embedded = None
    if embed_firms and len(firms) <= EMBED_LIMIT:
        embedded = [
            MapFirm(
                id=e.id,
                name=e.name,
                name_en=e.name_en,
                province=e.province,
                tier=e.tier,
                role=e.role,
                links=[lid for lid in e.links if lid in link_ids],
                illustrative=e.illustrative,
            )
            for e in sorted(firms, key=lambda e: e.id)
        ]
    return MapSkeleton(
        chain_id=package.chain.id,
        chain_name=package.chain.name,
        home_province=home,
        segments=[
            SkeletonSegment(id=s.id, name=s.name, name_en=s.name_en, order=s.order)
            for s in sorted(package.segments, key=lambda s: (s.order, s.id))
        ],
        links=links,
        flows=flows,
        provinces=sorted(provinces, key=lambda p: (p != home, p)),
        enterprise_total=len(firms),
        firms=embedded,
    )
