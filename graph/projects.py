"""The breakthrough project library (guide §5.5, Annexes E, F): projects sourced from problems.

A project names at least one problem of the library. Its running record follows §5.5.4:
`progress` (periodic updates, a), `checks` (mid-term check results, b), `changes` (change
records, c: every update of name, problems, lead, participants, period, targets or status adds
one automatically) and `risks` (open risk flags, d: raised and closed explicitly; closing one
adds a change record). A project's status never moves its problems' statuses.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.models import Milestone, ProgressUpdate, Project
from graph.package import PackageIssue
from graph.records import from_props, to_props
from graph.store.base import GraphStore, Statement
from graph.writes import (
    WRITE_TOKEN,
    ConflictError,
    InvalidReferenceError,
    RecordNotFoundError,
    Stored,
    check_if_match,
    etag_of,
    missing_ids,
    now,
    require_chain,
    write_lock,
)

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


def _stored(props: dict[str, Any]) -> Stored[Project]:
    return Stored(from_props(Project, props), etag_of(props), props)


def list_projects(
    store: GraphStore, chain: str, *, status: str | None = None, problem: str | None = None
) -> list[Stored[Project]]:
    """The chain's projects in id order, optionally of one status or addressing one problem."""
    require_chain(store, chain)
    params = {"chain": chain, "status": status, "problem": problem}
    return [_stored(row["props"]) for row in store.read("projects/list", params)]


def get_project(store: GraphStore, chain: str, project_id: str) -> Stored[Project]:
    require_chain(store, chain)
    rows = store.read("projects/get", {"chain": chain, "id": project_id})
    if not rows:
        raise RecordNotFoundError(f"chain {chain!r} has no project {project_id!r}")
    return _stored(rows[0]["props"])


def _actors_missing(store: GraphStore, chain: str, ids: list[str]) -> set[str]:
    return missing_ids(store, "enterprises", chain, ids) & missing_ids(
        store, "institutions", chain, ids
    )


def _check_references(store: GraphStore, chain: str, project: Project) -> None:
    issues: list[PackageIssue] = []
    unknown = missing_ids(store, "problems", chain, project.problems)
    issues += [
        PackageIssue(f"$.problems[{n}]", f"unknown problem {x!r}")
        for n, x in enumerate(project.problems)
        if x in unknown
    ]
    if project.lead and _actors_missing(store, chain, [project.lead]):
        issues.append(PackageIssue("$.lead", f"unknown enterprise or institution {project.lead!r}"))
    unknown = _actors_missing(store, chain, project.participants)
    issues += [
        PackageIssue(f"$.participants[{n}]", f"unknown enterprise or institution {x!r}")
        for n, x in enumerate(project.participants)
        if x in unknown
    ]
    if project.status not in PROJECT_STATUSES:
        issues.append(PackageIssue("$.status", f"status must be one of {PROJECT_STATUSES}"))
    if issues:
        raise InvalidReferenceError(issues)


def _statements(chain: str, project: Project) -> Iterator[Statement]:
    """Node and edges exactly as an import of the same record writes them."""
    scope = {"chain": chain, "token": WRITE_TOKEN}
    yield "projects/put", {**scope, "id": project.id, "props": to_props(project)}
    yield "projects/unlink", {"chain": chain, "id": project.id}
    rows = [{"from": project.id, "to": p} for p in project.problems]
    yield "import/project_addresses", {**scope, "rows": rows}
    rows = [{"from": project.lead, "to": project.id}] if project.lead else []
    yield "import/project_leads", {**scope, "rows": rows}
    rows = [{"from": a, "to": project.id} for a in project.participants]
    yield "import/project_joins", {**scope, "rows": rows}


def _write(store: GraphStore, chain: str, project: Project) -> Stored[Project]:
    store.write_atomically(list(_statements(chain, project)))
    return get_project(store, chain, project.id)


def _record(by: str, text: str) -> str:
    return f"{now()} {by}: {text}"


def create_project(store: GraphStore, chain: str, project: Project, *, by: str) -> Stored[Project]:
    """Add a project; every problem, the lead and the participants must exist in the chain."""
    with write_lock:
        require_chain(store, chain)
        if store.read("projects/get", {"chain": chain, "id": project.id}):
            raise ConflictError(f"chain {chain!r} already has a project {project.id!r}")
        _check_references(store, chain, project)
        return _write(store, chain, project)


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "（无）"
    return "（无）" if value in (None, "") else str(value)


