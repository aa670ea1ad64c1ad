"""The embedded server dies under a running service: 503 with Retry-After, then it is back."""

from __future__ import annotations

import os
import signal
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
from tests.waiting import wait_until


@pytest.fixture
def supervised(tmp_path: Path) -> Iterator[OpenStore]:
    opened = open_embedded(tmp_path / "data")
    # A slow watch leaves a window in which the dead server is observable.
    opened.supervisor = Supervisor(opened.server, interval=1.0).start()  # type: ignore[arg-type]
    yield opened
    opened.close()


def _until_ok(client: TestClient, path: str, timeout: float = 30) -> list[httpx.Response]:
    seen: list[httpx.Response] = []

    def ok() -> bool:
        seen.append(client.get(path))
        return seen[-1].status_code == 200

    if not wait_until(ok, timeout):
        raise AssertionError(f"not back within {timeout}s: {[r.status_code for r in seen[-5:]]}")
    return seen


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
        # The slow watch (1 s) cannot restart it before this sees it gone.
        assert wait_until(lambda: not server.running, 10, interval=0.01), "SIGKILL did not end it"

        down = client.get(f"/api/v1/chains/{chain}/export")
        assert down.status_code == 503
        assert down.headers["content-type"] == "application/problem+json"
        assert int(down.headers["retry-after"]) > 0
        assert "restarting" in down.json()["detail"]
        assert client.get("/healthz").status_code == 503

        seen = _until_ok(client, f"/api/v1/chains/{chain}/export")
        assert {r.status_code for r in seen} <= {200, 503}
        assert seen[-1].json() == before, "the restarted store lost data"
        wait_until(lambda: server.restarts != 0, 5, interval=0.01)
        assert server.restarts == 1
        assert (server.pid, server.port) != (old_pid, old_port)
        assert client.get("/healthz").status_code == 200


def test_a_stopped_server_is_not_restarted(tmp_path: Path) -> None:
    opened = open_embedded(tmp_path / "data")
    opened.supervise()
    server, supervisor = opened.server, opened.supervisor
    assert server is not None and supervisor is not None
    opened.close()
    # What could restart the server is the supervisor's watch: once its thread has ended,
    # nothing can. (A close that left it watching would restart the server within 5 s.)
    wait_until(lambda: not supervisor._thread.is_alive(), 5)
    assert not server.running and not server.died and server.restarts == 0
