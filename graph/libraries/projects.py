"""The breakthrough project library (guide §5.5, Annexes E, F): projects sourced from problems.

A project names at least one problem of the library. Its running record follows §5.5.4: `progress`
(periodic updates, a), `checks` (mid-term check results, b), `changes` (change records, c: every
update of name, problems, lead, participants, period, targets or status adds one automatically) and
`risks` (open risk flags, d: raised and closed explicitly; closing one adds a change record). A
project's status never moves its problems' statuses. Every write is an edit of the chain package
(graph.versioning.edits.apply_edit): a version with its diff and audit entry
(`project.create|update|progress|check|change|risk|risk_close|delete`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from graph.access.principal import Principal
from graph.errors import ConflictError, InvalidReferenceError, PackageIssue, RecordNotFoundError
from graph.libraries.records import Library, Stored, Writer, now
from graph.package.models import ChainPackage, Milestone, ProgressUpdate, Project
from graph.reads.lookup import require_chain
from graph.store.base import GraphStore
from graph.versioning.edits import Summary

__all__ = [
    "PROJECT_STATUSES",
    "FINISHED",
    "ProjectWarning",
    "list_projects",
    "get_project",
    "create_project",
    "update_project",
    "add_progress",
    "add_check",
    "add_change",
    "raise_risk",
    "close_risk",
    "delete_project",
    "project_warnings",
]

PROJECT_STATUSES = ("planned", "in_progress", "accepted", "terminated")
FINISHED = frozenset({"accepted", "terminated"})
TRACKED_FIELDS = {
    "name": "名称",
    "problems": "拟解决问题",
    "lead": "牵头单位",
    "participants": "参与单位",
    "period": "项目周期",
    "targets": "目标与考核指标",
    "status": "状态",
}


def list_projects(
    store: GraphStore, chain: str, *, status: str | None = None, problem: str | None = None
) -> list[Stored[Project]]:
    """The chain's projects in id order, optionally of one status or addressing one problem."""
    require_chain(store, chain)
    params = {"chain": chain, "status": status, "problem": problem}
    return [PROJECTS.stored(row["props"]) for row in store.read("projects/list", params)]


def get_project(store: GraphStore, chain: str, project_id: str) -> Stored[Project]:
    return PROJECTS.get(store, chain, project_id)


def _check_references(package: ChainPackage, project: Project) -> None:
    issues: list[PackageIssue] = []
    problems = {p.id for p in package.problems}
    issues += [
        PackageIssue(f"$.problems[{n}]", f"unknown problem {x!r}")
        for n, x in enumerate(project.problems)
        if x not in problems
    ]
    actors = {e.id for e in package.enterprises} | {i.id for i in package.institutions}
    if project.lead and project.lead not in actors:
        issues.append(PackageIssue("$.lead", f"unknown enterprise or institution {project.lead!r}"))
    issues += [
        PackageIssue(f"$.participants[{n}]", f"unknown enterprise or institution {x!r}")
        for n, x in enumerate(project.participants)
        if x not in actors
    ]
    if project.status not in PROJECT_STATUSES:
        issues.append(PackageIssue("$.status", f"status must be one of {PROJECT_STATUSES}"))
    if issues:
        raise InvalidReferenceError(issues)


def _record(by: str, text: str) -> str:
    return f"{now()} {by}: {text}"


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "（无）"
    return "（无）" if value in (None, "") else str(value)


def _referrers(package: ChainPackage, project_id: str) -> list[str]:
    """Achievements that come from the project and events that refer to it."""
    found = [f"achievement {a.id}" for a in package.achievements if a.project == project_id]
    found += [f"event {ev.id}" for ev in package.events if project_id in ev.refs]
    return sorted(found)


PROJECTS = Library(
    "project", "projects", Project, "projects", check=_check_references, referrers=_referrers
)


