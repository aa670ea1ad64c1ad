"""The achievement sharing library in the console (guide §5.6, Annex G): what the signed-in key
may see (`list_achievements` applies the sharing levels), the Annex G form with its sharing
level and directed recipients, and the Annex G table as XLSX or CSV."""

from __future__ import annotations

from typing import Any, Literal, get_args

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from app.console.forms import many, text
from app.console.pages import ConsoleRoute, issues_of, redirect, render, status_of
from app.console.session import EditorSession, PostedForm, Session, SignedIn
from app.deps import StoreDep
from app.downloads import XLSX_MEDIA_TYPE
from graph.errors import ChainmapError
from graph.libraries.achievements import achievement_table, create_achievement, list_achievements
from graph.libraries.problems import list_problems
from graph.libraries.projects import list_projects
from graph.package.models import Achievement, AchievementType, Sharing
from graph.reads.chains import get_chain, page_enterprises

router = APIRouter(prefix="/console/chains", route_class=ConsoleRoute, include_in_schema=False)

TYPES: tuple[str, ...] = get_args(AchievementType)
SHARINGS: tuple[str, ...] = get_args(Sharing)
TEXTS = (
    "id",
    "name",
    "contributor",
    "summary",
    "project",
    "conditions",
    "performance",
    "scope",
    "contact",
    "review",
    "source",
)
IP_FIELDS = ("type", "status", "number", "holder")
FORM_ENTERPRISES = 1000


def _page(
    request: Request,
    session: Session,
    store: StoreDep,
    chain: str,
    *,
    q: str | None = None,
    values: dict[str, Any] | None = None,
    issues: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> Response:
    editor = session.principal.role in ("editor", "admin")
    context: dict[str, Any] = {}
    if editor:  # the form's choices: editors see every record anyway
        context["projects"] = [s.record for s in list_projects(store, chain)]
        context["problems"] = [s.record for s in list_problems(store, chain, sort="id")]
        context["enterprises"] = page_enterprises(store, chain, limit=FORM_ENTERPRISES)[0]
    return render(
        request,
        session,
        "achievements.html",
        status=status,
        chain=get_chain(store, chain),
        here="achievements",
        achievements=[s.record for s in list_achievements(store, chain, session.principal, q=q)],
        q=q or "",
        types=TYPES,
        sharings=SHARINGS,
        values=values or {"sharing": "public", "type": "other"},
        issues=issues or [],
        editor=editor,
        **context,
    )


@router.get("/{chain}/achievements")
def achievement_page(
    request: Request, chain: str, store: StoreDep, session: SignedIn, q: str | None = None
) -> Response:
    return _page(request, session, store, chain, q=q or None)


@router.get("/{chain}/achievements/export")
def achievement_export(
    chain: str, store: StoreDep, session: SignedIn, format: Literal["csv", "xlsx"] = "xlsx"
) -> Response:
    """The same download as `GET /api/v1/chains/{chain}/achievements/export`, for a session."""
    found = [s.record for s in list_achievements(store, chain, session.principal)]
    body = achievement_table(found, get_chain(store, chain).name, format)
    media = "text/csv; charset=utf-8" if format == "csv" else XLSX_MEDIA_TYPE
    disposition = f'attachment; filename="{chain}-achievements.{format}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


@router.post("/{chain}/achievements")
def submit_achievement(
    request: Request, chain: str, store: StoreDep, session: EditorSession, form: PostedForm
) -> Response:
    values: dict[str, Any] = {name: text(form, name) for name in TEXTS}
    values["type"] = text(form, "type") or "other"
    values["sharing"] = text(form, "sharing") or "public"
    values["problems"] = many(form, "problems")
    values["directed_to"] = many(form, "directed_to") if values["sharing"] == "directed" else []
    ip = {name: text(form, f"ip_{name}") for name in IP_FIELDS}
    values["ip"] = {k: v for k, v in ip.items() if v} or None
    values["basis"] = text(form, "basis") or "sourced"
    try:
        achievement = Achievement.model_validate({k: v for k, v in values.items() if v is not None})
        create_achievement(store, chain, achievement, principal=session.principal)
    except (ValidationError, ChainmapError) as exc:
        return _page(
            request,
            session,
            store,
            chain,
            values=values,
            issues=issues_of(exc),
            status=status_of(exc),
        )
    return redirect(request, f"/console/chains/{chain}/achievements#a-{achievement.id}")
