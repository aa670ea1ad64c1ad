"""The view models of a chain: the layered map (nodes, edges, details) and the static
overview (columns of industries, regions, leading firms); what the API returns and `viz/` draws."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from graph.package.models import (
    Capability,
    Problem,
    QualityCharacteristic,
)
from graph.package.severity import Grade
from graph.views.timeline import TimelineItem

__all__ = [
    "GRADE_RANK",
    "BottleneckMarks",
    "EdgeKind",
    "EnterpriseDetails",
    "EnterpriseRef",
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
    "is_open",
]

NodeKind = Literal["segment", "link", "enterprise", "institution"]
EdgeKind = Literal["has_link", "sub_link", "feeds", "serves", "supplies"]

GRADE_RANK: dict[str, int] = {"★": 1, "★★": 2, "★★★": 3}


def is_open(problem: Problem) -> bool:
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
    # What only the store knows; the service fills these in (graph.views.chain_views).
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


class BottleneckMarks(BaseModel):
    """A link's bottleneck components as the overview marks them (docs/analytics.md)."""

    score: float
    single_source_share: float | None
    concentration: float | None
    has_home_leader: bool
    flags: list[str]  # what crosses its threshold, in words (单一来源 / 集中 / 无省内领导者)


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
    risk_points: list[str] = Field(default_factory=list)
    feeds: list[str] = Field(default_factory=list)  # names of the links this one feeds
    marks: BottleneckMarks | None = None  # None: no analysis was given


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
    flows: list[tuple[str, str]] = Field(default_factory=list)  # link ids, upstream first
    enterprise_count: int = 0


# --- shared helpers --------------------------------------------------------------------------
