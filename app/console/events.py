"""Monitoring events in the console (guide §5.3.7): the nine dimensions, "triggers an update",
and the form that records one (a new version; a triggering event makes its links stale)."""

from __future__ import annotations

from typing import Any, get_args

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from app.console.forms import flag, lines, text
from app.console.pages import ConsoleRoute, issues_of, redirect, render, status_of
from app.console.session import EditorSession, PostedForm, Session, SignedIn
from app.deps import StoreDep
from graph.errors import ChainmapError
from graph.libraries.events import create_event, list_events
from graph.package.models import Dimension, Event
from graph.reads.chains import get_chain

router = APIRouter(prefix="/console/chains", route_class=ConsoleRoute, include_in_schema=False)

DIMENSIONS: tuple[str, ...] = get_args(Dimension)


def _page(
    request: Request,
    session: Session,
    store: StoreDep,
    chain: str,
    *,
    dimension: str | None = None,
    triggers: bool | None = None,
    values: dict[str, Any] | None = None,
    issues: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> Response:
    return render(
        request,
        session,
        "events.html",
        status=status,
        chain=get_chain(store, chain),
        here="events",
        events=list_events(store, chain, dimension=dimension, triggers_update=triggers),
        dimensions=DIMENSIONS,
        dimension=dimension,
        triggers=triggers,
        values=values or {},
        issues=issues or [],
    )


@router.get("/{chain}/events")
def event_page(
    request: Request,
    chain: str,
    store: StoreDep,
    session: SignedIn,
    dimension: str | None = None,
    triggers: str | None = None,
) -> Response:
    wanted = dimension if dimension in DIMENSIONS else None
    trigger = {"yes": True, "no": False}.get(triggers or "")
    return _page(request, session, store, chain, dimension=wanted, triggers=trigger)


@router.post("/{chain}/events")
def record_event(
    request: Request, chain: str, store: StoreDep, session: EditorSession, form: PostedForm
) -> Response:
    values: dict[str, Any] = {
        name: text(form, name) for name in ("id", "date", "dimension", "title", "source")
    }
    values["refs"] = lines(form, "refs")
    values["triggers_update"] = flag(form, "triggers_update")
    values["basis"] = text(form, "basis") or "sourced"
    try:
        event = Event.model_validate({k: v for k, v in values.items() if v is not None})
        create_event(store, chain, event, principal=session.principal)
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
    return redirect(request, f"/console/chains/{chain}/events")
