"""The breakthrough project library in the console (guide §5.5, Annexes E and F): the project
list, a project's task sheet, and the running record of §5.5.4: progress (with the milestones
it completes), milestones, mid-term checks, changes and risks; the warnings list.

Member data, as in the API; every write needs an editor and names the ETag the page showed, so a
project changed meanwhile is refused (412) rather than overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.datastructures import FormData
from starlette.responses import Response

from app.console.forms import if_match, many, text
from app.console.pages import ConsoleRoute, issues_of, redirect, render, status_of
from app.console.session import EditorSession, MemberSession, PostedForm, Session
from app.deps import StoreDep
from graph.errors import ChainmapError, InvalidPackageError, PackageIssue
from graph.libraries.projects import (
    PROJECT_STATUSES,
    add_change,
    add_check,
    add_progress,
    close_risk,
    get_project,
    list_projects,
    project_warnings,
    raise_risk,
    update_project,
)
from graph.package.models import Milestone, ProgressUpdate
from graph.reads.chains import get_chain

router = APIRouter(prefix="/console/chains", route_class=ConsoleRoute, include_in_schema=False)


def _required(value: str | None, field: str) -> str:
    if value is None:
        raise InvalidPackageError([PackageIssue(field, "必填 · required")])
    return value


@router.get("/{chain}/projects")
def project_list(request: Request, chain: str, store: StoreDep, session: MemberSession) -> Response:
    today = date.today()
    return render(
        request,
        session,
        "projects.html",
        chain=get_chain(store, chain),
        here="projects",
        projects=[s.record for s in list_projects(store, chain)],
        warnings=project_warnings(store, chain, today),
        today=today.isoformat(),
    )


def _sheet(
    request: Request,
    session: Session,
    store: StoreDep,
    chain: str,
    project_id: str,
    *,
    issues: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> Response:
    stored = get_project(store, chain, project_id)
    today = date.today()
    warning = next(
        (w for w in project_warnings(store, chain, today) if w.project == project_id), None
    )
    return render(
        request,
        session,
        "project.html",
        status=status,
        chain=get_chain(store, chain),
        here="projects",
        stored=stored,
        project=stored.record,
        warning=warning,
        statuses=PROJECT_STATUSES,
        issues=issues or [],
        today=today.isoformat(),
    )


@router.get("/{chain}/projects/{project_id}")
def project_sheet(
    request: Request, chain: str, project_id: str, store: StoreDep, session: MemberSession
) -> Response:
    return _sheet(request, session, store, chain, project_id)


def _record(
    request: Request,
    session: Session,
    store: StoreDep,
    chain: str,
    project_id: str,
    form: FormData,
    write: Callable[[FormData, str | None], object],
) -> Response:
    """Run one running-record write from the posted form; the sheet again, with the errors,
    when it is refused."""
    try:
        write(form, if_match(form))
    except (ValidationError, ChainmapError) as exc:
        return _sheet(
            request,
            session,
            store,
            chain,
            project_id,
            issues=issues_of(exc),
            status=status_of(exc),
        )
    return redirect(request, f"/console/chains/{chain}/projects/{project_id}")


@router.post("/{chain}/projects/{project_id}/progress")
def post_progress(
    request: Request,
    chain: str,
    project_id: str,
    store: StoreDep,
    session: EditorSession,
    form: PostedForm,
) -> Response:
    def write(form: FormData, tag: str | None) -> object:
        update = ProgressUpdate(
            period=_required(text(form, "period"), "period"),
            text=_required(text(form, "text"), "text"),
        )
        done = [int(v) for v in many(form, "milestones_done") if v.isdigit()]
        return add_progress(
            store,
            chain,
            project_id,
            update,
            principal=session.principal,
            milestones_done=done,
            if_match=tag,
        )

    return _record(request, session, store, chain, project_id, form, write)


@router.post("/{chain}/projects/{project_id}/status")
def post_project_status(
    request: Request,
    chain: str,
    project_id: str,
    store: StoreDep,
    session: EditorSession,
    form: PostedForm,
) -> Response:
    """Move the project's status (an accepted project's achievements may then be submitted);
    the library records the change with its reason."""

    def write(form: FormData, tag: str | None) -> object:
        status = _required(text(form, "status"), "status")
        project = get_project(store, chain, project_id).record
        return update_project(
            store,
            chain,
            project.model_copy(update={"status": status}),
            principal=session.principal,
            reason=text(form, "reason"),
            if_match=tag,
        )

    return _record(request, session, store, chain, project_id, form, write)


@router.post("/{chain}/projects/{project_id}/milestones")
def post_milestone(
    request: Request,
    chain: str,
    project_id: str,
    store: StoreDep,
    session: EditorSession,
    form: PostedForm,
) -> Response:
    def write(form: FormData, tag: str | None) -> object:
        milestone = Milestone(
            date=_required(text(form, "date"), "date"),
            text=_required(text(form, "text"), "text"),
        )
        project = get_project(store, chain, project_id).record
        plan = project.model_copy(update={"milestones": [*project.milestones, milestone]})
        return update_project(
            store,
            chain,
            plan,
            principal=session.principal,
            reason=f"新增节点 {milestone.date} {milestone.text}",
            if_match=tag,
        )

    return _record(request, session, store, chain, project_id, form, write)


def _text_write(
    action: Callable[..., object], store: StoreDep, chain: str, project_id: str, session: Session
) -> Callable[[FormData, str | None], object]:
    def write(form: FormData, tag: str | None) -> object:
        value = _required(text(form, "text"), "text")
        return action(store, chain, project_id, value, principal=session.principal, if_match=tag)

    return write


@router.post("/{chain}/projects/{project_id}/checks")
def post_check(
    request: Request,
    chain: str,
    project_id: str,
    store: StoreDep,
    session: EditorSession,
    form: PostedForm,
) -> Response:
    write = _text_write(add_check, store, chain, project_id, session)
    return _record(request, session, store, chain, project_id, form, write)


@router.post("/{chain}/projects/{project_id}/changes")
def post_change(
    request: Request,
    chain: str,
    project_id: str,
    store: StoreDep,
    session: EditorSession,
    form: PostedForm,
) -> Response:
    write = _text_write(add_change, store, chain, project_id, session)
    return _record(request, session, store, chain, project_id, form, write)


@router.post("/{chain}/projects/{project_id}/risks")
def post_risk(
    request: Request,
    chain: str,
    project_id: str,
    store: StoreDep,
    session: EditorSession,
    form: PostedForm,
) -> Response:
    write = _text_write(raise_risk, store, chain, project_id, session)
    return _record(request, session, store, chain, project_id, form, write)


@router.post("/{chain}/projects/{project_id}/risks/{index}/close")
def post_risk_close(
    request: Request,
    chain: str,
    project_id: str,
    index: int,
    store: StoreDep,
    session: EditorSession,
    form: PostedForm,
) -> Response:
    def write(form: FormData, tag: str | None) -> object:
        note = text(form, "note")
        return close_risk(
            store, chain, project_id, index, principal=session.principal, note=note, if_match=tag
        )

    return _record(request, session, store, chain, project_id, form, write)
