"""A big link on the served map: its firms come a page at a time from the API, and a firm
focused from the URL is pinned first when it is on another page."""

from __future__ import annotations

import math

import pytest
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By

from graph.store.factory import OpenStore
from graph.versioning.importer import import_package
from seeds.generator import generate_package
from tests.browser.map_service import api, js, settled, shown_firms
from tests.waiting import wait_until

pytestmark = pytest.mark.browser

CHAIN = "map-paging"


@pytest.fixture(scope="module")
def big(embedded: OpenStore, base: str) -> str:
    package = generate_package(4000, seed=5)
    package = package.model_copy(update={"chain": package.chain.model_copy(update={"id": CHAIN})})
    if not any(c["id"] == CHAIN for c in api(base, "/chains")["items"]):
        import_package(embedded.store, package, author="test")
    return CHAIN


def test_a_big_link_pages_from_the_api_and_pins_the_focused_firm(
    driver: Chrome, base: str, big: str
) -> None:
    links = api(base, f"/chains/{big}/links")
    link = max(links, key=lambda lk: lk["enterprise_count"])
    first = api(base, f"/chains/{big}/enterprises", params={"link": link["id"], "limit": 120})
    second = api(
        base, f"/chains/{big}/enterprises",
        params={"link": link["id"], "limit": 120, "offset": 120},
    )  # fmt: skip
    assert first["total"] > 240
    focus = second["items"][5]["id"]
    driver.get(f"{base}/map?chain={big}&link={link['id']}&focus={focus}")
    assert wait_until(lambda: settled(driver) and len(shown_firms(driver)) == 120, 30)
    assert shown_firms(driver) == {e["id"] for e in first["items"]}
    pinned = js(driver, "return Array.from(document.querySelectorAll('#firms .firm.pinned'))"
                        ".map(function (c) { return c.dataset.id; })")  # fmt: skip
    assert pinned == [focus]
    pages = math.ceil(first["total"] / 120)
    info = driver.find_element(By.ID, "page-info").text
    assert f"第 1/{pages} 页 · 共 {first['total']} 家" in info
    driver.find_element(By.ID, "page-next").click()
    assert wait_until(
        lambda: settled(driver) and shown_firms(driver) == {e["id"] for e in second["items"]}, 10
    )
    assert focus in shown_firms(driver, ".focus")
    assert not js(driver, "return document.querySelectorAll('#firms .firm.pinned').length")
