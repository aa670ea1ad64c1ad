from fastapi import APIRouter, HTTPException

from app.deps import StoreDep
from app.errors import NotFoundError
from app.schemas import EnterpriseDetail, Partner
from graph.chains import AmbiguousIdError, EnterpriseNotFoundError, get_enterprise

router = APIRouter(prefix="/api/v1/enterprises", tags=["enterprises"])


@router.get("/{enterprise_id}", response_model=EnterpriseDetail)
def read_enterprise(
    enterprise_id: str, store: StoreDep, chain: str | None = None
) -> EnterpriseDetail:
    """One enterprise with its suppliers and customers."""
    try:
        found, enterprise, suppliers, customers = get_enterprise(store, enterprise_id, chain)
    except EnterpriseNotFoundError as exc:
        raise NotFoundError(str(exc)) from None
    except AmbiguousIdError as exc:
        raise HTTPException(400, str(exc)) from None
    return EnterpriseDetail(
        **enterprise.model_dump(),
        chain=found,
        suppliers=[Partner(**s) for s in suppliers],
        customers=[Partner(**c) for c in customers],
    )
