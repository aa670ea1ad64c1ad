"""The service on a real port for browser tests: uvicorn in a thread, over a store the test
session opened, and a Chromium that may reach it and nothing else."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By

from app.main import create_app
from app.settings import Settings
from graph.store.base import GraphStore
from tests.waiting import wait_until

SHOTS = Path("/tmp/shots-console")
WIDTH, HEIGHT = 1366, 768


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(store: GraphStore) -> Iterator[str]:
    """The app over `store` on a free loopback port; yields its base URL."""
    settings = Settings(CHAINMAP_LOAD_SEED=False, CHAINMAP_RATE_PER_MINUTE=0)
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings, store=store), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        assert wait_until(lambda: server.started, 30), "the server did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


def sign_in(driver: Chrome, base: str, key: str, then: str = "/console") -> None:
    """Sign in through the form, as a person would."""
    driver.delete_all_cookies()
    driver.get(f"{base}/console/login?next={then}")
    driver.find_element(By.ID, "key").send_keys(key)
    driver.find_element(By.CSS_SELECTOR, "form[action='/console/login'] button").click()
    assert wait_until(lambda: "/console/login" not in driver.current_url, 10), driver.page_source


def shot(driver: Chrome, name: str) -> Path:
    """A 1366×768 screenshot of the current page in SHOTS."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
