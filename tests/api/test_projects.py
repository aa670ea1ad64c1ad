"""The project library over HTTP: sourced from problems, running record, warnings."""

from __future__ import annotations

from fastapi.testclient import TestClient

from graph.store.base import GraphStore
from tests.factories import load_tiny


def test_project_lifecycle_over_http(
    client: TestClient, store: GraphStore, keys: dict[str, str]
) -> None:
    chain = load_tiny(store)
    editor = {"Authorization": keys["editor"]}
    url = f"/api/v1/chains/{chain}/projects"
    body = {
        "id": "pj2",
        "name": "噪声攻关",
        "problems": [],
        "lead": "ring",
        "milestones": [{"date": "2025-03-31", "text": "方案"}],
    }
    empty = client.post(url, json=body, headers=editor)
    assert empty.status_code == 422 and empty.json()["errors"][0]["path"] == "body.problems"
    made = client.post(url, json={**body, "problems": ["p-noise"]}, headers=editor)
    assert made.status_code == 201 and made.headers["Location"].endswith("/projects/pj2")
    risk = client.post(
        f"{url}/pj2/risks",
        json={"text": "人员流失"},
        headers={**editor, "If-Match": made.headers["ETag"]},
    )
    assert risk.status_code == 200
    warnings = client.get(f"{url}/warnings", params={"on": "2025-01-01"}, headers=editor).json()
    assert warnings["on"] == "2025-01-01"
    assert [(w["project"], w["risks"]) for w in warnings["items"]] == [("pj2", ["人员流失"])]
    progress = client.post(
        f"{url}/pj2/progress",
        json={"period": "2025Q1", "text": "方案评审", "milestones_done": [0]},
        headers=editor,
    )
    assert progress.json()["milestones"][0]["done"] is True
    closed = client.post(f"{url}/pj2/risks/0/close", json={"note": "已补员"}, headers=editor)
    assert closed.json()["risks"] == []
    assert client.post(f"{url}/pj2/risks/5/close", json={}, headers=editor).status_code == 404
    check = client.post(f"{url}/pj2/checks", json={"text": "中期检查：通过"}, headers=editor)
    assert check.json()["checks"][0].endswith("中期检查：通过")
    plan = {
        k: v
        for k, v in check.json().items()
        if k in {"name", "problems", "lead", "participants", "period", "targets", "milestones"}
    }
    accepted = client.put(
        f"{url}/pj2", json={**plan, "status": "accepted", "reason": "验收"}, headers=editor
    )
    assert accepted.status_code == 200
    assert "状态 planned → accepted" in accepted.json()["changes"][-1]
    problem = client.get(f"/api/v1/chains/{chain}/problems/p-noise", headers=editor).json()
    assert problem["status"] == "analyzing"
    assert client.get(f"{url}/warnings", params={"on": "2026-01-01"}, headers=editor).json()[
        "items"
    ] == [
        {
            "project": "pj1",
            "name": "高洁净轴承钢攻关",
            "status": "planned",
            "overdue": [{"date": "2025-06-30", "text": "中试", "done": False}],
            "risks": [],
        }
    ]
