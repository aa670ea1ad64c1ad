"""Disruption impact: what is cut off when enterprises, links or provinces stop
(docs/analytics.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

import networkx as nx

from graph.collector import collection_paused

__all__ = ["CutOff", "ImpactSummary", "ImpactResult", "disruption_impact"]


@dataclass(frozen=True)
class CutOff:
    """An enterprise cut off by the cascade: the link whose supply it lost, and when."""

    enterprise: str
    lost_link: str
    round: int


@dataclass(frozen=True)
class ImpactSummary:
    """Counts of the cascade.

    ``by_round``, ``by_link`` (lost link) and ``by_province`` count cut-off enterprises only;
    ``total_failed`` counts the enterprises failed at the start.
    """

    total_failed: int
    total_cut_off: int
    by_round: dict[int, int]
    by_link: dict[str, int]
    by_province: dict[str, int]


@dataclass(frozen=True)
class ImpactResult:
    """The failed enterprises and links, every cut-off enterprise, and the summary."""

    failed: list[str]
    failed_links: list[str]
    cut_off: list[CutOff]
    summary: ImpactSummary


def disruption_impact(
    G: nx.MultiDiGraph,
    enterprises: Iterable[str] = (),
    links: Iterable[str] = (),
    provinces: Iterable[str] = (),
) -> ImpactResult:
    """Cascade the failure of enterprises, links and provinces to a fixpoint.

    Definitions:

    - The **failed enterprises** are `enterprises` together with every enterprise whose
      ``province`` is in `provinces`. A failed or cut-off enterprise delivers nothing, in any
      link.
    - A **failed link** stops every supply edge in that link (keyed by it): its suppliers stop
      delivering in that link and keep delivering in their other links; they are not failed.
    - An enterprise **buys from** link L when it has at least one incoming supply edge in L.
    - The cascade runs in rounds. An enterprise that is neither failed nor cut off is **cut
      off in round r** (1-based) when, for some link L it buys from, L is a failed link or all
      its suppliers in L were failed or cut off before round r. Its ``lost_link`` is the
      smallest such L (string order). Rounds repeat until one cuts nobody off.

    The cascade keeps, per (customer, link), a counter of live suppliers, set up the first time
    a supplier of that customer dies, and walks each dead enterprise's outgoing edges once:
    O(V + E) in all, plus one O(E) scan of the edges when `links` is not empty.

    Parameters
    ----------
    G : nx.MultiDiGraph
        Supply graph.
    enterprises : iterable of str
        Enterprise ids failed at the start.
    links : iterable of str
        Link ids failed at the start (unknown ids have no effect).
    provinces : iterable of str
        Provinces whose enterprises all fail at the start (unknown names have no effect).

    Returns
    -------
    ImpactResult
        ``failed`` and ``failed_links`` sorted; ``cut_off`` sorted by (round, enterprise); the
        summary's dicts ordered by key.

    Raises
    ------
    nx.NodeNotFound
        If an enterprise id given is not in `G`.
    TypeError
        If one of `enterprises`, `links`, `provinces` is a single string (a common slip that
        would otherwise fail each of its characters).

    Example
    -------
    >>> G = nx.MultiDiGraph([("s", "m", "steel"), ("m", "a", "rings"), ("t", "a", "cages")])
    >>> for node, province in [("s", "河北"), ("m", "山东"), ("a", "山东"), ("t", "山东")]:
    ...     G.nodes[node]["province"] = province
    >>> r = disruption_impact(G, provinces=["河北"])
    >>> [(c.enterprise, c.lost_link, c.round) for c in r.cut_off]
    [('m', 'steel', 1), ('a', 'rings', 2)]
    """
    for name, given in (("enterprises", enterprises), ("links", links), ("provinces", provinces)):
        if isinstance(given, str):
            raise TypeError(f"{name} must be an iterable of ids, not the string {given!r}")
    failed = set()
    for node in enterprises:
        if node not in G:
            raise nx.NodeNotFound(f"enterprise {node!r} is not in the supply graph")
        failed.add(node)
    province_set = set(provinces)
    if province_set:
        failed.update(n for n, p in G.nodes(data="province") if p in province_set)
    failed_links = set(links)
    with collection_paused():
        cut_off = _cascade(G, failed, failed_links)
    return ImpactResult(
        failed=sorted(failed),
        failed_links=sorted(failed_links),
        cut_off=cut_off,
        summary=_summarise(G, len(failed), cut_off),
    )


def _cascade(G: nx.MultiDiGraph, failed: set[str], failed_links: set[str]) -> list[CutOff]:
    dead = set(failed)
    # The hot loops read networkx's adjacency dicts directly (as networkx's own traversals do):
    # going through the read-only views costs about twice as much on a million edges.
    succ, pred = G._succ, G._pred
    live_suppliers: dict[str, Counter[str]] = {}
    # customer -> links it has lost so far, gathered for the next round
    lost: dict[str, set[str]] = {}

    if failed_links:
        for customer, suppliers in pred.items():
            if customer not in dead:
                # The links the customer buys from, gathered in C from its in-edge keys.
                hit = failed_links.intersection(set().union(*suppliers.values()))
                if hit:
                    lost[customer] = hit

    def stop_deliveries(supplier: str) -> None:
        for customer, keyed in succ[supplier].items():
            if customer in dead:
                continue
            counts = live_suppliers.get(customer)
            if counts is None:
                # The links of each in-edge, counted in C: one entry per supplier and link.
                counts = live_suppliers[customer] = Counter(
                    chain.from_iterable(pred[customer].values())
                )
            for link in keyed:
                left = counts[link] - 1
                counts[link] = left
                if not left:
                    lost.setdefault(customer, set()).add(link)

    for supplier in failed:
        stop_deliveries(supplier)

    cut_off: list[CutOff] = []
    round_number = 0
    while lost:
        round_number += 1
        this_round = sorted(lost.items())
        lost = {}
        for customer, _ in this_round:
            dead.add(customer)
        for customer, links_lost in this_round:
            cut_off.append(CutOff(customer, min(links_lost), round_number))
        for customer, _ in this_round:
            stop_deliveries(customer)
    return cut_off


def _summarise(G: nx.MultiDiGraph, total_failed: int, cut_off: list[CutOff]) -> ImpactSummary:
    provinces = G.nodes(data="province")
    return ImpactSummary(
        total_failed=total_failed,
        total_cut_off=len(cut_off),
        by_round=dict(sorted(Counter(c.round for c in cut_off).items())),
        by_link=dict(sorted(Counter(c.lost_link for c in cut_off).items())),
        by_province=dict(sorted(Counter(str(provinces[c.enterprise]) for c in cut_off).items())),
    )
