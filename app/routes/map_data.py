"""What the map page fetches besides the analytics (docs/views.md, "The map"): the chain's
skeleton and enterprise search. A drilled link's enterprises come from the enterprises page
(`GET …/chains/{c}/enterprises?link=`)."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from app.deps import AnswersDep, PrincipalDep, StoreDep
from graph.reads.search import search_enterprises
from graph.versioning.versions import latest_version_id
from graph.views.chain_views import chain_map_skeleton
from graph.views.map_skeleton import MapSkeleton

router = APIRouter(prefix="/api/v1/chains", tags=["maps"])

MAX_HITS = 50


class SearchHit(BaseModel):
    id: str
    name: str
    name_en: str | None = None
    province: str | None = None
    tier: str | None = None
    role: str | None = None
    links: list[str]


class SearchHits(BaseModel):
    items: list[SearchHit]


@router.get("/{chain}/map/skeleton", response_model=MapSkeleton)
def read_map_skeleton(
    chain: str, store: StoreDep, principal: PrincipalDep, hide_illustrative: bool = False
) -> MapSkeleton:
    """Segments, links (enterprise count, leaders in and out of the home province, worst open
    grade, institutions), link flows and the timeline: what the map page opens on."""
    return chain_map_skeleton(store, chain, principal, hide_illustrative=hide_illustrative)


@router.get("/{chain}/search", response_model=SearchHits)
def read_search(
    request: Request,
    chain: str,
    store: StoreDep,
    answers: AnswersDep,
    q: Annotated[str, Query(min_length=1, max_length=64, description="name part or id")],
    limit: Annotated[int, Query(ge=1, le=MAX_HITS)] = 20,
) -> Response:
    """Enterprises whose id is `q` or whose name (Chinese or English) contains it: the exact
    id first, then names starting with `q`, then shorter names."""
    return answers.respond(
        request,
        latest_version_id(store, chain),
        lambda: {"items": search_enterprises(store, chain, q, limit=limit)},
        chain=chain,
    )
