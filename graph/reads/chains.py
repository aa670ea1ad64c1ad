"""Read services over a chain: chains, links, enterprises, institutions, health counts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from graph.errors import AmbiguousIdError, ChainNotFoundError, EnterpriseNotFoundError
from graph.package.models import Chain, Enterprise, Institution, Link
from graph.package.records import from_props
from graph.store.base import GraphStore

__all__ = [
    "list_chains",
    "get_chain",
    "read_chain",
    "list_links",
    "page_enterprises",
    "get_enterprise",
    "page_partners",
    "PartnerPage",
    "Direction",
    "list_institutions",
    "store_counts",
    "chain_of_enterprise",
]


def _chain(props: dict[str, Any]) -> tuple[Chain, dict[str, float]]:
    """The chain a Chain node describes, and its indicator values (kept on it as JSON)."""
    fields = dict(props)
    indicators = fields.pop("indicators", None)
    return from_props(Chain, fields), json.loads(indicators) if indicators else {}


def read_chain(store: GraphStore, chain: str) -> tuple[Chain, dict[str, float]]:
    """A chain and its supplied indicator values."""
    rows = store.read("chains/get", {"chain": chain})
    if not rows:
        raise ChainNotFoundError(chain)
    return _chain(rows[0]["props"])


def list_chains(store: GraphStore) -> list[Chain]:
    return [_chain(row["props"])[0] for row in store.read("chains/list")]


def get_chain(store: GraphStore, chain: str) -> Chain:
    return read_chain(store, chain)[0]


def list_links(store: GraphStore, chain: str) -> list[tuple[Link, int]]:
    """Links in chain order, each with its number of enterprises."""
    get_chain(store, chain)
    return [
        (from_props(Link, row["props"]), int(row["enterprises"]))
        for row in store.read("links/list", {"chain": chain})
    ]


def page_enterprises(
    store: GraphStore,
    chain: str,
    *,
    link: str | None = None,
    province: str | None = None,
    tier: str | None = None,
    role: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Enterprise], int]:
    """One page of a chain's enterprises in id order, and how many match in all."""
    get_chain(store, chain)
    filters = {"chain": chain, "link": link, "province": province, "tier": tier, "role": role}
    total = int(store.read("enterprises/count", filters)[0]["total"])
    rows = store.read("enterprises/page", {**filters, "limit": limit, "offset": offset})
    return [from_props(Enterprise, row["props"]) for row in rows], total


def _enterprise_rows(
    store: GraphStore, enterprise_id: str, chain: str | None
) -> list[dict[str, Any]]:
    rows = store.read("enterprises/get", {"id": enterprise_id, "chain": chain})
    if not rows:
        raise EnterpriseNotFoundError(f"no enterprise {enterprise_id!r}")
    if len(rows) > 1:
        chains = sorted(row["chain"] for row in rows)
        raise AmbiguousIdError(f"enterprise {enterprise_id!r} is in chains {chains}; pass ?chain=")
    return rows


def chain_of_enterprise(store: GraphStore, enterprise_id: str, chain: str | None = None) -> str:
    """The chain holding an enterprise id (the one named, if `chain` is given)."""
    return str(_enterprise_rows(store, enterprise_id, chain)[0]["chain"])


Direction = Literal["suppliers", "customers"]


@dataclass(frozen=True)
class PartnerPage:
    """One page of an enterprise's suppliers or customers (in link, id order) and their total."""

    items: list[dict[str, Any]]
    total: int


def page_partners(
    store: GraphStore,
    chain: str,
    enterprise_id: str,
    direction: Direction,
    *,
    limit: int,
    offset: int = 0,
) -> PartnerPage:
    """A hub supplies thousands of firms: its partners are read a page at a time."""
    scope = {"chain": chain, "id": enterprise_id}
    total = int(store.read(f"enterprises/{direction}_count", scope)[0]["total"])
    rows = store.read(f"enterprises/{direction}", {**scope, "limit": limit, "offset": offset})
    return PartnerPage(items=rows, total=total)


def get_enterprise(
    store: GraphStore, enterprise_id: str, chain: str | None = None, *, partners: int = 100
) -> tuple[str, Enterprise, PartnerPage, PartnerPage]:
    """(chain, enterprise, suppliers, customers): the first `partners` of each direction."""
    rows = _enterprise_rows(store, enterprise_id, chain)
    found = rows[0]["chain"]
    return (
        found,
        from_props(Enterprise, rows[0]["props"]),
        page_partners(store, found, enterprise_id, "suppliers", limit=partners),
        page_partners(store, found, enterprise_id, "customers", limit=partners),
    )


def list_institutions(store: GraphStore, chain: str) -> list[Institution]:
    get_chain(store, chain)
    return [
        from_props(Institution, r["props"])
        for r in store.read("institutions/list", {"chain": chain})
    ]


def store_counts(store: GraphStore) -> dict[str, int]:
    counts = {row["label"]: int(row["count"]) for row in store.read("health/counts")}
    counts["relationships"] = int(store.read("health/relationship_count")[0]["count"])
    return counts