def _change(
    store: GraphStore,
    chain: str,
    project_id: str,
    change: Callable[[Project], Project],
    *,
    principal: Principal,
    if_match: str | None,
    action: str,
    summary: Summary,
) -> Stored[Project]:
    writer = Writer(store, chain, principal)
    PROJECTS.change(writer, project_id, change, if_match=if_match, action=action, summary=summary)
    return get_project(store, chain, project_id)


def create_project(
    store: GraphStore, chain: str, project: Project, *, principal: Principal
) -> Stored[Project]:
    """Add a project; every problem, the lead and the participants must exist in the chain."""
    summary = f"project {project.id}: created ({project.status})"
    PROJECTS.create(Writer(store, chain, principal), project, summary)
    return get_project(store, chain, project.id)


def update_project(
    store: GraphStore,
    chain: str,
    project: Project,
    *,
    principal: Principal,
    reason: str | None = None,
    if_match: str | None = None,
) -> Stored[Project]:
    """Replace a project's plan (name, problems, lead, participants, period, targets, status,
    milestones); its running record (progress, checks, changes, risks) is kept, and a change
    record names every tracked field that changed, with `reason`."""
    by = principal.key_id or ""
    diffs: list[str] = []

    def change(old: Project) -> Project:
        diffs.extend(
            f"{label} {_describe(getattr(old, f))} → {_describe(getattr(project, f))}"
            for f, label in TRACKED_FIELDS.items()
            if getattr(old, f) != getattr(project, f)
        )
        changes = list(old.changes)
        if diffs:
            note = f"（原因：{reason}）" if reason else ""
            changes.append(_record(by, "变更 " + "；".join(diffs) + note))
        kept = {
            "progress": old.progress,
            "checks": old.checks,
            "changes": changes,
            "risks": old.risks,
        }
        return project.model_copy(update=kept)

    def summary() -> str:
        return f"project {project.id}: plan updated" + (f": {'；'.join(diffs)}" if diffs else "")

    return _change(
        store,
        chain,
        project.id,
        change,
        principal=principal,
        if_match=if_match,
        action="update",
        summary=summary,
    )


def add_progress(
    store: GraphStore,
    chain: str,
    project_id: str,
    update: ProgressUpdate,
    *,
    principal: Principal,
    milestones_done: list[int] | None = None,
    if_match: str | None = None,
) -> Stored[Project]:
    """Record a periodic progress update (§5.5.4 a), marking milestones (by index) done."""

    def change(project: Project) -> Project:
        milestones = list(project.milestones)
        for index in milestones_done or []:
            if not 0 <= index < len(milestones):
                raise InvalidReferenceError(
                    [PackageIssue(f"$.milestones_done[{index}]", "no such milestone")]
                )
            milestones[index] = Milestone(**{**milestones[index].model_dump(), "done": True})
        entry = update.model_copy(update={"at": now(), "by": principal.key_id or ""})
        return project.model_copy(
            update={"progress": [*project.progress, entry], "milestones": milestones}
        )

    return _change(
        store,
        chain,
        project_id,
        change,
        principal=principal,
        if_match=if_match,
        action="progress",
        summary=f"project {project_id}: progress {update.period}",
    )


def _append_record(
    store: GraphStore,
    chain: str,
    project_id: str,
    field: Literal["checks", "changes"],
    text: str,
    *,
    principal: Principal,
    if_match: str | None,
    action: str,
    summary: str,
) -> Stored[Project]:
    """Add a dated, signed line to one of the project's running records."""

    def change(project: Project) -> Project:
        lines = [*getattr(project, field), _record(principal.key_id or "", text)]
        return project.model_copy(update={field: lines})

    return _change(
        store,
        chain,
        project_id,
        change,
        principal=principal,
        if_match=if_match,
        action=action,
        summary=summary,
    )


