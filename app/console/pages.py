"""Rendering console pages: the Jinja2 templates, what every page gets, and errors as pages.

Pages are server-rendered; templates show what a route hands them and hold no domain logic
(values are labelled through `app.console.labels`). A domain error that a route does not turn
into a form message becomes an error page with the same status the API would answer
(`ConsoleRoute`), never problem details or a stack trace.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from starlette.responses import RedirectResponse, Response

from app.console.labels import label
from app.console.session import CSRF_FIELD, Refused, Session, SignInRequired
from graph.access.principal import at_least
from graph.errors import (
    ChainmapError,
    ConflictError,
    InvalidPackageError,
    InvalidValueError,
    NotFoundError,
    PreconditionFailedError,
    StoreUnavailableError,
)

__all__ = ["templates", "render", "redirect", "issues_of", "status_of", "ConsoleRoute", "Issue"]

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals["label"] = label
templates.env.globals["at_least"] = at_least
templates.env.globals["CSRF_FIELD"] = CSRF_FIELD
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True


def _brief(value: Any, width: int = 80) -> str:
    """A field's value in one short line: lists and maps as JSON (Chinese kept readable)."""
    if value is None:
        return "—"
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= width else shown[: width - 1] + "…"


templates.env.filters["brief"] = _brief

Issue = tuple[str, str]
"""(where, message): a JSON path, CSV or sheet location, or a form field."""


# Pages load only the console's own script and styles, post only to the console, and are never
# framed (clickjacking); inline style attributes are allowed, inline scripts are not.
HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def render(
    request: Request,
    session: Session,
    name: str,
    *,
    status: int = 200,
    **context: Any,
) -> Response:
    """Template `name` with the session's principal and CSRF token; sets a new session's cookie."""
    response = templates.TemplateResponse(
        request,
        name,
        {"session": session, "principal": session.principal, "csrf": session.csrf, **context},
        status_code=status,
    )
    request.app.state.console_sessions.set_cookie(response, session, _secure(request))
    response.headers.update(HEADERS)
    return response


def redirect(request: Request, url: str, session: Session | None = None) -> Response:
    """303 See Other to `url` (after a POST), with a newly issued session's cookie."""
    response = RedirectResponse(url, status_code=303)
    if session is not None:
        request.app.state.console_sessions.set_cookie(response, session, _secure(request))
    return response


def issues_of(exc: Exception) -> list[Issue]:
    """Every issue of a domain or validation error, each with where it is."""
    if isinstance(exc, InvalidPackageError):
        return [(i.path, i.message) for i in exc.issues]
    if isinstance(exc, ValidationError):
        return [(".".join(str(p) for p in e["loc"]) or "$", e["msg"]) for e in exc.errors()]
    return [("", str(exc.args[0]) if exc.args else str(exc))]


def status_of(exc: Exception) -> int:
    """The HTTP status the API gives the same error (app/errors.py)."""
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, PreconditionFailedError):
        return 412
    if isinstance(exc, StoreUnavailableError):
        return 503
    if isinstance(exc, InvalidPackageError | InvalidValueError | ValidationError):
        return 422
    return 400


def _error_page(request: Request, status: int, title: str, issues: list[Issue]) -> Response:
    session: Session | None = getattr(request.state, "console_session", None)
    context = {"title": title, "issues": issues, "code": status}
    if session is None:
        response = templates.TemplateResponse(request, "error.html", context, status_code=status)
        response.headers.update(HEADERS)
        return response
    return render(request, session, "error.html", status=status, **context)


class ConsoleRoute(APIRoute):
    """Console routes answer errors as pages: sign-in wanted → the sign-in page, refusals and
    domain errors → an error page with the API's status."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except SignInRequired:
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                return RedirectResponse(f"/console/login?next={quote(target)}", status_code=303)
            except Refused as exc:
                return _error_page(request, exc.status, "无法完成 · Refused", [("", exc.message)])
            except (ChainmapError, ValidationError) as exc:
                status = status_of(exc)
                title = "未找到 · Not found" if status == 404 else "无法完成 · Could not be done"
                return _error_page(request, status, title, issues_of(exc))

        return handle
