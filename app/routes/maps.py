"""The map views (docs/views.md): the interactive layered map page and the static overview."""

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Response
from fastapi.responses import HTMLResponse

from app.deps import AnalysesDep, PrincipalDep, StoreDep
from graph.reads.chains import get_chain, list_chains
from graph.views.chain_views import chain_map_view, chain_overview_view
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
    """The interactive layered map (segments → links → enterprises), one offline page."""
    if chain is None:
        chains = list_chains(store)
        if not chains:
            raise HTTPException(404, "the store holds no chain yet; import one first")
        chain = chains[0].id
    name = get_chain(store, chain).name
    view = chain_map_view(store, chain, principal, hide_illustrative=hide_illustrative)
    return HTMLResponse(render_map_html(view, title=f"{name} 产业链质量图谱"))


@router.get(
    "/api/v1/chains/{chain}/map/overview.{fmt}",
    responses={200: {"content": {media: {} for media in MEDIA.values()}}},
)
def read_overview(
    chain: str,
    fmt: Literal["png", "pdf", "svg"],
    store: StoreDep,
    principal: PrincipalDep,
    analyses: AnalysesDep,
    paper: Annotated[Literal["A3", "A2", "A1"], Query(description="sheet size")] = "A3",
    orientation: Literal["landscape", "portrait"] = "landscape",
) -> Response:
    """The static overview map (Annex B) on one sheet: PNG at 300 dpi for the sheet, or vector
    PDF / SVG whose page is the sheet. 503 while a big chain's analysis is still loading (the
    boxes carry its bottleneck marks)."""
    scores = analyses.get(chain).bottlenecks.links
    view = chain_overview_view(store, chain, principal, bottlenecks=scores)
    data = render_overview(view, fmt, paper=paper, orientation=orientation)
    name = f"{chain}-overview-{paper}-{orientation}.{fmt}"
    return Response(
        data,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )
