"""Monitoring events (§5.3.7) over HTTP: CRUD, versions made by edits, the timeline."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.factories import tiny_package

EVENT = {
    "id": "ev-invest", "date": "2025-03-01", "dimension": "investment",
    "title": "兴潘特钢新增真空脱气产线", "refs": ["steel", "mill"], "triggers_update": True,
}  # fmt: skip


def _chain(client: TestClient, keys: dict[str, str]) -> str:
    response = client.post(
        "/api/v1/import",
        content=json.dumps(tiny_package()),
        headers={"Authorization": keys["editor"]},
    )
    assert response.status_code == 201
    return str(response.json()["chain"])


def test_event_crud_makes_versions(client: TestClient, keys: dict[str, str]) -> None:
    chain = _chain(client, keys)
    editor = {"Authorization": keys["editor"]}
    url = f"/api/v1/chains/{chain}/events"

    created = client.post(url, json=EVENT, headers=editor)
    assert created.status_code == 201, created.text
    assert created.json() == {
        "chain": chain,
        "version": f"{chain}@2",
        "changes": {"events": {"added": 1}},
    }
    assert client.get(f"{url}/ev-invest").json()["dimension"] == "investment"
    assert [e["id"] for e in client.get(url, params={"dimension": "investment"}).json()] == [
        "ev-invest"
    ]
    assert {e["id"] for e in client.get(url, params={"ref": "mill"}).json()} == {"ev1", "ev-invest"}

    changed = {**EVENT, "title": "产线投产", "triggers_update": False}
    updated = client.put(f"{url}/ev-invest", json=changed, headers=editor)
    assert updated.status_code == 200 and updated.json()["version"] == f"{chain}@3"
    assert client.get(f"{url}/ev-invest").json()["title"] == "产线投产"

    deleted = client.delete(f"{url}/ev-invest", headers=editor)
    assert deleted.status_code == 200 and deleted.json()["changes"] == {"events": {"removed": 1}}
    assert client.get(f"{url}/ev-invest").status_code == 404
    # The event lives on in the versions that held it.
    old = client.get(f"/api/v1/chains/{chain}/versions/3/export", headers=editor).json()
    assert "ev-invest" in {e["id"] for e in old["events"]}


def test_event_writes_honour_if_match(client: TestClient, keys: dict[str, str]) -> None:
    """Events carry an ETag like the other libraries: a write naming an older one is a 412."""
    chain = _chain(client, keys)
    editor = {"Authorization": keys["editor"]}
    url = f"/api/v1/chains/{chain}/events/ev-invest"
    assert client.post(f"/api/v1/chains/{chain}/events", json=EVENT, headers=editor).is_success
    first = client.get(url).headers["ETag"]

    changed = {**EVENT, "title": "产线投产"}
    ok = client.put(url, json=changed, headers={**editor, "If-Match": first})
    assert ok.status_code == 200, ok.text
    second = client.get(url).headers["ETag"]
    assert second != first

    stale = client.put(url, json=EVENT, headers={**editor, "If-Match": first})
    assert stale.status_code == 412
    assert client.delete(url, headers={**editor, "If-Match": first}).status_code == 412
    assert client.get(url).json()["title"] == "产线投产"
    assert client.delete(url, headers={**editor, "If-Match": second}).status_code == 200


def test_event_writes_are_checked(client: TestClient, keys: dict[str, str]) -> None:
    chain = _chain(client, keys)
    editor = {"Authorization": keys["editor"]}
    url = f"/api/v1/chains/{chain}/events"
    assert client.post(url, json=EVENT).status_code == 401
    assert (
        client.post(url, json=EVENT, headers={"Authorization": keys["member"]}).status_code == 403
    )
    assert (
        client.post(url, json={**EVENT, "dimension": "weather"}, headers=editor).status_code == 422
    )
    dangling = client.post(url, json={**EVENT, "refs": ["nowhere"]}, headers=editor)
    assert dangling.status_code == 422
    assert dangling.json()["errors"][0]["message"] == "unknown id 'nowhere'"
    assert client.post(url, json={**EVENT, "id": "ev1"}, headers=editor).status_code == 409
    assert client.put(f"{url}/other", json=EVENT, headers=editor).status_code == 422
    assert client.put(f"{url}/ev-invest", json=EVENT, headers=editor).status_code == 404
    assert client.delete(f"{url}/ev-invest", headers=editor).status_code == 404
    assert len(client.get(f"/api/v1/chains/{chain}/versions").json()["items"]) == 1


def test_timeline_merges_events_and_versions(client: TestClient, keys: dict[str, str]) -> None:
    chain = _chain(client, keys)
    client.post(
        f"/api/v1/chains/{chain}/events", json=EVENT, headers={"Authorization": keys["editor"]}
    )
    items = client.get(f"/api/v1/chains/{chain}/timeline").json()["items"]
    assert [(i["kind"], i["id"]) for i in items] == [
        ("event", "ev1"), ("event", "ev-invest"), ("version", f"{chain}@1"),
        ("version", f"{chain}@2"),
    ]  # fmt: skip
    assert items[-1]["changes"] == {"events": {"added": 1}}
    only_2025 = client.get(
        f"/api/v1/chains/{chain}/timeline", params={"start": "2025", "end": "2025", "kind": "event"}
    ).json()["items"]
    assert [i["id"] for i in only_2025] == ["ev-invest"]
    assert client.get("/api/v1/chains/nope/timeline").status_code == 404
