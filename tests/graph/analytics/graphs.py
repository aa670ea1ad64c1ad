"""Tiny hand-made supply graphs and a hypothesis strategy of random small ones."""

from __future__ import annotations

from hypothesis import strategies as st

from graph.analytics import build_supply_graph

# Ids of different lengths, so lexicographic ties are exercised ("a" < "aa" < "ab" < "b").
IDS = ["a", "aa", "ab", "b", "ba", "c", "d", "e"]
LINKS = ["l1", "l2", "l3"]
PROVINCES = ["山东", "河北"]


def supply_graph(supplies, provinces=None, tiers=None, links=None):
    """A supply graph from (supplier, customer, link) triples.

    Every enterprise is in 山东, a follower, listed in the links it supplies from, unless the
    optional dicts say otherwise.
    """
    provinces = provinces or {}
    tiers = tiers or {}
    links = links or {}
    ids = sorted({e for s, c, _ in supplies for e in (s, c)} | provinces.keys() | links.keys())
    supplied_from = {i: sorted({lk for s, _, lk in supplies if s == i}) for i in ids}
    enterprises = [
        {
            "id": i,
            "name": i.upper(),
            "links": links.get(i) or supplied_from[i] or ["none"],
            "province": provinces.get(i, "山东"),
            "tier": tiers.get(i, "follower"),
        }
        for i in ids
    ]
    return build_supply_graph(
        enterprises, [{"supplier": s, "customer": c, "link": lk} for s, c, lk in supplies]
    )


# steel → two forges → one assembler
DIAMOND = [
    ("s", "a", "steel"),
    ("s", "b", "steel"),
    ("a", "t", "forging"),
    ("b", "t", "forging"),
]

# two steel mills → one forge (m) → one turner (c) → one assembler (d)
CHAIN = [
    ("p1", "m", "steel"),
    ("p2", "m", "steel"),
    ("m", "c", "forging"),
    ("c", "d", "turning"),
]

# a → b → c → a, and c also supplies d
CYCLE = [
    ("a", "b", "la"),
    ("b", "c", "lb"),
    ("c", "a", "lc"),
    ("c", "d", "lc"),
]

# a → b, and apart from it c → d → e
DISCONNECTED = [
    ("a", "b", "l1"),
    ("c", "d", "l1"),
    ("d", "e", "l2"),
]

# s supplies c from two links; t is a second steel supplier of c
PARALLEL = [
    ("s", "c", "steel"),
    ("s", "c", "forging"),
    ("t", "c", "steel"),
]


@st.composite
def random_supply_graphs(draw, max_nodes: int = 7, max_edges: int = 18):
    """Random small supply graphs: any ids, links, provinces, tiers and supplies."""
    ids = draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=max_nodes, unique=True))
    enterprises = [
        {
            "id": i,
            "name": i.upper(),
            "links": draw(st.lists(st.sampled_from(LINKS), min_size=1, max_size=2, unique=True)),
            "province": draw(st.sampled_from(PROVINCES)),
            "tier": draw(st.sampled_from(["leader", "follower"])),
        }
        for i in ids
    ]
    possible = [(u, v, lk) for u in ids for v in ids if u != v for lk in LINKS]
    chosen = (
        draw(st.lists(st.sampled_from(possible), max_size=max_edges, unique=True))
        if possible
        else []
    )
    supplies = [{"supplier": u, "customer": v, "link": lk} for u, v, lk in chosen]
    return build_supply_graph(enterprises, supplies)
