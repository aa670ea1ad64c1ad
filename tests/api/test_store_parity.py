"""Every read of the API answers the same on both stores, for chains no other test shapes: the
Linqing seed under a fresh id (every record kind) and a generated 300-firm chain, each after the
same import and the same edits on the embedded store and on Neo4j."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from graph.access.keys import create_key
from graph.store.factory import OpenStore
from seeds.generator import generate_package
from tests.factories import seed_package, unique_chain

# What differs between two stores by nature: when, and by which key, something was written.
VOLATILE = {"author", "key_id", "by", "resolved_by"}
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[+-]\d\d:\d\d|Z)?")
KEY_ID = re.compile(r'("author\\?": \\?")[0-9a-f]{12}')


def _stable(value: Any) -> Any:
    """`value` with the times it was written masked and the keys that wrote it left out."""
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    if isinstance(value, str):
        return TIME.sub("<time>", value)
    return value


@pytest.fixture(scope="module")
def clients(embedded: OpenStore, neo4j: OpenStore) -> Iterator[dict[str, tuple[TestClient, Any]]]:
    made = {}
    for kind, opened in (("embedded", embedded), ("neo4j", neo4j)):
        app = create_app(Settings(CHAINMAP_RATE_PER_MINUTE=0), store=opened.store)
        admin = {"Authorization": f"Bearer {create_key(opened.store, 'admin')[1]}"}
        made[kind] = (TestClient(app).__enter__(), admin)
    yield made
    for client, _ in made.values():
        client.__exit__(None, None, None)


def _body(response: Any) -> Any:
    kind = response.headers.get("content-type", "")
    if "json" in kind:
        return _stable(response.json())
    if response.content[:4] == b"PK\x03\x04":  # zips and workbooks: the members, not the
        # archive, whose entries carry the time of writing (as does a workbook's docProps)
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            return {name: _stable(archive.read(name).decode()) for name in archive.namelist()}
    return KEY_ID.sub(r"\1<key>", TIME.sub("<time>", response.text))


def _both(clients: dict[str, tuple[TestClient, Any]], method: str, url: str, **kw: Any) -> Any:
    """The same request to both services; the answers must be equal, and one is returned."""
    answers = []
    for client, admin in clients.values():
        response = client.request(method, url, headers=admin, **kw)
        assert response.status_code < 500, (url, response.text)
        answers.append((response.status_code, _body(response)))
    assert answers[0] == answers[1], (url, _first_difference(answers[0][1], answers[1][1]))
    return answers[0][1]


def _first_difference(a: Any, b: Any) -> str:
    a, b = (
        json.dumps(a, ensure_ascii=False, default=str),
        json.dumps(b, ensure_ascii=False, default=str),
    )
    at = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    return f"…{a[max(0, at - 80) : at + 80]}… against …{b[max(0, at - 80) : at + 80]}…"


def _chains() -> list[dict[str, Any]]:
    seed = seed_package(unique_chain("parity"))
    generated = generate_package(300, seed=11).model_dump(mode="json", by_alias=True)
    generated["chain"]["id"] = unique_chain("parity-gen")
    return [seed, generated]


@pytest.mark.parametrize("package", _chains(), ids=["seed", "generated"])
def test_every_read_answers_alike_on_both_stores(
    clients: dict[str, tuple[TestClient, Any]], package: dict[str, Any]
) -> None:
    chain = package["chain"]["id"]
    _both(clients, "POST", "/api/v1/import", content=json.dumps(package))
    firms = [e["id"] for e in package["enterprises"]]
    _both(clients, "PUT", f"/api/v1/chains/{chain}/enterprises/{firms[1]}/status",
          json={"status": "closed"})  # fmt: skip
    c = f"/api/v1/chains/{chain}"
    reads = [
        f"{c}/links",
        f"{c}/enterprises?limit=1000",
        f"{c}/enterprises?limit=7&offset=3&province=山东",
        f"{c}/institutions",
        f"{c}/export",
        f"{c}/export?format=csv",
        f"{c}/problems",
        f"{c}/problems/grades",
        f"{c}/problems/export?format=csv",
        f"{c}/projects",
        f"{c}/projects/warnings",
        f"{c}/achievements",
        f"{c}/achievements/export",
        f"{c}/evaluation",
        f"{c}/versions",
        f"{c}/versions/1/export",
        f"{c}/versions/1/diff/2",
        f"{c}/changes?since=1",
        f"{c}/timeline",
        f"{c}/staleness",
        f"{c}/bottlenecks",
        f"{c}/events",
        f"{c}/matches",
        f"/map?chain={chain}",
        f"{c}/search?q=轴承&limit=50",
        f"{c}/search?q=bearing",
    ]
    for firm in firms[:12]:
        e = f"/api/v1/enterprises/{firm}"
        reads += [
            f"{e}?chain={chain}",
            f"{e}/suppliers?chain={chain}",
            f"{e}/customers?chain={chain}",
            f"{e}/upstream?chain={chain}&depth=6",
            f"{e}/downstream?chain={chain}&depth=6",
            f"{e}/choke-points?chain={chain}",
            f"/api/v1/paths?chain={chain}&from={firms[0]}&to={firm}",
        ]
    for kind in ("problems", "projects", "achievements", "events"):
        reads += [f"{c}/{kind}/{record['id']}" for record in package.get(kind) or []]
    for url in reads:
        _both(clients, "GET", url)
    provinces = sorted({e.get("province") for e in package["enterprises"]} - {None})
    _both(clients, "POST", f"{c}/impact", json={"provinces": provinces[:1]})
