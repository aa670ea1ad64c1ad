"""The achievement sharing library of a chain (guide §5.6, Annexes G, H).

Every read applies the sharing levels: public to everyone; members and paid to member keys and
above; directed to keys bound to a named enterprise; editors and admins see everything. What the
caller may not see is absent from lists, searches and exports, and a 404 in details."""

from typing import Literal

from fastapi import APIRouter, Response

from app.deps import EditorDep, IfMatchDep, PrincipalDep, RecordId, StoreDep
from app.downloads import XLSX_MEDIA_TYPE
from app.records import located, public
from app.schemas import (
    AchievementCreate,
    AchievementList,
    AchievementPublic,
    AchievementUpdate,
)
from graph.libraries.achievements import (
    achievement_table,
    create_achievement,
    delete_achievement,
    get_achievement,
    list_achievements,
    update_achievement,
)
from graph.package.models import Achievement, AchievementType, Sharing
from graph.reads.chains import get_chain

router = APIRouter(prefix="/api/v1/chains/{chain}/achievements", tags=["achievements"])


@router.get("", response_model=AchievementList)
def read_achievements(
    chain: str,
    store: StoreDep,
    principal: PrincipalDep,
    q: str | None = None,
    type: AchievementType | None = None,
    sharing: Sharing | None = None,
    problem: str | None = None,
    project: str | None = None,
) -> AchievementList:
    """Achievements the caller may see; `q` searches name, summary, contributor, scope."""
    found = list_achievements(
        store, chain, principal, q=q, type=type, sharing=sharing, problem=problem, project=project
    )
    return AchievementList(
        items=[public(AchievementPublic, chain, s) for s in found], total=len(found)
    )


@router.get(
    "/export",
    responses={200: {"content": {"text/csv": {}, XLSX_MEDIA_TYPE: {}}}},
    response_class=Response,
)
def read_achievement_table(
    chain: str,
    store: StoreDep,
    principal: PrincipalDep,
    format: Literal["csv", "xlsx"] = "xlsx",
    q: str | None = None,
) -> Response:
    """The achievements the caller may see as a table of the Annex G fields."""
    found = [s.record for s in list_achievements(store, chain, principal, q=q)]
    body = achievement_table(found, get_chain(store, chain).name, format)
    media = "text/csv; charset=utf-8" if format == "csv" else XLSX_MEDIA_TYPE
    disposition = f'attachment; filename="{chain}-achievements.{format}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


@router.post("", response_model=AchievementPublic, status_code=201)
def create_achievement_record(
    chain: str, body: AchievementCreate, store: StoreDep, principal: EditorDep, response: Response
) -> AchievementPublic:
    """Add an achievement of an accepted project with its sharing level."""
    stored = create_achievement(store, chain, Achievement(**body.model_dump()), principal=principal)
    located(response, f"/api/v1/chains/{chain}/achievements/{stored.record.id}", stored)
    return public(AchievementPublic, chain, stored)


@router.get("/{achievement_id}", response_model=AchievementPublic)
def read_achievement(
    chain: str, achievement_id: str, store: StoreDep, principal: PrincipalDep, response: Response
) -> AchievementPublic:
    """One achievement, when the caller may see it (else 404)."""
    return public(
        AchievementPublic, chain, get_achievement(store, chain, achievement_id, principal), response
    )


@router.put("/{achievement_id}", response_model=AchievementPublic)
def update_achievement_record(
    chain: str,
    achievement_id: RecordId,
    body: AchievementUpdate,
    store: StoreDep,
    principal: EditorDep,
    response: Response,
    if_match: IfMatchDep = None,
) -> AchievementPublic:
    """Replace an achievement's fields, its sharing level included."""
    achievement = Achievement(**body.model_dump(), id=achievement_id)
    stored = update_achievement(store, chain, achievement, principal=principal, if_match=if_match)
    return public(AchievementPublic, chain, stored, response)


@router.delete("/{achievement_id}", status_code=204, response_class=Response)
def delete_achievement_record(
    chain: str,
    achievement_id: str,
    store: StoreDep,
    principal: EditorDep,
    if_match: IfMatchDep = None,
) -> Response:
    """Take an achievement off the library."""
    delete_achievement(store, chain, achievement_id, principal=principal, if_match=if_match)
    return Response(status_code=204)
