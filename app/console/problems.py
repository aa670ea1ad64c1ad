"""The problem library in the console (guide §5.4, Annexes C and D): the Annex C table with
filters and sorting, the §5.4.2 form with a live Annex D grade, status moves with their history,
and the Annex C table as XLSX or CSV.

Member data, as in the API: a viewer is refused the library. Grades come from the server
(`graph.package.severity` through the importer); the page's preview only anticipates them.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.datastructures import FormData
from starlette.responses import Response

from app.console.forms import flag, if_match, many, number, text
from app.console.pages import ConsoleRoute, issues_of, redirect, render, status_of
from app.console.session import EditorSession, MemberSession, PostedForm, Session
from app.deps import StoreDep
from app.downloads import problem_table_response
from graph.errors import ChainmapError
from graph.libraries.problems import (
    STATUSES,
    ProblemSort,
    annex_c_table,
    create_problem,
    get_problem,
    list_problems,
    move_status,
    update_problem,
)
from graph.libraries.records import Stored
from graph.package.models import Category, Problem, ProblemStatus
from graph.package.severity import GRADES, IMPORTANT, KEY, severity
from graph.reads.chains import get_chain, list_links, page_enterprises

router = APIRouter(prefix="/console/chains", route_class=ConsoleRoute, include_in_schema=False)

CATEGORIES: tuple[Category, ...] = ("technology", "management", "brand", "infrastructure", "other")
SCORES = ("safety_competitiveness", "spread", "urgency_difficulty")
TEXTS = (
    "title",
    "link",
    "reported_by",
    "reported_on",
    "description",
    "impact",
    "root_cause_technical",
    "root_cause_management",
    "suggestion",
    "source",
)
SORTS: dict[str, tuple[str, str]] = {
    "-severity": ("严重度从高到低", "most severe first"),
    "severity": ("严重度从低到高", "least severe first"),
    "id": ("按编号", "by id"),
}
FORM_ENTERPRISES = 1000  # a multiple select beyond this is no help; ids can be typed instead


def annex_d_tenths() -> list[int]:
    """Each score's weight in tenths, read off the server's own severity function, so that
    the page's preview computes exactly what the server will."""
    ones = dict.fromkeys(SCORES, 1)
    base = severity(ones)
    return [round((severity({**ones, name: 2}) - base) * 10) for name in SCORES]


def _choice(value: str | None, allowed: tuple[str, ...]) -> str | None:
    return value if value in allowed else None


@router.get("/{chain}/problems")
def problem_table(
    request: Request,
    chain: str,
    store: StoreDep,
    session: MemberSession,
    link: str | None = None,
    category: str | None = None,
    status: str | None = None,
    grade: str | None = None,
    sort: str = "-severity",
) -> Response:
    filters = {
        "link": link or None,
        "category": _choice(category, CATEGORIES),
        "status": _choice(status, STATUSES),
        "grade": _choice(grade, GRADES),
    }
    order: ProblemSort = sort if sort in SORTS else "-severity"  # type: ignore[assignment]
    found = list_problems(store, chain, **filters, sort=order)
    _, rows = annex_c_table(store, chain, [s.record for s in found])
    query = "&".join(f"{k}={v}" for k, v in filters.items() if v)
    return render(
        request,
        session,
        "problems.html",
        chain=get_chain(store, chain),
        here="problems",
        rows=rows,
        problems=found,
        filters=filters,
        sort=order,
        sorts=SORTS,
        links=[link for link, _ in list_links(store, chain)],
        categories=CATEGORIES,
        statuses=STATUSES,
        grades=GRADES,
        export_query=query,
    )


@router.get("/{chain}/problems/export")
def problem_export(
    chain: str,
    store: StoreDep,
    session: MemberSession,
    format: Literal["csv", "xlsx"] = "xlsx",
    link: str | None = None,
    category: str | None = None,
    status: str | None = None,
    grade: str | None = None,
) -> Response:
    """The same download as `GET /api/v1/chains/{chain}/problems/export`, for a session."""
    found = list_problems(
        store,
        chain,
        link=link or None,
        category=_choice(category, CATEGORIES),
        status=_choice(status, STATUSES),
        grade=_choice(grade, GRADES),
    )
    return problem_table_response(store, chain, [s.record for s in found], format)


