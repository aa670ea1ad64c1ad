"""The layered layout of the map (canvas pixels), computed on the server so the
browser never runs a physics simulation: links left to right by longest-path layering over the
FEEDS graph, each link's enterprises in a grid block under it, leaders first."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from graph.package.models import (
    ChainPackage,
    Enterprise,
    Link,
)

__all__ = ["link_columns", "enterprise_blocks", "enterprise_rank", "spread"]

_ROLE_RANK = {"chain_owner": 0, "backbone": 1, "member": 2}

# Layout constants, in vis-network canvas pixels.
COLUMN_WIDTH = 420.0  # distance between link layers
LINK_ROW_HEIGHT = 110.0  # distance between links stacked in one layer
SEGMENT_Y = -340.0
INSTITUTION_Y = -170.0
INSTITUTION_MIN_DX = 200.0
INSTITUTION_ROW_DY = 60.0
SEGMENT_MIN_DX = 300.0
ENTERPRISE_CELL_WIDTH = 190.0  # wide enough for a ~12-character Chinese label at 13 px
ENTERPRISE_CELL_HEIGHT = 64.0
ENTERPRISE_GAP = 220.0  # vertical gap between the link rows and the first enterprise block
BLOCK_GAP = 120.0  # gap between enterprise blocks stacked under each other
MAX_BLOCK_COLUMNS = 40


def _latest_revenue(e: Enterprise) -> float:
    if not e.revenue_10k_cny:
        return 0.0
    return e.revenue_10k_cny[max(e.revenue_10k_cny)]


def enterprise_rank(e: Enterprise) -> tuple[int, int, float, str]:
    """Leaders first, then chain owner / backbone / member, then revenue, then name."""
    return (0 if e.tier == "leader" else 1, _ROLE_RANK[e.role], -_latest_revenue(e), e.name)


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


def _block_columns(n: int) -> int:
    """Columns of an enterprise grid: roughly square on screen, at least two wide."""
    square = math.ceil(math.sqrt(n * ENTERPRISE_CELL_HEIGHT / ENTERPRISE_CELL_WIDTH))
    return max(1, min(n, max(2, square), MAX_BLOCK_COLUMNS))


def spread(desired: list[tuple[float, str]], min_dx: float) -> dict[str, float]:
    """Place items on a line as close to their desired x as possible, at least `min_dx` apart."""
    placed: dict[str, float] = {}
    last = -math.inf
    for x, key in sorted(desired):
        last = max(x, last + min_dx)
        placed[key] = last
    return placed


def enterprise_blocks(
    package: ChainPackage, link_order: list[str], link_xy: dict[str, tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    """Grid positions of enterprises: one block per link under it, blocks never overlapping.

    An enterprise sits in the block of its first link. Blocks are placed in link order, centred
    on their link's x, each as high as the bottom of any earlier block its x-range overlaps.
    """
    primary: dict[str, list[Enterprise]] = defaultdict(list)
    for e in package.enterprises:
        first = next((lid for lid in e.links if lid in link_xy), None)
        if first is not None:
            primary[first].append(e)
    top = max((y for _, y in link_xy.values()), default=0.0) + ENTERPRISE_GAP
    placed: list[tuple[float, float, float]] = []  # (left, right, bottom) of each block
    xy: dict[str, tuple[float, float]] = {}
    for lid in link_order:
        members = sorted(primary.get(lid, []), key=enterprise_rank)
        if not members:
            continue
        cols = _block_columns(len(members))
        rows = math.ceil(len(members) / cols)
        left = link_xy[lid][0] - cols * ENTERPRISE_CELL_WIDTH / 2
        right = left + cols * ENTERPRISE_CELL_WIDTH
        y0 = max([top] + [b + BLOCK_GAP for (bl, br, b) in placed if bl < right and left < br])
        for i, e in enumerate(members):
            r, c = divmod(i, cols)
            xy[e.id] = (
                left + (c + 0.5) * ENTERPRISE_CELL_WIDTH,
                y0 + r * ENTERPRISE_CELL_HEIGHT,
            )
        placed.append((left, right, y0 + rows * ENTERPRISE_CELL_HEIGHT))
    return xy
