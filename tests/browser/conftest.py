"""Fixtures of the map's browser tests: the service over real HTTP with the Linqing seed, and
one Chromium per module that can reach only that service."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.webdriver import Chrome

from app.store import seed_missing
from graph.store.factory import OpenStore
from tests.browser.chromium import available, chromium
from tests.browser.map_service import only_loopback, serving


@pytest.fixture(scope="module")
def base(embedded: OpenStore) -> Iterator[str]:
    seed_missing(embedded.store)
    with serving(embedded.store) as url:
        yield url


@pytest.fixture(scope="module")
def driver(base: str) -> Iterator[Chrome]:
    if not available():  # `make test` installs them: a missing browser is a broken setup
        pytest.fail("Debian chromium and chromium-driver are not installed; run `make test`")
    with chromium() as d:
        only_loopback(d, base)
        yield d
