"""The map page in headless Chromium with every external request blocked."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver import Chrome
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from graph.views.map_view import build_map_view
from graph.views.models import MapView
from seeds.generator import generate_package
from tests.browser.chromium import available, chromium, console_problems, requested_urls
from tests.sample_chains import bearing_chain
from tests.waiting import wait_until
from viz.interactive import render_map_html

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def driver() -> Iterator[Chrome]:
    if not available():  # `make test` installs them: a missing browser is a broken setup
        pytest.fail("Debian chromium and chromium-driver are not installed; run `make test`")
    with chromium() as d:
        yield d


def _open(driver: Chrome, view: MapView, tmp_path: Path, name: str = "map.html") -> None:
    page = tmp_path / name
    page.write_text(render_map_html(view, title="临清轴承产业链质量图谱"), encoding="utf-8")
    driver.get("about:blank")
    requested_urls(driver)  # drain
    console_problems(driver)
    driver.get(page.as_uri())
    drawn = "return document.body.getAttribute('data-drawn') === '1'"
    assert wait_until(lambda: driver.execute_script(drawn), 30), "the network never drew"


def _visible(driver: Chrome) -> set[str]:
    return set(driver.execute_script("return window.chainMap.visibleNodeIds()"))


def _click_node(driver: Chrome, node_id: str) -> None:
    """A real mouse click on the node's position on the canvas."""
    canvas = driver.find_element(By.CSS_SELECTOR, "#mynetwork canvas")
    x, y = driver.execute_script(
        "var n = window.chainMap.network; var p = n.getPositions([arguments[0]])[arguments[0]];"
        "var d = n.canvasToDOM(p); return [d.x, d.y];",
        node_id,
    )
    rect = driver.execute_script("return arguments[0].getBoundingClientRect().toJSON()", canvas)
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - rect["width"] / 2), int(y - rect["height"] / 2)
    ).click().perform()


@pytest.fixture(scope="module")
def view() -> MapView:
    return build_map_view(bearing_chain())


def test_page_loads_offline_without_console_errors(
    driver: Chrome, view: MapView, tmp_path: Path
) -> None:
    _open(driver, view, tmp_path)
    schemes = {u.split(":", 1)[0] for u in requested_urls(driver)}
    assert schemes <= {"file", "data", "about", "chrome", "blob"}, schemes
    assert console_problems(driver) == []
    canvases = driver.execute_script("return document.querySelectorAll('#mynetwork canvas').length")
    assert canvases == 1
    assert driver.execute_script("return window.chainMap.nodes.length") == len(view.nodes)
    expected = {n.id for n in view.nodes if n.kind != "enterprise"}
    assert _visible(driver) == expected


def test_clicking_a_link_drills_into_its_enterprises(
    driver: Chrome, view: MapView, tmp_path: Path
) -> None:
    _open(driver, view, tmp_path)
    _click_node(driver, "link:assembly")
    visible = _visible(driver)
    assert {"enterprise:yujie", "enterprise:bote", "enterprise:asm3"} <= visible
    assert not any(v.startswith("segment:") for v in visible)
    assert "enterprise:xingpan" not in visible
    panel = driver.execute_script("return document.getElementById('details').hidden")
    assert panel is False
    details = driver.execute_script("return document.getElementById('details-body').textContent")
    assert "装配" in details and "宇捷轴承" in details
    driver.execute_script("document.getElementById('back').click()")
    assert not any(v.startswith("enterprise:") for v in _visible(driver))
    assert console_problems(driver) == []


def test_clicking_an_enterprise_shows_its_suppliers(
    driver: Chrome, view: MapView, tmp_path: Path
) -> None:
    _open(driver, view, tmp_path)
    driver.execute_script("window.chainMap.drill('link:assembly')")
    _click_node(driver, "enterprise:yujie")
    details = driver.execute_script("return document.getElementById('details-body').textContent")
    assert "临清套圈厂" in details and "河北保持架" in details  # suppliers with their link
    assert "山东" in details and "链主" in details


