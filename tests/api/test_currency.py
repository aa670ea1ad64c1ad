"""Keeping a copy in sync and knowing what is current: change feed, staleness, lifecycle."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from graph.store.base import GraphStore
from graph.versioning.staleness import chain_staleness
from tests.factories import tiny_package


def _import(client: TestClient, keys: dict[str, str], data: dict) -> dict:
    response = client.post(
        "/api/v1/import", content=json.dumps(data), headers={"Authorization": keys["editor"]}
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_change_feed_pages_what_changed_since(client: TestClient, keys: dict[str, str]) -> None:
    data = tiny_package()
    chain = data["chain"]["id"]
    _import(client, keys, data)
    data["enterprises"][1]["tier"] = "leader"
    data["enterprises"].append(
        {"id": "cage", "name": "保持架厂", "province": "山东", "links": ["rings"]}
    )
    data["supplies"].append({"supplier": "cage", "customer": "ring", "link": "rings"})
    _import(client, keys, data)
    url = f"/api/v1/chains/{chain}/changes"

    everything = client.get(url, params={"limit": 1000}).json()
    assert everything["from_version"] is None and everything["to_version"] == f"{chain}@2"
    assert everything["total"] == len(everything["changes"])
    assert {c["op"] for c in everything["changes"]} == {"added"}

    pages, offset = [], 0
    while offset is not None:
        page = client.get(url, params={"since": "1", "limit": 2, "offset": offset}).json()
        pages.append(page)
        offset = page["next_offset"]
    changes = [c for p in pages for c in p["changes"]]
    assert len(pages) == 2 and pages[0]["total"] == 3
    assert [(c["kind"], c["key"], c["op"]) for c in changes] == [
        ("enterprises", "cage", "added"),
        ("enterprises", "mill2", "changed"),
        ("supplies", "cage>ring@rings", "added"),
    ]
    assert changes[0]["record"]["name"] == "保持架厂"
    # A time names the last version made at or before it.
    later = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    assert client.get(url, params={"since": later}).json()["total"] == 0
    assert client.get(url, params={"since": "2000-01-01"}).json()["from_version"] is None
    assert client.get(url, params={"since": "v9"}).status_code == 404
    assert client.get(url, params={"limit": 100_000}).status_code == 422


def test_change_feed_hides_achievements_the_caller_may_not_see(
    client: TestClient, keys: dict[str, str]
) -> None:
    data = tiny_package()
    chain = data["chain"]["id"]
    _import(client, keys, data)
    data["achievements"][0]["sharing"] = "members"  # a-pub is no longer public
    _import(client, keys, data)
    url = f"/api/v1/chains/{chain}/changes"
    anonymous = client.get(url, params={"since": "1"}).json()["changes"]
    assert [(c["key"], c["op"]) for c in anonymous] == [("a-pub", "removed")]
    member = client.get(url, params={"since": "1"}, headers={"Authorization": keys["member"]})
    assert [(c["key"], c["op"]) for c in member.json()["changes"]] == [("a-pub", "changed")]
    assert "a-mem" not in {c["key"] for c in client.get(url).json()["changes"]}


def test_links_go_stale_after_the_cycle_or_a_trigger_event(
    client: TestClient, store: GraphStore, keys: dict[str, str]
) -> None:
    data = tiny_package()
    data["chain"]["update_cycle_days"] = 30
    chain = data["chain"]["id"]
    _import(client, keys, data)
    fresh = client.get(f"/api/v1/chains/{chain}/staleness").json()
    assert fresh["stale_links"] == 0 and fresh["update_cycle_days"] == 30
    assert {x["data_version"] for x in fresh["links"]} == {f"{chain}@1"}

    later = chain_staleness(store, chain, now=datetime.now(UTC) + timedelta(days=31))
    assert later.stale_links == 3 and "update cycle" in later.links[0].reasons[0]

    event = {
        "id": "ev-new",
        "date": "2025-06",
        "dimension": "certification",
        "title": "锻造厂取得IATF 16949",
        "refs": ["forge"],
        "triggers_update": True,
    }
    editor = {"Authorization": keys["editor"]}
    client.post(f"/api/v1/chains/{chain}/events", json=event, headers=editor)
    flagged = client.get(f"/api/v1/chains/{chain}/staleness").json()
    stale = {x["link"]: x["trigger_events"] for x in flagged["links"] if x["stale"]}
    assert stale == {"forging": ["ev-new"]}  # the forge works in forging only

    # Fresh data for the link, or a review, clears it.
    data["events"].append(event)
    data["enterprises"][2]["products"] = ["锻件"]
    _import(client, keys, data)
    assert client.get(f"/api/v1/chains/{chain}/staleness").json()["stale_links"] == 0
    client.post(f"/api/v1/chains/{chain}/events", json={**event, "id": "ev-2"}, headers=editor)
    assert client.get(f"/api/v1/chains/{chain}/staleness").json()["stale_links"] == 1
    review = client.post(
        f"/api/v1/chains/{chain}/links/forging/review", json={"note": "复核"}, headers=editor
    )
    assert review.status_code == 201 and review.json()["changes"] == {}
    assert client.get(f"/api/v1/chains/{chain}/staleness").json()["stale_links"] == 0


def test_closed_firms_keep_their_history(client: TestClient, keys: dict[str, str]) -> None:
    data = tiny_package()
    chain = data["chain"]["id"]
    _import(client, keys, data)
    editor = {"Authorization": keys["editor"]}
    url = f"/api/v1/chains/{chain}/enterprises/mill2/status"
    assert client.put(url, json={"status": "bankrupt"}, headers=editor).status_code == 422
    changed = client.put(url, json={"status": "closed"}, headers=editor)
    assert changed.status_code == 200 and changed.json()["version"] == f"{chain}@2"

    forge = client.get("/api/v1/enterprises/forge", params={"chain": chain}).json()
    assert {(s["id"], s["status"]) for s in forge["suppliers"]} == {
        ("mill", "active"),
        ("mill2", "closed"),
    }
    mill2 = client.get("/api/v1/enterprises/mill2", params={"chain": chain}).json()
    assert mill2["status"] == "closed" and mill2["customers"][0]["id"] == "forge"
    diff = client.get(f"/api/v1/chains/{chain}/versions/1/diff/2").json()
    assert any("mill2" in line and "closed" in line for line in diff["news"])
    missing = client.put(
        f"/api/v1/chains/{chain}/enterprises/nobody/status",
        json={"status": "moved"},
        headers=editor,
    )
    assert missing.status_code == 404
