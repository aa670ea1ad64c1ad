"""The service on Neo4j as production runs it: `chainmap serve` processes on one Neo4j server.

Several service processes on one database is how a Neo4j deployment scales out; each keeps its
own caches (baselines, analyses), and every write is numbered against the store, so concurrent
edits from different processes still give one winner and no lost update.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from app.store import seed_missing
from graph.access.keys import create_key
from graph.store.factory import OpenStore
from tests.conftest import Neo4jServer
from tests.factories import load_tiny, problem_update_body
from tests.test_service_lifecycle import Service

WRITERS = 8


@pytest.fixture
def services(tmp_path: Path, neo4j_server: Neo4jServer) -> Iterator[list[Service]]:
    started = [Service(tmp_path / f"data{n}", neo4j_server.env()) for n in range(2)]
    try:
        for service in started:
            service.start()
        yield started
    finally:
        for service in started:
            if service.process and service.process.poll() is None:
                service.process.kill()
                service.process.wait(30)


def test_the_service_on_neo4j_serves_the_seed_as_the_embedded_store_does(
    tmp_path: Path, neo4j_server: Neo4jServer, embedded: OpenStore
) -> None:
    service = Service(tmp_path / "data", {**neo4j_server.env(), "CHAINMAP_LOAD_SEED": "true"})
    service.start()
    try:
        health = httpx.get(service.url("/healthz")).json()
        assert health["store"] == "neo4j"
        seed_missing(embedded.store)
        with TestClient(create_app(Settings(), store=embedded.store)) as local:
            for path in (
                "/api/v1/chains/linqing-bearing/links",
                "/api/v1/chains/linqing-bearing/enterprises?limit=1000",
                "/api/v1/chains/linqing-bearing/institutions",
                "/api/v1/chains/linqing-bearing/bottlenecks",
            ):
                served = httpx.get(service.url(path), timeout=60)
                assert served.status_code == 200, served.text
                assert served.json() == local.get(path).json(), path
    finally:
        service.stop()


def test_two_services_on_one_neo4j_let_one_edit_win_and_follow_each_others_writes(
    services: list[Service], neo4j: OpenStore
) -> None:
    chain = load_tiny(neo4j.store)
    editor = {"Authorization": f"Bearer {create_key(neo4j.store, 'editor')[1]}"}
    first, second = services
    url = f"/api/v1/chains/{chain}/problems/p-noise"
    read = httpx.get(first.url(url), headers=editor)
    etag, base = read.headers["ETag"], problem_update_body(read.json())
    upstream = f"/api/v1/enterprises/forge/upstream?chain={chain}&depth=3"
    # the second process builds its analysis and baseline caches before the first writes
    assert {n["id"] for n in httpx.get(second.url(upstream)).json()["nodes"]} >= {"mill"}

    def edit(n: int) -> tuple[int, str]:
        body = {**base, "title": f"writer {n}"}
        service = services[n % 2]
        response = httpx.put(
            service.url(url), json=body, headers={**editor, "If-Match": etag}, timeout=60
        )
        return response.status_code, body["title"]

    with ThreadPoolExecutor(WRITERS) as pool:
        results = list(pool.map(edit, range(WRITERS)))
    assert sorted(status for status, _ in results) == [200] + [412] * (WRITERS - 1), results
    winner = next(title for status, title in results if status == 200)
    for service in services:
        assert httpx.get(service.url(url), headers=editor).json()["title"] == winner

    closed = httpx.put(
        first.url(f"/api/v1/chains/{chain}/enterprises/mill/status"),
        json={"status": "closed"},
        headers=editor,
    )
    assert closed.status_code == 200, closed.text
    assert "mill" not in {n["id"] for n in httpx.get(second.url(upstream)).json()["nodes"]}
    versions = httpx.get(second.url(f"/api/v1/chains/{chain}/versions")).json()["items"]
    assert [v["seq"] for v in versions] == list(range(1, len(versions) + 1))
