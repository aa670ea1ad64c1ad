"""The service over real HTTP for the map's browser tests: uvicorn in a thread of the test
process on a free loopback port, over the session's embedded store, and a Chromium that may
reach that port only (every other http(s) and ws(s) request is blocked and recorded)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn
from selenium.webdriver import Chrome

from app.main import create_app
from app.settings import Settings
from graph.store.base import GraphStore
from tests.browser.chromium import console_problems, requested_urls
from tests.waiting import wait_until

CHAIN = "linqing-bearing"


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


def api(base: str, path: str, **kwargs: Any) -> Any:
    for _ in range(100):  # the analyses load in the background: 503 until they are ready
        response = httpx.request(kwargs.pop("method", "GET"), f"{base}/api/v1{path}", **kwargs)
        if response.status_code != 503:
            response.raise_for_status()
            return response.json()
        wait_until(lambda: False, 0.2)
    raise AssertionError(f"{path} stayed 503")


def settled(driver: Chrome) -> bool:
    return bool(driver.execute_script("return (document.body.dataset.busy || '0') === '0'"))


def open_map(
    driver: Chrome, base: str, query: str = "", size: tuple[int, int] = (1600, 1000)
) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": False},
    )
    driver.get("about:blank")
    requested_urls(driver)
    console_problems(driver)
    driver.get(f"{base}/map?chain={CHAIN}{query}")
    ready = (
        "return document.body.dataset.drawn === '1' && document.body.dataset.bottlenecks === '1'"
    )
    assert wait_until(lambda: driver.execute_script(ready), 60), "the map never finished drawing"
    assert wait_until(lambda: settled(driver), 30)


def js(driver: Chrome, script: str, *args: Any) -> Any:
    return driver.execute_script(script, *args)


def shown_firms(driver: Chrome, cls: str = "") -> set[str]:
    return set(
        js(
            driver,
            "var sel = '#firms .firm:not(.pinned)' + arguments[0];"
            "return Array.from(document.querySelectorAll(sel))"
            ".map(function (c) { return c.dataset.id; })",
            cls,
        )
    )


def link_members(base: str, link: str) -> set[str]:
    page = api(base, f"/chains/{CHAIN}/enterprises", params={"link": link, "limit": 1000})
    return {e["id"] for e in page["items"]}
