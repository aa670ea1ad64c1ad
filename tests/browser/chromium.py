"""Headless Debian Chromium driven through chromedriver (selenium), with the network cut off.

Every http(s) and ws(s) request is blocked through the DevTools protocol, so a page that works
here works offline; the performance log records what the page tried to fetch anyway. A page
served by a test's own local server (`local=True`) needs loopback: then every request goes to a
proxy that does not exist, which Chromium never uses for loopback addresses, so only the local
server answers.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1600,1000",
]


def available() -> bool:
    """True when Debian's chromium and chromium-driver are installed."""
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


@contextmanager
def chromium(
    command_timeout_s: float = 120.0, *, local: bool = False
) -> Iterator[webdriver.Chrome]:
    """A fresh headless Chromium (own profile directory) with external requests blocked.

    `command_timeout_s` bounds each WebDriver command; a page whose script keeps the main
    thread busy (a map embedding 20,000 firms, say) may need more than the default 120 s. With
    `local` the browser reaches 127.0.0.1 and nothing else.
    """
    profile = tempfile.mkdtemp(prefix="chainmap-chromium-")
    options = Options()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    if local:
        # Port 9 (discard) on loopback: nothing listens, so every non-loopback request fails.
        options.add_argument("--proxy-server=http://127.0.0.1:9")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.command_executor.client_config.timeout = command_timeout_s
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        if not local:
            driver.execute_cdp_cmd(
                "Network.setBlockedURLs",
                {"params": None, "urls": ["http://*", "https://*", "ws://*", "wss://*"]},
            )
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def console_problems(driver: webdriver.Chrome) -> list[dict[str, Any]]:
    """Console messages at warning level or above since the last call."""
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def requested_urls(driver: webdriver.Chrome) -> list[str]:
    """URLs the page asked for since the last call (from the DevTools performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls
