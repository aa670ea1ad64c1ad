from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.deps import MAX_PAGE, AnalysesDep, AnswersDep, LatestDep, Offset, PageLimit, StoreDep
from app.schemas import EnterpriseDetail, Partner, PartnerPage
from graph.reads.chains import Direction, chain_of_enterprise, get_enterprise, page_partners

router = APIRouter(prefix="/api/v1/enterprises", tags=["enterprises"])


@router.get("/{enterprise_id}", response_model=EnterpriseDetail)
def read_enterprise(
    request: Request,
    enterprise_id: str,
    store: StoreDep,
    answers: AnswersDep,
    latest: LatestDep,
    analyses: AnalysesDep,
    chain: str | None = None,
    partners: Annotated[
        int, Query(ge=0, le=MAX_PAGE, description="most suppliers and most customers listed")
    ] = 100,
) -> Response:
    """One enterprise with its first suppliers and customers and how many it has of each."""
    # With the chain named, a firm it does not hold is a 404 from `detail` (never kept).
    holder = chain or chain_of_enterprise(store, enterprise_id)
    version = latest.get(holder)
    memory = analyses.memory_reads(holder, version)

    def detail() -> EnterpriseDetail:
        if memory is not None and memory.indexed:
            enterprise = memory.enterprise(enterprise_id)
            suppliers = memory.partners(enterprise_id, "suppliers", limit=partners)
            customers = memory.partners(enterprise_id, "customers", limit=partners)
        else:
            _, enterprise, suppliers, customers = get_enterprise(
                store, enterprise_id, holder, partners=partners
            )
        return EnterpriseDetail(
            **enterprise.model_dump(),
            chain=holder,
            suppliers=[Partner(**s) for s in suppliers.items],
            suppliers_total=suppliers.total,
            customers=[Partner(**c) for c in customers.items],
            customers_total=customers.total,
        )

    return answers.respond(request, version, detail, chain=chain)


def _partner_page(
    store: StoreDep,
    enterprise_id: str,
    direction: Direction,
    chain: str | None,
    limit: int,
    offset: int,
) -> PartnerPage:
    found = chain_of_enterprise(store, enterprise_id, chain)
    page = page_partners(store, found, enterprise_id, direction, limit=limit, offset=offset)
    return PartnerPage(
        items=[Partner(**p) for p in page.items], total=page.total, limit=limit, offset=offset
    )


@router.get("/{enterprise_id}/suppliers", response_model=PartnerPage)
def read_suppliers(
    enterprise_id: str,
    store: StoreDep,
    chain: str | None = None,
    limit: PageLimit = 100,
    offset: Offset = 0,
) -> PartnerPage:
    """The enterprise's suppliers a page at a time, in (link, id) order."""
    return _partner_page(store, enterprise_id, "suppliers", chain, limit, offset)


@router.get("/{enterprise_id}/customers", response_model=PartnerPage)
def read_customers(
    enterprise_id: str,
    store: StoreDep,
    chain: str | None = None,
    limit: PageLimit = 100,
    offset: Offset = 0,
) -> PartnerPage:
    """The enterprise's customers a page at a time, in (link, id) order."""
    return _partner_page(store, enterprise_id, "customers", chain, limit, offset)
