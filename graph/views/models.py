"""View models of a chain: the static overview (columns of industries, regions, leading firms)
that the API returns, `viz/` draws and the report prints; the open-problem and institution
summaries the map skeleton lists per link (`graph.views.map_skeleton` holds the skeleton
itself); and the order of grades both use."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from graph.package.models import Capability, Problem
from graph.package.severity import Grade

__all__ = [
    "GRADE_RANK",
    "BottleneckMarks",
    "InstitutionRef",
    "OverviewColumn",
    "OverviewEnterprise",
    "OverviewIndustry",
    "OverviewView",
    "ProblemSummary",
    "Region",
    "is_open",
]

GRADE_RANK: dict[str, int] = {"★": 1, "★★": 2, "★★★": 3}


def is_open(problem: Problem) -> bool:
    return problem.status != "resolved"


class ProblemSummary(BaseModel):
    id: str
    title: str
    status: str
    category: str
    severity: float
    grade: Grade
    illustrative: bool


class InstitutionRef(BaseModel):
    id: str
    name: str
    province: str
    accreditations: list[str]
    capabilities: list[Capability]
    illustrative: bool = False


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
