import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.analytics import (
    NoSourceAncestorError,
    articulation_points,
    choke_points,
    single_source_dependencies,
)
from graph.analytics.supply_graph import supply_edges
from tests.graph.analytics.graphs import (
    CHAIN,
    CYCLE,
    DIAMOND,
    DISCONNECTED,
    PARALLEL,
    random_supply_graphs,
    supply_graph,
)


def test_single_source_dependencies_by_hand():
    assert single_source_dependencies(supply_graph(DIAMOND)) == [
        ("a", "steel", "s"),
        ("b", "steel", "s"),
    ]
    assert single_source_dependencies(supply_graph(CHAIN)) == [
        ("c", "forging", "m"),
        ("d", "turning", "c"),
    ]


def test_single_source_is_per_link_with_parallel_supplies():
    # s is c's only forging supplier, but one of two steel suppliers.
    assert single_source_dependencies(supply_graph(PARALLEL)) == [("c", "forging", "s")]


def test_articulation_points_by_hand():
    assert articulation_points(supply_graph(DIAMOND)) == []
    assert articulation_points(supply_graph(CHAIN)) == ["c", "m"]
    assert articulation_points(supply_graph(CYCLE)) == ["c"]
    assert articulation_points(supply_graph(DISCONNECTED)) == ["d"]
    assert articulation_points(supply_graph(PARALLEL)) == ["c"]


def test_choke_points_diamond_and_chain():
    diamond = supply_graph(DIAMOND)
    assert choke_points(diamond, "t") == ["s"]
    assert choke_points(diamond, "a") == ["s"]
    assert choke_points(diamond, "s") == []
    chain = supply_graph(CHAIN)
    # Two steel mills: nothing above m is a single point of failure.
    assert choke_points(chain, "d") == ["c", "m"]
    assert choke_points(chain, "m") == []


def test_choke_points_disconnected_and_parallel():
    assert choke_points(supply_graph(DISCONNECTED), "e") == ["d", "c"]
    assert choke_points(supply_graph(PARALLEL), "c") == []


def test_choke_points_on_a_cycle():
    with pytest.raises(NoSourceAncestorError):
        choke_points(supply_graph(CYCLE), "d")
    G = supply_graph([*CYCLE, ("s", "a", "la")])
    assert choke_points(G, "c") == ["b", "a", "s"]
    assert choke_points(G, "d") == ["c", "b", "a", "s"]


def test_choke_points_of_unknown_enterprise():
    with pytest.raises(nx.NodeNotFound):
        choke_points(supply_graph(DIAMOND), "zz")


@given(G=random_supply_graphs())
def test_single_source_matches_definition(G):
    edges = list(supply_edges(G))
    expected = []
    for customer, link in {(c, lk) for _, c, lk in edges}:
        suppliers = {s for s, c, lk in edges if (c, lk) == (customer, link)}
        if len(suppliers) == 1:
            expected.append((customer, link, suppliers.pop()))
    assert single_source_dependencies(G) == sorted(expected)


@given(G=random_supply_graphs())
def test_articulation_points_match_removal(G):
    undirected = nx.Graph(G.to_undirected())
    expected = []
    for v in undirected:
        rest = nx.node_connected_component(undirected, v) - {v}
        if rest and not nx.is_connected(undirected.subgraph(rest)):
            expected.append(v)
    assert articulation_points(G) == sorted(expected)


def _naive_dominators(G, x):
    """d dominates x iff x is unreachable from the root once d is removed; None if x is
    unreachable to begin with."""
    root = ("root",)
    rooted = nx.DiGraph(G)
    rooted.add_node(root)
    rooted.add_edges_from((root, n) for n in G if G.in_degree(n) == 0)

    def reachable_without(removed):
        kept = rooted.subgraph(set(rooted) - removed)
        return x in nx.descendants(kept, root)

    if not reachable_without(set()):
        return None
    return {d for d in G if d != x and not reachable_without({d})}


@given(G=random_supply_graphs(), data=st.data())
def test_choke_points_match_brute_force_dominators(G, data):
    x = data.draw(st.sampled_from(sorted(G)))
    expected = _naive_dominators(G, x)
    if expected is None:
        with pytest.raises(NoSourceAncestorError):
            choke_points(G, x)
        return
    found = choke_points(G, x)
    assert set(found) == expected and len(found) == len(expected)
    # Nearest first: each choke point is dominated by every one listed after it.
    dominators_of = {d: _naive_dominators(G, d) for d in found}
    assert [len(dominators_of[d]) for d in found] == list(range(len(found) - 1, -1, -1))
    for i, d in enumerate(found):
        assert dominators_of[d] == set(found[i + 1 :])
