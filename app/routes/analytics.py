"""Questions of the supply graph (docs/analytics.md): who depends on whom, choke points,
bottlenecks and what a disruption cuts off. Answers follow the chain's latest version."""

import threading
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from pydantic import BaseModel, Field

from app.answers import Answers
from app.deps import AnalysesDep, AnswersDep
from graph.analytics.bottleneck import WEIGHTS
from graph.analytics.chain_analysis import AnalysisCache, Neighbourhood
from graph.analytics.dependency import WalkDirection
from graph.package.models import Id, Name

router = APIRouter(prefix="/api/v1", tags=["analytics"])

MAX_DEPTH = 10
MAX_PATHS = 100
MAX_PATH_LENGTH = 12
MAX_NODES = 10_000
MAX_FAILURES = 1_000
#: Walks asked for more nodes than this run one at a time (see _neighbourhood).
HEAVY_NODES = 1_000
HEAVY_WAIT_S = 10.0


Depth = Annotated[int, Query(ge=0, le=MAX_DEPTH, description=f"hops, at most {MAX_DEPTH}")]
NodeLimit = Annotated[
    int, Query(ge=1, le=MAX_NODES, description="most nodes returned, nearest first")
]


class NeighbourNode(BaseModel):
    id: str
    name: str | None
    links: list[str]
    distance: int


class SupplyEdge(BaseModel):
    supplier: str
    customer: str
    link: str


class NeighbourhoodPublic(BaseModel):
    root: str
    nodes: list[NeighbourNode]
    edges: list[SupplyEdge]
    total: int | None = Field(
        description="enterprises within the depth; null when `limit` left some out"
    )
    truncated: bool = Field(description="true when `limit` left out enterprises within the depth")


class PathList(BaseModel):
    paths: list[list[str]]


class ChokePoints(BaseModel):
    choke_points: list[str]


class SingleSource(BaseModel):
    customer: str
    link: str
    supplier: str


class LinkBottleneck(BaseModel):
    id: str
    score: float
    components: dict[str, Any]


class BottleneckReport(BaseModel):
    single_source: list[SingleSource]
    articulation_points: list[str]
    links: list[LinkBottleneck]


class ImpactRequest(BaseModel):
    enterprises: list[Id] = Field(default_factory=list, max_length=MAX_FAILURES)
    links: list[Id] = Field(default_factory=list, max_length=MAX_FAILURES)
    provinces: list[Name] = Field(default_factory=list, max_length=100)


class CutOffPublic(BaseModel):
    id: str
    lost_link: str
    round: int


class ImpactReport(BaseModel):
    cut_off: list[CutOffPublic]
    summary: dict[str, Any]


def get_heavy_slots(request: Request) -> threading.BoundedSemaphore:
    return request.app.state.heavy_slots  # type: ignore[no-any-return]


HeavySlotsDep = Annotated[threading.BoundedSemaphore, Depends(get_heavy_slots)]


def _neighbourhood(
    request: Request,
    analyses: AnalysisCache,
    answers: Answers,
    slots: threading.BoundedSemaphore,
    enterprise: str,
    chain: str | None,
    depth: int,
    limit: int,
    direction: WalkDirection,
) -> Response:
    def answer() -> Response:
        analysis = analyses.for_enterprise(enterprise, chain)

        def walk() -> Neighbourhood:  # a dataclass: orjson encodes it as it is
            return analysis.neighbourhood(enterprise, depth, direction=direction, limit=limit)

        return answers.respond(request, analysis.version, walk, chain=chain)

    if limit <= HEAVY_NODES:
        return answer()
    # Walks and answers this large are CPU work under one interpreter lock: run one at a time
    # (encoding included), so that they cannot starve everyone else's reads.
    if not slots.acquire(timeout=HEAVY_WAIT_S):
        raise HTTPException(
            503,
            f"another walk of more than {HEAVY_NODES} nodes is running; retry, or ask "
            "for a smaller limit",
            {"Retry-After": "2"},
        )
    try:
        return answer()
    finally:
        slots.release()


@router.get("/enterprises/{enterprise_id}/upstream", response_model=NeighbourhoodPublic)
def read_upstream(
    request: Request,
    enterprise_id: str,
    analyses: AnalysesDep,
    answers: AnswersDep,
    slots: HeavySlotsDep,
    depth: Depth = 3,
    limit: NodeLimit = 1000,
    chain: str | None = None,
) -> Response:
    """Enterprises with a supply path of at most `depth` hops into this one, with distances."""
    return _neighbourhood(
        request, analyses, answers, slots, enterprise_id, chain, depth, limit, "upstream"
    )


