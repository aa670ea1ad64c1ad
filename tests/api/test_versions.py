"""Versions over HTTP: listing, the diff between two imports, exporting any version."""

from __future__ import annotations

import copy
import json

from fastapi.testclient import TestClient

from tests.factories import seed_package


def _import(client: TestClient, keys: dict[str, str], data: dict) -> dict:
    response = client.post(
        "/api/v1/import", content=json.dumps(data), headers={"Authorization": keys["editor"]}
    )
    assert response.status_code == 201, response.text
    return response.json()


def edited_copy(data: dict) -> tuple[dict, dict]:
    """The seed with one follower promoted, one supply removed, one problem resolved and one
    enterprise added; returns (package, what was changed)."""
    edited = copy.deepcopy(data)
    follower = next(e for e in edited["enterprises"] if e["tier"] == "follower")
    follower["tier"] = "leader"
    removed = edited["supplies"].pop(3)
    problem = next(p for p in edited["problems"] if p.get("status") != "resolved")
    problem["status"] = "resolved"
    edited["enterprises"].append(
        {
            "id": "new-firm",
            "name": "临清市新立轴承有限公司",
            "province": "山东",
            "city": "聊城",
            "county": "临清",
            "links": [follower["links"][0]],
            "basis": "illustrative",
        }
    )
    key = f"{removed['supplier']}>{removed['customer']}@{removed['link']}"
    return edited, {"promoted": follower["id"], "supply": key, "problem": problem["id"]}


def test_diff_lists_exactly_the_edits(client: TestClient, keys: dict[str, str]) -> None:
    data = seed_package()
    chain = data["chain"]["id"]
    first = _import(client, keys, data)
    edited, what = edited_copy(data)
    second = _import(client, keys, edited)
    assert second["matches"]["new"] == 1 and not second["matches"]["potential"]

    body = client.get(f"/api/v1/chains/{chain}/versions/1/diff/2").json()
    assert (body["from_version"], body["to_version"]) == (first["version"], second["version"])
    assert body["counts"] == {
        "enterprises": {"added": 1, "changed": 1},
        "supplies": {"removed": 1},
        "problems": {"changed": 1},
    }
    kinds = body["kinds"]
    assert [c["key"] for c in kinds["enterprises"]["added"]] == ["new-firm"]
    (promoted,) = kinds["enterprises"]["changed"]
    assert promoted["key"] == what["promoted"]
    assert promoted["fields"] == [{"field": "tier", "before": "follower", "after": "leader"}]
    assert [c["key"] for c in kinds["supplies"]["removed"]] == [what["supply"]]
    (resolved,) = kinds["problems"]["changed"]
    assert resolved["key"] == what["problem"]
    assert [f["field"] for f in resolved["fields"]] == ["status"]
    assert resolved["fields"][0]["after"] == "resolved"
    assert body["tier_changes"] == [
        {"id": what["promoted"], "name": promoted["name"], "before": "follower", "after": "leader"}
    ]
    assert any("follower to leader" in line for line in body["news"])
    assert any(what["problem"] in line and "resolved" in line for line in body["news"])
    # Backwards, the same changes read the other way round.
    back = client.get(f"/api/v1/chains/{chain}/versions/2/diff/1").json()
    assert back["counts"]["enterprises"] == {"removed": 1, "changed": 1}
    assert back["counts"]["supplies"] == {"added": 1}


def test_versions_list_who_when_and_what(client: TestClient, keys: dict[str, str]) -> None:
    data = seed_package()
    chain = data["chain"]["id"]
    _import(client, keys, data)
    _import(client, keys, edited_copy(data)[0])
    items = client.get(f"/api/v1/chains/{chain}/versions").json()["items"]
    assert [v["seq"] for v in items] == [1, 2]
    assert items[0]["counts"]["enterprises"] == 70 and items[1]["counts"]["enterprises"] == 71
    assert items[0]["author"] and items[0]["created_at"]
    assert items[1]["changes"]["supplies"] == {"removed": 1}
    assert items[0]["snapshot_chars"] < len(json.dumps(data, ensure_ascii=False))


def test_version_summaries_are_member_data_in_the_list_and_the_timeline(
    client: TestClient, keys: dict[str, str]
) -> None:
    """Edit summaries name status notes, risks and progress: below member they are left out."""
    data = seed_package()
    chain = data["chain"]["id"]
    _import(client, keys, data)
    member = {"Authorization": keys["member"]}
    for path, summaries in (
        (f"/api/v1/chains/{chain}/versions", lambda body: [v["summary"] for v in body["items"]]),
        (
            f"/api/v1/chains/{chain}/timeline?kind=version",
            lambda body: [v["title"] for v in body["items"]],
        ),
    ):
        assert summaries(client.get(path, headers=member).json()) == [f"import of {chain}"]
        assert f"import of {chain}" not in summaries(client.get(path).json()), path


def test_any_version_exports_as_a_package(client: TestClient, keys: dict[str, str]) -> None:
    data = seed_package()
    chain = data["chain"]["id"]
    editor = {"Authorization": keys["editor"]}
    _import(client, keys, data)
    first_export = client.get(f"/api/v1/chains/{chain}/export", headers=editor).json()
    _import(client, keys, edited_copy(data)[0])

    old = client.get(f"/api/v1/chains/{chain}/versions/1/export", headers=editor).json()
    assert {e["id"] for e in old["enterprises"]} == {e["id"] for e in first_export["enterprises"]}
    assert len(old["supplies"]) == len(first_export["supplies"])
    by_id = f"/api/v1/chains/{chain}/versions/{chain}@1/export"
    assert client.get(by_id, headers=editor).json() == old
    latest = client.get(f"/api/v1/chains/{chain}/versions/latest/export", headers=editor).json()
    assert len(latest["enterprises"]) == 71
    csv = client.get(by_id, params={"format": "csv"}, headers=editor)
    assert csv.headers["content-type"] == "application/zip"
    # An old version re-imported becomes the newest one, equal to that version.
    again = client.post("/api/v1/import", content=json.dumps(old), headers=editor)
    assert again.status_code == 201 and again.json()["version"] == f"{chain}@3"
    diff = client.get(f"/api/v1/chains/{chain}/versions/1/diff/3").json()
    assert diff["counts"] == {}


def test_version_export_applies_sharing(client: TestClient, keys: dict[str, str]) -> None:
    data = seed_package()
    chain = data["chain"]["id"]
    _import(client, keys, data)
    public = client.get(f"/api/v1/chains/{chain}/versions/1/export").json()["achievements"]
    expected = [a["id"] for a in data["achievements"] if a.get("sharing", "public") == "public"]
    assert [a["id"] for a in public] == expected and 0 < len(expected) < len(data["achievements"])
    full = client.get(
        f"/api/v1/chains/{chain}/versions/1/export", headers={"Authorization": keys["editor"]}
    ).json()["achievements"]
    assert len(full) == len(data["achievements"])


def test_unknown_versions_are_404(client: TestClient, keys: dict[str, str]) -> None:
    chain = _import(client, keys, seed_package())["chain"]
    assert client.get(f"/api/v1/chains/{chain}/versions/9/diff/1").status_code == 404
    assert client.get(f"/api/v1/chains/{chain}/versions/nope/export").status_code == 404
    assert client.get("/api/v1/chains/nope/versions").status_code == 404
