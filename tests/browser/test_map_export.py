"""The standalone map file (`chainmap render-map`) opened from disk with the network cut off:
it drills, pages and searches over the firms it carries, and says what needs the service."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver import Chrome
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from graph.views.map_skeleton import build_map_skeleton
from seeds.generator import generate_package
from tests.browser.chromium import available, chromium, console_problems, requested_urls
from tests.browser.map_service import js, shown_firms
from tests.sample_chains import bearing_chain
from tests.waiting import wait_until
from viz.interactive import render_map_html

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def offline() -> Iterator[Chrome]:
    if not available():
        pytest.fail("Debian chromium and chromium-driver are not installed; run `make test`")
    with chromium() as d:  # every http(s) and ws(s) request blocked
        yield d


def _open(driver: Chrome, html: str, path: Path) -> None:
    path.write_text(html, encoding="utf-8")
    driver.get("about:blank")
    requested_urls(driver)
    console_problems(driver)
    driver.get(path.as_uri())
    assert wait_until(lambda: js(driver, "return document.body.dataset.drawn === '1'"), 30)


def test_export_drills_and_searches_offline(offline: Chrome, tmp_path: Path) -> None:
    package = bearing_chain()
    _open(
        offline,
        render_map_html(build_map_skeleton(package, embed_firms=True), title="t"),
        tmp_path / "map.html",
    )
    schemes = {u.split(":", 1)[0] for u in requested_urls(offline)}
    assert schemes <= {"file", "data", "about"}, schemes
    assert "需连接服务" in offline.find_element(By.ID, "banner").text
    assert offline.find_element(By.ID, "whatif-toggle").get_attribute("disabled")
    card = offline.find_element(By.CSS_SELECTOR, ".card[data-link=assembly]")
    ActionChains(offline).double_click(card).perform()
    assert wait_until(lambda: shown_firms(offline), 5)
    assert shown_firms(offline) == {e.id for e in package.enterprises if "assembly" in e.links}
    box = offline.find_element(By.ID, "search")
    box.send_keys("中信")
    assert wait_until(
        lambda: js(
            offline, "return document.querySelectorAll('#search-results li[data-id]').length"
        ),
        5,
    )
    box.send_keys(Keys.ENTER)
    assert wait_until(lambda: js(offline, "return window.chainMap.state.focus") == "citic", 5)
    assert "citic" in shown_firms(offline, ".focus")
    assert "需连接服务" in offline.find_element(By.ID, "details-body").text
    assert console_problems(offline) == []


def test_export_pages_a_big_link(offline: Chrome, tmp_path: Path) -> None:
    package = generate_package(3000, seed=3)
    sizes = Counter(link for e in package.enterprises for link in e.links)
    link, size = sizes.most_common(1)[0]
    assert size > 240
    _open(
        offline,
        render_map_html(build_map_skeleton(package, embed_firms=True), title="t"),
        tmp_path / "big.html",
    )
    js(offline, "window.chainMap.drill(arguments[0], true)", link)
    members = sorted(e.id for e in package.enterprises if link in e.links)
    assert wait_until(lambda: shown_firms(offline) == set(members[:120]), 5)
    pages = math.ceil(size / 120)
    assert f"第 1/{pages} 页 · 共 {size} 家" in offline.find_element(By.ID, "page-info").text
    offline.find_element(By.ID, "page-next").click()
    assert wait_until(lambda: shown_firms(offline) == set(members[120:240]), 5)


def test_export_too_big_says_what_it_left_out(
    offline: Chrome, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph.views import map_skeleton

    package = bearing_chain()
    monkeypatch.setattr(map_skeleton, "EMBED_LIMIT", 10)
    _open(
        offline,
        render_map_html(build_map_skeleton(package, embed_firms=True), title="t"),
        tmp_path / "skeleton.html",
    )
    banner = offline.find_element(By.ID, "banner").text
    assert f"{len(package.enterprises)} 家企业未包含" in banner
    assert len(js(offline, "return document.querySelectorAll('.card')")) == len(package.links)


def test_a_links_institutions_mark_the_illustrative_ones(offline: Chrome, tmp_path: Path) -> None:
    package = bearing_chain()
    _open(offline, render_map_html(build_map_skeleton(package), title="t"), tmp_path / "map.html")
    offline.find_element(By.CSS_SELECTOR, ".card[data-link=assembly] button.inst").click()
    assert wait_until(lambda: offline.find_elements(By.ID, "institutions-head"), 5)
    items = js(
        offline,
        "var ul = document.getElementById('institutions-head').nextElementSibling;"
        "return Array.from(ul.children).map(function (li) {"
        "  return {text: li.textContent, marked: li.classList.contains('illustrative')}; })",
    )
    expected = {
        i.name: i.basis == "illustrative" for i in package.institutions if "assembly" in i.serves
    }
    assert True in expected.values() and False in expected.values()
    assert len(items) == len(expected)
    for name, illustrative in expected.items():
        item = next(i for i in items if i["text"].startswith(name))
        assert item["marked"] is illustrative and ("示意" in item["text"]) is illustrative, item
