"""Response bodies of the API (request bodies are the package models of graph.package.models)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from graph.package.models import (
    IP,
    Achievement,
    AchievementType,
    Category,
    Chain,
    Enterprise,
    Id,
    Institution,
    Link,
    Milestone,
    Name,
    Problem,
    ProblemStatus,
    Project,
    Record,
    Scores,
    Sharing,
    Sourced,
    Text,
)


class ProblemDetailsError(BaseModel):
    path: str
    message: str


class ProblemDetails(BaseModel):
    """An error as RFC 9457 problem details; `errors` lists every problem with its path."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[ProblemDetailsError] | None = None


class Health(BaseModel):
    status: str
    store: str
    counts: dict[str, int]


class LinkPublic(Link):
    enterprise_count: int


class EnterprisePage(BaseModel):
    items: list[Enterprise]
    total: int
    limit: int
    offset: int


class Partner(BaseModel):
    id: str
    name: str
    link: str
    basis: str | None = None
    status: str = "active"
    """Lifecycle of the partner firm: a closed or moved supplier no longer counts as one."""


class PartnerPage(BaseModel):
    items: list[Partner]
    total: int
    limit: int
    offset: int


class EnterpriseDetail(Enterprise):
    chain: str
    suppliers: list[Partner]
    """The first `partners` suppliers in (link, id) order; the rest page through /suppliers."""
    suppliers_total: int
    customers: list[Partner]
    customers_total: int


class ChainList(BaseModel):
    items: list[Chain]


class InstitutionList(BaseModel):
    items: list[Institution]


class MatchReport(BaseModel):
    incoming: str
    incoming_name: str
    existing: str | None = None
    existing_name: str | None = None
    score: float
    reason: str


class ImportMatches(BaseModel):
    """Incoming firms new to the chain: matched to a firm it held (now under that id), held as
    potential matches (see /chains/{chain}/matches), or new."""

    matched: list[MatchReport] = []
    potential: list[MatchReport] = []
    new: int = 0


class ImportSummary(BaseModel):
    chain: str
    version: str
    counts: dict[str, int]
    changes: dict[str, dict[str, int]] = {}
    matches: ImportMatches = ImportMatches()


class ProblemUpdate(Sourced):
    """A problem's editable fields (§5.4.2). Status moves go through `/status`; severity and
    grade are computed from `scores`."""

    title: Name
    link: Id
    reported_by: Text | None = None
    reported_on: Text | None = None
    description: Text | None = None
    impact: Text | None = None
    root_cause_technical: Text | None = None
    root_cause_management: Text | None = None
    category: Category
    scores: Scores
    suggestion: Text | None = None
    common: bool = False
    related: list[Id] = Field(default_factory=list, max_length=500)
    enterprises: list[Id] = Field(default_factory=list, max_length=500)


class ProblemCreate(ProblemUpdate):
    id: Id
    status: ProblemStatus = "identified"


class ProblemPublic(Problem):
    chain: str
    severity: float
    grade: str


class ProblemList(BaseModel):
    items: list[ProblemPublic]
    total: int


class StatusMove(Record):
    to: ProblemStatus
    note: Text | None = None


class LinkBadge(BaseModel):
    link: str
    open: dict[str, int]
    resolved: int
    highest_open_grade: str | None


class BadgeList(BaseModel):
    items: list[LinkBadge]


ProjectStatus = Literal["planned", "in_progress", "accepted", "terminated"]


class ProjectPlan(Sourced):
    """A project's plan (§5.5, Annex F); its running record has endpoints of its own."""

    name: Name
    problems: list[Id] = Field(min_length=1, max_length=200)
    lead: Id | None = None
    participants: list[Id] = Field(default_factory=list, max_length=500)
    period: Text | None = None
    targets: list[Text] = Field(default_factory=list, max_length=100)
    status: ProjectStatus = "planned"
    milestones: list[Milestone] = Field(default_factory=list, max_length=200)


class ProjectCreate(ProjectPlan):
    id: Id
    risks: list[Text] = Field(default_factory=list, max_length=100)


class ProjectUpdate(ProjectPlan):
    reason: Text | None = Field(default=None, description="why the plan changes (change record)")


class ProjectPublic(Project):
    chain: str


class ProjectList(BaseModel):
    items: list[ProjectPublic]
    total: int


class ProgressIn(Record):
    period: Text = Field(description="the period reported on, e.g. 2025Q3")
    text: Text
    milestones_done: list[int] = Field(
        default_factory=list, description="indexes of milestones this update completes"
    )


class TextIn(Record):
    text: Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class RiskClose(Record):
    note: Text | None = None


class ProjectWarningPublic(BaseModel):
    project: str
    name: str
    status: str
    overdue: list[Milestone]
    risks: list[str]


class ProjectWarningList(BaseModel):
    on: str
    items: list[ProjectWarningPublic]


class AchievementUpdate(Sourced):
    """An achievement's fields (Annex G); `project` must be an accepted project of the chain."""

    name: Name
    contributor: Text | None = None
    type: AchievementType = "other"
    summary: Text | None = None
    project: Id
    problems: list[Id] = Field(default_factory=list, max_length=200)
    ip: IP | None = None
    sharing: Sharing = "public"
    conditions: Text | None = None
    directed_to: list[Id] = Field(default_factory=list, max_length=500)
    performance: Text | None = None
    scope: Text | None = None
    contact: Text | None = None
    review: Text | None = None


class AchievementCreate(AchievementUpdate):
    id: Id


class AchievementPublic(Achievement):
    chain: str


class AchievementList(BaseModel):
    items: list[AchievementPublic]
    total: int
