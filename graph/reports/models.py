"""The chain quality report as data (docs/views.md, Chain quality report): every section a
bureau hands over once a year, already cut to what the reader may see; `viz.report` lays it
out and `viz.charts` draws its charts."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from graph.views.models import OverviewView

__all__ = [
    "AchievementRow",
    "BottleneckRow",
    "ChainNumbers",
    "ChartSeries",
    "DiffSection",
    "DisruptionSection",
    "EvaluationSection",
    "IndicatorRow",
    "ProjectRow",
    "ReportView",
    "SingleSource",
]


class ChainNumbers(BaseModel):
    """The chain in numbers (§5.3.1): links, enterprises by tier / role / province."""

    segments: list[tuple[str, int]]  # segment name, links in it
    links: int
    enterprises: int
    in_province: int
    leaders: int
    followers: int
    roles: dict[str, int]  # 链主 / 骨干 / 成员 -> count
    provinces: list[tuple[str, int]]  # most enterprises first
    institutions: int
    supplies: int


class SingleSource(BaseModel):
    customer: str
    supplier: str


class BottleneckRow(BaseModel):
    link: str
    segment: str
    score: float
    enterprises: int
    supply_edges: int
    single_source_share: float | None
    concentration: float | None
    has_home_leader: bool
    out_of_province: float | None
    top_open_grade: str | None
    flags: list[str]
    single_sources: int  # customers in the chain whose only supplier in this link is one firm
    examples: list[SingleSource]  # a few of them, by name


class DisruptionSection(BaseModel):
    """What failing the home province's largest outside supplier region would cut off."""

    province: str | None  # None: the chain has no supply from outside its home province
    supply_edges_into_home: int
    failed: int
    cut_off: int
    cut_off_in_home: int
    by_round: list[tuple[int, int]]
    by_link: list[tuple[str, int]]  # link name, firms cut off; most first


class ProjectRow(BaseModel):
    id: str
    name: str
    status: str
    lead: str
    period: str
    problems: list[str]  # problem titles
    targets: list[str]
    milestones_done: int
    milestones_total: int
    overdue: list[str]  # "2026-06-30 text"
    risks: list[str]
    checks: list[str]  # mid-term check results (§5.5.4 b)
    changes: int  # change records (§5.5.4 c)
    latest_progress: str | None


class AchievementRow(BaseModel):
    id: str
    name: str
    type: str
    contributor: str
    sharing: str
    summary: str


class IndicatorRow(BaseModel):
    dimension: str
    name: str
    weight: int
    value: float | None
    score: float | None
    source: str


class EvaluationSection(BaseModel):
    score: float
    covered_weight: int
    dimensions: list[tuple[str, int, float, int]]  # name, weight, score, covered weight
    indicators: list[IndicatorRow]
    figures: list[tuple[str, str]]  # Annex K figure, value as shown


class DiffSection(BaseModel):
    from_version: str | None
    to_version: str
    counts: list[tuple[str, int, int, int]]  # kind label, added, removed, changed
    news: list[str]


class ChartSeries(BaseModel):
    """One chart's data: categories along one axis, one or more named series of values."""

    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]]  # name, one value per category
    unit: str
    colours: list[str] = Field(default_factory=list)


class ReportView(BaseModel):
    chain_id: str
    chain_name: str
    chain_name_en: str | None
    home_province: str
    issuer: str | None
    version: str | None
    version_created_at: str | None
    generated_on: date
    audience: str  # the role the report was cut for
    member_data: bool  # problems in full, projects and the evaluation are in it
    source: str | None
    overview: OverviewView
    numbers: ChainNumbers
    bottlenecks: list[BottleneckRow]
    disruption: DisruptionSection
    problem_headers: list[str]
    problem_rows: list[list[str]]
    projects: list[ProjectRow]
    achievements: list[AchievementRow]
    evaluation: EvaluationSection | None
    diff: DiffSection | None
    charts: dict[str, ChartSeries]