def update_project(
    store: GraphStore,
    chain: str,
    project: Project,
    *,
    by: str,
    reason: str | None = None,
    if_match: str | None = None,
) -> Stored[Project]:
    """Replace a project's plan (name, problems, lead, participants, period, targets, status,
    milestones); its running record (progress, checks, changes, risks) is kept, and a change
    record names every tracked field that changed, with `reason`."""
    with write_lock:
        current = get_project(store, chain, project.id)
        check_if_match(if_match, current.etag)
        _check_references(store, chain, project)
        old = current.record
        diffs = [
            f"{label} {_describe(getattr(old, f))} → {_describe(getattr(project, f))}"
            for f, label in TRACKED_FIELDS.items()
            if getattr(old, f) != getattr(project, f)
        ]
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
        return _write(store, chain, project.model_copy(update=kept))


def _save(store: GraphStore, chain: str, project: Project) -> Stored[Project]:
    store.write(
        "projects/put",
        {"chain": chain, "id": project.id, "props": to_props(project), "token": WRITE_TOKEN},
    )
    return get_project(store, chain, project.id)


def _current(store: GraphStore, chain: str, project_id: str, if_match: str | None) -> Project:
    current = get_project(store, chain, project_id)
    check_if_match(if_match, current.etag)
    return current.record


def add_progress(
    store: GraphStore,
    chain: str,
    project_id: str,
    update: ProgressUpdate,
    *,
    by: str,
    milestones_done: list[int] | None = None,
    if_match: str | None = None,
) -> Stored[Project]:
    """Record a periodic progress update (§5.5.4 a), marking milestones (by index) done."""
    with write_lock:
        project = _current(store, chain, project_id, if_match)
        milestones = list(project.milestones)
        for index in milestones_done or []:
            if not 0 <= index < len(milestones):
                raise InvalidReferenceError(
                    [PackageIssue(f"$.milestones_done[{index}]", "no such milestone")]
                )
            milestones[index] = Milestone(**{**milestones[index].model_dump(), "done": True})
        entry = update.model_copy(update={"at": now(), "by": by})
        return _save(
            store,
            chain,
            project.model_copy(
                update={"progress": [*project.progress, entry], "milestones": milestones}
            ),
        )


def add_check(
    store: GraphStore,
    chain: str,
    project_id: str,
    result: str,
    *,
    by: str,
    if_match: str | None = None,
) -> Stored[Project]:
    """Record a mid-term check result (§5.5.4 b), e.g. "通过" or "需整改：…"."""
    with write_lock:
        project = _current(store, chain, project_id, if_match)
        checks = [*project.checks, _record(by, result)]
        return _save(store, chain, project.model_copy(update={"checks": checks}))


def add_change(
    store: GraphStore,
    chain: str,
    project_id: str,
    text: str,
    *,
    by: str,
    if_match: str | None = None,
) -> Stored[Project]:
    """Record an approved change that no field of the plan shows (§5.5.4 c)."""
    with write_lock:
        project = _current(store, chain, project_id, if_match)
        changes = [*project.changes, _record(by, text)]
        return _save(store, chain, project.model_copy(update={"changes": changes}))


def raise_risk(
    store: GraphStore,
    chain: str,
    project_id: str,
    text: str,
    *,
    by: str,
    if_match: str | None = None,
) -> Stored[Project]:
    """Flag a risk that may make the project fail (§5.5.4 d); it stays open until closed."""
    with write_lock:
        project = _current(store, chain, project_id, if_match)
        if text in project.risks:
            raise ConflictError(f"project {project_id!r} already flags this risk")
        return _save(store, chain, project.model_copy(update={"risks": [*project.risks, text]}))


def close_risk(
    store: GraphStore,
    chain: str,
    project_id: str,
    index: int,
    *,
    by: str,
    note: str | None = None,
    if_match: str | None = None,
) -> Stored[Project]:
    """Close the open risk at `index`; a change record keeps what it was and why it closed."""
    with write_lock:
        project = _current(store, chain, project_id, if_match)
        if not 0 <= index < len(project.risks):
            raise RecordNotFoundError(f"project {project_id!r} has no open risk #{index}")
        risk = project.risks[index]
        risks = [r for n, r in enumerate(project.risks) if n != index]
        text = f"风险解除：{risk}" + (f"（{note}）" if note else "")
        changes = [*project.changes, _record(by, text)]
        return _save(store, chain, project.model_copy(update={"risks": risks, "changes": changes}))


def delete_project(
    store: GraphStore, chain: str, project_id: str, *, by: str, if_match: str | None = None
) -> Project:
    """Remove a project no achievement comes from (else a conflict)."""
    with write_lock:
        current = get_project(store, chain, project_id)
        check_if_match(if_match, current.etag)
        achievements = [
            r["id"] for r in store.read("projects/referrers", {"chain": chain, "id": project_id})
        ]
        if achievements:
            raise ConflictError(
                f"project {project_id!r} is the source of achievements {achievements}"
            )
        store.write("projects/delete", {"chain": chain, "id": project_id})
        return current.record


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
