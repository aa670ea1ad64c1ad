"""The analyses drawn on the served map, driven by clicks: dependency cones, supply paths and
disruption cascades, each checked against the service's own answer."""

from __future__ import annotations

import pytest
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser.chromium import console_problems
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

FIRM = "yujie-bearing"


def click_button(driver: Chrome, text: str) -> None:
    buttons = [b for b in driver.find_elements(By.TAG_NAME, "button") if text in b.text]
    assert buttons, f"no button {text!r}"
    buttons[0].click()


def card_classes(driver: Chrome) -> dict[str, str]:
    return js(
        driver,
        "var o = {}; document.querySelectorAll('.card').forEach(function (c) {"
        " o[c.dataset.link] = c.className + ' | ' + c.querySelector('.c-extra').textContent; });"
        "return o",
    )


def open_firm(driver: Chrome, base: str) -> None:
    open_map(driver, base, f"&focus={FIRM}")
    assert wait_until(lambda: js(driver, "return !!document.getElementById('cone-depth')"), 10)
    assert wait_until(lambda: settled(driver), 10)


def test_upstream_cone_with_depth_highlights_the_cone_and_dims_the_rest(
    driver: Chrome, base: str
) -> None:
    open_firm(driver, base)
    Select(driver.find_element(By.ID, "cone-depth")).select_by_value("2")
    click_button(driver, "上游 Upstream")
    assert wait_until(
        lambda: settled(driver) and js(driver, "return !!window.chainMap.analyses.cone"), 10
    )
    cone = api(base, f"/enterprises/{FIRM}/upstream", params={"chain": CHAIN, "depth": 2})
    others = {n["id"]: n for n in cone["nodes"] if n["id"] != FIRM}
    status = driver.find_element(By.ID, "status-text").text
    assert f"{len(others)} 家企业" in status
    link = js(driver, "return window.chainMap.state.link")
    members = link_members(base, link)
    in_cone = set(
        js(
            driver,
            "return Array.from(document.querySelectorAll('#firms .firm .b-cone'))"
            ".map(function (b) { return b.parentNode.dataset.id; })",
        )
    )
    assert in_cone == (set(others) & members) | {FIRM}
    assert shown_firms(driver, ".dim") == members - set(others) - {FIRM}
    listed = driver.find_element(By.ID, "analysis-out").text
    assert f"{len(others)} 家 firms" in listed
    # On the whole chain, each card counts the cone's firms in it; links without any dim.
    driver.find_element(By.ID, "back").click()
    assert wait_until(lambda: js(driver, "return !document.getElementById('board').hidden"), 5)
    per_link: dict[str, int] = {}
    for node in others.values():
        for lk in node["links"]:
            per_link[lk] = per_link.get(lk, 0) + 1
    home = set(api(base, f"/enterprises/{FIRM}", params={"chain": CHAIN})["links"])
    for lk, text in card_classes(driver).items():
        assert f"上游锥 {per_link.get(lk, 0)} 家" in text, lk
        assert (" dim" in text.split("|")[0]) == (lk not in per_link and lk not in home), lk
    driver.find_element(By.ID, "status-clear").click()
    assert not any(" dim" in t.split("|")[0] for t in card_classes(driver).values())
    assert console_problems(driver) == []


def test_paths_to_a_second_firm_lists_the_shortest_supply_paths(driver: Chrome, base: str) -> None:
    down = api(base, f"/enterprises/{FIRM}/downstream", params={"chain": CHAIN, "depth": 3})
    target = max((n for n in down["nodes"] if n["id"] != FIRM), key=lambda n: n["distance"])
    paths = api(
        base,
        "/paths",
        params={"from": FIRM, "to": target["id"], "chain": CHAIN, "limit": 5, "max_length": 12},
    )["paths"]
    assert paths
    open_firm(driver, base)
    driver.find_element(By.ID, "path-to").send_keys(target["id"])
    click_button(driver, "路径至")
    assert wait_until(
        lambda: settled(driver) and js(driver, "return !!window.chainMap.analyses.paths"), 10
    )
    out = driver.find_element(By.ID, "analysis-out")
    assert f"（{len(paths)}）" in out.text
    rows = out.find_elements(By.CSS_SELECTOR, ".row")
    assert len(rows) == len(paths)
    for row, path in zip(rows, paths, strict=True):
        assert len(row.find_elements(By.TAG_NAME, "button")) == len(path)
    on_path = {f for p in paths for f in p}
    link = js(driver, "return window.chainMap.state.link")
    marked = set(
        js(
            driver,
            "return Array.from(document.querySelectorAll('#firms .firm .b-path'))"
            ".map(function (b) { return b.parentNode.dataset.id; })",
        )
    )
    assert marked == on_path & link_members(base, link)


