import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.analytics import downstream, paths, upstream
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


def test_diamond_upstream_by_depth():
    G = supply_graph(DIAMOND)
    one = upstream(G, "t", 1)
    assert one.distances == {"a": 1, "b": 1}
    assert one.edges == [("a", "t", "forging"), ("b", "t", "forging")]
    two = upstream(G, "t", 2)
    assert list(two.distances.items()) == [("a", 1), ("b", 1), ("s", 2)]
    assert two.edges == sorted(DIAMOND)


def test_diamond_downstream_and_depth_zero():
    G = supply_graph(DIAMOND)
    assert downstream(G, "s", 5).distances == {"a": 1, "b": 1, "t": 2}
    assert downstream(G, "a", 5).distances == {"t": 1}
    nothing = downstream(G, "s", 0)
    assert (nothing.distances, nothing.edges) == ({}, [])


def test_chain_distances_are_hops():
    G = supply_graph(CHAIN)
    assert upstream(G, "d", 2).distances == {"c": 1, "m": 2}
    assert upstream(G, "d", 10).distances == {"c": 1, "m": 2, "p1": 3, "p2": 3}


def test_cycle_keeps_shortest_distance_and_edges_back_into_origin():
    G = supply_graph(CYCLE)
    r = upstream(G, "a", 5)
    assert r.distances == {"c": 1, "b": 2}
    # a → b runs out of the origin but both ends are members: it is among the edges.
    assert r.edges == [("a", "b", "la"), ("b", "c", "lb"), ("c", "a", "lc")]
    assert downstream(G, "a", 5).distances == {"b": 1, "c": 2, "d": 3}


def test_disconnected_parts_do_not_leak():
    G = supply_graph(DISCONNECTED)
    assert upstream(G, "b", 9).distances == {"a": 1}
    assert downstream(G, "c", 9).distances == {"d": 1, "e": 2}


def test_parallel_links_are_one_hop_and_all_edges():
    G = supply_graph(PARALLEL)
    r = upstream(G, "c", 1)
    assert r.distances == {"s": 1, "t": 1}
    assert r.edges == [("s", "c", "forging"), ("s", "c", "steel"), ("t", "c", "steel")]


def test_upstream_rejects_unknown_enterprise_and_negative_depth():
    G = supply_graph(DIAMOND)
    with pytest.raises(nx.NodeNotFound):
        upstream(G, "zz", 1)
    with pytest.raises(ValueError):
        downstream(G, "s", -1)


def test_paths_in_diamond_and_parallel():
    assert paths(supply_graph(DIAMOND), "s", "t", 5, 10) == [["s", "a", "t"], ["s", "b", "t"]]
    assert paths(supply_graph(PARALLEL), "s", "c", 5, 10) == [["s", "c"]]


def test_paths_shortest_first_then_lexicographic_and_bounded():
    G = supply_graph(
        [
            ("a", "z", "l"),
            ("a", "b", "l"),
            ("b", "z", "l"),
            ("a", "c", "l"),
            ("c", "z", "l"),
            ("b", "c", "l"),
            ("a", "aa", "l"),
            ("aa", "b", "l"),
        ]
    )
    every = [
        ["a", "z"],
        ["a", "b", "z"],
        ["a", "c", "z"],
        ["a", "aa", "b", "z"],
        ["a", "b", "c", "z"],
        ["a", "aa", "b", "c", "z"],
    ]
    assert paths(G, "a", "z", 10, 10) == every
    assert paths(G, "a", "z", 10, 3) == every[:3]
    assert paths(G, "a", "z", 3, 10) == every[:5]
    assert paths(G, "a", "z", 1, 10) == every[:1]
    assert paths(G, "a", "z", 10, 0) == []


def test_paths_on_cycle_disconnected_and_trivial():
    G = supply_graph(CYCLE)
    assert paths(G, "c", "b", 5, 5) == [["c", "a", "b"]]
    assert paths(G, "a", "a", 5, 5) == [["a"]]
    assert paths(supply_graph(DISCONNECTED), "a", "e", 5, 5) == []
    with pytest.raises(nx.NodeNotFound):
        paths(G, "a", "zz", 5, 5)


def _naive_within(G, x, depth, *, up):
    """Hop distance = the least k <= depth with a walk of exactly k edges between y and x."""
    edges = list(supply_edges(G))
    distance = {}
    reached = {x}
    for k in range(1, depth + 1):
        if up:
            reached = {u for u, v, _ in edges if v in reached}
        else:
            reached = {v for u, v, _ in edges if u in reached}
        for y in reached:
            if y != x and y not in distance:
                distance[y] = k
    members = set(distance) | {x}
    return distance, sorted(e for e in edges if e[0] in members and e[1] in members)


@given(G=random_supply_graphs(), depth=st.integers(0, 5), data=st.data())
def test_upstream_and_downstream_match_walk_definition(G, depth, data):
    x = data.draw(st.sampled_from(sorted(G)))
    for function, up in ((upstream, True), (downstream, False)):
        result = function(G, x, depth)
        expected_distance, expected_edges = _naive_within(G, x, depth, up=up)
        assert result.distances == expected_distance
        assert list(result.distances.values()) == sorted(result.distances.values())
        assert result.edges == expected_edges


@given(
    G=random_supply_graphs(max_edges=24),
    max_length=st.integers(0, 6),
    limit=st.integers(0, 8),
    data=st.data(),
)
def test_paths_match_sorted_enumeration_of_all_simple_paths(G, max_length, limit, data):
    a = data.draw(st.sampled_from(sorted(G)))
    b = data.draw(st.sampled_from(sorted(G)))
    if a == b:
        every = [[a]]
    else:
        every = sorted(
            nx.all_simple_paths(nx.DiGraph(G), a, b, cutoff=max_length),
            key=lambda p: (len(p), p),
        )
    assert paths(G, a, b, max_length, limit) == every[:limit]


@given(G=random_supply_graphs(), depth=st.integers(0, 5), limit=st.integers(0, 6), data=st.data())
def test_a_limit_keeps_the_nearest_and_says_whether_more_exist(G, depth, limit, data):
    x = data.draw(st.sampled_from(sorted(G)))
    for function in (upstream, downstream):
        full = function(G, x, depth)
        cut = function(G, x, depth, limit)
        nearest = list(full.distances.items())[:limit]
        assert list(cut.distances.items()) == nearest
        assert cut.truncated == (len(full.distances) > limit)
        members = {x, *cut.distances}
        assert cut.edges == [e for e in full.edges if e[0] in members and e[1] in members]
        assert not full.truncated
