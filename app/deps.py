"""Dependencies named once: handlers declare what they need by type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.answers import Answers
from app.settings import Settings
from graph.access.keys import verify_key
from graph.access.principal import ANONYMOUS, Principal, Role, at_least
from graph.analytics.chain_analysis import AnalysisCache
from graph.store.base import GraphStore
from graph.versioning.latest import LatestVersions

__all__ = [
    "AnalysesDep",
    "AnswersDep",
    "LatestDep",
    "StoreDep",
    "SettingsDep",
    "PrincipalDep",
    "require",
    "MemberDep",
    "EditorDep",
    "AdminDep",
    "IfMatchDep",
    "RecordId",
    "MAX_PAGE",
    "PageLimit",
    "Offset",
]

# Two names for the one bearer scheme, so that the OpenAPI document can tell operations that
# need a key (a role check) from those that only read one (app.main merges them again).
OPTIONAL_KEY, REQUIRED_KEY = "OptionalKey", "RequiredKey"
_KEY_DOC = "API key: `Authorization: Bearer cm_...`"
_bearer = HTTPBearer(auto_error=False, scheme_name=OPTIONAL_KEY, description=_KEY_DOC)
_role_bearer = HTTPBearer(auto_error=False, scheme_name=REQUIRED_KEY, description=_KEY_DOC)


def get_store(request: Request) -> GraphStore:
    return request.app.state.store  # type: ignore[no-any-return]


def get_answers(request: Request) -> Answers:
    return request.app.state.answers  # type: ignore[no-any-return]


def get_latest(request: Request) -> LatestVersions:
    return request.app.state.latest  # type: ignore[no-any-return]


def get_analyses(request: Request) -> AnalysisCache:
    return request.app.state.analyses  # type: ignore[no-any-return]


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_principal(
    store: StoreDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """Anonymous without a key; 401 for a key that is unknown or revoked."""
    if credentials is None:
        return ANONYMOUS
    principal = verify_key(store, credentials.credentials)
    if principal is None:
        raise HTTPException(401, "unknown or revoked API key", {"WWW-Authenticate": "Bearer"})
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require(role: Role) -> Callable[..., Principal]:
    """A dependency that lets through keys of `role` or above: 401 without a key, 403 below."""

    def check(
        principal: PrincipalDep,
        _: Annotated[HTTPAuthorizationCredentials | None, Depends(_role_bearer)],
    ) -> Principal:
        if principal.role is None:
            raise HTTPException(
                401,
                f"this needs an API key with role {role} or above",
                {"WWW-Authenticate": "Bearer"},
            )
        if not at_least(principal, role):
            raise HTTPException(
                403, f"this needs role {role} or above; the key is {principal.role}"
            )
        return principal

    return check


AnalysesDep = Annotated[AnalysisCache, Depends(get_analyses)]
AnswersDep = Annotated[Answers, Depends(get_answers)]
LatestDep = Annotated[LatestVersions, Depends(get_latest)]
MemberDep = Annotated[Principal, Depends(require("member"))]
EditorDep = Annotated[Principal, Depends(require("editor"))]
AdminDep = Annotated[Principal, Depends(require("admin"))]
IfMatchDep = Annotated[
    str | None,
    Header(description="the ETag of the record as last read; 412 when it has changed since"),
]
# A record id in a path, checked like ids in packages (graph.package.models.Id) before any work.
RecordId = Annotated[
    str, Path(min_length=1, max_length=128, pattern=r"^[\w.:@-]+$", description="a record id")
]

MAX_PAGE = 1000
"""The most rows one page of any list returns."""
PageLimit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="most rows in the page")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")]
