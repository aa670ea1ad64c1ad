"""Console sessions: a signed cookie that names a verified key by id, and a CSRF token per session.

The cookie holds `<key id>.<nonce>.<issued>.<signature>` (key id `-` before sign-in): never the
key itself. The signature is an HMAC-SHA256 with the service's session secret, so a cookie cannot
be forged or altered; it is HttpOnly, SameSite=Strict, Secure over HTTPS, and expires after
`CHAINMAP_SESSION_HOURS`. Every request looks the key up again (`key_principal`), so revoking a
key ends its sessions at once. The CSRF token of a session is an HMAC of its nonce: every POST
form carries it and `checked_form` refuses a form without it, or with another session's.
Signing in draws a new nonce, so a session id planted before sign-in is worth nothing after.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.datastructures import FormData
from starlette.responses import Response

from app.deps import StoreDep
from graph.access.keys import key_principal
from graph.access.principal import ANONYMOUS, Principal, Role, at_least

__all__ = [
    "COOKIE",
    "Session",
    "Sessions",
    "SignInRequired",
    "Refused",
    "current_session",
    "signed_in",
    "require_role",
    "checked_form",
    "PostedForm",
    "SessionDep",
    "SignedIn",
    "MemberSession",
    "EditorSession",
    "CSRF_FIELD",
]

COOKIE = "chainmap_console"
CSRF_FIELD = "csrf"
_NO_KEY = "-"


class SignInRequired(Exception):
    """The page needs a signed-in key; the console answers with the sign-in page."""


class Refused(Exception):
    """A console request refused with `status` and a bilingual message (a 4xx page)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Session:
    principal: Principal
    nonce: str
    csrf: str
    cookie: str | None = None
    """Set when this request issued the cookie: the response must carry it."""

    @property
    def signed_in(self) -> bool:
        return self.principal.role is not None


class Sessions:
    """Issues and reads session cookies with one secret; `hours` bounds a session's age."""

    def __init__(self, secret: str, hours: float) -> None:
        self._secret = (secret or secrets.token_urlsafe(32)).encode()
        self.max_age = int(hours * 3600)

    def _sign(self, body: str) -> str:
        return hmac.new(self._secret, body.encode(), hashlib.sha256).hexdigest()

    def csrf_of(self, nonce: str) -> str:
        return self._sign(f"csrf:{nonce}")

    def issue(self, principal: Principal) -> Session:
        """A fresh session (a new nonce) for `principal`, its cookie to be set."""
        nonce = secrets.token_urlsafe(24)
        body = f"{principal.key_id or _NO_KEY}.{nonce}.{int(time.time())}"
        cookie = f"{body}.{self._sign(body)}"
        return Session(principal, nonce, self.csrf_of(nonce), cookie)

    def read(self, cookie: str | None) -> tuple[str | None, str] | None:
        """(key id or None, nonce) of a genuine, unexpired cookie; None otherwise."""
        if not cookie or len(cookie) > 300:
            return None
        body, _, signature = cookie.rpartition(".")
        if not hmac.compare_digest(self._sign(body), signature):
            return None
        key_id, nonce, issued = (body.split(".") + ["", "", ""])[:3]
        if not issued.isdigit() or time.time() - int(issued) > self.max_age:
            return None
        return (None if key_id == _NO_KEY else key_id), nonce

    def set_cookie(self, response: Response, session: Session, secure: bool) -> None:
        if session.cookie is not None:
            response.set_cookie(
                COOKIE,
                session.cookie,
                max_age=self.max_age,
                path="/console",
                httponly=True,
                samesite="strict",
                secure=secure,
            )


def _sessions(request: Request) -> Sessions:
    return request.app.state.console_sessions  # type: ignore[no-any-return]


def current_session(request: Request, store: StoreDep) -> Session:
    """The request's session; a new anonymous one (cookie to be set) when it has none, when
    its cookie is not genuine or expired, or when its key has been revoked."""
    sessions = _sessions(request)
    session = None
    found = sessions.read(request.cookies.get(COOKIE))
    if found is not None:
        key_id, nonce = found
        principal = ANONYMOUS if key_id is None else key_principal(store, key_id)
        if principal is not None:
            session = Session(principal, nonce, sessions.csrf_of(nonce))
    session = session or sessions.issue(ANONYMOUS)
    request.state.console_session = session  # for error pages (app.console.pages)
    return session


SessionDep = Annotated[Session, Depends(current_session)]


def signed_in(session: SessionDep) -> Session:
    if not session.signed_in:
        raise SignInRequired()
    return session


def require_role(role: Role) -> Any:
    """A dependency: the signed-in session of a key of `role` or above, else a 403 page."""

    def check(session: Annotated[Session, Depends(signed_in)]) -> Session:
        if not at_least(session.principal, role):
            raise Refused(
                403,
                f"此操作需要 {role} 或以上角色的密钥 · this needs a key of role {role} or "
                f"above; yours is {session.principal.role}",
            )
        return session

    return Depends(check)


SignedIn = Annotated[Session, Depends(signed_in)]
MemberSession = Annotated[Session, require_role("member")]
EditorSession = Annotated[Session, require_role("editor")]


async def checked_form(request: Request, session: SessionDep) -> FormData:
    """The POSTed form, once its CSRF token is this session's (else a 403 page). As the
    dependency `PostedForm` it lets the handler itself be a plain function, which FastAPI runs
    off the event loop (the graph's reads and writes block)."""
    form = await request.form()
    token = form.get(CSRF_FIELD)
    if not isinstance(token, str) or not hmac.compare_digest(token, session.csrf):
        raise Refused(
            403,
            "表单已失效（缺少或不符的 CSRF 令牌），请刷新页面后重试 · "
            "the form's CSRF token is missing or wrong; reload the page and try again",
        )
    return form


PostedForm = Annotated[FormData, Depends(checked_form)]
