"""Signing in and out, and the console's home: the chains the store holds."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.console.pages import ConsoleRoute, redirect, render
from app.console.session import PostedForm, Refused, SessionDep, SignedIn
from app.deps import StoreDep
from graph.access.keys import verify_key
from graph.access.principal import ANONYMOUS, at_least
from graph.reads.chains import list_chains

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)


def _local(target: str | None) -> str:
    """Where to go after signing in: a console path only (never another site)."""
    if target and target.startswith("/console") and not target.startswith("//"):
        return target
    return "/console"


@router.get("/login")
def login_page(request: Request, session: SessionDep, next: str | None = None) -> Response:
    if session.signed_in:
        return redirect(request, _local(next))
    return render(request, session, "login.html", next=_local(next))


@router.post("/login")
def sign_in(request: Request, session: SessionDep, store: StoreDep, form: PostedForm) -> Response:
    key = form.get("key")
    principal = verify_key(store, key.strip()) if isinstance(key, str) else None
    target = form.get("next")
    target = _local(target if isinstance(target, str) else None)
    if principal is None:
        error = "密钥无效或已吊销 · unknown or revoked API key"
        return render(request, session, "login.html", status=401, error=error, next=target)
    return redirect(request, target, request.app.state.console_sessions.issue(principal))


@router.post("/logout")
def sign_out(request: Request, session: SessionDep, _: PostedForm) -> Response:
    return redirect(request, "/console/login", request.app.state.console_sessions.issue(ANONYMOUS))


@router.get("")
def home(request: Request, session: SignedIn, store: StoreDep) -> Response:
    return render(
        request,
        session,
        "chains.html",
        chains=list_chains(store),
        can_import=at_least(session.principal, "editor"),
    )


# Registered after every other console router (app.console.install_console).
fallback = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)


@fallback.get("/{rest:path}")
def no_such_page(rest: str, session: SessionDep) -> Response:
    raise Refused(404, f"控制台没有此页面 · the console has no page /console/{rest}")
