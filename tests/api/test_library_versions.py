"""Library writes (problems, projects, achievements) make versions: the versions list, the
diff, the change feed and the audit log all see them."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from graph.store.base import GraphStore
from tests.factories import load_tiny


def _key_id(header: str) -> str:
    return header.split("_")[1]


def _versions(client: TestClient, chain: str, keys: dict[str, str]) -> list[dict[str, Any]]:
    """As a member sees them: summaries and project counts are member data."""
    response = client.get(
        f"/api/v1/chains/{chain}/versions", headers={"Authorization": keys["member"]}
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def _only_change(
    client: TestClient,
    keys: dict[str, str],
    chain: str,
    before: list[dict[str, Any]],
    *,
    kind: str,
    key: str,
    op: str,
    action: str,
) -> dict[str, Any]:
    """Check that one write made exactly one version changing exactly `kind`/`key`, that the
    change feed since the previous version reports it and that the audit log names the editor
    key; returns the diff's record change."""
    after = _versions(client, chain, keys)
    assert len(after) == len(before) + 1
    old, new = before[-1], after[-1]
    assert new["author"] == _key_id(keys["editor"])
    assert new["changes"] == {kind: {op: 1}}

    member = {"Authorization": keys["member"]}
    diff = client.get(
        f"/api/v1/chains/{chain}/versions/{old['seq']}/diff/{new['seq']}", headers=member
    ).json()
    assert diff["counts"] == {kind: {op: 1}}
    (change,) = diff["kinds"][kind][op]
    assert change["key"] == key

    feed = client.get(
        f"/api/v1/chains/{chain}/changes", params={"since": old["id"]}, headers=member
    ).json()
    assert (feed["from_version"], feed["to_version"]) == (old["id"], new["id"])
    assert [(c["kind"], c["key"], c["op"]) for c in feed["changes"]] == [(kind, key, op)]

    audit = client.get(
        "/api/v1/audit",
        params={"chain": chain, "action": action},
        headers={"Authorization": keys["admin"]},
    ).json()
    (entry,) = audit["items"]
    assert entry["key_id"] == _key_id(keys["editor"]) and entry["role"] == "editor"
    assert entry["target"] == f"{chain}/{key}"
    assert entry["details"]["version"] == new["id"]
    assert entry["summary"] == new["summary"]
    return dict(change)


def test_a_status_move_is_a_version_with_its_diff_feed_and_audit_entry(
    client: TestClient, store: GraphStore, keys: dict[str, str]
) -> None:
    chain = load_tiny(store)
    before = _versions(client, chain, keys)
    moved = client.post(
        f"/api/v1/chains/{chain}/problems/p-clean/status",
        json={"to": "analyzing", "note": "专家组"},
        headers={"Authorization": keys["editor"]},
    )
    assert moved.status_code == 200, moved.text

    change = _only_change(
        client,
        keys,
        chain,
        before,
        kind="problems",
        key="p-clean",
        op="changed",
        action="problem.status",
    )
    fields = {f["field"]: f for f in change["fields"]}
    assert set(fields) == {"status", "history"}
    assert (fields["status"]["before"], fields["status"]["after"]) == ("identified", "analyzing")
    summary = _versions(client, chain, keys)[-1]["summary"]
    assert summary == "problem p-clean: status identified → analyzing (专家组)"


def test_a_refused_status_move_makes_no_version(
    client: TestClient, store: GraphStore, keys: dict[str, str]
) -> None:
    chain = load_tiny(store)
    before = _versions(client, chain, keys)
    editor = {"Authorization": keys["editor"]}
    url = f"/api/v1/chains/{chain}/problems/p-noise/status"
    assert client.post(url, json={"to": "analyzing"}, headers=editor).status_code == 409
    stale = {**editor, "If-Match": '"not-the-etag"'}
    assert client.post(url, json={"to": "resolved"}, headers=stale).status_code == 412
    assert _versions(client, chain, keys) == before
    audit = client.get(
        "/api/v1/audit", params={"chain": chain}, headers={"Authorization": keys["admin"]}
    ).json()
    assert [e["action"] for e in audit["items"]] == []  # load_tiny imports without the API


def test_a_project_update_is_a_version(
    client: TestClient, store: GraphStore, keys: dict[str, str]
) -> None:
    chain = load_tiny(store)
    editor = {"Authorization": keys["editor"]}
    url = f"/api/v1/chains/{chain}/projects/pj1"
    plan = client.get(url, headers=editor).json()
    before = _versions(client, chain, keys)
    fields = ("name", "problems", "lead", "participants", "period", "targets", "status")
    body = {k: plan[k] for k in (*fields, "milestones")}
    body["lead"] = "forge"
    body["reason"] = "牵头单位调整"
    updated = client.put(url, json=body, headers=editor)
    assert updated.status_code == 200, updated.text

    change = _only_change(
        client,
        keys,
        chain,
        before,
        kind="projects",
        key="pj1",
        op="changed",
        action="project.update",
    )
    assert {f["field"] for f in change["fields"]} == {"lead", "changes"}
    assert "牵头单位 mill → forge" in _versions(client, chain, keys)[-1]["summary"]


def test_an_achievement_create_is_a_version(
    client: TestClient, store: GraphStore, keys: dict[str, str]
) -> None:
    chain = load_tiny(store)
    editor = {"Authorization": keys["editor"]}
    plan = client.get(f"/api/v1/chains/{chain}/projects/pj1", headers=editor).json()
    body = {
        k: plan[k]
        for k in ("name", "problems", "lead", "participants", "period", "targets", "milestones")
    }
    accepted = client.put(
        f"/api/v1/chains/{chain}/projects/pj1", json={**body, "status": "accepted"}, headers=editor
    )
    assert accepted.status_code == 200, accepted.text
    before = _versions(client, chain, keys)
    made = client.post(
        f"/api/v1/chains/{chain}/achievements",
        json={"id": "a-new", "name": "洁净钢工艺", "project": "pj1", "sharing": "members"},
        headers=editor,
    )
    assert made.status_code == 201, made.text

    change = _only_change(
        client,
        keys,
        chain,
        before,
        kind="achievements",
        key="a-new",
        op="added",
        action="achievement.create",
    )
    assert change["record"]["project"] == "pj1"
