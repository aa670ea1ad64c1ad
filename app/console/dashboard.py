"""The chain dashboard: counts, problems by grade and status, warnings, staleness, versions;
and the review that marks a stale link's data as checked and current."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.console.forms import text
from app.console.pages import ConsoleRoute, redirect, render
from app.console.session import EditorSession, PostedForm, SignedIn
from app.deps import StoreDep
from graph.libraries.dashboard import chain_dashboard
from graph.libraries.problems import STATUSES
from graph.package.severity import GRADES
from graph.versioning.edits import review_link

router = APIRouter(prefix="/console/chains", route_class=ConsoleRoute, include_in_schema=False)


@router.get("/{chain}")
def dashboard_page(request: Request, chain: str, session: SignedIn, store: StoreDep) -> Response:
    board = chain_dashboard(store, chain, session.principal, date.today())
    return render(
        request,
        session,
        "dashboard.html",
        chain=board.chain,
        here="dashboard",
        dashboard=board,
        statuses=STATUSES,
        grades=GRADES,
    )


@router.post("/{chain}/links/{link}/review")
def review_stale_link(
    request: Request,
    chain: str,
    link: str,
    store: StoreDep,
    session: EditorSession,
    form: PostedForm,
) -> Response:
    review_link(store, chain, link, principal=session.principal, note=text(form, "note"))
    return redirect(request, f"/console/chains/{chain}#stale")
