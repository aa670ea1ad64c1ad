"""What the map page fetches besides the analytics, on both stores: the skeleton and search."""

from __future__ import annotations

from fastapi.testclient import TestClient

from graph.package.models import ChainPackage
from graph.store.base import GraphStore
from graph.versioning.importer import import_package
from tests.factories import seed_package


def _seed(store: GraphStore) -> tuple[str, ChainPackage]:
    package = ChainPackage.model_validate(seed_package())
    import_package(store, package, author="test")
    return package.chain.id, package


def test_search_finds_a_chinese_substring_an_english_name_and_an_id(
    client: TestClient, store: GraphStore
) -> None:
    chain, package = _seed(store)
    url = f"/api/v1/chains/{chain}/search"
    hits = client.get(url, params={"q": "宇捷"}).json()["items"]
    assert [h["id"] for h in hits] == [e.id for e in package.enterprises if "宇捷" in e.name]
    assert hits[0]["links"] == next(e.links for e in package.enterprises if e.id == hits[0]["id"])
    bearing = client.get(url, params={"q": "轴承", "limit": 50}).json()["items"]
    expected = {e.id for e in package.enterprises if "轴承" in e.name}
    assert 1 < len(expected) <= 50  # the seed has a few dozen 轴承 firms: all fit one answer
    assert {h["id"] for h in bearing} == expected
    assert all("轴承" in h["name"] for h in bearing)
    english = client.get(url, params={"q": "yujie bearing"}).json()["items"]
    assert [h["id"] for h in english] == ["yujie-bearing"]
    exact = client.get(url, params={"q": "skf"}).json()["items"]
    assert exact[0]["id"] == "skf"
    assert client.get(url, params={"q": "不存在的企业"}).json()["items"] == []
    assert client.get(url, params={"q": ""}).status_code == 422
    assert client.get("/api/v1/chains/no-such-chain/search", params={"q": "a"}).status_code == 404


def test_skeleton_counts_each_link_and_keeps_the_firms_out(
    client: TestClient, store: GraphStore
) -> None:
    chain, package = _seed(store)
    body = client.get(f"/api/v1/chains/{chain}/map/skeleton").json()
    assert body["firms"] is None and body["enterprise_total"] == len(package.enterprises)
    counts = {lk["id"]: lk["enterprise_count"] for lk in body["links"]}
    for link in package.links:
        assert counts[link.id] == sum(link.id in e.links for e in package.enterprises)
    assert len(body["flows"]) == len({(f.from_, f.to) for f in package.link_flows})


def test_map_page_follows_a_new_version(client: TestClient, store: GraphStore) -> None:
    chain, package = _seed(store)
    first = client.get("/map", params={"chain": chain}).text
    assert client.get("/map", params={"chain": chain}).text == first  # kept for the version
    renamed = package.model_copy(
        update={
            "links": [
                lk.model_copy(update={"name": lk.name + "（新）"}) if lk.id == "forging" else lk
                for lk in package.links
            ]
        }
    )
    import_package(store, renamed, author="test")
    assert "锻造（新）" in client.get("/map", params={"chain": chain}).text
    assert "锻造（新）" not in first
