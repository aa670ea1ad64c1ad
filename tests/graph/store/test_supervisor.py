"""The embedded server dies under a running service: 503 with Retry-After, then it is back."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from graph.store.factory import OpenStore, open_embedded
from graph.store.supervisor import Supervisor
from tests.factories import load_tiny


@pytest.fixture
def supervised(tmp_path: Path) -> Iterator[OpenStore]:
    opened = open_embedded(tmp_path / "data")
    # A slow watch leaves a window in which the dead server is observable.
    opened.supervisor = Supervisor(opened.server, interval=1.0).start()  # type: ignore[arg-type]
    yield opened
    opened.close()


def _until_ok(client: TestClient, path: str, timeout: float = 30) -> list[httpx.Response]:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = client.get(path)
        seen.append(response)
        if response.status_code == 200:
            return seen
        time.sleep(0.05)
    raise AssertionError(f"not back within {timeout}s: {[r.status_code for r in seen[-5:]]}")


def test_the_service_answers_503_while_the_store_restarts_then_recovers(
    supervised: OpenStore,
) -> None:
    server = supervised.server
    assert server is not None
    chain = load_tiny(supervised.store)
    app = create_app(Settings(CHAINMAP_LOAD_SEED=False), store=supervised.store)
    with TestClient(app) as client:
        before = client.get(f"/api/v1/chains/{chain}/export").json()
        old_pid, old_port = server.pid, server.port
        assert old_pid is not None
        os.kill(old_pid, signal.SIGKILL)
        while server.running:
            time.sleep(0.01)

        down = client.get(f"/api/v1/chains/{chain}/export")
        assert down.status_code == 503
        assert down.headers["content-type"] == "application/problem+json"
        assert int(down.headers["retry-after"]) > 0
        assert "restarting" in down.json()["detail"]
        assert client.get("/healthz").status_code == 503

        seen = _until_ok(client, f"/api/v1/chains/{chain}/export")
        assert {r.status_code for r in seen} <= {200, 503}
        assert seen[-1].json() == before, "the restarted store lost data"
        deadline = time.monotonic() + 5
        while server.restarts == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server.restarts == 1
        assert (server.pid, server.port) != (old_pid, old_port)
        assert client.get("/healthz").status_code == 200


def test_a_stopped_server_is_not_restarted(tmp_path: Path) -> None:
    opened = open_embedded(tmp_path / "data")
    opened.supervise()
    server = opened.server
    assert server is not None
    opened.close()
    time.sleep(0.5)
    assert not server.running and not server.died and server.restarts == 0
