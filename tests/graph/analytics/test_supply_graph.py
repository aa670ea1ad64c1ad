import gc

import pytest

from graph.analytics import build_supply_graph, supply_edges

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
