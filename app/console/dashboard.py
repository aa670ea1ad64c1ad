"""The chain dashboard: counts, problems by grade and status, warnings, staleness, versions."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.console.pages import ConsoleRoute, render
from app.console.session import SignedIn
from app.deps import StoreDep
from graph.libraries.dashboard import chain_dashboard
from graph.libraries.problems import STATUSES
from graph.package.severity import GRADES

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
