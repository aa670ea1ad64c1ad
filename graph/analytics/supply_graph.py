"""The enterprise supply graph every analytic runs on (`SUPPLIES` in docs/architecture.md,
Graph model; docs/analytics.md).

The graph is an ``nx.MultiDiGraph``:

- nodes are enterprise ids, with the attributes ``name``, ``links`` (list of link ids),
  ``province``, ``tier`` (``leader``/``follower``) and ``role``;
- edges run supplier → customer, one per (supplier, customer, link), with ``key=link``: the
  supplier's link for that flow. Two enterprises may therefore be joined by parallel edges in
  different links.

An enterprise never supplies itself: such a record is rejected here, so the analytics never see
a self-loop.

The graph is read-only once built (``nx.freeze``: networkx's mutators raise). That lets the
edges share their dicts: every edge's attribute dict is one empty dict, and the pairs joined in
one link only share one ``{link: attributes}`` dict, so an edge costs its two adjacency entries
and nothing more (at 100,000 firms and 951,400 supplies: 335 MB of dicts before, see
docs/analytics.md). Never write into an edge's attributes: they are every edge's.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import Any

import networkx as nx

from graph.collector import collection_paused

__all__ = ["build_supply_graph", "supply_edges"]


def build_supply_graph(
    enterprises: Iterable[Mapping[str, Any]],
    supplies: Iterable[Mapping[str, Any]],
    *,
    collect: bool = True,
) -> nx.MultiDiGraph:
    """Build the supply graph from enterprise and supply records.

    Parameters
    ----------
    enterprises : iterable of mappings
        Each with ``id``, ``name``, ``links`` and ``province``; ``tier`` defaults to
        ``"follower"`` and ``role`` to ``"member"`` (the package defaults). Other keys are ignored.
    supplies : iterable of mappings
        Each with ``supplier``, ``customer`` and ``link``. A repeated (supplier, customer, link)
        is one edge.
    collect : bool
        End a large build with one full garbage collection (see `_COLLECT_AFTER_EDGES`). A
        caller that freezes the collector's objects right after (`gc.freeze`) skips it: the
        freeze settles the same debt without traversing a million containers (1.2 s at
        100,000 firms).

    Returns
    -------
    G : nx.MultiDiGraph
        Nodes are enterprise ids, edges supplier → customer keyed by link.

    Raises
    ------
    ValueError
        If an enterprise id repeats, a supply names an enterprise not given, or an enterprise
        supplies itself.

    Example
    -------
    >>> G = build_supply_graph(
    ...     [{"id": "s", "name": "Steel", "links": ["steel"], "province": "山东"},
    ...      {"id": "f", "name": "Forge", "links": ["forging"], "province": "山东"}],
    ...     [{"supplier": "s", "customer": "f", "link": "steel"}],
    ... )
    >>> list(G.edges(keys=True))
    [('s', 'f', 'steel')]
    >>> G.nodes["f"]["tier"]
    'follower'
    """
    G = nx.MultiDiGraph()
    with collection_paused():
        _fill(G, enterprises, supplies)
    if collect and G.number_of_edges() > _COLLECT_AFTER_EDGES:
        gc.collect()
    return nx.freeze(G)


# Above this many edges a build ends with one full garbage collection: it moves the new edge
# dicts to the oldest generation at once, instead of leaving that debt (about a second per
# million edges) to the next analytics call. Below it, the collection costs more than the build.
_COLLECT_AFTER_EDGES = 100_000

_SUPPLY_ENDS = itemgetter("supplier", "customer", "link")


def _fill(
    G: nx.MultiDiGraph,
    enterprises: Iterable[Mapping[str, Any]],
    supplies: Iterable[Mapping[str, Any]],
) -> None:
    """Fill an empty `G` with the dicts `add_node` and `add_edge` would make.

    networkx's internals are filled directly because this build is what a restarted service
    waits for before its first analytics answer: at 100,000 firms and 951,400 supplies the
    public calls take 2.1 s, this loop 1.1 s (the difference was their per-call node checks,
    factory calls and cache clearing). The layout is `nx.MultiDiGraph`'s, whose factories are all
    ``dict``: ``_node[n]`` is n's attribute dict, and ``_succ[u][v]`` and ``_pred[v][u]`` are one
    dict ``{key: edge attribute dict}``, here shared further (see the module's note: one
    attribute dict, one keyed dict per link for the pairs joined in that link only). Adjacency
    keys are the nodes' own id strings, not the supplies' equal copies, so the graph keeps no
    string of the records it was built from. tests/graph/analytics/test_supply_graph.py checks
    the result equals a graph built with the public calls.
    """
    attributes, succ, pred = G._node, G._succ, G._pred
    ids: dict[str, str] = {}  # each id to the node's own string
    no_attributes: dict[str, Any] = {}
    in_one_link: dict[str, dict[str, dict[str, Any]]] = {}
    for e in enterprises:
        node = e["id"]
        if node in attributes:
            raise ValueError(f"enterprise {node!r} is given twice")
        ids[node] = node
        attributes[node] = {
            "name": e["name"],
            "links": list(e["links"]),
            "province": e["province"],
            "tier": e.get("tier") or "follower",
            "role": e.get("role") or "member",
        }
        succ[node] = {}
        pred[node] = {}
    for supplier, customer, link in map(_SUPPLY_ENDS, supplies):
        customers = succ.get(supplier)
        suppliers = pred.get(customer)
        if customers is None or suppliers is None:
            unknown = supplier if customers is None else customer
            raise ValueError(f"supply {supplier}->{customer} ({link}) names unknown {unknown!r}")
        if supplier == customer:
            raise ValueError(f"enterprise {supplier!r} cannot supply itself ({link})")
        supplier, customer = ids[supplier], ids[customer]
        keyed = customers.get(customer)
        if keyed is None:
            keyed = in_one_link.get(link)
            if keyed is None:
                keyed = in_one_link[link] = {link: no_attributes}
            customers[customer] = suppliers[supplier] = keyed
        elif link not in keyed:  # a pair joined in a second link gets a dict of its own
            customers[customer] = suppliers[supplier] = {**keyed, link: no_attributes}


def supply_edges(G: nx.MultiDiGraph) -> Iterable[tuple[str, str, str]]:
    """Yield every supply edge as ``(supplier, customer, link)``.

    Parameters
    ----------
    G : nx.MultiDiGraph
        A supply graph.

    Returns
    -------
    edges : iterator of (supplier, customer, link)

    Example
    -------
    >>> G = nx.MultiDiGraph([("a", "b", "x"), ("a", "b", "y")])
    >>> sorted(supply_edges(G))
    [('a', 'b', 'x'), ('a', 'b', 'y')]
    """
    # networkx's adjacency dict, read directly: the read-only views cost twice as much.
    for supplier, customers in G._succ.items():
        for customer, keyed in customers.items():
            for link in keyed:
                yield supplier, customer, link
