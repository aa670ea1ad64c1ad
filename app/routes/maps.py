"""The map views (docs/views.md): the interactive layered map page and the static overview."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse

from app.deps import AnalysesDep, LatestDep, PrincipalDep, StoreDep
from graph.access.principal import at_least
from graph.reads.chains import get_chain, list_chains
from graph.views.chain_views import chain_map_skeleton, chain_overview_view
from viz.interactive import render_map_html
from viz.overview import render_overview

router = APIRouter(tags=["maps"])

MEDIA = {"png": "image/png", "pdf": "application/pdf", "svg": "image/svg+xml"}


class PageCache:
    """Rendered map pages of the last few (chain, version, audience, day): a version never
    changes, so an entry is never stale; a write makes a new version and a new key."""

    def __init__(self, size: int = 16) -> None:
        self._pages: OrderedDict[Hashable, str] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: Hashable, render: Callable[[], str]) -> str:
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
        page = render()
        with self._lock:
            self._pages[key] = page
            while len(self._pages) > self._size:
                self._pages.popitem(last=False)
        return page


def _page_cache(request: Request) -> PageCache:
    cache = getattr(request.app.state, "map_pages", None)
    if cache is None:
        cache = request.app.state.map_pages = PageCache()
    return cache


@router.get("/map", response_class=HTMLResponse)
def read_map(
    request: Request,
    store: StoreDep,
    principal: PrincipalDep,
    latest: LatestDep,
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

    def render() -> str:
        skeleton = chain_map_skeleton(store, chain, principal, hide_illustrative=hide_illustrative)
        return render_map_html(skeleton, title=f"{name} 产业链质量图谱", api="/api/v1")

    version = latest.get(chain)
    if version is None:
        return HTMLResponse(render())
    # What the page shows differs only by whether the caller sees member data (problems);
    # staleness is judged against today.
    key = (chain, version, at_least(principal, "member"), hide_illustrative, date.today())
    return HTMLResponse(_page_cache(request).get(key, render))


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
