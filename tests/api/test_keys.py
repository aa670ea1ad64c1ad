"""Key management over HTTP: admins create, list and revoke; a key is shown once, stored hashed."""

from __future__ import annotations

from fastapi.testclient import TestClient

from graph.store.base import GraphStore
from tests.factories import load_tiny


def test_admin_creates_lists_and_revokes_keys(
    client: TestClient, store: GraphStore, keys: dict[str, str]
) -> None:
    admin = {"Authorization": keys["admin"]}
    made = client.post("/api/v1/keys", json={"role": "member", "name": "协会"}, headers=admin)
    assert made.status_code == 201
    created = made.json()
    new_key = {"Authorization": f"Bearer {created['key']}"}
    assert created["key"].startswith(f"cm_{created['id']}_")
    listed = client.get("/api/v1/keys", headers=admin).json()["items"]
    mine = next(k for k in listed if k["id"] == created["id"])
    assert mine == {k: v for k, v in created.items() if k != "key"}
    secret = created["key"].split("_", 2)[2]
    assert secret not in str(store.read("keys/get", {"id": created["id"]}))
    assert client.get("/api/v1/keys", headers=new_key).status_code == 403
    assert client.delete(f"/api/v1/keys/{created['id']}", headers=admin).status_code == 204
    assert client.get("/api/v1/keys", headers=new_key).status_code == 401
    listed = client.get("/api/v1/keys", headers=admin).json()["items"]
    assert next(k for k in listed if k["id"] == created["id"])["revoked"] is True
    assert client.delete("/api/v1/keys/nope", headers=admin).status_code == 404


def test_a_key_bound_to_a_firm_needs_the_firm_in_the_chain(
    client: TestClient, store: GraphStore, keys: dict[str, str]
) -> None:
    chain = load_tiny(store)
    admin = {"Authorization": keys["admin"]}
    body = {"role": "member", "name": "锻造厂", "chain": chain, "enterprise": "forge"}
    made = client.post("/api/v1/keys", json=body, headers=admin)
    assert made.status_code == 201, made.text
    assert made.json()["enterprise"] == "forge"
    unknown = client.post("/api/v1/keys", json={**body, "enterprise": "nope"}, headers=admin)
    assert unknown.status_code == 404
    assert "nope" in unknown.json()["detail"]


def test_bad_role_is_422(client: TestClient, keys: dict[str, str]) -> None:
    response = client.post(
        "/api/v1/keys", json={"role": "root"}, headers={"Authorization": keys["admin"]}
    )
    assert response.status_code == 422


def test_key_creation_and_revocation_are_audited(client: TestClient, keys: dict[str, str]) -> None:
    admin = {"Authorization": keys["admin"]}
    admin_id = keys["admin"].split("_")[1]
    made = client.post("/api/v1/keys", json={"role": "editor", "name": "审计"}, headers=admin)
    key_id = made.json()["id"]
    assert client.delete(f"/api/v1/keys/{key_id}", headers=admin).status_code == 204
    assert client.delete("/api/v1/keys/nope", headers=admin).status_code == 404

    entries = client.get("/api/v1/audit", params={"key_id": admin_id}, headers=admin).json()
    about = [e for e in entries["items"] if e["target"] == f"key/{key_id}"]
    assert [e["action"] for e in about] == ["key.revoke", "key.create"]
    assert {(e["role"], e["chain"]) for e in about} == {("admin", None)}
    assert "editor" in about[1]["summary"] and about[1]["details"]["name"] == "审计"
    assert not [e for e in entries["items"] if e["target"] == "key/nope"]
    assert made.json()["key"].split("_", 2)[2] not in str(entries)
