"""Reads of one chain version answered from its package document, without asking the store.

A 100,000-firm chain answers a page, a firm or its links from the store in tens of milliseconds
(a count, a sort, a skip); the same answers from the version's document in memory cost a slice
or a dict lookup. `MemoryReads` gives what `graph.reads.chains` gives for one version, in the
same order and shape: enterprises in id order, partners in (link, id) order, links in (order,
id) order with their enterprise counts. It is only correct for the version whose document it
holds, so callers ask it for that version alone (graph.analytics.chain_analysis keeps one per
analysed version).

It keeps the document's enterprise records, not its supplies: once indexed, each direction's
partners are three integer arrays in (firm, link, partner) order (`_Partners`), 24 bytes a
supply for both directions where the supply records took about 400 (at 951,400 supplies: 23 MB
against 380 MB).
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from graph.errors import EnterpriseNotFoundError
from graph.package.models import Enterprise, Link
from graph.reads.chains import Direction, PartnerPage

__all__ = ["MemoryReads"]

Document = Mapping[str, Any]
# Filtered id lists kept, least recently used dropped first (each is at most one per firm).
FILTERS_KEPT = 64


class MemoryReads:
    """The enterprises, supplies and links of one chain version, indexed for paged reads."""

    def __init__(self, document: Document) -> None:
        enterprises = document.get("enterprises") or []
        self._firms: dict[str, Mapping[str, Any]] = {e["id"]: e for e in enterprises}
        self._ids = sorted(self._firms)
        self._supplies: list[Mapping[str, Any]] | None = document.get("supplies") or []
        self._links = sorted(document.get("links") or [], key=lambda lk: (lk["order"], lk["id"]))
        self._filtered: OrderedDict[tuple[str | None, ...], list[str]] = OrderedDict()
        self._partners: dict[Direction, _Partners] | None = None
        self._position: dict[str, int] = {}
        self._link_counts: dict[str, int] | None = None
        self._lock = threading.Lock()

    def links(self) -> list[tuple[Link, int]]:
        """Links in chain order, each with its number of enterprises."""
        counts = self._link_counts if self._link_counts is not None else self._count_links()
        return [(Link.model_validate(lk), counts.get(lk["id"], 0)) for lk in self._links]

    def _count_links(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for firm in self._firms.values():
            for link in set(firm["links"]):
                counts[link] += 1
        return counts

    def page(
        self,
        *,
        link: str | None = None,
        province: str | None = None,
        tier: str | None = None,
        role: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[Enterprise], int]:
        """One page of the enterprises in id order, and how many match in all."""
        ids = self._matching(link, province, tier, role)
        page = ids[offset : offset + limit]
        return [Enterprise.model_validate(self._firms[i]) for i in page], len(ids)

    def _matching(
        self, link: str | None, province: str | None, tier: str | None, role: str | None
    ) -> list[str]:
        key = (link, province, tier, role)
        if key == (None, None, None, None):
            return self._ids
        with self._lock:
            found = self._filtered.get(key)
            if found is not None:
                self._filtered.move_to_end(key)
                return found
        found = [
            i
            for i in self._ids
            if (province is None or self._firms[i]["province"] == province)
            and (tier is None or self._firms[i].get("tier", "follower") == tier)
            and (role is None or self._firms[i].get("role", "member") == role)
            and (link is None or link in self._firms[i]["links"])
        ]
        with self._lock:
            self._filtered[key] = found
            while len(self._filtered) > FILTERS_KEPT:
                self._filtered.popitem(last=False)
        return found

    def enterprise(self, enterprise_id: str) -> Enterprise:
        firm = self._firms.get(enterprise_id)
        if firm is None:
            raise EnterpriseNotFoundError(f"no enterprise {enterprise_id!r}")
        return Enterprise.model_validate(firm)

    @property
    def indexed(self) -> bool:
        """Whether `partners` can answer (see `index`)."""
        return self._partners is not None

    def partners(
        self, enterprise_id: str, direction: Direction, *, limit: int, offset: int = 0
    ) -> PartnerPage:
        """A page of the firm's suppliers or customers in (link, id) order, and their total."""
        if self._partners is None:
            raise RuntimeError("partners are not indexed yet: ask `indexed` first")
        found = self._partners[direction]
        at = self._position.get(enterprise_id)
        start, end = (0, 0) if at is None else found.starts[at : at + 2].tolist()
        rows = slice(start + offset, min(end, start + offset + limit))
        items = []
        for partner, link, basis in zip(
            found.partner[rows].tolist(),
            found.link[rows].tolist(),
            found.basis[rows].tolist(),
            strict=True,
        ):
            firm = self._firms[self._ids[partner]]
            items.append(
                {
                    "id": firm["id"],
                    "name": firm["name"],
                    "link": found.links[link],
                    "basis": found.bases[basis],
                    "status": firm.get("status", "active"),
                }
            )
        return PartnerPage(items=items, total=end - start)

    def index(self) -> None:
        """Index every firm's supplies by direction, sorted as the store sorts them, count the
        links' firms, and let the supply records go. Kept out of the constructor: at a million
        supplies it takes about a second, which the first answer after a start should not wait
        for (until then partners come from the store, and link counts are counted when asked)."""
        self._link_counts = self._count_links()
        supplies = self._supplies or []
        self._position = {firm: at for at, firm in enumerate(self._ids)}
        links = sorted({s["link"] for s in supplies})
        bases = list({s.get("basis") for s in supplies})
        columns = {
            "supplier": _coded(supplies, "supplier", self._position),
            "customer": _coded(supplies, "customer", self._position),
            "link": _coded(supplies, "link", {link: at for at, link in enumerate(links)}),
            "basis": _coded(supplies, "basis", {basis: at for at, basis in enumerate(bases)}),
        }
        self._partners = {
            "suppliers": _Partners.of(
                columns, "customer", "supplier", len(self._ids), links, bases
            ),
            "customers": _Partners.of(
                columns, "supplier", "customer", len(self._ids), links, bases
            ),
        }
        self._supplies = None

    def __contains__(self, enterprise_id: object) -> bool:
        return enterprise_id in self._firms


def _coded(supplies: list[Mapping[str, Any]], key: str, codes: Mapping[Any, int]) -> np.ndarray:
    """Each supply's `key` as its code."""
    return np.fromiter((codes[s.get(key)] for s in supplies), dtype=np.int32, count=len(supplies))


@dataclass(frozen=True)
class _Partners:
    """One direction's partners of every firm: rows in (firm, link, partner) order, firm `i`'s
    at ``starts[i]:starts[i + 1]``; firms and partners are positions in the id-sorted firm list,
    links and bases positions in `links` (sorted, so codes sort as names do) and `bases`."""

    starts: np.ndarray
    partner: np.ndarray
    link: np.ndarray
    basis: np.ndarray
    links: list[str]
    bases: list[str | None]

    @classmethod
    def of(
        cls,
        columns: Mapping[str, np.ndarray],
        firm: str,
        partner: str,
        firms: int,
        links: list[str],
        bases: list[str | None],
    ) -> _Partners:
        order = np.lexsort((columns[partner], columns["link"], columns[firm]))
        starts = np.zeros(firms + 1, dtype=np.int64)
        np.cumsum(np.bincount(columns[firm], minlength=firms), out=starts[1:])
        return cls(
            starts,
            columns[partner][order],
            columns["link"][order],
            columns["basis"][order],
            links,
            bases,
        )
