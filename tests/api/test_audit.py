"""The audit log: every write recorded with key, time and what changed; admins read it."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from graph.access.audit import record
from graph.access.principal import Principal
from graph.store.base import GraphStore
from tests.factories import tiny_package


def test_writes_are_audited_and_only_admins_read(client: TestClient, keys: dict[str, str]) -> None:
    editor = {"Authorization": keys["editor"]}
    data = tiny_package()
    chain = data["chain"]["id"]
    assert (
        client.post("/api/v1/import", content=json.dumps(data), headers=editor).status_code == 201
    )
    event = {"id": "ev2", "date": "2025-01", "dimension": "policy", "title": "新标准发布"}
    client.post(f"/api/v1/chains/{chain}/events", json=event, headers=editor)
    client.put(
        f"/api/v1/chains/{chain}/enterprises/mill2/status",
        json={"status": "closed", "note": "停产"},
        headers=editor,
    )

    assert client.get("/api/v1/audit").status_code == 401
    assert client.get("/api/v1/audit", headers=editor).status_code == 403
    admin = {"Authorization": keys["admin"]}
    page = client.get("/api/v1/audit", params={"chain": chain}, headers=admin).json()
    assert page["total"] == 3
    assert [e["action"] for e in page["items"]] == [
        "enterprise.status",
        "event.create",
        "chain.import",
    ]
    newest, _, first = page["items"]
    key_id = keys["editor"].split("_")[1]
    assert {e["key_id"] for e in page["items"]} == {key_id}
    assert {e["role"] for e in page["items"]} == {"editor"}
    assert first["details"]["changes"]["enterprises"] == {"added": 4}
    assert first["details"]["version"] == f"{chain}@1"
    assert newest["target"] == f"{chain}/mill2" and "停产" in newest["summary"]
    assert newest["details"]["changes"] == {"enterprises": {"changed": 1}}
    since = client.get(
        "/api/v1/audit", params={"chain": chain, "since": newest["at"]}, headers=admin
    ).json()
    assert [e["id"] for e in since["items"]] == [newest["id"]]
    assert client.get("/api/v1/audit", params={"since": "soon"}, headers=admin).status_code == 422


def test_record_is_callable_by_other_writes(
    store: GraphStore, client: TestClient, keys: dict[str, str]
) -> None:
    principal = Principal(key_id="k-test", role="editor")
    entry = record(store, principal, "problem.update", "c/p1", "status → tackling", chain="c-x")
    page = client.get(
        "/api/v1/audit", params={"key_id": "k-test"}, headers={"Authorization": keys["admin"]}
    ).json()
    assert entry in {e["id"] for e in page["items"]}
    assert page["items"][0]["summary"] == "status → tackling"


def test_a_failed_write_leaves_no_audit_entry(client: TestClient, keys: dict[str, str]) -> None:
    data = tiny_package()
    chain = data["chain"]["id"]
    data["enterprises"][0]["tier"] = "giant"
    client.post(
        "/api/v1/import", content=json.dumps(data), headers={"Authorization": keys["editor"]}
    )
    page = client.get(
        "/api/v1/audit", params={"chain": chain}, headers={"Authorization": keys["admin"]}
    ).json()
    assert page["total"] == 0