def _form_page(
    request: Request,
    session: Session,
    store: StoreDep,
    chain: str,
    *,
    values: dict[str, Any],
    stored: Stored[Problem] | None = None,
    issues: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> Response:
    problems = [s.record for s in list_problems(store, chain, sort="id")]
    enterprises, _ = page_enterprises(store, chain, limit=FORM_ENTERPRISES, offset=0)
    return render(
        request,
        session,
        "problem_form.html",
        status=status,
        chain=get_chain(store, chain),
        here="problems",
        values=values,
        stored=stored,
        issues=issues or [],
        links=[link for link, _ in list_links(store, chain)],
        problems=problems,
        enterprises=enterprises,
        categories=CATEGORIES,
        statuses=STATUSES,
        tenths=annex_d_tenths(),
        key=KEY,
        important=IMPORTANT,
    )


def _values(form: FormData) -> dict[str, Any]:
    """The form as a problem's fields (still unchecked)."""
    values: dict[str, Any] = {name: text(form, name) for name in TEXTS}
    values["id"] = text(form, "id")
    values["category"] = text(form, "category")
    values["status"] = text(form, "status") or "identified"
    values["scores"] = {name: number(form, name) for name in SCORES}
    values["common"] = flag(form, "common")
    values["related"] = many(form, "related")
    values["enterprises"] = many(form, "enterprises")
    values["basis"] = text(form, "basis") or "sourced"
    return values


def _problem(values: dict[str, Any]) -> Problem:
    return Problem.model_validate({k: v for k, v in values.items() if v is not None})


@router.get("/{chain}/problems/new")
def new_problem(request: Request, chain: str, store: StoreDep, session: EditorSession) -> Response:
    values = {"scores": {}, "related": [], "enterprises": [], "status": "identified"}
    return _form_page(request, session, store, chain, values=values)


@router.post("/{chain}/problems")
def file_problem(
    request: Request, chain: str, store: StoreDep, session: EditorSession, form: PostedForm
) -> Response:
    values = _values(form)
    try:
        problem = _problem(values)
        create_problem(store, chain, problem, principal=session.principal)
    except (ValidationError, ChainmapError) as exc:
        return _form_page(
            request,
            session,
            store,
            chain,
            values=values,
            issues=issues_of(exc),
            status=status_of(exc),
        )
    return redirect(request, f"/console/chains/{chain}/problems/{problem.id}")


@router.get("/{chain}/problems/{problem_id}")
def problem_page(
    request: Request, chain: str, problem_id: str, store: StoreDep, session: MemberSession
) -> Response:
    stored = get_problem(store, chain, problem_id)
    _, rows = annex_c_table(store, chain, [stored.record])
    return render(
        request,
        session,
        "problem.html",
        chain=get_chain(store, chain),
        here="problems",
        stored=stored,
        problem=stored.record,
        row=rows[0],
        statuses=STATUSES,
    )


@router.get("/{chain}/problems/{problem_id}/edit")
def edit_problem(
    request: Request, chain: str, problem_id: str, store: StoreDep, session: EditorSession
) -> Response:
    stored = get_problem(store, chain, problem_id)
    values = stored.record.model_dump()
    return _form_page(request, session, store, chain, values=values, stored=stored)


@router.post("/{chain}/problems/{problem_id}")
def save_problem(
    request: Request,
    chain: str,
    problem_id: str,
    store: StoreDep,
    session: EditorSession,
    form: PostedForm,
) -> Response:
    stored = get_problem(store, chain, problem_id)
    values = {**_values(form), "id": problem_id, "status": stored.record.status}
    try:
        update_problem(
            store, chain, _problem(values), principal=session.principal, if_match=if_match(form)
        )
    except (ValidationError, ChainmapError) as exc:
        return _form_page(
            request,
            session,
            store,
            chain,
            values=values,
            stored=stored,
            issues=issues_of(exc),
            status=status_of(exc),
        )
    return redirect(request, f"/console/chains/{chain}/problems/{problem_id}")


@router.post("/{chain}/problems/{problem_id}/status")
def move_problem(
    request: Request,
    chain: str,
    problem_id: str,
    store: StoreDep,
    session: EditorSession,
    form: PostedForm,
) -> Response:
    to = text(form, "to")
    if to not in STATUSES:
        raise ChainmapError(f"unknown status {to!r}")
    target: ProblemStatus = to  # type: ignore[assignment]
    move_status(
        store,
        chain,
        problem_id,
        target,
        principal=session.principal,
        note=text(form, "note"),
        if_match=if_match(form),
    )
    return redirect(request, f"/console/chains/{chain}/problems/{problem_id}#history")
