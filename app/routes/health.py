from fastapi import APIRouter

from app.deps import StoreDep
from app.schemas import Health
from graph.reads.chains import store_counts

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def read_health(store: StoreDep) -> Health:
    """Store kind and node counts per label; 503 when the store does not answer."""
    return Health(status="ok", store=store.kind, counts=store_counts(store))
