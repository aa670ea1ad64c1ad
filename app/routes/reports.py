"""The chain quality report and its charts (docs/views.md, Chain quality report): what a bureau
hands over once a year, cut to what the caller may see."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from app.deps import AnalysesDep, PrincipalDep, StoreDep
from graph.reports.chain_report import chain_charts, chain_report
from viz.charts import render_chart
from viz.report import render_report

router = APIRouter(prefix="/api/v1", tags=["reports"])

MEDIA = {"png": "image/png", "svg": "image/svg+xml"}
ChartName = Literal["grades", "provinces", "progress"]


@router.get(
    "/chains/{chain}/report.pdf",
    responses={200: {"content": {"application/pdf": {}}}},
)
def read_report(
    chain: str,
    store: StoreDep,
    principal: PrincipalDep,
    analyses: AnalysesDep,
    issuer: Annotated[
        str | None,
        Query(
            max_length=200,
            description="issuing body on the title page (编制单位); default: the chain's issuer",
        ),
    ] = None,
) -> Response:
    """The chain quality report as PDF: title page, contents, the overview map, the chain in
    numbers, bottlenecks, the disruption case, the problem library (Annex C), projects
    (Annexes E/F), achievements, the evaluation (Annex K) and the changes since the previous
    version. Below `member`, the public face only. 503 while a big chain's analysis loads."""
    view = chain_report(store, chain, principal, issuer=issuer, analysis=analyses.get(chain))
    return Response(
        render_report(view),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{chain}-report.pdf"'},
    )


@router.get(
    "/chains/{chain}/charts/{name}.{fmt}",
    responses={200: {"content": {media: {} for media in MEDIA.values()}}},
)
def read_chart(
    chain: str,
    name: ChartName,
    fmt: Literal["png", "svg"],
    store: StoreDep,
    principal: PrincipalDep,
) -> Response:
    """One of the report's charts: `grades` (open problems by grade per link), `provinces`
    (enterprises per province), `progress` (project milestones; empty below `member`)."""
    chart = chain_charts(store, chain, principal)[name]
    return Response(
        render_chart(chart, fmt),
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'inline; filename="{chain}-{name}.{fmt}"'},
    )
