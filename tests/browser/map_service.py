"""The service over real HTTP for the map's browser tests: uvicorn in a thread of the test
process on a free loopback port, over the session's embedded store, and a Chromium that may
reach that port only (every other http(s) and ws(s) request is blocked and recorded)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from selenium.webdriver import Chrome

from app.main import create_app
from app.settings import Settings
from graph.store.base import GraphStore
from tests.waiting import wait_until


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(store: GraphStore) -> Iterator[str]:
    """The app on `store` at the returned base URL (``http://localhost:<port>``)."""
    port = _free_port()
    app = create_app(Settings(CHAINMAP_LOAD_SEED=False, CHAINMAP_RATE_PER_MINUTE=0), store=store)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        assert wait_until(lambda: server.started, 30), "the test service never started"
        yield f"http://localhost:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def only_loopback(driver: Chrome, base: str) -> None:
    """Let the page reach the service at `base` (localhost has no dot; every other host
    does, and http://*.* blocks those)."""
    assert "." not in base.split("//", 1)[1], base
    driver.execute_cdp_cmd(
        "Network.setBlockedURLs",
        {"urls": ["https://*", "ws://*", "wss://*", "http://*.*"]},
    )
