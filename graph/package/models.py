"""The chain package: pydantic models of every record a chain holds (docs/architecture.md,
Graph model and Chain package).

A package is one JSON document; these models are its schema, its validator and the shape the
store writes. Field names are the stored property names. Nested values (quality characteristics,
scores, capabilities, milestones, ip, revenue) are stored as JSON strings because neither
Neo4j nor FalkorDB keeps maps in properties; `graph.package.records` does that translation.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=r"^[\w.:@-]+$")]
Text = Annotated[str, StringConstraints(max_length=2000)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Basis = Literal["sourced", "illustrative"]
Tier = Literal["leader", "follower"]
# Lifecycle of a firm: closed and moved firms keep their record and history but stop counting
# as suppliers.
Lifecycle = Literal["active", "closed", "moved"]
Role = Literal["chain_owner", "backbone", "member"]
Category = Literal["technology", "management", "brand", "infrastructure", "other"]
ProblemStatus = Literal["identified", "analyzing", "tackling", "resolved"]
Sharing = Literal["public", "members", "directed", "paid"]
AchievementType = Literal[
    "patent", "know-how", "software", "standard", "solution", "database", "case", "other"
]
Dimension = Literal[
    "tech_rd",
    "procurement_supply",
    "application",
    "industry_activity",
    "policy",
    "product",
    "certification",
    "major_project",
    "investment",
]


class Record(BaseModel):
    """Base of every package record: unknown fields are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)


class Sourced(Record):
    """A fact from a document cites it in `source`; a placeholder or estimate says so."""

    source: Text | None = None
    basis: Basis = "sourced"


class Chain(Sourced):
    id: Id
    name: Name
    name_en: Text | None = None
    home_province: Name
    # The body that keeps the map and issues its report (编制单位), as its title page names it.
    issuer: Text | None = None
    update_cycle_days: int = Field(default=365, ge=1, le=3650)


class Segment(Record):
    id: Id
    name: Name
    name_en: Text | None = None
    order: int = Field(ge=0, le=100)


class QualityCharacteristic(Record):
    name: Name
    target: Text | None = None
    current: Text | None = None


class Link(Sourced):
    id: Id
    name: Name
    name_en: Text | None = None
    segment: Id
    parent: Id | None = None
    order: int = Field(ge=0, le=10_000)
    quality_characteristics: list[QualityCharacteristic] = Field(default_factory=list)
    quality_level: Text | None = None
    risk_points: list[Text] = Field(default_factory=list)


class LinkFlow(Sourced):
    from_: Id = Field(alias="from")
    to: Id


class Enterprise(Sourced):
    id: Id
    name: Name
    name_en: Text | None = None
    province: Name
    city: Text | None = None
    county: Text | None = None
    town: Text | None = None
    links: list[Id] = Field(min_length=1)
    tier: Tier = "follower"
    tier_basis: Text | None = None
    role: Role = "member"
    products: list[Text] = Field(default_factory=list)
    tech_route: Text | None = None
    revenue_10k_cny: dict[str, float] = Field(default_factory=dict)
    honors: list[Text] = Field(default_factory=list)
    status: Lifecycle = "active"


class Supply(Sourced):
    supplier: Id
    customer: Id
    link: Id
    product: Text | None = None
    share: float | None = Field(default=None, ge=0, le=1)


class Capability(Record):
    product: Text
    parameter: Text | None = None
    method: Text | None = None
    standard: Text | None = None


class Institution(Sourced):
    id: Id
    name: Name
    province: Name
    city: Text | None = None
    accreditations: list[Text] = Field(default_factory=list)
    capabilities: list[Capability] = Field(default_factory=list)
    serves: list[Id] = Field(default_factory=list)


class Scores(Record):
    """Annex D inputs, each 1-5."""

    safety_competitiveness: int = Field(ge=1, le=5)
    spread: int = Field(ge=1, le=5)
    urgency_difficulty: int = Field(ge=1, le=5)


class StatusChange(Record):
    """One recorded move of a problem's status (guide §5.4.2 g): who, when, from, to, why."""

    at: Text
    by: Text
    from_status: ProblemStatus | None = None
    to_status: ProblemStatus
    note: Text | None = None


class Problem(Sourced):
    id: Id
    title: Name
    link: Id
    reported_by: Text | None = None
    reported_on: Text | None = None
    description: Text | None = None
    impact: Text | None = None
    root_cause_technical: Text | None = None
    root_cause_management: Text | None = None
    category: Category
    status: ProblemStatus = "identified"
    scores: Scores
    suggestion: Text | None = None
    common: bool = False
    related: list[Id] = Field(default_factory=list)
    enterprises: list[Id] = Field(default_factory=list)
    history: list[StatusChange] = Field(default_factory=list)


class Milestone(Record):
    date: Text
    text: Text
    done: bool = False


class ProgressUpdate(Record):
    """A periodic (e.g. quarterly) progress report of a project (guide §5.5.4 a)."""

    period: Text
    text: Text
    at: Text | None = None
    by: Text | None = None


class Project(Sourced):
    id: Id
    name: Name
    problems: list[Id] = Field(min_length=1)
    lead: Id | None = None
    participants: list[Id] = Field(default_factory=list)
    period: Text | None = None
    targets: list[Text] = Field(default_factory=list)
    status: Text = "planned"
    milestones: list[Milestone] = Field(default_factory=list)
    checks: list[Text] = Field(default_factory=list)
    changes: list[Text] = Field(default_factory=list)
    risks: list[Text] = Field(default_factory=list)
    progress: list[ProgressUpdate] = Field(default_factory=list)


class IP(Record):
    type: Text | None = None
    status: Text | None = None
    number: Text | None = None
    holder: Text | None = None


class Achievement(Sourced):
    id: Id
    name: Name
    contributor: Text | None = None
    type: AchievementType = "other"
    summary: Text | None = None
    project: Id | None = None
    problems: list[Id] = Field(default_factory=list)
    ip: IP | None = None
    sharing: Sharing = "public"
    conditions: Text | None = None
    directed_to: list[Id] = Field(default_factory=list)
    performance: Text | None = None
    scope: Text | None = None
    contact: Text | None = None
    review: Text | None = None


class Event(Sourced):
    id: Id
    date: Text
    dimension: Dimension
    title: Name
    refs: list[Id] = Field(default_factory=list)
    triggers_update: bool = False


class ChainPackage(Record):
    """A whole chain (docs/architecture.md, Chain package). Importing it makes the chain in the
    store equal to it."""

    chain: Chain
    segments: list[Segment] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    link_flows: list[LinkFlow] = Field(default_factory=list)
    enterprises: list[Enterprise] = Field(default_factory=list)
    supplies: list[Supply] = Field(default_factory=list)
    institutions: list[Institution] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    achievements: list[Achievement] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    indicators: dict[str, float] = Field(default_factory=dict)
