"""Who depends on whom: upstream / downstream neighbourhoods and supply paths
(docs/analytics.md).

All functions take the supply graph of :mod:`graph.analytics.supply_graph` (an
``nx.MultiDiGraph`` with edges supplier → customer keyed by link). Hops count enterprises, not
edges: parallel supplies in two links are one hop.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx

__all__ = ["DependencyResult", "WalkDirection", "upstream", "downstream", "paths"]

WalkDirection = Literal["upstream", "downstream"]
"""Which way a neighbourhood walk goes: to suppliers (`upstream`) or customers (`downstream`)."""


@dataclass(frozen=True)
class DependencyResult:
    """The enterprises within some hops of an enterprise, and the supplies among them.

    Attributes
    ----------
    origin : str
        The enterprise asked about.
    distances : dict[str, int]
        Every enterprise found (``origin`` excluded) with its shortest hop distance, ordered by
        (distance, id).
    edges : list[tuple[str, str, str]]
        Every supply edge ``(supplier, customer, link)`` whose two ends both lie in
        ``{origin} ∪ distances``, sorted. This is the induced supply subgraph: it holds the
        edges of all shortest paths, and also any other supply between those enterprises
        (a shortcut, a reverse supply, a parallel supply in another link).
    truncated : bool
        True when a `limit` left out enterprises within the depth.
    """

    origin: str
    distances: dict[str, int] = field(default_factory=dict)
    edges: list[tuple[str, str, str]] = field(default_factory=list)
    truncated: bool = False


def upstream(G: nx.MultiDiGraph, x: str, depth: int, limit: int | None = None) -> DependencyResult:
    """Enterprises with a supply path of at most `depth` hops into `x` (its suppliers, theirs…).

    Parameters
    ----------
    G : nx.MultiDiGraph
        Supply graph.
    x : str
        Enterprise id.
    depth : int
        Largest hop count, >= 0 (0 gives an empty result).
    limit : int, optional
        Keep only the `limit` nearest enterprises by (distance, id); the walk stops after the
        level that reaches the limit, so the work is bounded by what is returned.

    Returns
    -------
    DependencyResult
        Each upstream enterprise with its shortest hop distance to `x`, and the supply edges
        among ``{x} ∪ result`` (see :class:`DependencyResult`).

    Raises
    ------
    nx.NodeNotFound
        If `x` is not in `G`.
    ValueError
        If `depth` is negative.

    Example
    -------
    >>> G = nx.MultiDiGraph([("a", "b", "l1"), ("b", "c", "l2"), ("a", "c", "l1")])
    >>> r = upstream(G, "c", 2)
    >>> r.distances
    {'a': 1, 'b': 1}
    >>> r.edges
    [('a', 'b', 'l1'), ('a', 'c', 'l1'), ('b', 'c', 'l2')]
    """
    return _within(G, x, depth, G.pred, limit)


def downstream(
    G: nx.MultiDiGraph, x: str, depth: int, limit: int | None = None
) -> DependencyResult:
    """Enterprises with a supply path of at most `depth` hops out of `x` (its customers, theirs…).

    Parameters
    ----------
    G : nx.MultiDiGraph
        Supply graph.
    x : str
        Enterprise id.
    depth : int
        Largest hop count, >= 0 (0 gives an empty result).
    limit : int, optional
        Keep only the `limit` nearest enterprises by (distance, id); the walk stops after the
        level that reaches the limit, so the work is bounded by what is returned.

    Returns
    -------
    DependencyResult
        Each downstream enterprise with its shortest hop distance from `x`, and the supply
        edges among ``{x} ∪ result`` (see :class:`DependencyResult`).

    Raises
    ------
    nx.NodeNotFound
        If `x` is not in `G`.
    ValueError
        If `depth` is negative.

    Example
    -------
    >>> G = nx.MultiDiGraph([("a", "b", "l1"), ("b", "c", "l2")])
    >>> downstream(G, "a", 1).distances
    {'b': 1}
    """
    return _within(G, x, depth, G.succ, limit)


def _within(
    G: nx.MultiDiGraph,
    x: str,
    depth: int,
    neighbours: Mapping[str, Mapping[str, object]],
    limit: int | None = None,
) -> DependencyResult:
    if x not in G:
        raise nx.NodeNotFound(f"enterprise {x!r} is not in the supply graph")
    if depth < 0:
        raise ValueError("depth must be >= 0")
    if limit is not None and limit < 0:
        raise ValueError("limit must be >= 0")
    distance = {x: 0}
    frontier = [x]
    hop = 0
    for hop in range(1, depth + 1):
        following = []
        for node in frontier:
            for other in neighbours[node]:
                if other not in distance:
                    distance[other] = hop
                    following.append(other)
        frontier = following
        if not frontier or (limit is not None and len(distance) - 1 >= limit):
            break
    del distance[x]
    ordered = sorted(distance.items(), key=lambda item: (item[1], item[0]))
    # More lie beyond when the last level overflowed the limit, or the walk stopped short of
    # `depth` with a frontier that still reaches someone new.
    truncated = limit is not None and (
        len(ordered) > limit
        or (
            hop < depth
            and any(o not in distance and o != x for n in frontier for o in neighbours[n])
        )
    )
    if limit is not None:
        ordered = ordered[:limit]
    members = {node for node, _ in ordered} | {x}
    # Every edge among members ends at a member: walk in-edges, which stay few even where a
    # large supplier has thousands of customers.
    edges = sorted(
        (supplier, customer, link)
        for customer in members
        for supplier, keyed in G.pred[customer].items()
        if supplier in members
        for link in keyed
    )
    return DependencyResult(origin=x, distances=dict(ordered), edges=edges, truncated=truncated)


def paths(G: nx.MultiDiGraph, a: str, b: str, max_length: int, limit: int) -> list[list[str]]:
    """Simple supply paths from `a` to `b`, shortest first.

    Paths are sequences of enterprise ids over the simple directed view of `G` (parallel
    supplies in several links make one step). They are ordered by number of edges, ties broken
    by comparing the id sequences lexicographically; the first `limit` paths with at most
    `max_length` edges are returned.

    The search is first narrowed to the enterprises ``v`` with
    ``dist(a, v) + dist(v, b) <= max_length`` (two bounded breadth-first searches); no path
    within the bound leaves them. On that subgraph runs Yen's k-shortest-paths algorithm in
    which every spur path is the lexicographically smallest shortest one (a breadth-first search
    back from `b`, then a greedy walk forward). Each returned path costs O(L·(V' + E')) for a
    path of L edges on the narrowed subgraph, however many other paths of the same length
    exist: nothing enumerates all paths.

    Parameters
    ----------
    G : nx.MultiDiGraph
        Supply graph.
    a, b : str
        First supplier and last customer.
    max_length : int
        Largest number of edges in a path, >= 0.
    limit : int
        Largest number of paths returned, >= 0.

    Returns
    -------
    list of list of str
        The paths. ``a == b`` gives ``[[a]]`` (the path with no edge).

    Raises
    ------
    nx.NodeNotFound
        If `a` or `b` is not in `G`.
    ValueError
        If `max_length` or `limit` is negative.

    Example
    -------
    >>> G = nx.MultiDiGraph([("a", "c", "l"), ("a", "b", "l"), ("b", "d", "l"), ("c", "d", "l"),
    ...                      ("a", "d", "m")])
    >>> paths(G, "a", "d", max_length=2, limit=10)
    [['a', 'd'], ['a', 'b', 'd'], ['a', 'c', 'd']]
    """
    for end in (a, b):
        if end not in G:
            raise nx.NodeNotFound(f"enterprise {end!r} is not in the supply graph")
    if max_length < 0 or limit < 0:
        raise ValueError("max_length and limit must be >= 0")
    if limit == 0:
        return []
    if a == b:
        return [[a]]

    succ, pred = _narrowed(G, a, b, max_length)
    first = _best_spur(succ, pred, a, b, max_length, blocked_nodes=set(), blocked_next=set())
    if first is None:
        return []
    found: list[list[str]] = [first]
    candidates: list[tuple[int, list[str]]] = []
    queued: set[tuple[str, ...]] = {tuple(first)}
    while len(found) < limit:
        last = found[-1]
        for i in range(len(last) - 1):
            root = last[: i + 1]
            # Steps already taken from this root by paths found so far.
            blocked_next = {p[i + 1] for p in found if len(p) > i + 1 and p[: i + 1] == root}
            spur = _best_spur(succ, pred, root[-1], b, max_length - i, set(root[:-1]), blocked_next)
            if spur is None:
                continue
            candidate = root[:-1] + spur
            key = tuple(candidate)
            if key not in queued:
                queued.add(key)
                heapq.heappush(candidates, (len(candidate), candidate))
        if not candidates:
            break
        found.append(heapq.heappop(candidates)[1])
    return found


def _bounded_distances(
    adjacency: Mapping[str, Iterable[str]], start: str, bound: int
) -> dict[str, int]:
    distance = {start: 0}
    frontier = [start]
    for hop in range(1, bound + 1):
        following = []
        for node in frontier:
            for other in adjacency[node]:
                if other not in distance:
                    distance[other] = hop
                    following.append(other)
        if not following:
            break
        frontier = following
    return distance


def _narrowed(
    G: nx.MultiDiGraph, a: str, b: str, max_length: int
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Successor and predecessor sets of the enterprises on some a → b walk of at most
    `max_length` edges."""
    from_a = _bounded_distances(G.succ, a, max_length)
    to_b = _bounded_distances(G.pred, b, max_length)
    keep = {v for v, d in from_a.items() if v in to_b and d + to_b[v] <= max_length}
    succ = {v: {w for w in G.succ[v] if w in keep} for v in keep}
    pred = {v: {u for u in G.pred[v] if u in keep} for v in keep}
    return succ, pred


def _best_spur(
    succ: Mapping[str, set[str]],
    pred: Mapping[str, set[str]],
    source: str,
    target: str,
    max_length: int,
    blocked_nodes: set[str],
    blocked_next: set[str],
) -> list[str] | None:
    """The lexicographically smallest shortest path source → target of at most `max_length`
    edges, avoiding `blocked_nodes` and the first steps source → `blocked_next`."""
    if source not in succ:
        return None
    # Distances to the target, searched backwards, never through a blocked node or the source
    # (a simple path visits the source only at its start).
    to_target = {target: 0}
    frontier = [target]
    for hop in range(1, max_length):
        following = []
        for node in frontier:
            for prev in pred[node]:
                if prev not in to_target and prev not in blocked_nodes and prev != source:
                    to_target[prev] = hop
                    following.append(prev)
        if not following:
            break
        frontier = following

    first_steps = [n for n in succ[source] if n in to_target and n not in blocked_next]
    if not first_steps:
        return None
    remaining = min(to_target[n] for n in first_steps)
    path = [source, min(n for n in first_steps if to_target[n] == remaining)]
    while remaining > 0:
        remaining -= 1
        path.append(min(n for n in succ[path[-1]] if to_target.get(n) == remaining))
    return path
