import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.analytics import CutOff, disruption_impact
from graph.analytics.supply_graph import supply_edges
from tests.graph.analytics.graphs import (
    CHAIN,
    CYCLE,
    DIAMOND,
    DISCONNECTED,
    LINKS,
    PARALLEL,
    PROVINCES,
    random_supply_graphs,
    supply_graph,
)


def cut(result):
    return [(c.enterprise, c.lost_link, c.round) for c in result.cut_off]


def test_diamond_one_forge_failing_cuts_nothing_the_mill_cuts_all():
    G = supply_graph(DIAMOND)
    assert cut(disruption_impact(G, enterprises=["a"])) == []
    r = disruption_impact(G, enterprises=["s"])
    assert cut(r) == [("a", "steel", 1), ("b", "steel", 1), ("t", "forging", 2)]
    assert r.failed == ["s"]
    assert r.summary.by_round == {1: 2, 2: 1}
    assert r.summary.by_link == {"forging": 1, "steel": 2}
    assert r.summary.by_province == {"山东": 3}
    assert (r.summary.total_failed, r.summary.total_cut_off) == (1, 3)


def test_chain_cascades_one_round_per_tier():
    G = supply_graph(CHAIN)
    assert cut(disruption_impact(G, enterprises=["p1"])) == []
    r = disruption_impact(G, enterprises=["p1", "p2"])
    assert cut(r) == [("m", "steel", 1), ("c", "forging", 2), ("d", "turning", 3)]


def test_province_failure_fails_its_enterprises():
    G = supply_graph(CHAIN, provinces={"p1": "河北", "p2": "河北", "d": "江苏"})
    r = disruption_impact(G, provinces=["河北"])
    assert r.failed == ["p1", "p2"]
    assert cut(r) == [("m", "steel", 1), ("c", "forging", 2), ("d", "turning", 3)]
    assert r.summary.by_province == {"山东": 2, "江苏": 1}
    assert r.summary.total_failed == 2


def test_cycle_cascade_stops_at_the_failed_enterprise():
    r = disruption_impact(supply_graph(CYCLE), enterprises=["a"])
    assert cut(r) == [("b", "la", 1), ("c", "lb", 2), ("d", "lc", 3)]


def test_disconnected_part_is_untouched():
    r = disruption_impact(supply_graph(DISCONNECTED), enterprises=["a"])
    assert cut(r) == [("b", "l1", 1)]


def test_parallel_supplies_answer_per_link():
    G = supply_graph(PARALLEL)
    # t is one of two steel suppliers: c keeps steel from s.
    assert cut(disruption_impact(G, enterprises=["t"])) == []
    # s is the only forging supplier.
    assert cut(disruption_impact(G, enterprises=["s"])) == [("c", "forging", 1)]
    # A failed link stops all its edges, whoever supplies them; the suppliers do not fail.
    steel = disruption_impact(G, links=["steel"])
    assert cut(steel) == [("c", "steel", 1)]
    assert (steel.failed, steel.failed_links) == ([], ["steel"])
    assert cut(disruption_impact(G, links=["forging"])) == [("c", "forging", 1)]
    # Both links lost at once: the smallest link id is reported.
    assert cut(disruption_impact(G, enterprises=["s", "t"])) == [("c", "forging", 1)]


def test_failed_link_stops_only_that_link_of_its_suppliers():
    # m supplies x in forging and y in turning; failing forging does not stop m's turning.
    G = supply_graph([("m", "x", "forging"), ("m", "y", "turning"), ("x", "z", "rings")])
    assert cut(disruption_impact(G, links=["forging"])) == [("x", "forging", 1), ("z", "rings", 2)]


def test_nothing_failed_and_unknown_names():
    G = supply_graph(DIAMOND)
    r = disruption_impact(G, links=["nowhere"], provinces=["火星"])
    assert (r.failed, r.cut_off, r.summary.by_round) == ([], [], {})
    with pytest.raises(nx.NodeNotFound):
        disruption_impact(G, enterprises=["zz"])
    with pytest.raises(TypeError, match="provinces"):
        disruption_impact(G, provinces="河北")


def _naive_impact(G, enterprises, links, provinces):
    """Synchronous rounds, each a full scan of every live enterprise and link."""
    edges = list(supply_edges(G))
    failed = set(enterprises) | {n for n, p in G.nodes(data="province") if p in provinces}
    dead = set(failed)
    result = []
    round_number = 0
    while True:
        round_number += 1
        this_round = []
        for c in sorted(set(G) - dead):
            lost = []
            for link in sorted({lk for _, v, lk in edges if v == c}):
                suppliers = {u for u, v, lk in edges if v == c and lk == link}
                if link in links or suppliers <= dead:
                    lost.append(link)
            if lost:
                this_round.append(CutOff(c, lost[0], round_number))
        if not this_round:
            return sorted(failed), result
        dead |= {c.enterprise for c in this_round}
        result += this_round


@given(
    G=random_supply_graphs(max_nodes=8, max_edges=20),
    links=st.sets(st.sampled_from(LINKS), max_size=2),
    provinces=st.sets(st.sampled_from(PROVINCES), max_size=1),
    data=st.data(),
)
def test_impact_matches_repeated_full_scans(G, links, provinces, data):
    enterprises = data.draw(st.sets(st.sampled_from(sorted(G)), max_size=3))
    r = disruption_impact(G, enterprises=enterprises, links=links, provinces=provinces)
    expected_failed, expected_cut = _naive_impact(G, enterprises, links, provinces)
    assert r.failed == expected_failed
    assert r.cut_off == expected_cut
    assert r.summary.total_cut_off == len(expected_cut)
    assert sum(r.summary.by_round.values()) == sum(r.summary.by_link.values()) == len(expected_cut)
