from fastapi import APIRouter

from app.deps import StoreDep
from app.schemas import EnterpriseDetail, Partner
from graph.chains import get_enterprise

router = APIRouter(prefix="/api/v1/enterprises", tags=["enterprises"])


@router.get("/{enterprise_id}", response_model=EnterpriseDetail)
def read_enterprise(
    enterprise_id: str, store: StoreDep, chain: str | None = None
) -> EnterpriseDetail:
    """One enterprise with its suppliers and customers."""
    found, enterprise, suppliers, customers = get_enterprise(store, enterprise_id, chain)
    return EnterpriseDetail(
        **enterprise.model_dump(),
        chain=found,
        suppliers=[Partner(**s) for s in suppliers],
        customers=[Partner(**c) for c in customers],
    )
