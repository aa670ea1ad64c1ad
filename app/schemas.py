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


class EnterpriseDetail(Enterprise):
    chain: str
    suppliers: list[Partner]
    customers: list[Partner]


class ChainList(BaseModel):
    items: list[Chain]


class InstitutionList(BaseModel):
    items: list[Institution]


class ImportSummary(BaseModel):
    chain: str
    version: str
    counts: dict[str, int]