def add_check(
    store: GraphStore,
    chain: str,
    project_id: str,
    result: str,
    *,
    principal: Principal,
    if_match: str | None = None,
) -> Stored[Project]:
    """Record a mid-term check result (§5.5.4 b), e.g. "通过" or "需整改：…"."""
    return _append_record(
        store,
        chain,
        project_id,
        "checks",
        result,
        principal=principal,
        if_match=if_match,
        action="check",
        summary=f"project {project_id}: mid-term check: {result}",
    )


def add_change(
    store: GraphStore,
    chain: str,
    project_id: str,
    text: str,
    *,
    principal: Principal,
    if_match: str | None = None,
) -> Stored[Project]:
    """Record an approved change that no field of the plan shows (§5.5.4 c)."""
    return _append_record(
        store,
        chain,
        project_id,
        "changes",
        text,
        principal=principal,
        if_match=if_match,
        action="change",
        summary=f"project {project_id}: change recorded: {text}",
    )


def raise_risk(
    store: GraphStore,
    chain: str,
    project_id: str,
    text: str,
    *,
    principal: Principal,
    if_match: str | None = None,
) -> Stored[Project]:
    """Flag a risk that may make the project fail (§5.5.4 d); it stays open until closed."""

    def change(project: Project) -> Project:
        if text in project.risks:
            raise ConflictError(f"project {project_id!r} already flags this risk")
        return project.model_copy(update={"risks": [*project.risks, text]})

    return _change(
        store,
        chain,
        project_id,
        change,
        principal=principal,
        if_match=if_match,
        action="risk",
        summary=f"project {project_id}: risk raised: {text}",
    )


def close_risk(
    store: GraphStore,
    chain: str,
    project_id: str,
    index: int,
    *,
    principal: Principal,
    note: str | None = None,
    if_match: str | None = None,
) -> Stored[Project]:
    """Close the open risk at `index`; a change record keeps what it was and why it closed."""
    closed: list[str] = []

    def change(project: Project) -> Project:
        if not 0 <= index < len(project.risks):
            raise RecordNotFoundError(f"project {project_id!r} has no open risk #{index}")
        risk = project.risks[index]
        closed.append(risk)
        risks = [r for n, r in enumerate(project.risks) if n != index]
        text = f"风险解除：{risk}" + (f"（{note}）" if note else "")
        changes = [*project.changes, _record(principal.key_id or "", text)]
        return project.model_copy(update={"risks": risks, "changes": changes})

    return _change(
        store,
        chain,
        project_id,
        change,
        principal=principal,
        if_match=if_match,
        action="risk_close",
        summary=lambda: f"project {project_id}: risk closed: {closed[0]}",
    )


def delete_project(
    store: GraphStore,
    chain: str,
    project_id: str,
    *,
    principal: Principal,
    if_match: str | None = None,
) -> Project:
    """Remove a project no achievement comes from and no event refers to (else a conflict)."""
    removed, _ = PROJECTS.delete(Writer(store, chain, principal), project_id, if_match=if_match)
    return removed


@dataclass(frozen=True)
class ProjectWarning:
    """A running project that needs attention: milestones past due and not done, open risks."""

    project: str
    name: str
    status: str
    overdue: list[Milestone]
    risks: list[str]


def _due(milestone: Milestone) -> date | None:
    try:
        return date.fromisoformat(milestone.date[:10])
    except ValueError:
        return None


def project_warnings(store: GraphStore, chain: str, today: date) -> list[ProjectWarning]:
    """Projects not yet accepted or terminated with an overdue milestone or an open risk.

    A milestone is overdue when its date (ISO, `YYYY-MM-DD`) is before `today` and it is not
    done; milestones whose date is not an ISO date are never counted overdue."""
    warnings = []
    for stored in list_projects(store, chain):
        p = stored.record
        if p.status in FINISHED:
            continue
        overdue = [
            m for m in p.milestones if not m.done and (d := _due(m)) is not None and d < today
        ]
        if overdue or p.risks:
            warnings.append(ProjectWarning(p.id, p.name, p.status, overdue, list(p.risks)))
    return warnings
