"""Entity matching on import: survey spellings of firms the chain holds are never duplicated."""

from __future__ import annotations

import copy
import json

from fastapi.testclient import TestClient

from tests.factories import seed_package

# Existing id -> (survey id, survey spelling). The first four normalise to the same name;
# 蓝宇精工轴承 is only similar to 山东蓝宇精密轴承制造有限公司, so it is held for a person.
RENAMES = {
    "yujie-bearing": ("survey-001", "临清市宇捷轴承有限公司"),
    "bote-bearing": ("survey-002", "博特轴承"),
    "yixuan-bearing": ("survey-003", "山东毅轩轴承制造有限公司"),
    "hualong-west-bearing": ("survey-004", "华隆威斯特轴承（临清）"),
    "lanyu-bearing": ("survey-005", "蓝宇精工轴承"),
}


def survey_copy(data: dict, renames: dict[str, tuple[str, str]]) -> dict:
    """The package with firms renamed and re-keyed as a survey would, in every reference."""
    copied = copy.deepcopy(data)
    ids = {old: new for old, (new, _) in renames.items()}
    for e in copied["enterprises"]:
        if e["id"] in renames:
            e["id"], e["name"] = renames[e["id"]]
    for s in copied["supplies"]:
        s["supplier"], s["customer"] = (
            ids.get(s["supplier"], s["supplier"]),
            ids.get(s["customer"], s["customer"]),
        )
    for p in copied["problems"]:
        p["enterprises"] = [ids.get(x, x) for x in p.get("enterprises", [])]
    for p in copied["projects"]:
        if p.get("lead"):
            p["lead"] = ids.get(p["lead"], p["lead"])
        p["participants"] = [ids.get(x, x) for x in p.get("participants", [])]
    for a in copied["achievements"]:
        a["directed_to"] = [ids.get(x, x) for x in a.get("directed_to", [])]
    for ev in copied["events"]:
        ev["refs"] = [ids.get(x, x) for x in ev.get("refs", [])]
    return copied


def _post(client: TestClient, keys: dict[str, str], data: dict) -> dict:
    response = client.post(
        "/api/v1/import", content=json.dumps(data), headers={"Authorization": keys["editor"]}
    )
    assert response.status_code == 201, response.text
    return response.json()


def _enterprises(client: TestClient, chain: str) -> dict[str, dict]:
    page = client.get(f"/api/v1/chains/{chain}/enterprises", params={"limit": 1000}).json()
    return {e["id"]: e for e in page["items"]}


def test_renamed_firms_are_matched_or_held_never_duplicated(
    client: TestClient, keys: dict[str, str]
) -> None:
    data = seed_package()
    chain = data["chain"]["id"]
    _post(client, keys, data)
    summary = _post(client, keys, survey_copy(data, RENAMES))

    matches = summary["matches"]
    matched = {(m["incoming"], m["existing"]) for m in matches["matched"]}
    potential = {(m["incoming"], m["existing"]) for m in matches["potential"]}
    assert matches["new"] == 0
    assert matched == {(RENAMES[old][0], old) for old in list(RENAMES)[:4]}
    assert potential == {("survey-005", "lanyu-bearing")}

    firms = _enterprises(client, chain)
    assert len(firms) == len(data["enterprises"])
    assert firms["yujie-bearing"]["name"] == "临清市宇捷轴承有限公司"
    assert "survey-001" not in firms and "survey-005" in firms and "lanyu-bearing" not in firms
    # Matched firms keep their history: the diff shows a renamed firm, not a removal.
    diff = client.get(f"/api/v1/chains/{chain}/versions/1/diff/2").json()
    renamed = {c["key"] for c in diff["kinds"]["enterprises"]["changed"]}
    assert renamed == set(list(RENAMES)[:4])

    held = client.get(
        f"/api/v1/chains/{chain}/matches", headers={"Authorization": keys["member"]}
    ).json()["items"]
    assert [(c["incoming"], c["existing"], c["status"]) for c in held] == [
        ("survey-005", "lanyu-bearing", "pending")
    ]


def test_confirming_a_match_restores_the_firms_id(client: TestClient, keys: dict[str, str]) -> None:
    data = seed_package()
    chain = data["chain"]["id"]
    editor = {"Authorization": keys["editor"]}
    _post(client, keys, data)
    _post(client, keys, survey_copy(data, RENAMES))
    (candidate,) = client.get(f"/api/v1/chains/{chain}/matches", headers=editor).json()["items"]
    url = f"/api/v1/chains/{chain}/matches/{candidate['id']}"

    viewer = {"Authorization": keys["viewer"]}
    assert client.post(f"{url}/confirm", headers=viewer).status_code == 403
    confirmed = client.post(f"{url}/confirm", headers=editor)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["version"] == f"{chain}@3"
    assert confirmed.json()["candidate"]["status"] == "confirmed"

    firms = _enterprises(client, chain)
    assert "lanyu-bearing" in firms and "survey-005" not in firms
    assert firms["lanyu-bearing"]["name"] == "蓝宇精工轴承"
    detail = client.get("/api/v1/enterprises/lanyu-bearing", params={"chain": chain}).json()
    original = {
        (s["supplier"], s["link"]) for s in data["supplies"] if s["customer"] == "lanyu-bearing"
    }
    assert {(s["id"], s["link"]) for s in detail["suppliers"]} == original
    # From the first version to now only names changed: no firm was lost or duplicated.
    diff = client.get(f"/api/v1/chains/{chain}/versions/1/diff/3").json()
    assert set(diff["counts"]) == {"enterprises"}
    assert diff["counts"]["enterprises"] == {"changed": 5}
    assert client.post(f"{url}/reject", headers=editor).status_code == 409


def test_rejecting_a_match_keeps_the_firm_as_new(client: TestClient, keys: dict[str, str]) -> None:
    data = seed_package()
    chain = data["chain"]["id"]
    editor = {"Authorization": keys["editor"]}
    _post(client, keys, data)
    _post(client, keys, survey_copy(data, RENAMES))
    (candidate,) = client.get(f"/api/v1/chains/{chain}/matches", headers=editor).json()["items"]
    rejected = client.post(
        f"/api/v1/chains/{chain}/matches/{candidate['id']}/reject", headers=editor
    )
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert "survey-005" in _enterprises(client, chain)
    versions = client.get(f"/api/v1/chains/{chain}/versions").json()["items"]
    assert len(versions) == 2  # a rejection changes no chain data
    pending = client.get(
        f"/api/v1/chains/{chain}/matches", params={"status": "pending"}, headers=editor
    ).json()["items"]
    assert pending == []


def test_a_genuinely_new_firm_is_new(client: TestClient, keys: dict[str, str]) -> None:
    data = seed_package()
    _post(client, keys, data)
    extra = copy.deepcopy(data)
    extra["enterprises"].append(
        {
            "id": "survey-new",
            "name": "临清市鸿运精工机械有限公司",
            "province": "山东",
            "links": ["assembly"],
        }
    )
    summary = _post(client, keys, extra)
    assert summary["matches"] == {"matched": [], "potential": [], "new": 1}


def test_matches_need_a_member_key(client: TestClient, keys: dict[str, str]) -> None:
    chain = _post(client, keys, seed_package())["chain"]
    assert client.get(f"/api/v1/chains/{chain}/matches").status_code == 401
    assert client.post(f"/api/v1/chains/{chain}/matches/x/confirm").status_code == 401
    missing = client.post(
        f"/api/v1/chains/{chain}/matches/x/confirm", headers={"Authorization": keys["editor"]}
    )
    assert missing.status_code == 404