def _canvas_size(driver: Chrome) -> list[int]:
    return driver.execute_script(
        "var c = document.querySelector('#mynetwork canvas'); return [c.width, c.height]"
    )


def _two_frames(driver: Chrome) -> None:
    """Return once the page has rendered two more frames. A layout change made before the
    call (a toolbar that reflows) is laid out in the first, and vis-network's ResizeObserver,
    which resizes the canvas, is called back in that same frame, before the second starts."""
    driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "requestAnimationFrame(function () { requestAnimationFrame(function () { done(); }); });"
    )


def _all_on_canvas(driver: Chrome) -> bool:
    return driver.execute_script(
        "var n = window.chainMap.network, c = document.querySelector('#mynetwork canvas');"
        "var ids = window.chainMap.visibleNodeIds(), pos = n.getPositions(ids);"
        "return ids.every(function (id) { var d = n.canvasToDOM(pos[id]);"
        "  return d.x >= 0 && d.y >= 0 && d.x <= c.clientWidth && d.y <= c.clientHeight; });"
    )


def test_drilling_keeps_the_map_still_and_a_resize_refits(
    driver: Chrome, view: MapView, tmp_path: Path
) -> None:
    _open(driver, view, tmp_path)
    before = _canvas_size(driver)
    driver.execute_script("window.chainMap.drill('link:assembly')")
    scale = driver.execute_script("return window.chainMap.network.getScale()")
    _two_frames(driver)  # a reflow of the toolbar would have resized the canvas by now
    assert _canvas_size(driver) == before
    assert driver.execute_script("return window.chainMap.network.getScale()") == scale
    driver.execute_script("window.chainMap.drill('')")
    driver.set_window_size(900, 700)
    try:
        assert wait_until(lambda: _canvas_size(driver) != before and _all_on_canvas(driver), 5), (
            "the map did not refit to the smaller window"
        )
    finally:
        driver.set_window_size(1600, 1000)


def test_filters_hide_what_they_should(driver: Chrome, view: MapView, tmp_path: Path) -> None:
    _open(driver, view, tmp_path)
    Select(driver.find_element(By.ID, "f-province")).select_by_value("江苏")
    visible = _visible(driver)
    enterprises = {v for v in visible if v.startswith("enterprise:")}
    assert enterprises == {"enterprise:citic"}
    Select(driver.find_element(By.ID, "f-province")).select_by_value("")
    Select(driver.find_element(By.ID, "f-grade")).select_by_value("3")
    links = {v for v in _visible(driver) if v.startswith("link:")}
    assert links == {"link:steel", "link:rings"}
    Select(driver.find_element(By.ID, "f-grade")).select_by_value("0")
    driver.find_element(By.ID, "f-illustrative").click()
    visible = _visible(driver)
    assert "link:logistics" not in visible and "institution:mitutoyo" not in visible
    assert "link:market" in visible
    hidden_dashed = driver.execute_script(
        "return window.chainMap.edges.get({filter: function (e) { return e.illustrative; }})"
        ".every(function (e) { return e.hidden; })"
    )
    assert hidden_dashed is True
    assert console_problems(driver) == []


def test_ten_thousand_enterprises_open_and_drill(driver: Chrome, tmp_path: Path) -> None:
    view = build_map_view(generate_package(10_000, seed=1))
    started = time.monotonic()
    _open(driver, view, tmp_path, "big.html")
    assert time.monotonic() - started < 20
    assert driver.execute_script("return window.chainMap.nodes.length") == len(view.nodes)
    sizes = Counter(link for n in view.nodes if n.kind == "enterprise" for link in n.links)
    biggest, size = sizes.most_common(1)[0]
    driver.execute_script(f"window.chainMap.drill('link:{biggest}')")
    shown = {v for v in _visible(driver) if v.startswith("enterprise:")}
    expected = {n.id for n in view.nodes if n.kind == "enterprise" and biggest in n.links}
    assert shown == expected and len(shown) == size > 500
    assert console_problems(driver) == []
