"""The served map page in headless Chromium over real HTTP: what a planner sees, checked
against the API's own answers. Only the test service's port can be reached."""

from __future__ import annotations

import pytest
from selenium.webdriver import Chrome
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from graph.access.keys import create_key
from graph.store.factory import OpenStore
from tests.browser.chromium import console_problems, requested_urls
from tests.browser.map_service import (
    CHAIN,
    api,
    js,
    link_members,
    open_map,
    settled,
    shown_firms,
)
from tests.waiting import wait_until

pytestmark = pytest.mark.browser

SIZES = [(1366, 768), (1600, 1000), (1920, 1080)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_first_view_is_readable_without_zooming(
    driver: Chrome, base: str, size: tuple[int, int]
) -> None:
    open_map(driver, base, size=size)
    links = {lk["id"]: lk for lk in api(base, f"/chains/{CHAIN}/links")}
    cards = js(
        driver,
        "var vw = innerWidth, vh = innerHeight;"
        "return Array.from(document.querySelectorAll('.card')).map(function (c) {"
        "  var r = c.getBoundingClientRect(), n = c.querySelector('.c-name');"
        "  return {id: c.dataset.link, font: parseFloat(getComputedStyle(n).fontSize),"
        "   clipped: n.scrollWidth > n.clientWidth + 1,"
        "   stats: c.querySelector('.c-stats').textContent,"
        "   inside: r.left >= 0 && r.top >= 0 && r.right <= vw && r.bottom <= vh,"
        "   width: r.width, height: r.height}; })",
    )
    assert {c["id"] for c in cards} == set(links)
    for card in cards:
        assert card["font"] >= 12 and not card["clipped"], card
        assert card["inside"], f"{card['id']} is off screen at {size}"
        assert card["width"] >= 150 and card["height"] >= 90, card
        assert card["stats"].startswith(f"企业 {links[card['id']]['enterprise_count']} ")
    flows = js(driver, "return document.querySelectorAll('svg.flows path[data-flow]').length")
    assert flows == len(js(driver, "return window.chainMap.meta.flows"))
    assert all(u.startswith((base, "data:", "about:")) for u in requested_urls(driver))
    assert console_problems(driver) == []


def test_cards_show_leaders_grade_and_bottleneck_score_from_the_service(
    driver: Chrome, base: str, embedded: OpenStore
) -> None:
    member = {"Authorization": f"Bearer {create_key(embedded.store, 'member', name='map')[1]}"}
    open_map(driver, base)
    scores = {s["id"]: s["score"] for s in api(base, f"/chains/{CHAIN}/bottlenecks")["links"]}
    firms = api(base, f"/chains/{CHAIN}/enterprises", params={"limit": 1000})["items"]
    leaders_in = sum(
        1
        for e in firms
        if "assembly" in e["links"] and e["tier"] == "leader" and e["province"] == "山东"
    )
    leaders_out = sum(
        1
        for e in firms
        if "assembly" in e["links"] and e["tier"] == "leader" and e["province"] != "山东"
    )
    text = js(driver, "return document.querySelector('.card[data-link=assembly]').textContent")
    assert f"龙头 内{leaders_in}/外{leaders_out}" in text
    assert f"瓶颈 {scores['assembly']:.2f}" in text
    grades = js(
        driver,
        "var o = {}; document.querySelectorAll('.card').forEach(function (c) {"
        " o[c.dataset.link] = c.querySelector('.c-grade').textContent; }); return o",
    )
    problems = api(base, f"/chains/{CHAIN}/problems", params={"limit": 1000}, headers=member)
    items = problems["items"] if isinstance(problems, dict) else problems
    worst: dict[str, int] = {}
    for p in items:
        if p["status"] != "resolved":
            worst[p["link"]] = max(worst.get(p["link"], 0), len(p["grade"]))
    assert {k: len(v) for k, v in grades.items() if v} == worst


def test_bottleneck_layer_colours_by_score_and_explains_the_components(
    driver: Chrome, base: str
) -> None:
    open_map(driver, base, "&layer=bottleneck")
    report = {s["id"]: s for s in api(base, f"/chains/{CHAIN}/bottlenecks")["links"]}
    steps = js(
        driver,
        "var o = {}; document.querySelectorAll('.card').forEach(function (c) {"
        " var m = c.className.match(/\\bb([0-4])\\b/); o[c.dataset.link] = m ? +m[1] : null; });"
        "return o",
    )
    for link, step in steps.items():
        assert step == min(4, int(report[link]["score"] * 5)), link
    driver.find_element(By.CSS_SELECTOR, ".card[data-link=bearing_steel]").click()
    panel = driver.find_element(By.ID, "details-body").text
    components = report["bearing_steel"]["components"]
    for name in ("structural", "concentration", "leader_scarcity", "out_of_province", "quality"):
        value = components[name]
        assert (f"{value:.2f}" if value is not None else "无供给") in panel
    assert "HHI" in panel and "割点" in panel  # each component has its sentence


def test_focus_in_the_url_opens_the_firm_in_its_link(driver: Chrome, base: str) -> None:
    open_map(driver, base, "&focus=yujie-bearing")
    assert wait_until(lambda: "宇捷" in driver.find_element(By.ID, "details-body").text, 10)
    firm = api(base, "/enterprises/yujie-bearing", params={"chain": CHAIN})
    assert js(driver, "return window.chainMap.state.link") == firm["links"][0]
    assert wait_until(lambda: "yujie-bearing" in shown_firms(driver, ".focus"), 10)
    panel = driver.find_element(By.ID, "details-body").text
    assert f"供应商 Suppliers ({firm['suppliers_total']})" in panel
    chokes = api(base, "/enterprises/yujie-bearing/choke-points", params={"chain": CHAIN})
    assert wait_until(lambda: settled(driver), 10)
    for choke in chokes["choke_points"]:
        name = api(base, f"/enterprises/{choke}", params={"chain": CHAIN})["name"]
        assert name in driver.find_element(By.ID, "details-body").text


def test_drilling_pages_the_link_from_the_api_and_back_walks_back(
    driver: Chrome, base: str
) -> None:
    open_map(driver, base)
    card = driver.find_element(By.CSS_SELECTOR, ".card[data-link=assembly]")
    ActionChains(driver).double_click(card).perform()
    assert wait_until(lambda: settled(driver) and shown_firms(driver), 10)
    assert shown_firms(driver) == link_members(base, "assembly")
    assert "link=assembly" in driver.current_url
    assert any("/enterprises?link=assembly" in u for u in requested_urls(driver))
    driver.find_element(By.CSS_SELECTOR, "#firms .firm[data-id=yujie-bearing]").click()
    assert wait_until(lambda: "focus=yujie-bearing" in driver.current_url, 5)
    driver.back()
    assert wait_until(lambda: "focus=" not in driver.current_url, 5)
    driver.back()
    assert wait_until(lambda: js(driver, "return !document.getElementById('board').hidden"), 5)
    assert "link=" not in driver.current_url
    driver.forward()
    assert wait_until(lambda: js(driver, "return window.chainMap.state.link") == "assembly", 5)
    assert console_problems(driver) == []


def test_keyboard_reaches_a_card_and_opens_it(driver: Chrome, base: str) -> None:
    open_map(driver, base)
    body = driver.find_element(By.TAG_NAME, "body")
    for _ in range(40):
        body.send_keys(Keys.TAB)
        active = js(driver, "return document.activeElement.dataset.link || ''")
        if active:
            break
    assert active, "no card is reachable with Tab"
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert wait_until(lambda: js(driver, "return window.chainMap.state.link") == active, 5)


def test_drilled_link_marks_single_sources_and_articulation_points(
    driver: Chrome, base: str
) -> None:
    report = api(base, f"/chains/{CHAIN}/bottlenecks")
    open_map(driver, base, "&link=assembly")
    assert wait_until(lambda: settled(driver) and shown_firms(driver), 10)
    members = link_members(base, "assembly")
    single = {s["customer"] for s in report["single_source"]} & members
    sole = {s["supplier"] for s in report["single_source"]} & members
    cut = set(report["articulation_points"]) & members
    marked = js(
        driver,
        "var o = {single: [], sole: [], cut: []};"
        "document.querySelectorAll('#firms .firm').forEach(function (c) {"
        " if (c.querySelector('.b-single')) o.single.push(c.dataset.id);"
        " if (c.querySelector('.b-sole')) o.sole.push(c.dataset.id);"
        " if (c.querySelector('.b-cut')) o.cut.push(c.dataset.id); }); return o",
    )
    assert set(marked["single"]) == single and set(marked["sole"]) == sole
    assert set(marked["cut"]) == cut
    assert single or sole or cut, "the seed should have some mark in its assembly link"


def test_firm_in_several_links_appears_in_each_marked_as_the_same(
    driver: Chrome, base: str
) -> None:
    firm = api(base, "/enterprises/yujie-bearing", params={"chain": CHAIN})
    assert len(firm["links"]) > 1
    for link in firm["links"]:
        open_map(driver, base, f"&link={link}")
        assert wait_until(lambda: "yujie-bearing" in shown_firms(driver), 10)
        badge = js(
            driver,
            "var c = document.querySelector('#firms .firm[data-id=yujie-bearing]');"
            "return c.querySelector('.b-same').textContent",
        )
        assert badge == f"{len(firm['links'])}环节"


def test_search_by_chinese_substring_jumps_to_the_firm(driver: Chrome, base: str) -> None:
    open_map(driver, base)
    hits = api(base, f"/chains/{CHAIN}/search", params={"q": "宇捷"})["items"]
    assert [h["id"] for h in hits] == ["yujie-bearing"]
    box = driver.find_element(By.ID, "search")
    box.send_keys("宇捷")
    assert wait_until(
        lambda: (
            js(driver, "return document.querySelectorAll('#search-results li[data-id]').length")
            == len(hits)
        ),
        5,
    )
    box.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
    assert wait_until(
        lambda: js(driver, "return window.chainMap.state.focus") == "yujie-bearing", 5
    )
    link = hits[0]["links"][0]
    assert wait_until(lambda: js(driver, "return window.chainMap.state.link") == link, 10)
    assert wait_until(lambda: "yujie-bearing" in shown_firms(driver, ".focus"), 10)
    by_id = api(base, f"/chains/{CHAIN}/search", params={"q": "yujie-bearing"})["items"]
    assert by_id[0]["id"] == "yujie-bearing"
