from collections import Counter

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.analytics import link_bottlenecks
from graph.analytics.supply_graph import supply_edges
from tests.graph.analytics.graphs import CHAIN, LINKS, random_supply_graphs, supply_graph

FLOWS = [("steel", "forging"), ("forging", "turning"), ("turning", "market")]
CHAIN_LINKS = ["steel", "forging", "turning", "market"]


def chain_graph():
    return supply_graph(
        CHAIN,
        provinces={"p1": "河北", "d": "江苏"},
        tiers={"m": "leader", "d": "leader"},
        links={"d": ["market"]},
    )


def test_chain_scores_by_hand():
    scores = link_bottlenecks(
        chain_graph(), FLOWS, CHAIN_LINKS, "山东", {"steel": ["★", "★★★"], "market": []}
    )
    by_link = {s.link: s for s in scores}
    assert [s.link for s in scores] == ["turning", "steel", "forging", "market"]

    steel = by_link["steel"]  # p1 (河北), p2 → m: two suppliers, no single source, no leader
    assert (steel.enterprises, steel.supply_edges, steel.suppliers) == (2, 2, 2)
    assert (steel.cut_vertex, steel.scarcity, steel.single_source_share) == (False, 0.5, 0.0)
    assert steel.structural == pytest.approx(1 / 6)
    assert steel.concentration == pytest.approx(0.5)
    assert (steel.has_home_leader, steel.leader_scarcity) == (False, 1.0)
    assert steel.out_of_province == pytest.approx(0.5)
    assert (steel.top_open_grade, steel.quality) == ("★★★", 1.0)
    # 0.3/6 + 0.2·0.5 + 0.15 + 0.15·0.5 + 0.2
    assert steel.score == 0.575

    forging = by_link["forging"]  # m alone, a home leader, cut vertex, single source of c
    assert (forging.cut_vertex, forging.single_source_share, forging.structural) == (True, 1, 1)
    assert (forging.concentration, forging.leader_scarcity, forging.out_of_province) == (1, 0, 0)
    assert forging.score == 0.5

    turning = by_link["turning"]  # c alone, a follower
    assert turning.score == 0.65

    market = by_link["market"]  # d (江苏 leader) supplies nobody
    assert market.supply_edges == 0
    assert (market.single_source_share, market.concentration, market.out_of_province) == (
        None,
        None,
        None,
    )
    assert market.structural == pytest.approx(1 / 3)
    assert (market.has_home_leader, market.top_open_grade) == (False, None)
    assert market.score == 0.25


def test_flows_as_mappings_and_links_without_enterprises():
    scores = link_bottlenecks(
        chain_graph(),
        [{"from": a, "to": b} for a, b in FLOWS] + [{"from": "market", "to": "logistics"}],
        CHAIN_LINKS + ["logistics"],
        "山东",
        {},
    )
    by_link = {s.link: s for s in scores}
    assert by_link["market"].cut_vertex
    logistics = by_link["logistics"]
    assert (logistics.enterprises, logistics.scarcity, logistics.cut_vertex) == (0, 1.0, False)
    # structural ⅓ and no home leader
    assert logistics.score == 0.25


def test_unknown_grade_is_rejected():
    with pytest.raises(ValueError, match="grade"):
        link_bottlenecks(chain_graph(), FLOWS, CHAIN_LINKS, "山东", {"steel": ["★★★★"]})


def _naive_score(G, flows, link, home, grades):
    enterprises = [n for n, links in G.nodes(data="links") if link in links]
    edges = [e for e in supply_edges(G) if e[2] == link]
    link_graph = nx.Graph()
    link_graph.add_nodes_from(LINKS)
    link_graph.add_edges_from((a, b) for a, b in flows if a != b)
    rest = nx.node_connected_component(link_graph, link) - {link}
    cut = bool(rest) and not nx.is_connected(link_graph.subgraph(rest))
    single = [(s, c) for s, c, _ in edges if sum(1 for _, c2, _ in edges if c2 == c) == 1]
    per_supplier = Counter(s for s, _, _ in edges)
    n = len(edges)
    structural = (cut + 1 / max(len(enterprises), 1) + (len(single) / n if n else 0)) / 3
    hhi = sum((k / n) ** 2 for k in per_supplier.values()) if n else 0
    no_leader = not any(
        G.nodes[e]["tier"] == "leader" and G.nodes[e]["province"] == home for e in enterprises
    )
    outside = sum(1 for s, _, _ in edges if G.nodes[s]["province"] != home) / n if n else 0
    quality = max([{"★": 1, "★★": 2, "★★★": 3}[g] / 3 for g in grades.get(link, [])], default=0)
    return 0.3 * structural + 0.2 * hhi + 0.15 * no_leader + 0.15 * outside + 0.2 * quality


@given(
    G=random_supply_graphs(),
    flows=st.lists(st.tuples(st.sampled_from(LINKS), st.sampled_from(LINKS)), max_size=4),
    home=st.sampled_from(["山东", "河北"]),
    grades=st.dictionaries(
        st.sampled_from(LINKS), st.lists(st.sampled_from(["★", "★★", "★★★"]), max_size=3)
    ),
)
def test_scores_match_direct_computation(G, flows, home, grades):
    scores = link_bottlenecks(G, flows, LINKS, home, grades)
    assert sorted(s.link for s in scores) == LINKS
    assert [s.score for s in scores] == sorted((s.score for s in scores), reverse=True)
    for s in scores:
        assert 0 <= s.score <= 1
        assert s.score == pytest.approx(_naive_score(G, flows, s.link, home, grades), abs=5e-5)
