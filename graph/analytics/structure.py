"""Structural weak points of the supply graph: single sources, cut vertices, choke points
(docs/analytics.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx

from graph.collector import collection_paused
from graph.errors import ConflictError

__all__ = [
    "NoSourceAncestorError",
    "VIRTUAL_SOURCE",
    "single_source_dependencies",
    "articulation_points",
    "choke_points",
    "dominator_tree",
]


class _VirtualSource:
    """The root joined to every enterprise without a supplier; not a string, so it can never
    equal an enterprise id."""

    def __repr__(self) -> str:
        return "VIRTUAL_SOURCE"


VIRTUAL_SOURCE = _VirtualSource()


class NoSourceAncestorError(ConflictError, nx.NetworkXError):
    """The enterprise is not reachable from any enterprise without a supplier.

    This happens when every supply chain into it comes round a cycle (e.g. a → b → a → x with
    nobody supplying a or b from outside). Dominators are then undefined: every enterprise would
    dominate it vacuously.
    """


def single_source_dependencies(G: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    """(customer, link, supplier) for every customer with exactly one supplier in a link.

    Parameters
    ----------
    G : nx.MultiDiGraph
        Supply graph (edges supplier → customer keyed by link).

    Returns
    -------
    list of (customer, link, supplier)
        Sorted. Runs in O(E).

    Example
    -------
    >>> G = nx.MultiDiGraph([("s1", "c", "steel"), ("s2", "c", "steel"), ("f", "c", "forging")])
    >>> single_source_dependencies(G)
    [('c', 'forging', 'f')]
    """
    found: list[tuple[str, str, str]] = []
    # networkx's adjacency dict, read directly: the read-only views cost twice as much.
    for customer, suppliers in G._pred.items():
        sole: dict[str, str | None] = {}
        for supplier, keyed in suppliers.items():
            for link in keyed:
                # None marks a link already seen with a second supplier.
                sole[link] = supplier if link not in sole else None
        found.extend((customer, link, s) for link, s in sole.items() if s is not None)
    return sorted(found)


def articulation_points(G: nx.MultiDiGraph) -> list[str]:
    """Enterprises whose removal disconnects their part of the undirected supply graph.

    Directions, links and parallel edges are ignored: two enterprises are adjacent when either
    supplies the other in any link.

    Parameters
    ----------
    G : nx.MultiDiGraph
        Supply graph.

    Returns
    -------
    list of str
        Sorted enterprise ids. Runs in O(V + E).

    Example
    -------
    >>> G = nx.MultiDiGraph([("a", "b", "l"), ("b", "c", "l"), ("c", "a", "l"), ("c", "d", "l")])
    >>> articulation_points(G)
    ['c']
    """
    undirected = nx.Graph()
    undirected.add_nodes_from(G)
    # One edge per adjacent pair, however many links join them.
    undirected.add_edges_from((u, v) for u, nbrs in G._succ.items() for v in nbrs if u != v)
    return sorted(nx.articulation_points(undirected))


def dominator_tree(G: nx.MultiDiGraph) -> dict[str, str | _VirtualSource]:
    """The immediate dominator of every enterprise, from :data:`VIRTUAL_SOURCE` joined to every
    enterprise without a supplier: the whole graph's dominator tree, child → parent.

    Every path from the root to `x` runs among the ancestors of `x`, so the dominators of `x`
    here are those :func:`choke_points` finds on the ancestors alone; computed once, the tree
    answers every enterprise by walking up from it.

    Cooper, Harvey and Kennedy's iterative algorithm ("A simple, fast dominance algorithm",
    2006; the one ``nx.immediate_dominators`` implements), over postorder numbers read straight
    from the graph's adjacency, so no rooted copy of the graph is made. In reverse postorder a
    graph without cycles settles in one pass plus a pass that finds nothing changed; each cycle
    may add a pass.

    Parameters
    ----------
    G : nx.MultiDiGraph
        Supply graph.

    Returns
    -------
    dict
        Enterprise id → its immediate dominator: an enterprise id, or :data:`VIRTUAL_SOURCE`
        when no enterprise dominates it. Enterprises the root does not reach (fed only from a
        supply cycle) are absent.

    Example
    -------
    >>> G = nx.MultiDiGraph([("s", "m", "l1"), ("m", "p", "l2"), ("m", "q", "l2"),
    ...                      ("p", "x", "l3"), ("q", "x", "l3")])
    >>> sorted(dominator_tree(G).items(), key=str)
    [('m', 's'), ('p', 'm'), ('q', 'm'), ('s', VIRTUAL_SOURCE), ('x', 'm')]
    """
    with collection_paused():  # 100,000 small lists would set off collections for nothing
        return _dominator_tree(G._succ, G._pred)


def _dominator_tree(succ: Any, pred: Any) -> dict[str, str | _VirtualSource]:
    # Depth-first from the root (whose children are the enterprises without a supplier),
    # numbering each enterprise when it is finished: postorder, the root last.
    number: dict[str, int] = {}
    finished: list[str] = []
    discovered: set[str] = set()
    for source in (n for n in succ if not pred[n]):
        discovered.add(source)
        stack = [(source, iter(succ[source]))]
        while stack:
            node, customers = stack[-1]
            for customer in customers:
                if customer not in discovered:
                    discovered.add(customer)
                    stack.append((customer, iter(succ[customer])))
                    break
            else:
                stack.pop()
                number[node] = len(finished)
                finished.append(node)
    root = len(finished)
    # Suppliers by number, those the root reaches only; an enterprise without one hangs off
    # the root. Every other reached enterprise has a reached supplier: the one that found it.
    suppliers = [[number[s] for s in pred[n] if s in number] or [root] for n in finished]
    UNSET = -1
    idom = [UNSET] * root + [root]
    changed = True
    while changed:
        changed = False
        for node in range(root - 1, -1, -1):  # reverse postorder: suppliers mostly first
            new = UNSET
            for supplier in suppliers[node]:
                if idom[supplier] == UNSET:
                    continue
                if new == UNSET:
                    new = supplier
                    continue
                # The nearest common dominator: walk the lower-numbered finger up the tree.
                a, b = supplier, new
                while a != b:
                    while a < b:
                        a = idom[a]
                    while b < a:
                        b = idom[b]
                new = a
            if idom[node] != new:
                idom[node] = new
                changed = True
    return {
        finished[n]: VIRTUAL_SOURCE if d == root else finished[d] for n, d in enumerate(idom[:root])
    }


def choke_points(
    G: nx.MultiDiGraph, x: str, tree: Mapping[str, str | _VirtualSource] | None = None
) -> list[str]:
    """Enterprises every supply path into `x` passes through, nearest first.

    The supply graph is rooted at :data:`VIRTUAL_SOURCE`, joined to every enterprise that has
    no supplier; the choke points are the dominators of `x` from that root
    (``nx.immediate_dominators``), excluding `x` and the root, listed by walking the immediate
    dominator chain from `x` upwards. Given the graph's :func:`dominator_tree`, that walk is
    all; without it only the ancestors of `x` are searched (every path from the root to `x`
    stays among them), so the cost is linear in the size of that part.

    Parameters
    ----------
    G : nx.MultiDiGraph
        Supply graph.
    x : str
        Enterprise id.
    tree : Mapping, optional
        ``dominator_tree(G)``, if already computed; the answer is the same.

    Returns
    -------
    list of str
        The choke points, nearest to `x` first. Empty when `x` has no supplier, or when its
        supply reaches it along two paths sharing no enterprise.

    Raises
    ------
    nx.NodeNotFound
        If `x` is not in `G`.
    NoSourceAncestorError
        If no ancestor of `x` (nor `x`) lacks a supplier, i.e. `x` is fed only from a supply
        cycle: dominance from the root is then undefined, and an empty list would wrongly read
        as "no single point of failure".

    Example
    -------
    >>> G = nx.MultiDiGraph([("s", "m", "l1"), ("m", "p", "l2"), ("m", "q", "l2"),
    ...                      ("p", "x", "l3"), ("q", "x", "l3")])
    >>> choke_points(G, "x")
    ['m', 's']
    """
    if x not in G:
        raise nx.NodeNotFound(f"enterprise {x!r} is not in the supply graph")
    if tree is None:
        tree = _ancestors_dominators(G, x)
    if x not in tree:
        raise NoSourceAncestorError(
            f"enterprise {x!r} is supplied only from a cycle: no ancestor lacks a supplier"
        )
    chain: list[str] = []
    dominator: Any = tree[x]
    while dominator is not VIRTUAL_SOURCE:
        chain.append(dominator)
        dominator = tree[dominator]
    return chain


def _ancestors_dominators(G: nx.MultiDiGraph, x: str) -> dict[str, Any]:
    """Immediate dominators among the ancestors of `x` only; `x` absent if no ancestor (nor
    `x`) lacks a supplier."""
    ancestors = nx.ancestors(G, x) | {x}
    # An ancestor's suppliers are ancestors too, so in-degree within them is in-degree in G.
    sources = [n for n in ancestors if G.in_degree(n) == 0]
    if not sources:
        return {}
    rooted = nx.DiGraph()
    rooted.add_edges_from((u, v) for u, v in G.subgraph(ancestors).edges())
    rooted.add_edges_from((VIRTUAL_SOURCE, s) for s in sources)
    return nx.immediate_dominators(rooted, VIRTUAL_SOURCE)
