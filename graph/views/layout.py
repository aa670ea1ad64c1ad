"""The reading order of a chain's links, shared by the map skeleton and the static overview:
columns left to right by longest-path layering over the FEEDS graph (a cycle is broken against
the declared order), sub-links under their parent."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from graph.package.models import ChainPackage, Link

__all__ = ["link_columns"]


def _acyclic_flow_graph(links: list[Link], flows: Iterable[tuple[str, str]]) -> nx.DiGraph:
    """The FEEDS graph with any cycle broken by dropping its edge that runs against `order`."""
    order = {lk.id: lk.order for lk in links}
    g = nx.DiGraph()
    g.add_nodes_from(order)
    g.add_edges_from((a, b) for a, b in flows if a in order and b in order and a != b)
    while True:
        try:
            cycle = nx.find_cycle(g)
        except nx.NetworkXNoCycle:
            return g
        # Drop the edge that goes most against the declared order (ties: the last one found).
        u, v = max(cycle, key=lambda e: order[e[0]] - order[e[1]])[:2]
        g.remove_edge(u, v)


def _nearest_placed_ancestor(lk: Link, by_id: dict[str, Link], layer: dict[str, int]) -> str | None:
    seen = {lk.id}
    while lk.parent is not None and lk.parent in by_id and lk.parent not in seen:
        lk = by_id[lk.parent]
        if lk.id in layer:
            return lk.id
        seen.add(lk.id)
    return None


def _link_layers(package: ChainPackage) -> dict[str, int]:
    """Layer (column index) of every link: longest path from a source of the FEEDS graph.

    Links without any flow take their parent's layer (sub-links) or the first layer used by
    their segment, so a link the survey did not connect still lands in its chain stage.
    """
    links = package.links
    by_id = {lk.id: lk for lk in links}
    g = _acyclic_flow_graph(links, ((f.from_, f.to) for f in package.link_flows))
    layer: dict[str, int] = {}
    for lid in nx.lexicographical_topological_sort(g, key=lambda n: (by_id[n].order, n)):
        if g.degree(lid) == 0:
            continue
        layer[lid] = max((layer[p] + 1 for p in g.predecessors(lid)), default=0)

    seg_order = {s.id: s.order for s in package.segments}
    unplaced = sorted((lk for lk in links if lk.id not in layer), key=lambda lk: lk.order)
    # Top-level links first, so sub-links can follow their parent.
    for lk in sorted(unplaced, key=lambda lk: lk.parent is not None):
        ancestor = _nearest_placed_ancestor(lk, by_id, layer)
        if ancestor is not None:
            layer[lk.id] = layer[ancestor]
            continue
        same_segment = [layer[o.id] for o in links if o.segment == lk.segment and o.id in layer]
        if same_segment:
            layer[lk.id] = min(same_segment)
            continue
        mine = seg_order.get(lk.segment, 0)
        earlier = [
            layer[o.id] for o in links if o.id in layer and seg_order.get(o.segment, 0) < mine
        ]
        layer[lk.id] = max(earlier) + 1 if earlier else 0
    return layer


def _root(lk: Link, by_id: dict[str, Link]) -> Link:
    seen = {lk.id}
    while lk.parent is not None and lk.parent in by_id and lk.parent not in seen:
        lk = by_id[lk.parent]
        seen.add(lk.id)
    return lk


def _depth(lk: Link, by_id: dict[str, Link]) -> int:
    depth, seen = 0, {lk.id}
    while lk.parent is not None and lk.parent in by_id and lk.parent not in seen:
        lk = by_id[lk.parent]
        seen.add(lk.id)
        depth += 1
    return depth


def link_columns(package: ChainPackage) -> list[list[Link]]:
    """Links grouped by FEEDS layer, left to right; within a layer sub-links follow their parent.

    Parameters
    ----------
    package : ChainPackage

    Returns
    -------
    list of list of Link
        ``columns[i]`` holds the links of layer ``i`` top to bottom, ordered by segment order,
        then their top-level link's ``order``, then depth and their own ``order``.
    """
    layers = _link_layers(package)
    by_id = {lk.id: lk for lk in package.links}
    seg_order = {s.id: s.order for s in package.segments}

    def key(lk: Link) -> tuple[int, int, str, int, int, str]:
        root = _root(lk, by_id)
        return (
            seg_order.get(lk.segment, 0),
            root.order,
            root.id,
            _depth(lk, by_id),
            lk.order,
            lk.id,
        )

    width = max(layers.values(), default=-1) + 1
    columns: list[list[Link]] = [[] for _ in range(width)]
    for lk in package.links:
        columns[layers[lk.id]].append(lk)
    return [sorted(col, key=key) for col in columns if col]