@router.get("/enterprises/{enterprise_id}/downstream", response_model=NeighbourhoodPublic)
def read_downstream(
    request: Request,
    enterprise_id: str,
    analyses: AnalysesDep,
    answers: AnswersDep,
    slots: HeavySlotsDep,
    depth: Depth = 3,
    limit: NodeLimit = 1000,
    chain: str | None = None,
) -> Response:
    """Enterprises this one reaches by supply paths of at most `depth` hops, with distances."""
    return _neighbourhood(
        request, analyses, answers, slots, enterprise_id, chain, depth, limit, "downstream"
    )


@router.get("/paths", response_model=PathList)
def read_paths(
    request: Request,
    analyses: AnalysesDep,
    answers: AnswersDep,
    start: Annotated[str, Query(alias="from", min_length=1, max_length=128)],
    end: Annotated[str, Query(alias="to", min_length=1, max_length=128)],
    max_length: Annotated[int, Query(ge=1, le=MAX_PATH_LENGTH)] = 6,
    limit: Annotated[int, Query(ge=1, le=MAX_PATHS)] = 10,
    chain: str | None = None,
) -> Response:
    """Simple supply paths from one enterprise to another, shortest first."""
    analysis = analyses.for_enterprise(start, chain)
    return answers.respond(
        request,
        analysis.version,
        lambda: {"paths": analysis.paths(start, end, max_length=max_length, limit=limit)},
        chain=chain,
    )


@router.get("/enterprises/{enterprise_id}/choke-points", response_model=ChokePoints)
def read_choke_points(
    request: Request,
    enterprise_id: str,
    analyses: AnalysesDep,
    answers: AnswersDep,
    chain: str | None = None,
) -> Response:
    """Enterprises every supply path into this one passes through (its dominators from the
    chain's sources), nearest first."""
    analysis = analyses.for_enterprise(enterprise_id, chain)
    return answers.respond(
        request,
        analysis.version,
        lambda: {"choke_points": analysis.choke_points(enterprise_id)},
        chain=chain,
    )


BOTTLENECK_DOC = f"""Single-source dependencies, articulation points of the supply graph, and
a score per link, highest first.

Per link L (E_L: supply edges from L; N_L: enterprises in L), each component in [0, 1]:
- structural = (cut_vertex + 1/max(|N_L|,1) + single_source_share) / 3, cut_vertex = L is an
  articulation point of the undirected link (FEEDS) graph;
- concentration = HHI of E_L by supplier;
- leader_scarcity = 1 when N_L has no leader in the chain's home province;
- out_of_province = share of E_L supplied from outside the home province;
- quality = highest open problem grade at L: 0 none, 1/3 ★, 2/3 ★★, 1 ★★★.

score = {" + ".join(f"{w:.2f}·{name}" for name, w in WEIGHTS.items())}; a share over no
edge is null and counts 0. All exact and linear in the graph size; nothing is sampled."""


@router.get(
    "/chains/{chain}/bottlenecks", response_model=BottleneckReport, description=BOTTLENECK_DOC
)
def read_bottlenecks(
    request: Request, chain: str, analyses: AnalysesDep, answers: AnswersDep
) -> Response:
    """Where the chain is weak: single sources, cut enterprises and link scores."""
    analysis = analyses.get(chain)

    def report() -> dict[str, Any]:
        found = analysis.bottlenecks
        links = []
        for score in found.links:
            components = asdict(score)
            link, value = components.pop("link"), components.pop("score")
            links.append({"id": link, "score": value, "components": components})
        return {
            "single_source": found.single_source,
            "articulation_points": found.articulation_points,
            "links": links,
        }

    return answers.respond(request, analysis.version, report, chain=chain)


@router.post("/chains/{chain}/impact", response_model=ImpactReport)
def create_impact(chain: str, body: ImpactRequest, analyses: AnalysesDep) -> ImpactReport:
    """What a disruption cuts off: enterprises, whole links or provinces fail, and the failure
    cascades until it stops. A firm is cut off when, for some link it buys from, every supplier
    it has there failed or was cut off; each comes with the link it lost and the round."""
    result = analyses.get(chain).impact(body.enterprises, body.links, body.provinces)
    summary = asdict(result.summary)
    summary["failed"] = result.failed
    summary["failed_links"] = result.failed_links
    return ImpactReport(
        cut_off=[
            CutOffPublic(id=c.enterprise, lost_link=c.lost_link, round=c.round)
            for c in result.cut_off
        ],
        summary=summary,
    )
