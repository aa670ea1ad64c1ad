"""The problem library over HTTP: computed severity, status moves, ETags, the Annex C table."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from graph.libraries.problem_table import HEADERS
from graph.store.base import GraphStore
from tests.factories import load_tiny, problem_update_body


def _body(pid: str, a: int, b: int, c: int, **extra: object) -> dict:
    return {
        "id": pid,
        "title": f"问题 {pid}",
        "link": "steel",
        "category": "infrastructure",
        "scores": {"safety_competitiveness": a, "spread": b, "urgency_difficulty": c},
        **extra,
    }


@pytest.mark.parametrize(
    ("scores", "severity", "grade"),
    [
        ((3, 2, 2), 2.4, "★"),
        ((4, 1, 2), 2.5, "★★"),
        ((3, 4, 5), 3.9, "★★"),
        ((4, 4, 4), 4.0, "★★★"),
    ],
)
def test_severity_is_computed_at_the_boundaries(
    client: TestClient,
    store: GraphStore,
    keys: dict[str, str],
    scores: tuple[int, int, int],
    severity: float,
    grade: str,
) -> None:
    chain = load_tiny(store)
    editor = {"Authorization": keys["editor"]}
    made = client.post(f"/api/v1/chains/{chain}/problems", json=_body("b", *scores), headers=editor)
    assert made.status_code == 201, made.text
    assert (made.json()["severity"], made.json()["grade"]) == (severity, grade)
    listed = client.get(
        f"/api/v1/chains/{chain}/problems",
        params={"grade": grade},
        headers={"Authorization": keys["member"]},
    ).json()
    assert "b" in {p["id"] for p in listed["items"]}


def test_severity_and_grade_cannot_be_typed_in(
    client: TestClient, store: GraphStore, keys: dict[str, str]
) -> None:
    chain = load_tiny(store)
    body = _body("typed", 1, 1, 1, grade="★★★", severity=5.0)
    response = client.post(
        f"/api/v1/chains/{chain}/problems", json=body, headers={"Authorization": keys["editor"]}
    )
    assert response.status_code == 422
    assert {e["path"] for e in response.json()["errors"]} == {"body.grade", "body.severity"}


def test_update_with_stale_etag_is_412_and_status_moves_are_explicit(
    client: TestClient, store: GraphStore, keys: dict[str, str]
) -> None:
    chain = load_tiny(store)
    editor = {"Authorization": keys["editor"]}
    url = f"/api/v1/chains/{chain}/problems/p-noise"
    first = client.get(url, headers=editor)
    etag = first.headers["ETag"]
    body = problem_update_body(first.json())
    body["scores"] = {"safety_competitiveness": 5, "spread": 5, "urgency_difficulty": 5}
    updated = client.put(url, json=body, headers={**editor, "If-Match": etag})
    assert updated.status_code == 200 and updated.json()["grade"] == "★★★"
    assert updated.json()["status"] == "analyzing"
    stale = client.put(url, json=body, headers={**editor, "If-Match": etag})
    assert stale.status_code == 412 and stale.json()["title"] == "Precondition failed"
    moved = client.post(
        f"{url}/status",
        json={"to": "tackling", "note": "立项"},
        headers={**editor, "If-Match": updated.headers["ETag"]},
    )
    assert moved.status_code == 200
    assert moved.json()["history"][-1]["from_status"] == "analyzing"
    assert moved.json()["history"][-1]["note"] == "立项"
    again = client.post(f"{url}/status", json={"to": "tackling"}, headers=editor)
    assert again.status_code == 409


def test_delete_of_a_referenced_problem_is_409(
    client: TestClient, store: GraphStore, keys: dict[str, str]
) -> None:
    chain = load_tiny(store)
    editor = {"Authorization": keys["editor"]}
    url = f"/api/v1/chains/{chain}/problems"
    assert client.delete(f"{url}/p-clean", headers=editor).status_code == 409
    client.post(f"/api/v1/chains/{chain}/problems", json=_body("gone", 1, 1, 1), headers=editor)
    assert client.delete(f"/api/v1/chains/{chain}/problems/gone", headers=editor).status_code == 204
    assert client.get(f"/api/v1/chains/{chain}/problems/gone", headers=editor).status_code == 404


def test_unknown_references_are_422_with_paths(
    client: TestClient, store: GraphStore, keys: dict[str, str]
) -> None:
    chain = load_tiny(store)
    body = _body("x", 1, 1, 1, link="nowhere", related=["ghost"])
    response = client.post(
        f"/api/v1/chains/{chain}/problems", json=body, headers={"Authorization": keys["editor"]}
    )
    assert response.status_code == 422
    assert {e["path"] for e in response.json()["errors"]} == {"$.link", "$.related[0]"}


def test_annex_c_table_in_csv_and_xlsx(
    client: TestClient, store: GraphStore, keys: dict[str, str]
) -> None:
    chain = load_tiny(store)
    member = {"Authorization": keys["member"]}
    url = f"/api/v1/chains/{chain}/problems/export"
    csv_response = client.get(url, params={"format": "csv"}, headers=member)
    assert csv_response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == HEADERS
    by_id = {r[0]: dict(zip(HEADERS, r, strict=True)) for r in rows[1:]}
    assert by_id["p-clean"]["位置（上/中/下游）"] == "上游"
    assert by_id["p-clean"]["质量问题分级"] == "★★★"
    assert by_id["p-clean"]["关联问题"] == "p-noise 振动噪声"
    assert by_id["p-clean"]["涉及企业"] == "兴潘特钢"
    assert by_id["p-noise"]["问题状态"] == "分析中"
    assert by_id["p-noise"]["质量问题分类"] == "质量技术问题"
    assert [r[0] for r in rows[1:]] == ["p-clean", "p-noise"]

    xlsx = client.get(url, params={"format": "xlsx", "grade": "★★★"}, headers=member)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert "产业链供应链质量问题库" in values[0][0]
    assert tuple(values[1]) == HEADERS
    assert [r[0] for r in values[2:]] == ["p-clean"]
    assert values[2][HEADERS.index("严重度得分")] == 4.4


def test_grade_badges_are_public(client: TestClient, store: GraphStore) -> None:
    chain = load_tiny(store)
    badges = client.get(f"/api/v1/chains/{chain}/problems/grades").json()["items"]
    assert {(b["link"], b["highest_open_grade"]) for b in badges} == {
        ("steel", "★★★"),
        ("rings", "★"),
    }
    assert "title" not in str(badges)
