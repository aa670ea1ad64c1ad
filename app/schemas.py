"""Response bodies of the API (request bodies are the package models of graph.models)."""

from __future__ import annotations

from pydantic import BaseModel

from graph.models import Chain, Enterprise, Institution, Link


class Health(BaseModel):
    status: str
    store: str
    counts: dict[str, int]


class LinkPublic(Link):
    enterprise_count: int


class EnterprisePage(BaseModel):
    items: list[Enterprise]
    total: int
    limit: int
    offset: int


class Partner(BaseModel):
    id: str
    name: str
    link: str
    basis: str | None = None
    status: str = "active"
    """Lifecycle of the partner firm: a closed or moved supplier no longer counts as one."""


class EnterpriseDetail(Enterprise):
    chain: str
    suppliers: list[Partner]
    customers: list[Partner]


class ChainList(BaseModel):
    items: list[Chain]


class InstitutionList(BaseModel):
    items: list[Institution]


class MatchReport(BaseModel):
    incoming: str
    incoming_name: str
    existing: str | None = None
    existing_name: str | None = None
    score: float
    reason: str


class ImportMatches(BaseModel):
    """Incoming firms new to the chain: matched to a firm it held (now under that id), held as
    potential matches (see /chains/{chain}/matches), or new."""

    matched: list[MatchReport] = []
    potential: list[MatchReport] = []
    new: int = 0


class ImportSummary(BaseModel):
    chain: str
    version: str
    counts: dict[str, int]
    changes: dict[str, dict[str, int]] = {}
    matches: ImportMatches = ImportMatches()
