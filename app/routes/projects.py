"""The breakthrough project library of a chain (guide §5.5, Annexes E, F).

Projects name the problems they address, so the library is member-level data like the problem
library. Writes need an editor key and accept `If-Match` with the ETag of the last read."""

from datetime import date

from fastapi import APIRouter, Response

from app.deps import EditorDep, IfMatchDep, MemberDep, RecordId, StoreDep
from app.records import located, public
from app.schemas import (
    ProgressIn,
    ProjectCreate,
    ProjectList,
    ProjectPublic,
    ProjectStatus,
    ProjectUpdate,
    ProjectWarningList,
    ProjectWarningPublic,
    RiskClose,
    TextIn,
)
from graph.libraries.projects import (
    add_change,
    add_check,
    add_progress,
    close_risk,
    create_project,
    delete_project,
    get_project,
    list_projects,
    project_warnings,
    raise_risk,
    update_project,
)
from graph.package.models import ProgressUpdate, Project

router = APIRouter(prefix="/api/v1/chains/{chain}/projects", tags=["projects"])


@router.get("", response_model=ProjectList)
def read_projects(
    chain: str,
    store: StoreDep,
    _: MemberDep,
    status: ProjectStatus | None = None,
    problem: str | None = None,
) -> ProjectList:
    """The chain's projects (Annex E), optionally of one status or addressing one problem."""
    found = list_projects(store, chain, status=status, problem=problem)
    return ProjectList(items=[public(ProjectPublic, chain, s) for s in found], total=len(found))


@router.get("/warnings", response_model=ProjectWarningList)
def read_project_warnings(
    chain: str, store: StoreDep, _: MemberDep, on: date | None = None
) -> ProjectWarningList:
    """Running projects with overdue milestones or open risks (§5.5.4 d), as of `on` (today)."""
    today = on or date.today()
    found = project_warnings(store, chain, today)
    return ProjectWarningList(
        on=today.isoformat(), items=[ProjectWarningPublic(**w.__dict__) for w in found]
    )


@router.post("", response_model=ProjectPublic, status_code=201)
def create_project_record(
    chain: str, body: ProjectCreate, store: StoreDep, principal: EditorDep, response: Response
) -> ProjectPublic:
    """Add a project; it must name at least one problem of the chain's library."""
    stored = create_project(store, chain, Project(**body.model_dump()), principal=principal)
    located(response, f"/api/v1/chains/{chain}/projects/{stored.record.id}", stored)
    return public(ProjectPublic, chain, stored)


@router.get("/{project_id}", response_model=ProjectPublic)
def read_project(
    chain: str, project_id: str, store: StoreDep, _: MemberDep, response: Response
) -> ProjectPublic:
    """One project with its progress, checks, changes and risks; the ETag tags this version."""
    return public(ProjectPublic, chain, get_project(store, chain, project_id), response)


@router.put("/{project_id}", response_model=ProjectPublic)
def update_project_record(
    chain: str,
    project_id: RecordId,
    body: ProjectUpdate,
    store: StoreDep,
    principal: EditorDep,
    response: Response,
    if_match: IfMatchDep = None,
) -> ProjectPublic:
    """Replace a project's plan; what changed is added to its change records."""
    plan = body.model_dump(exclude={"reason"})
    stored = update_project(
        store,
        chain,
        Project(**plan, id=project_id),
        principal=principal,
        reason=body.reason,
        if_match=if_match,
    )
    return public(ProjectPublic, chain, stored, response)


@router.post("/{project_id}/progress", response_model=ProjectPublic)
def create_progress_update(
    chain: str,
    project_id: str,
    body: ProgressIn,
    store: StoreDep,
    principal: EditorDep,
    response: Response,
    if_match: IfMatchDep = None,
) -> ProjectPublic:
    """Record a (quarterly) progress update and the milestones it completes."""
    update = ProgressUpdate(period=body.period, text=body.text)
    stored = add_progress(
        store,
        chain,
        project_id,
        update,
        principal=principal,
        milestones_done=body.milestones_done,
        if_match=if_match,
    )
    return public(ProjectPublic, chain, stored, response)


@router.post("/{project_id}/checks", response_model=ProjectPublic)
def create_check_result(
    chain: str,
    project_id: str,
    body: TextIn,
    store: StoreDep,
    principal: EditorDep,
    response: Response,
    if_match: IfMatchDep = None,
) -> ProjectPublic:
    """Record a mid-term check result, e.g. 通过 or 需整改：…"""
    stored = add_check(store, chain, project_id, body.text, principal=principal, if_match=if_match)
    return public(ProjectPublic, chain, stored, response)


@router.post("/{project_id}/changes", response_model=ProjectPublic)
def create_change_record(
    chain: str,
    project_id: str,
    body: TextIn,
    store: StoreDep,
    principal: EditorDep,
    response: Response,
    if_match: IfMatchDep = None,
) -> ProjectPublic:
    """Record an approved change that the plan's fields do not show."""
    stored = add_change(store, chain, project_id, body.text, principal=principal, if_match=if_match)
    return public(ProjectPublic, chain, stored, response)


@router.post("/{project_id}/risks", response_model=ProjectPublic)
def create_risk_flag(
    chain: str,
    project_id: str,
    body: TextIn,
    store: StoreDep,
    principal: EditorDep,
    response: Response,
    if_match: IfMatchDep = None,
) -> ProjectPublic:
    """Flag a risk that may make the project fail; it shows in the warnings until closed."""
    stored = raise_risk(store, chain, project_id, body.text, principal=principal, if_match=if_match)
    return public(ProjectPublic, chain, stored, response)


@router.post("/{project_id}/risks/{index}/close", response_model=ProjectPublic)
def close_risk_flag(
    chain: str,
    project_id: str,
    index: int,
    body: RiskClose,
    store: StoreDep,
    principal: EditorDep,
    response: Response,
    if_match: IfMatchDep = None,
) -> ProjectPublic:
    """Close the open risk at `index` (0-based); a change record keeps it."""
    stored = close_risk(
        store,
        chain,
        project_id,
        index,
        principal=principal,
        note=body.note,
        if_match=if_match,
    )
    return public(ProjectPublic, chain, stored, response)


@router.delete("/{project_id}", status_code=204, response_class=Response)
def delete_project_record(
    chain: str, project_id: str, store: StoreDep, principal: EditorDep, if_match: IfMatchDep = None
) -> Response:
    """Remove a project that no achievement comes from (else 409)."""
    delete_project(store, chain, project_id, principal=principal, if_match=if_match)
    return Response(status_code=204)
