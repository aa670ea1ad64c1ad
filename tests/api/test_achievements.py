"""Achievement sharing on every read path: lists, details, search, table export, package export."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from fastapi.testclient import TestClient

from graph.access.keys import create_key
from graph.libraries.projects import get_project, update_project
from graph.store.base import GraphStore
from tests.factories import editor, load_tiny

EVERY = {"a-pub", "a-mem", "a-dir", "a-paid"}


@pytest.fixture
def shared_chain(client: TestClient, store: GraphStore, keys: dict[str, str]) -> str:
    """The tiny chain with pj1 accepted and a paid achievement beside the three it has."""
    chain = load_tiny(store)
    current = get_project(store, chain, "pj1").record
    update_project(
        store, chain, current.model_copy(update={"status": "accepted"}), principal=editor("t")
    )
    paid = {
        "id": "a-paid",
        "name": "有偿 成果",
        "project": "pj1",
        "sharing": "paid",
        "summary": "滚子 检测",
    }
    made = client.post(
        f"/api/v1/chains/{chain}/achievements", json=paid, headers={"Authorization": keys["editor"]}
    )
    assert made.status_code == 201, made.text
    return chain


def _seen_everywhere(client: TestClient, chain: str, headers: dict[str, str]) -> list[set[str]]:
    base = f"/api/v1/chains/{chain}"
    listed = {a["id"] for a in client.get(f"{base}/achievements", headers=headers).json()["items"]}
    searched = {
        a["id"]
        for a in client.get(f"{base}/achievements", params={"q": "成果"}, headers=headers).json()[
            "items"
        ]
    }
    details = {
        a
        for a in EVERY
        if client.get(f"{base}/achievements/{a}", headers=headers).status_code == 200
    }
    table = client.get(f"{base}/achievements/export", params={"format": "csv"}, headers=headers)
    rows = list(csv.reader(io.StringIO(table.content.decode("utf-8-sig"))))
    exported = {r[0] for r in rows[1:]}
    package = client.get(f"{base}/export", headers=headers).json()
    in_package = {a["id"] for a in package["achievements"]}
    zipped = client.get(f"{base}/export", params={"format": "csv"}, headers=headers).content
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        text = archive.read("achievements.csv").decode("utf-8-sig")
    in_zip = {row["id"] for row in csv.DictReader(io.StringIO(text))}
    return [listed, searched, details, exported, in_package, in_zip]


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("anonymous", {"a-pub"}),
        ("viewer", {"a-pub"}),
        ("member", {"a-pub", "a-mem", "a-paid"}),
        ("forge-member", {"a-pub", "a-mem", "a-paid", "a-dir"}),
        ("forge-viewer", {"a-pub", "a-dir"}),
        ("editor", EVERY),
        ("admin", EVERY),
    ],
)
def test_sharing_levels_hold_on_every_read_path(
    client: TestClient,
    store: GraphStore,
    keys: dict[str, str],
    shared_chain: str,
    who: str,
    visible: set[str],
) -> None:
    if who.startswith("forge-"):
        role = who.removeprefix("forge-")
        headers = {"Authorization": f"Bearer {create_key(store, role, enterprise='forge')[1]}"}
    else:
        headers = {} if who == "anonymous" else {"Authorization": keys[who]}
    for seen in _seen_everywhere(client, shared_chain, headers):
        assert seen == visible


def test_hidden_achievement_is_404_not_403(
    client: TestClient, keys: dict[str, str], shared_chain: str
) -> None:
    response = client.get(
        f"/api/v1/chains/{shared_chain}/achievements/a-mem",
        headers={"Authorization": keys["viewer"]},
    )
    assert response.status_code == 404
    assert response.json()["detail"] == client.get(
        f"/api/v1/chains/{shared_chain}/achievements/nope",
        headers={"Authorization": keys["viewer"]},
    ).json()["detail"].replace("nope", "a-mem")


def test_achievements_come_from_accepted_projects(
    client: TestClient, store: GraphStore, keys: dict[str, str]
) -> None:
    chain = load_tiny(store)
    editor = {"Authorization": keys["editor"]}
    url = f"/api/v1/chains/{chain}/achievements"
    planned = client.post(url, json={"id": "x", "name": "成果", "project": "pj1"}, headers=editor)
    assert planned.status_code == 422
    assert planned.json()["errors"] == [
        {"path": "$.project", "message": "project 'pj1' is planned, not accepted"}
    ]
    nobody = client.post(
        url,
        json={"id": "x", "name": "成果", "project": "pj1", "sharing": "directed"},
        headers=editor,
    )
    assert "$.directed_to" in {e["path"] for e in nobody.json()["errors"]}
    missing = client.post(url, json={"id": "x", "name": "成果"}, headers=editor)
    assert missing.status_code == 422


def test_achievement_fields_round_trip_through_the_package(
    client: TestClient, keys: dict[str, str], shared_chain: str
) -> None:
    editor = {"Authorization": keys["editor"]}
    base = f"/api/v1/chains/{shared_chain}"
    body = {
        "name": "公开成果",
        "project": "pj1",
        "performance": "合格率 95%→99%",
        "scope": "套圈磨削",
        "contact": "张工 0635-0000000",
        "review": "同意入库",
        "ip": {"type": "发明专利", "status": "已授权", "number": "ZL2024X", "holder": "兴潘"},
        "type": "patent",
        "problems": ["p-clean"],
    }
    assert client.put(f"{base}/achievements/a-pub", json=body, headers=editor).status_code == 200
    exported = client.get(f"{base}/export", headers=editor).content
    again = client.post("/api/v1/import", content=exported, headers=editor)
    assert again.status_code == 201
    assert client.get(f"{base}/export", headers=editor).content == exported
    detail = client.get(f"{base}/achievements/a-pub").json()
    assert (detail["performance"], detail["scope"], detail["ip"]["number"]) == (
        "合格率 95%→99%",
        "套圈磨削",
        "ZL2024X",
    )
