"""Versions in the console: the list, a diff between any two, and the chain as it was at any
version (JSON or CSV), all through the caller's sharing level."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.console.pages import ConsoleRoute, render
from app.console.session import SignedIn
from app.deps import StoreDep
from app.downloads import PackageFormat, package_response
from graph.access.sharing import shared_view
from graph.reads.chains import get_chain
from graph.versioning.versions import (
    compare_versions,
    list_versions,
    shared_version,
    version_package,
)

router = APIRouter(prefix="/console/chains", route_class=ConsoleRoute, include_in_schema=False)

SHOWN_PER_KIND = 200


@router.get("/{chain}/versions")
def version_page(
    request: Request,
    chain: str,
    store: StoreDep,
    session: SignedIn,
    a: str | None = None,
    b: str | None = None,
    imported: str | None = None,
) -> Response:
    versions = [shared_version(session.principal, v) for v in list_versions(store, chain)]
    diff = None
    if versions:
        b = b or versions[-1].id
        a = a or (versions[-2].id if len(versions) > 1 else versions[-1].id)
        diff = compare_versions(store, chain, a, b, session.principal, SHOWN_PER_KIND)
    return render(
        request,
        session,
        "versions.html",
        chain=get_chain(store, chain),
        here="versions",
        versions=list(reversed(versions)),
        a=a,
        b=b,
        diff=diff,
        imported=imported,
        shown=SHOWN_PER_KIND,
    )


@router.get("/{chain}/versions/{ref}/export")
def version_export(
    chain: str, ref: str, store: StoreDep, session: SignedIn, format: PackageFormat = "json"
) -> Response:
    """The same download as `GET /api/v1/chains/{chain}/versions/{ref}/export`, for a session."""
    package = shared_view(session.principal, version_package(store, chain, ref))
    return package_response(package, format, f"{chain}-{ref}")
