from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from app.deps import StoreDep, require
from app.routes.versions import VersionCreated
from graph.access.principal import Principal
from graph.package.models import Lifecycle
from graph.reads.chains import get_chain
from graph.versioning.edits import set_enterprise_status
from graph.versioning.matching import MatchCandidate, confirm_match, list_candidates, reject_match

router = APIRouter(prefix="/api/v1/chains", tags=["matches"])

EditorDep = Annotated[Principal, Depends(require("editor"))]
MemberDep = Annotated[Principal, Depends(require("member"))]


class CandidateList(BaseModel):
    items: list[MatchCandidate]


class Confirmed(VersionCreated):
    candidate: MatchCandidate


class EnterpriseStatusChange(BaseModel):
    status: Lifecycle
    note: str | None = None


@router.get("/{chain}/matches", response_model=CandidateList)
def read_matches(
    chain: str,
    store: StoreDep,
    _: MemberDep,
    status: Literal["pending", "confirmed", "rejected", "superseded"] | None = None,
) -> CandidateList:
    """Potential matches found on import: an incoming firm that may be one the chain held."""
    get_chain(store, chain)
    return CandidateList(items=list_candidates(store, chain, status))


@router.post("/{chain}/matches/{candidate_id}/confirm", response_model=Confirmed)
def confirm_chain_match(
    chain: str, candidate_id: str, store: StoreDep, principal: EditorDep
) -> Confirmed:
    """The incoming firm is the existing one: it takes the existing id (a new version)."""
    result = confirm_match(store, chain, candidate_id, principal=principal)
    candidate = next(c for c in list_candidates(store, chain) if c.id == candidate_id)
    return Confirmed(
        chain=chain, version=result.version, changes=result.diff.counts(), candidate=candidate
    )


@router.post("/{chain}/matches/{candidate_id}/reject", response_model=MatchCandidate)
def reject_chain_match(
    chain: str, candidate_id: str, store: StoreDep, principal: EditorDep
) -> MatchCandidate:
    """The incoming firm is a firm of its own; the chain's data stays as it is."""
    return reject_match(store, chain, candidate_id, principal=principal)


@router.put("/{chain}/enterprises/{enterprise_id}/status", response_model=VersionCreated)
def update_enterprise_status(
    chain: str,
    enterprise_id: str,
    body: EnterpriseStatusChange,
    store: StoreDep,
    principal: EditorDep,
) -> VersionCreated:
    """Mark a firm active, closed or moved (a new version); its record and history stay."""
    result = set_enterprise_status(
        store, chain, enterprise_id, body.status, principal=principal, note=body.note
    )
    return VersionCreated(chain=chain, version=result.version, changes=result.diff.counts())
