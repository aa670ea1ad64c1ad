"""The map views (docs/views.md): the interactive layered map page and the static overview."""

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Response
from fastapi.responses import HTMLResponse

from app.deps import PrincipalDep, StoreDep
from graph.reads.chains import get_chain, list_chains
from graph.views.chain_views import chain_map_skeleton, chain_overview_view
from viz.interactive import render_map_html
from viz.overview import render_overview

router = APIRouter(tags=["maps"])

MEDIA = {"png": "image/png", "pdf": "application/pdf", "svg": "image/svg+xml"}


@router.get("/map", response_class=HTMLResponse)
def read_map(
    store: StoreDep,
    principal: PrincipalDep,
    chain: Annotated[str | None, Query(description="chain id; the first chain if omitted")] = None,
    hide_illustrative: bool = False,
) -> HTMLResponse:
    """The interactive map: the chain's skeleton (segments, links with counts and grades,
    flows); the page fetches a drilled link's firms and every analysis from the API."""
    if chain is None:
        chains = list_chains(store)
        if not chains:
            raise HTTPException(404, "the store holds no chain yet; import one first")
        chain = chains[0].id
    name = get_chain(store, chain).name
    skeleton = chain_map_skeleton(store, chain, principal, hide_illustrative=hide_illustrative)
    return HTMLResponse(render_map_html(skeleton, title=f"{name} 产业链质量图谱", api="/api/v1"))


@router.get(
    "/api/v1/chains/{chain}/map/overview.{fmt}",
    responses={200: {"content": {media: {} for media in MEDIA.values()}}},
)
def read_overview(
    chain: str, fmt: Literal["png", "pdf", "svg"], store: StoreDep, principal: PrincipalDep
) -> Response:
    """The static overview map (Annex B): PNG at print resolution, or vector PDF / SVG."""
    data = render_overview(chain_overview_view(store, chain, principal), fmt)
    return Response(
        data,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'inline; filename="{chain}-overview.{fmt}"'},
    )
