"""The read API and imports over HTTP, on both stores."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from graph.store.base import GraphStore
from tests.factories import load_tiny, tiny_package


def _import(client: TestClient, keys: dict[str, str], data: dict) -> dict:
    response = client.post(
        "/api/v1/import", content=json.dumps(data), headers={"Authorization": keys["editor"]}
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_health_reports_store_and_counts(client: TestClient, store: GraphStore) -> None:
    load_tiny(store)
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["store"] == store.kind in ("falkordb", "neo4j")
    assert body["counts"]["Enterprise"] >= 4 and body["counts"]["relationships"] > 0


def test_import_needs_an_editor_key(client: TestClient, keys: dict[str, str]) -> None:
    data = json.dumps(tiny_package())
    assert client.post("/api/v1/import", content=data).status_code == 401
    viewer = client.post("/api/v1/import", content=data, headers={"Authorization": keys["viewer"]})
    assert viewer.status_code == 403
    assert viewer.headers["content-type"] == "application/problem+json"
    bogus = client.post("/api/v1/import", content=data, headers={"Authorization": "Bearer cm_x_y"})
    assert bogus.status_code == 401


def test_imported_chain_is_readable(client: TestClient, keys: dict[str, str]) -> None:
    data = tiny_package()
    chain = data["chain"]["id"]
    summary = _import(client, keys, data)
    assert summary["version"] == f"{chain}@1" and summary["counts"]["enterprises"] == 4
    assert chain in {c["id"] for c in client.get("/api/v1/chains").json()["items"]}
    links = client.get(f"/api/v1/chains/{chain}/links").json()
    assert [(x["id"], x["segment"], x.get("parent")) for x in links] == [
        ("steel", "upstream", None),
        ("forging", "midstream", None),
        ("rings", "midstream", "forging"),
    ]
    page = client.get(f"/api/v1/chains/{chain}/enterprises", params={"tier": "leader"}).json()
    assert page["total"] == 1 and page["items"][0]["name"] == "兴潘特钢"
    forge = client.get("/api/v1/enterprises/forge", params={"chain": chain}).json()
    assert {(s["id"], s["link"]) for s in forge["suppliers"]} == {
        ("mill", "steel"),
        ("mill2", "steel"),
    }
    assert [c["id"] for c in forge["customers"]] == ["ring"]
    institutions = client.get(f"/api/v1/chains/{chain}/institutions").json()["items"]
    assert institutions[0]["serves"] == ["rings"]


def test_unknown_ids_are_404_problem_details(client: TestClient) -> None:
    for path in [
        "/api/v1/chains/nope/links",
        "/api/v1/chains/nope/enterprises",
        "/api/v1/chains/nope/institutions",
        "/api/v1/chains/nope/export",
        "/api/v1/enterprises/nope",
    ]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["title"] == "Not found"


def test_page_size_is_bounded(client: TestClient, keys: dict[str, str]) -> None:
    chain = _import(client, keys, tiny_package())["chain"]
    response = client.get(f"/api/v1/chains/{chain}/enterprises", params={"limit": 5000})
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "query.limit"


def test_a_partner_in_two_links_counts_once_per_supply(
    client: TestClient, keys: dict[str, str]
) -> None:
    """Totals count supplies, as the pages list them: the embedded store once counted the two
    supplies of one supplier to one customer as one (an unbound relationship in the pattern)."""
    data = tiny_package()
    chain = data["chain"]["id"]
    forge = next(e for e in data["enterprises"] if e["id"] == "forge")
    forge["links"] = ["forging", "rings"]
    data["supplies"].append({"supplier": "forge", "customer": "ring", "link": "rings"})
    _import(client, keys, data)
    customers = client.get("/api/v1/enterprises/forge/customers", params={"chain": chain}).json()
    assert [(c["id"], c["link"]) for c in customers["items"]] == [
        ("ring", "forging"),
        ("ring", "rings"),
    ]
    assert customers["total"] == 2
    detail = client.get("/api/v1/enterprises/ring", params={"chain": chain}).json()
    assert detail["suppliers_total"] == len(detail["suppliers"]) == 2


def test_a_hubs_partners_are_bounded_and_paged(client: TestClient, keys: dict[str, str]) -> None:
    data = tiny_package()
    chain = data["chain"]["id"]
    forges = [f"forge{i:03d}" for i in range(250)]
    data["enterprises"] += [
        {"id": f, "name": f"锻件厂{f}", "province": "山东", "links": ["forging"]} for f in forges
    ]
    data["supplies"] += [{"supplier": "mill", "customer": f, "link": "steel"} for f in forges]
    _import(client, keys, data)
    detail = client.get("/api/v1/enterprises/mill", params={"chain": chain}).json()
    assert detail["customers_total"] == 251 and len(detail["customers"]) == 100
    assert detail["suppliers_total"] == 0 and detail["suppliers"] == []
    small = client.get("/api/v1/enterprises/mill", params={"chain": chain, "partners": 3}).json()
    assert [c["id"] for c in small["customers"]] == ["forge", "forge000", "forge001"]

    seen: list[str] = []
    for offset in range(0, 300, 120):
        page = client.get(
            "/api/v1/enterprises/mill/customers",
            params={"chain": chain, "limit": 120, "offset": offset},
        ).json()
        assert page["total"] == 251 and page["offset"] == offset
        seen += [c["id"] for c in page["items"]]
    assert seen == ["forge", *forges]
    suppliers = client.get("/api/v1/enterprises/forge/suppliers", params={"chain": chain}).json()
    assert {s["id"] for s in suppliers["items"]} == {"mill", "mill2"} and suppliers["total"] == 2

    for path, params in [
        ("/api/v1/enterprises/mill", {"partners": 1001}),
        ("/api/v1/enterprises/mill/customers", {"limit": 1001}),
        ("/api/v1/enterprises/mill/customers", {"offset": -1}),
    ]:
        response = client.get(path, params={"chain": chain, **params})
        assert response.status_code == 422, (path, params)
    missing = client.get("/api/v1/enterprises/nope/suppliers", params={"chain": chain})
    assert missing.status_code == 404


def test_bad_package_gets_every_error_and_nothing_is_written(
    client: TestClient, keys: dict[str, str]
) -> None:
    data = tiny_package()
    data["enterprises"][0]["tier"] = "giant"
    data["links"][1]["order"] = -1
    response = client.post(
        "/api/v1/import", content=json.dumps(data), headers={"Authorization": keys["editor"]}
    )
    assert response.status_code == 422
    assert {e["path"] for e in response.json()["errors"]} == {
        "$.enterprises[0].tier",
        "$.links[1].order",
    }
    assert client.get(f"/api/v1/chains/{data['chain']['id']}/links").status_code == 404


def test_export_applies_sharing_levels(client: TestClient, keys: dict[str, str]) -> None:
    chain = _import(client, keys, tiny_package())["chain"]

    def shared(headers: dict[str, str]) -> set[str]:
        body = client.get(f"/api/v1/chains/{chain}/export", headers=headers).json()
        return {a["id"] for a in body["achievements"]}

    assert shared({}) == {"a-pub"}
    assert shared({"Authorization": keys["viewer"]}) == {"a-pub"}
    assert shared({"Authorization": keys["member"]}) == {"a-pub", "a-mem"}
    assert shared({"Authorization": keys["editor"]}) == {"a-pub", "a-mem", "a-dir"}


def test_export_then_import_round_trips_over_http(client: TestClient, keys: dict[str, str]) -> None:
    editor = {"Authorization": keys["editor"]}
    chain = _import(client, keys, tiny_package())["chain"]
    exported = client.get(f"/api/v1/chains/{chain}/export", headers=editor).content
    again = client.post("/api/v1/import", content=exported, headers=editor)
    assert again.status_code == 201 and again.json()["version"] == f"{chain}@2"
    assert client.get(f"/api/v1/chains/{chain}/export", headers=editor).content == exported
    csv_zip = client.get(f"/api/v1/chains/{chain}/export", params={"format": "csv"}, headers=editor)
    assert csv_zip.headers["content-type"] == "application/zip"
    third = client.post("/api/v1/import", content=csv_zip.content, headers=editor)
    assert third.status_code == 201
    assert client.get(f"/api/v1/chains/{chain}/export", headers=editor).content == exported


def test_openapi_documents_the_package(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "ChainPackage" in spec["components"]["schemas"]
    assert "Enterprise" in spec["components"]["schemas"]


def test_problem_and_project_libraries_are_member_data_in_every_package(
    client: TestClient, keys: dict[str, str]
) -> None:
    data = tiny_package()
    chain = _import(client, keys, data)["chain"]
    data["problems"][0]["status"] = "tackling"
    data["problems"][0]["description"] = "氧含量波动，内部评估"
    _import(client, keys, data)

    def export(role: str | None) -> dict:
        headers = {"Authorization": keys[role]} if role else {}
        return client.get(f"/api/v1/chains/{chain}/export", headers=headers).json()

    for role in (None, "viewer"):
        body = export(role)
        assert body["projects"] == []
        clean = next(p for p in body["problems"] if p["id"] == "p-clean")
        assert clean["title"] == "质量问题 p-clean"
        assert "description" not in clean and clean.get("enterprises", []) == []
        assert clean["scores"] == data["problems"][0]["scores"]  # the grade stays public
        diff = client.get(
            f"/api/v1/chains/{chain}/versions/1/diff/2",
            headers={"Authorization": keys[role]} if role else {},
        ).json()
        text = json.dumps(diff, ensure_ascii=False)
        assert "氧含量波动" not in text and "轴承钢洁净度不足" not in text
        assert "tackling" in text  # the status move itself is public
    member = export("member")
    assert [p["id"] for p in member["projects"]] == ["pj1"]
    assert next(p for p in member["problems"] if p["id"] == "p-clean")["description"] == (
        "氧含量波动，内部评估"
    )


def test_health_counts_follow_this_process_writes(client: TestClient, store: GraphStore) -> None:
    """Counts are kept between probes, but a write of this process is in the next answer."""
    before = client.get("/healthz").json()["counts"]["Enterprise"]
    load_tiny(store)
    assert client.get("/healthz").json()["counts"]["Enterprise"] == before + 4
