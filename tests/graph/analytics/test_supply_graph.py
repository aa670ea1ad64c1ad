import gc
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
import pytest

from graph.analytics import build_supply_graph, supply_edges
from graph.versioning.importer import package_document
from seeds.generator import generate_package

ENTERPRISES = [
    {
        "id": "s",
        "name": "Steel",
        "links": ["steel", "forging"],
        "province": "河北",
        "tier": "leader",
        "role": "backbone",
        "city": "邯郸",
    },
    {"id": "c", "name": "Cages", "links": ["cages"], "province": "山东"},
]


def test_nodes_carry_the_enterprise_attributes_with_package_defaults():
    G = build_supply_graph(ENTERPRISES, [])
    assert dict(G.nodes["s"]) == {
        "name": "Steel",
        "links": ["steel", "forging"],
        "province": "河北",
        "tier": "leader",
        "role": "backbone",
    }
    assert (G.nodes["c"]["tier"], G.nodes["c"]["role"]) == ("follower", "member")


def test_one_edge_per_supplier_customer_link_and_parallel_links_kept():
    supplies = [
        {"supplier": "s", "customer": "c", "link": "steel"},
        {"supplier": "s", "customer": "c", "link": "forging"},
        {"supplier": "s", "customer": "c", "link": "steel", "product": "bar"},
    ]
    G = build_supply_graph(ENTERPRISES, supplies)
    assert sorted(supply_edges(G)) == [("s", "c", "forging"), ("s", "c", "steel")]
    assert G.number_of_edges() == 2


@pytest.mark.parametrize(
    ("supply", "message"),
    [
        ({"supplier": "s", "customer": "x", "link": "steel"}, "unknown 'x'"),
        ({"supplier": "x", "customer": "c", "link": "steel"}, "unknown 'x'"),
        ({"supplier": "x", "customer": "y", "link": "steel"}, "unknown 'x'"),
        ({"supplier": "s", "customer": "s", "link": "steel"}, "cannot supply itself"),
    ],
)
def test_bad_supplies_are_rejected(supply, message):
    with pytest.raises(ValueError, match=message):
        build_supply_graph(ENTERPRISES, [supply])


def test_repeated_enterprise_is_rejected():
    with pytest.raises(ValueError, match="given twice"):
        build_supply_graph(ENTERPRISES + ENTERPRISES[:1], [])


def test_garbage_collection_is_back_on_after_a_build_even_a_failed_one():
    build_supply_graph(ENTERPRISES, [])
    assert gc.isenabled()
    with pytest.raises(ValueError):
        build_supply_graph(ENTERPRISES, [{"supplier": "s", "customer": "x", "link": "l"}])
    assert gc.isenabled()


def _with_public_calls(
    enterprises: Iterable[Mapping[str, Any]], supplies: Iterable[Mapping[str, Any]]
) -> nx.MultiDiGraph:
    """The graph `build_supply_graph` documents, made with networkx's add_node/add_edge."""
    G = nx.MultiDiGraph()
    for e in enterprises:
        G.add_node(
            e["id"],
            name=e["name"],
            links=list(e["links"]),
            province=e["province"],
            tier=e.get("tier") or "follower",
            role=e.get("role") or "member",
        )
    for s in supplies:
        G.add_edge(s["supplier"], s["customer"], key=s["link"])
    return G


def _generated_chain() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """2,000 generated firms, some without tier or role, and supplies with repeats and with
    parallel edges in a second link."""
    document = package_document(generate_package(2000, seed=3))
    enterprises, supplies = document["enterprises"], document["supplies"]
    for e in enterprises[::5]:
        e.pop("tier", None)
        e.pop("role", None)
    links = {e["id"]: e["links"] for e in enterprises}
    parallel = [
        {**s, "link": links[s["customer"]][0]}
        for s in supplies[::3]
        if links[s["customer"]][0] != s["link"]
    ]
    assert parallel
    return enterprises, supplies + parallel + supplies[::7]


def test_the_build_equals_the_one_networkx_public_calls_make():
    enterprises, supplies = _generated_chain()
    G = build_supply_graph(enterprises, supplies)
    H = _with_public_calls(enterprises, supplies)
    assert list(G.nodes(data=True)) == list(H.nodes(data=True))
    assert list(G.edges(keys=True, data=True)) == list(H.edges(keys=True, data=True))
    assert G.number_of_edges() < len(supplies)  # the repeats were merged
    for view in ("succ", "pred"):
        adjacency = {
            n: {m: dict(keyed) for m, keyed in nbrs.items()} for n, nbrs in getattr(G, view).items()
        }
        expected = {
            n: {m: dict(keyed) for m, keyed in nbrs.items()} for n, nbrs in getattr(H, view).items()
        }
        assert adjacency == expected
        assert [list(nbrs) for nbrs in getattr(G, view).values()] == [
            list(nbrs) for nbrs in getattr(H, view).values()
        ]
    assert nx.utils.graphs_equal(G, H)
    assert list(G.in_degree()) == list(H.in_degree())


def test_an_edge_is_one_record_seen_from_both_ends():
    enterprises, supplies = _generated_chain()
    G = build_supply_graph(enterprises, supplies)
    for u, v, link in G.edges(keys=True):
        assert G.succ[u][v][link] is G.pred[v][u][link]
        assert G._succ[u][v] is G._pred[v][u]


def test_the_graph_is_read_only_and_shares_its_edge_dicts():
    """Edges share their dicts (one attribute dict; one keyed dict per link for the pairs
    joined in that link only), which is only sound because nothing can change the graph."""
    enterprises, supplies = _generated_chain()
    G = build_supply_graph(enterprises, supplies)
    assert nx.is_frozen(G)
    u, v, link = next(iter(G.edges(keys=True)))
    for change in (
        lambda: G.add_edge(u, "new", key=link),
        lambda: G.remove_edge(u, v, link),
        lambda: G.add_node("new"),
        lambda: G.remove_node(u),
    ):
        with pytest.raises(nx.NetworkXError, match="Frozen"):
            change()
    single = [keyed for _, nbrs in G._succ.items() for keyed in nbrs.values() if len(keyed) == 1]
    by_link = {next(iter(keyed)): keyed for keyed in single}
    assert all(keyed is by_link[next(iter(keyed))] for keyed in single)
    attributes = {id(data) for _, _, data in G.edges(data=True)}
    assert len(attributes) == 1
    ids = {n: n for n in G}
    assert all(ids[v] is v for _, nbrs in G.succ.items() for v in nbrs)
    assert all(ids[u] is u for _, nbrs in G.pred.items() for u in nbrs)
