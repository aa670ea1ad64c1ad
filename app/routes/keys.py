"""API keys, managed by admins: create (the key is shown once), list, revoke."""

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from app.deps import AdminDep, StoreDep
from graph.access.keys import create_key, list_keys, revoke_key
from graph.access.principal import Role
from graph.errors import NotFoundError
from graph.package.models import Id, Record
from graph.reads.lookup import missing_ids

router = APIRouter(prefix="/api/v1/keys", tags=["keys"])


class KeyCreate(Record):
    role: Role
    name: str = Field(default="", max_length=200)
    enterprise: Id | None = Field(
        default=None, description="the enterprise the key acts for (directed sharing)"
    )
    chain: Id | None = Field(
        default=None, description="when given, `enterprise` must be an enterprise of this chain"
    )


class KeyPublic(BaseModel):
    id: str
    role: Role
    name: str
    enterprise: str | None
    created_at: str | None = None
    revoked: bool = False


class KeyCreated(KeyPublic):
    key: str = Field(description="the full key, shown this once only")


class KeyList(BaseModel):
    items: list[KeyPublic]


@router.post("", response_model=KeyCreated, status_code=201)
def create_api_key(body: KeyCreate, store: StoreDep, admin: AdminDep) -> KeyCreated:
    """Create a key; the response holds the key itself, which is never shown again."""
    if (
        body.chain
        and body.enterprise
        and missing_ids(store, "enterprises", body.chain, [body.enterprise])
    ):
        raise NotFoundError(f"chain {body.chain!r} has no enterprise {body.enterprise!r}")
    key_id, key = create_key(store, body.role, name=body.name, enterprise=body.enterprise, by=admin)
    info = next(k for k in list_keys(store) if k.id == key_id)
    return KeyCreated(**info.__dict__, key=key)


@router.get("", response_model=KeyList)
def read_api_keys(store: StoreDep, _: AdminDep) -> KeyList:
    """Every key with its role and state, never its secret."""
    return KeyList(items=[KeyPublic(**k.__dict__) for k in list_keys(store)])


@router.delete("/{key_id}", status_code=204, response_class=Response)
def revoke_api_key(key_id: str, store: StoreDep, admin: AdminDep) -> Response:
    """Revoke a key; requests with it get 401 from then on."""
    if not revoke_key(store, key_id, by=admin):
        raise NotFoundError(f"no key {key_id!r}")
    return Response(status_code=204)