def test_province_cascade_greys_the_cut_off_firms_by_round_and_clears(
    driver: Chrome, base: str
) -> None:
    report = api(
        base,
        f"/chains/{CHAIN}/impact",
        method="POST",
        json={"enterprises": [], "links": [], "provinces": ["江苏"]},
    )
    open_map(driver, base, "&link=assembly")
    assert wait_until(lambda: settled(driver) and shown_firms(driver), 10)
    driver.find_element(By.ID, "whatif-toggle").click()
    Select(driver.find_element(By.ID, "w-province")).select_by_value("江苏")
    driver.find_element(By.ID, "w-run").click()
    assert wait_until(
        lambda: settled(driver) and js(driver, "return !!window.chainMap.analyses.impact"), 10
    )
    members = link_members(base, "assembly")
    rounds = {c["id"]: c["round"] for c in report["cut_off"]}
    grey = {
        i: r
        for i, r in js(
            driver,
            "var o = {}; document.querySelectorAll('#firms .firm.cut').forEach(function (c) {"
            " o[c.dataset.id] = c.querySelector('.b-lost').textContent; }); return o",
        ).items()
    }
    assert grey == {i: f"R{r}" for i, r in rounds.items() if i in members}
    assert shown_firms(driver, ".failed") == set(report["summary"]["failed"]) & members
    result = driver.find_element(By.ID, "w-result").text
    assert f"断供企业 Cut off {report['summary']['total_cut_off']}" in result
    names = {lk["id"]: lk["name"] for lk in api(base, f"/chains/{CHAIN}/links")}
    for lost in report["summary"]["by_link"]:
        assert names[lost] in result
    driver.find_element(By.ID, "status-clear").click()
    assert shown_firms(driver, ".cut") == set() and shown_firms(driver, ".failed") == set()


def test_link_cascade_names_the_lost_links_on_the_cards(driver: Chrome, base: str) -> None:
    report = api(
        base,
        f"/chains/{CHAIN}/impact",
        method="POST",
        json={"enterprises": [], "links": ["bearing_steel"], "provinces": []},
    )
    assert report["summary"]["by_link"], "failing the steel link should cut someone off"
    open_map(driver, base)
    driver.find_element(By.ID, "whatif-toggle").click()
    Select(driver.find_element(By.ID, "w-link")).select_by_value("bearing_steel")
    driver.find_element(By.ID, "w-run").click()
    assert wait_until(
        lambda: settled(driver) and js(driver, "return !!window.chainMap.analyses.impact"), 10
    )
    cards = card_classes(driver)
    assert "failed" in cards["bearing_steel"].split("|")[0]
    lost = {lk for lk, text in cards.items() if " lost" in text.split("|")[0]}
    assert lost == set(report["summary"]["by_link"])
    for lk in lost:
        assert f"断供 {report['summary']['by_link'][lk]} 家" in cards[lk]


def test_a_firm_added_from_its_details_is_failed_in_the_what_if(driver: Chrome, base: str) -> None:
    report = api(
        base,
        f"/chains/{CHAIN}/impact",
        method="POST",
        json={"enterprises": [FIRM], "links": [], "provinces": []},
    )
    open_firm(driver, base)
    click_button(driver, "加入推演")
    assert FIRM in js(driver, "return window.chainMap.analyses.pick.firms")
    driver.find_element(By.ID, "w-run").click()
    assert wait_until(
        lambda: settled(driver) and js(driver, "return !!window.chainMap.analyses.impact"), 10
    )
    assert FIRM in shown_firms(driver, ".failed")
    total = report["summary"]["total_cut_off"]
    assert f"断供企业 Cut off {total}" in driver.find_element(By.ID, "w-result").text


def test_paths_to_an_ambiguous_name_asks_which_firm(driver: Chrome, base: str) -> None:
    hits = api(base, f"/chains/{CHAIN}/search", params={"q": "轴承"})["items"]
    assert len(hits) > 1
    open_firm(driver, base)
    driver.find_element(By.ID, "path-to").send_keys("轴承")
    click_button(driver, "路径至")
    out = driver.find_element(By.ID, "analysis-out")
    assert wait_until(lambda: "选择终点企业" in out.text, 10)
    choices = out.find_elements(By.CSS_SELECTOR, ".row button")
    assert [c.text for c in choices] == [f"{h['name']} · {h['id']}" for h in hits[:10]]
    choices[0].click()
    assert wait_until(
        lambda: js(driver, "return (window.chainMap.analyses.paths || {}).to") == hits[0]["id"], 10
    )
