from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel

from app.deps import Offset, PrincipalDep, StoreDep, require
from app.downloads import PackageFormat, package_response
from graph.access.principal import Principal
from graph.access.sharing import shared_view
from graph.versioning.edits import review_link
from graph.versioning.staleness import ChainStaleness, chain_staleness
from graph.versioning.versions import (
    MAX_CHANGES,
    ChangePage,
    VersionDiff,
    VersionInfo,
    changes_since,
    compare_versions,
    list_versions,
    shared_version,
    version_package,
)
from graph.views.chain_views import chain_timeline
from graph.views.timeline import TimelineItem

router = APIRouter(prefix="/api/v1/chains", tags=["versions"])

EditorDep = Annotated[Principal, Depends(require("editor"))]


class VersionList(BaseModel):
    items: list[VersionInfo]


class Timeline(BaseModel):
    items: list[TimelineItem]


class VersionCreated(BaseModel):
    chain: str
    version: str
    changes: dict[str, dict[str, int]]


class Review(BaseModel):
    note: str | None = None


@router.get("/{chain}/versions", response_model=VersionList)
def read_versions(chain: str, store: StoreDep, principal: PrincipalDep) -> VersionList:
    """Every version of the chain, oldest first: who, when, summary, counts, changes (below
    `member` without the summary, which names member data, and without project and
    achievement counts)."""
    return VersionList(items=[shared_version(principal, v) for v in list_versions(store, chain)])


@router.get("/{chain}/versions/{ref}/export", responses={200: {"content": {"application/zip": {}}}})
def read_version_export(
    chain: str,
    ref: str,
    store: StoreDep,
    principal: PrincipalDep,
    format: PackageFormat = "json",
) -> Response:
    """The chain as a package as it was at a version (`latest`, a number, an id or a time)."""
    package = shared_view(principal, version_package(store, chain, ref))
    return package_response(package, format, f"{chain}-{ref}")


@router.get("/{chain}/versions/{a}/diff/{b}", response_model=VersionDiff)
def read_version_diff(
    chain: str,
    a: str,
    b: str,
    store: StoreDep,
    principal: PrincipalDep,
    limit: Annotated[int, Query(ge=1, le=MAX_CHANGES)] = 1000,
) -> VersionDiff:
    """Added, removed and changed records from version a to b, with changed fields; tier moves
    and other news called out. At most `limit` records per kind and change (see `truncated`)."""
    return compare_versions(store, chain, a, b, principal, limit)


@router.get("/{chain}/changes", response_model=ChangePage)
def read_changes(
    chain: str,
    store: StoreDep,
    principal: PrincipalDep,
    since: str | None = None,
    until: str = "latest",
    limit: Annotated[int, Query(ge=1, le=MAX_CHANGES)] = 500,
    offset: Offset = 0,
) -> ChangePage:
    """What changed since a version or a time, paged: page on with the same `until` (the
    `to_version` of the first page), next time ask with `since` = that version."""
    return changes_since(store, chain, principal, since, until=until, limit=limit, offset=offset)


@router.get("/{chain}/timeline", response_model=Timeline)
def read_timeline(
    chain: str,
    store: StoreDep,
    principal: PrincipalDep,
    start: str | None = None,
    end: str | None = None,
    dimension: str | None = None,
    kind: Literal["event", "version"] | None = None,
) -> Timeline:
    """Monitoring events and versions of the chain in date order, for the map's timeline."""
    return Timeline(
        items=chain_timeline(
            store, chain, principal, start=start, end=end, dimension=dimension, kind=kind
        )
    )


@router.get("/{chain}/staleness", response_model=ChainStaleness)
def read_staleness(chain: str, store: StoreDep) -> ChainStaleness:
    """Each link with the version its data is as of, and whether it is stale and why."""
    return chain_staleness(store, chain)


@router.post("/{chain}/links/{link}/review", response_model=VersionCreated, status_code=201)
def create_link_review(
    chain: str, link: str, body: Review, store: StoreDep, principal: EditorDep
) -> VersionCreated:
    """Record that the link's data was checked and is current (a new version; clears staleness)."""
    result = review_link(store, chain, link, principal=principal, note=body.note)
    return VersionCreated(chain=chain, version=result.version, changes=result.diff.counts())
