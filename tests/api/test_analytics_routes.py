"""The analytics endpoints through the real store: hand-worked graphs and random ones checked
against direct computations of the definitions (docs/analytics.md)."""

from __future__ import annotations

import json
import time
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.answers import Answers
from graph.analytics import supply_edges
from graph.analytics.chain_analysis import AnalysisCache, ChainAnalysis
from graph.store.base import GraphStore
from seeds.generator import generate_package
from tests.factories import unique_chain
from tests.graph.analytics.graphs import (
    CHAIN,
    CYCLE,
    DIAMOND,
    DISCONNECTED,
    PARALLEL,
    random_supply_graphs,
)
from tests.graph.analytics.test_dependency import _naive_within
from tests.graph.analytics.test_dominator_tree import CYCLE_AND_DIAMOND
from tests.graph.analytics.test_impact import _naive_impact
from tests.graph.analytics.test_structure import _naive_dominators


def package_of(
    supplies: list[tuple[str, str, str]],
    provinces: dict[str, str] | None = None,
    extra_links: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """A chain package holding exactly these supply edges; firms sit in the links they supply
    from (plus `extra_links`), in 山东 unless `provinces` says otherwise."""
    provinces = provinces or {}
    extra_links = extra_links or {}
    firms = sorted({e for s, c, _ in supplies for e in (s, c)} | set(provinces) | set(extra_links))
    links = sorted(
        {lk for *_, lk in supplies} | {lk for v in extra_links.values() for lk in v} | {"end"}
    )
    in_links = {
        f: sorted({lk for s, _, lk in supplies if s == f} | set(extra_links.get(f, []))) or ["end"]
        for f in firms
    }
    return {
        "chain": {"id": unique_chain("an"), "name": "分析", "home_province": "山东"},
        "segments": [{"id": "all", "name": "全链", "order": 0}],
        "links": [
            {"id": lk, "name": lk, "segment": "all", "order": n} for n, lk in enumerate(links)
        ],
        "enterprises": [
            {"id": f, "name": f.upper(), "province": provinces.get(f, "山东"), "links": in_links[f]}
            for f in firms
        ],
        "supplies": [{"supplier": s, "customer": c, "link": lk} for s, c, lk in supplies],
    }


def load(client: TestClient, keys: dict[str, str], package: dict[str, Any]) -> str:
    response = client.post(
        "/api/v1/import", content=json.dumps(package), headers={"Authorization": keys["editor"]}
    )
    assert response.status_code == 201, response.text
    return str(package["chain"]["id"])


def distances(client: TestClient, chain: str, firm: str, direction: str, depth: int) -> dict:
    body = client.get(
        f"/api/v1/enterprises/{firm}/{direction}", params={"chain": chain, "depth": depth}
    ).json()
    return {n["id"]: n["distance"] for n in body["nodes"]}


def test_diamond(client: TestClient, keys: dict[str, str]) -> None:
    chain = load(client, keys, package_of(DIAMOND))
    assert distances(client, chain, "t", "upstream", 1) == {"a": 1, "b": 1}
    assert distances(client, chain, "t", "upstream", 2) == {"a": 1, "b": 1, "s": 2}
    assert distances(client, chain, "s", "downstream", 5) == {"a": 1, "b": 1, "t": 2}
    paths = client.get("/api/v1/paths", params={"from": "s", "to": "t", "chain": chain}).json()
    assert paths == {"paths": [["s", "a", "t"], ["s", "b", "t"]]}
    chokes = client.get("/api/v1/enterprises/t/choke-points", params={"chain": chain}).json()
    assert chokes == {"choke_points": ["s"]}
    impact = client.post(f"/api/v1/chains/{chain}/impact", json={"enterprises": ["a"]}).json()
    assert impact["cut_off"] == []  # t still has b in the forging link
    impact = client.post(f"/api/v1/chains/{chain}/impact", json={"enterprises": ["s"]}).json()
    assert [(c["id"], c["lost_link"], c["round"]) for c in impact["cut_off"]] == [
        ("a", "steel", 1),
        ("b", "steel", 1),
        ("t", "forging", 2),
    ]


def test_chain_with_a_single_source_middle(client: TestClient, keys: dict[str, str]) -> None:
    chain = load(client, keys, package_of(CHAIN))
    report = client.get(f"/api/v1/chains/{chain}/bottlenecks").json()
    assert {(r["customer"], r["link"], r["supplier"]) for r in report["single_source"]} == {
        ("c", "forging", "m"),
        ("d", "turning", "c"),
    }
    assert report["articulation_points"] == ["c", "m"]
    chokes = client.get("/api/v1/enterprises/d/choke-points", params={"chain": chain}).json()
    assert chokes == {"choke_points": ["c", "m"]}  # nearest first
    impact = client.post(f"/api/v1/chains/{chain}/impact", json={"enterprises": ["m"]}).json()
    assert [(c["id"], c["round"]) for c in impact["cut_off"]] == [("c", 1), ("d", 2)]
    assert impact["summary"]["total_cut_off"] == 2


def test_cycle(client: TestClient, keys: dict[str, str]) -> None:
    chain = load(client, keys, package_of(CYCLE))
    assert distances(client, chain, "a", "upstream", 5) == {"c": 1, "b": 2}
    assert distances(client, chain, "a", "downstream", 1) == {"b": 1}
    response = client.get("/api/v1/enterprises/d/choke-points", params={"chain": chain})
    assert response.status_code == 409  # only reachable through a cycle: no dominators
    assert "cycle" in response.json()["detail"] or "source" in response.json()["detail"]


def test_disconnected_parts(client: TestClient, keys: dict[str, str]) -> None:
    chain = load(client, keys, package_of(DISCONNECTED))
    assert distances(client, chain, "e", "upstream", 5) == {"d": 1, "c": 2}
    paths = client.get("/api/v1/paths", params={"from": "a", "to": "e", "chain": chain}).json()
    assert paths == {"paths": []}
    impact = client.post(f"/api/v1/chains/{chain}/impact", json={"enterprises": ["a"]}).json()
    assert [c["id"] for c in impact["cut_off"]] == ["b"]


def test_parallel_supplies_in_two_links(client: TestClient, keys: dict[str, str]) -> None:
    chain = load(client, keys, package_of(PARALLEL, extra_links={"t": ["steel"]}))
    report = client.get(f"/api/v1/chains/{chain}/bottlenecks").json()
    assert [(r["customer"], r["link"], r["supplier"]) for r in report["single_source"]] == [
        ("c", "forging", "s")
    ]
    # losing t leaves c its steel from s; losing the forging link cuts c off
    assert (
        client.post(f"/api/v1/chains/{chain}/impact", json={"enterprises": ["t"]}).json()["cut_off"]
        == []
    )
    impact = client.post(f"/api/v1/chains/{chain}/impact", json={"links": ["forging"]}).json()
    assert [(c["id"], c["lost_link"]) for c in impact["cut_off"]] == [("c", "forging")]


def test_province_failure_and_link_scores(client: TestClient, keys: dict[str, str]) -> None:
    chain = load(client, keys, package_of(DIAMOND, provinces={"s": "河北"}))
    impact = client.post(f"/api/v1/chains/{chain}/impact", json={"provinces": ["河北"]}).json()
    assert impact["summary"]["failed"] == ["s"]
    assert {c["id"] for c in impact["cut_off"]} == {"a", "b", "t"}
    links = {x["id"]: x for x in client.get(f"/api/v1/chains/{chain}/bottlenecks").json()["links"]}
    assert links["steel"]["components"]["out_of_province"] == 1.0
    assert links["forging"]["components"]["out_of_province"] == 0.0
    assert 0 <= links["steel"]["score"] <= 1


def test_bounds_and_unknown_ids(client: TestClient, keys: dict[str, str]) -> None:
    chain = load(client, keys, package_of(DIAMOND))
    for path, params in [
        ("/api/v1/enterprises/t/upstream", {"depth": 11}),
        ("/api/v1/enterprises/t/downstream", {"depth": -1}),
        ("/api/v1/paths", {"from": "s", "to": "t", "limit": 101}),
        ("/api/v1/paths", {"from": "s", "to": "t", "max_length": 13}),
        ("/api/v1/enterprises/t/upstream", {"limit": 0}),
    ]:
        response = client.get(path, params={"chain": chain, **params})
        assert response.status_code == 422, (path, params)
        assert response.json()["errors"], (path, params)
    for path in ["/api/v1/enterprises/ghost/upstream", "/api/v1/enterprises/ghost/choke-points"]:
        assert client.get(path, params={"chain": chain}).status_code == 404
    assert (
        client.get("/api/v1/paths", params={"from": "s", "to": "ghost", "chain": chain}).status_code
        == 404
    )
    assert client.get("/api/v1/chains/ghost/bottlenecks").status_code == 404
    assert (
        client.post(f"/api/v1/chains/{chain}/impact", json={"links": ["ghost"]}).status_code == 404
    )
    assert (
        client.post(f"/api/v1/chains/{chain}/impact", json={"enterprises": "s"}).status_code == 422
    )


def test_limit_truncates_nearest_first(client: TestClient, keys: dict[str, str]) -> None:
    chain = load(client, keys, package_of(DIAMOND))
    body = client.get(
        "/api/v1/enterprises/t/upstream", params={"chain": chain, "depth": 2, "limit": 2}
    ).json()
    assert [n["id"] for n in body["nodes"]] == ["a", "b"]
    assert body["total"] is None and body["truncated"] is True
    assert {(e["supplier"], e["customer"]) for e in body["edges"]} == {("a", "t"), ("b", "t")}


def test_answers_follow_a_new_version(client: TestClient, keys: dict[str, str]) -> None:
    package = package_of(DIAMOND)
    chain = load(client, keys, package)
    assert distances(client, chain, "t", "upstream", 1) == {"a": 1, "b": 1}
    package["supplies"] = [s for s in package["supplies"] if s["supplier"] != "b"]
    load(client, keys, package)
    assert distances(client, chain, "t", "upstream", 1) == {"a": 1}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(G=random_supply_graphs(max_nodes=7, max_edges=14), depth=st.integers(1, 4), data=st.data())
def test_endpoints_agree_with_direct_computation(
    client: TestClient, keys: dict[str, str], G: nx.MultiDiGraph, depth: int, data: st.DataObject
) -> None:
    supplies = list(supply_edges(G))
    provinces = {n: p for n, p in G.nodes(data="province")}
    extra = {n: list(links) for n, links in G.nodes(data="links")}
    chain = load(client, keys, package_of(supplies, provinces, extra))
    x = data.draw(st.sampled_from(sorted(G)))

    for direction, up in (("upstream", True), ("downstream", False)):
        body = client.get(
            f"/api/v1/enterprises/{x}/{direction}", params={"chain": chain, "depth": depth}
        ).json()
        expected, expected_edges = _naive_within(G, x, depth, up=up)
        assert {n["id"]: n["distance"] for n in body["nodes"]} == expected
        assert sorted((e["supplier"], e["customer"], e["link"]) for e in body["edges"]) == (
            expected_edges
        )

    y = data.draw(st.sampled_from(sorted(G)))
    found = client.get(
        "/api/v1/paths", params={"from": x, "to": y, "chain": chain, "max_length": 6, "limit": 100}
    ).json()["paths"]
    simple = nx.DiGraph(G)
    every = (
        [[x]]
        if x == y
        else sorted(nx.all_simple_paths(simple, x, y, cutoff=6), key=lambda p: (len(p), p))
    )
    assert found == every[:100]

    response = client.get(f"/api/v1/enterprises/{x}/choke-points", params={"chain": chain})
    dominators = _naive_dominators(G, x)
    if dominators is None:
        assert response.status_code == 409
    else:
        assert set(response.json()["choke_points"]) == dominators

    failed = data.draw(st.lists(st.sampled_from(sorted(G)), max_size=2, unique=True))
    impact = client.post(f"/api/v1/chains/{chain}/impact", json={"enterprises": failed}).json()
    _, expected_cut = _naive_impact(G, failed, set(), set())
    assert [(c["id"], c["lost_link"], c["round"]) for c in impact["cut_off"]] == [
        (c.enterprise, c.lost_link, c.round) for c in expected_cut
    ]

    report = client.get(f"/api/v1/chains/{chain}/bottlenecks").json()
    undirected = nx.Graph(simple.to_undirected())
    assert report["articulation_points"] == sorted(nx.articulation_points(undirected))


def test_large_walks_take_turns_and_small_ones_never_wait(
    client: TestClient, keys: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.routes import analytics

    chain = load(client, keys, package_of(DIAMOND))
    monkeypatch.setattr(analytics, "HEAVY_WAIT_S", 0.2)
    slots = client.app.state.heavy_slots  # type: ignore[attr-defined]
    assert slots.acquire(timeout=1)  # another large walk is running
    try:
        busy = client.get("/api/v1/enterprises/t/upstream", params={"chain": chain, "limit": 5000})
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "2"
        assert "smaller limit" in busy.json()["detail"]
        small = client.get("/api/v1/enterprises/t/upstream", params={"chain": chain, "limit": 100})
        assert small.status_code == 200
    finally:
        slots.release()
    again = client.get("/api/v1/enterprises/t/upstream", params={"chain": chain, "limit": 5000})
    assert again.status_code == 200 and again.json()["total"] == 3  # a, b and s


def test_an_analysis_in_preparation_answers_503_with_retry_after(
    client: TestClient, keys: dict[str, str], store: GraphStore
) -> None:
    """A fresh service process has no analysis yet: asking while it loads gets a quick 503
    with Retry-After (here the wait budget is 0 s), and the answer once it has loaded."""
    package = generate_package(300, seed=11)
    package.chain = package.chain.model_copy(update={"id": unique_chain("nr")})
    chain = load(client, keys, package.model_dump(mode="json", by_alias=True))
    firm = package.supplies[0].customer
    url = f"/api/v1/enterprises/{firm}/upstream"
    fresh = client.app.state.analyses  # type: ignore[attr-defined]
    client.app.state.analyses = AnalysisCache(store, wait_s=0)  # type: ignore[attr-defined]
    try:
        first = client.get(url, params={"chain": chain})
        assert first.status_code == 503, first.text
        assert int(first.headers["Retry-After"]) > 0
        deadline = time.monotonic() + 30
        while (answer := client.get(url, params={"chain": chain})).status_code == 503:
            assert time.monotonic() < deadline, "the analysis never became ready"
            time.sleep(0.05)
        assert answer.status_code == 200
        assert package.supplies[0].supplier in {n["id"] for n in answer.json()["nodes"]}
    finally:
        client.app.state.analyses = fresh  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", ["generated", "cycle and diamond"])
def test_choke_points_the_same_before_and_after_the_dominator_tree(
    client: TestClient, keys: dict[str, str], monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """Until a version's dominator tree is ready choke points are computed per firm; every
    firm's answer (409 for one fed only from a cycle) is the same once the tree answers."""
    if kind == "generated":
        generated = generate_package(300, seed=13, suppliers_per_enterprise=1.5)
        generated.chain = generated.chain.model_copy(update={"id": unique_chain("dt")})
        package = generated.model_dump(mode="json", by_alias=True)
    else:
        package = package_of(CYCLE_AND_DIAMOND)
    firms = sorted(e["id"] for e in package["enterprises"])

    def every_answer() -> dict[str, tuple[int, Any]]:
        found = {}
        for firm in firms:
            response = client.get(
                f"/api/v1/enterprises/{firm}/choke-points", params={"chain": chain}
            )
            found[firm] = (response.status_code, response.json().get("choke_points"))
        return found

    with monkeypatch.context() as held:
        held.setattr(ChainAnalysis, "start_dominator_tree", lambda self: None)
        chain = load(client, keys, package)
        before = every_answer()
    analysis = client.app.state.analyses.get(chain)  # type: ignore[attr-defined]
    assert analysis._dominators is None
    analysis.start_dominator_tree()
    assert analysis.dominators_done.wait(30) and analysis._dominators is not None
    client.app.state.answers = Answers()  # type: ignore[attr-defined]  # computed again
    assert every_answer() == before
    assert {status for status, _ in before.values()} <= {200, 409}
    assert any(chokes for _, chokes in before.values())
    if kind != "generated":
        assert before["d"][0] == 409 and before["m"] == (200, ["t", "s"])
