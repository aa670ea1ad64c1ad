"""The web console in headless Chromium against the service on a real port: each flow a person
runs, start to end, through the pages (docs/console.md). Screenshots at 1366×768 go to
/tmp/shots-console/.

The browser reaches the local server and nothing else, and every page must ask only that
server for what it shows (no CDN). The flows run on the embedded store; the session and access
rules behind them run on both stores in tests/api/test_console_session.py."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from graph.access.keys import create_key
from graph.libraries.problems import get_problem
from graph.libraries.projects import get_project
from graph.package.formats import package_to_csv_zip
from graph.package.models import ChainPackage
from graph.reads.exporter import export_package
from graph.store.factory import OpenStore
from graph.versioning.importer import import_package
from graph.versioning.matching import list_candidates, rename_enterprises
from graph.versioning.versions import list_versions
from tests.browser.chromium import available, chromium, console_problems, requested_urls
from tests.browser.console_server import HEIGHT, WIDTH, serving, shot, sign_in
from tests.factories import seed_package, unique_chain
from tests.waiting import wait_until

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def world(embedded: OpenStore) -> Iterator[dict[str, str]]:
    """The Linqing seed under a chain of its own, keys of three roles, the served app."""
    store = embedded.store
    chain = unique_chain("console")
    import_package(store, ChainPackage.model_validate(seed_package(chain)), author="test")
    keys = {
        role: create_key(store, role, name=f"console {role}")[1]
        for role in ("viewer", "member", "editor")
    }
    with serving(store) as base:
        yield {"base": base, "chain": chain, **keys}


@pytest.fixture(scope="module")
def driver() -> Iterator[Chrome]:
    if not available():
        pytest.fail("Debian chromium and chromium-driver are not installed; run `make test`")
    with chromium(local=True) as d:
        d.set_window_size(WIDTH, HEIGHT)
        yield d


def _page(driver: Chrome, world: dict[str, str], path: str) -> None:
    driver.get(world["base"] + path)
    assert wait_until(
        lambda: driver.execute_script("return document.body.dataset.ready === '1'"), 10
    ), f"{path} never ran its script"


def _chain_path(world: dict[str, str], rest: str = "") -> str:
    return f"/console/chains/{world['chain']}{rest}"


def _text(driver: Chrome) -> str:
    return str(driver.find_element(By.TAG_NAME, "body").text)


def _shows(driver: Chrome, element_id: str, text: str, timeout: float = 10) -> bool:
    """Whether the element `element_id` of the page (the next one, after a submit) comes to
    show `text` within `timeout`."""

    def found() -> bool:
        try:
            return text in driver.find_element(By.ID, element_id).text
        except WebDriverException:  # the old page is going, or the new one not there yet
            return False

    return bool(wait_until(found, timeout))


def test_sign_in_shows_the_dashboard_offline(driver: Chrome, world: dict[str, str]) -> None:
    driver.get(world["base"] + "/console/login")
    shot(driver, "01-login")
    requested_urls(driver)
    console_problems(driver)
    sign_in(driver, world["base"], world["editor"], _chain_path(world))
    _page(driver, world, _chain_path(world))
    body = _text(driver)
    assert "临清轴承产业链" in body and "质量问题：分级 × 状态" in body
    grid = driver.find_element(By.ID, "problem-grid").text
    assert "★★★" in grid
    # Overdue milestones of the seed's running projects, as of today.
    assert "逾期" in driver.find_element(By.ID, "warnings").text
    shot(driver, "02-dashboard")
    cookie = driver.get_cookie("chainmap_console")
    assert cookie and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert world["editor"].split("_")[-1] not in cookie["value"]
    urls = requested_urls(driver)
    assert urls and all(u.startswith(world["base"]) for u in urls), urls
    assert console_problems(driver) == []


def test_a_problem_scored_4_5_3_is_graded_three_stars(
    driver: Chrome, world: dict[str, str], embedded: OpenStore
) -> None:
    sign_in(driver, world["base"], world["editor"])
    _page(driver, world, _chain_path(world, "/problems/new"))
    form = driver.find_element(By.ID, "problem-form")
    form.find_element(By.NAME, "id").send_keys("cage-burrs")
    form.find_element(By.NAME, "title").send_keys("保持架冲压毛刺超标")
    Select(form.find_element(By.NAME, "link")).select_by_index(3)
    Select(form.find_element(By.NAME, "category")).select_by_value("technology")
    preview = driver.find_element(By.ID, "grade-preview")
    for name, score in (("safety_competitiveness", 4), ("spread", 5)):
        Select(form.find_element(By.NAME, name)).select_by_value(str(score))
    assert preview.text == "—"  # two scores of three: no grade yet
    Select(form.find_element(By.NAME, "urgency_difficulty")).select_by_value("3")
    assert preview.text == "★★★"
    shot(driver, "03-problem-form")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert wait_until(lambda: driver.current_url.endswith("/problems/cage-burrs"), 10)
    assert driver.find_element(By.ID, "grade").text == "★★★"
    assert driver.find_element(By.ID, "severity").text == "4.0"
    stored = get_problem(embedded.store, world["chain"], "cage-burrs")
    assert stored.props["grade"] == "★★★"
    _page(driver, world, _chain_path(world, "/problems?sort=id"))
    row = driver.find_element(By.CSS_SELECTOR, "tr[data-problem='cage-burrs']")
    assert "★★★" in row.text and "保持架冲压毛刺超标" in row.text
    shot(driver, "04-problem-table")


def test_a_status_move_shows_in_the_history(
    driver: Chrome, world: dict[str, str], embedded: OpenStore
) -> None:
    sign_in(driver, world["base"], world["editor"])
    _page(driver, world, _chain_path(world, "/problems/steel-cleanliness"))
    form = driver.find_element(By.ID, "status-form")
    Select(form.find_element(By.NAME, "to")).select_by_value("tackling")
    form.find_element(By.NAME, "note").send_keys("立项攻关")
    form.find_element(By.CSS_SELECTOR, "button").click()
    assert _shows(driver, "status", "攻关中")
    history = driver.find_element(By.ID, "history-list").text
    assert "分析中 → 攻关中" in history and "立项攻关" in history
    shot(driver, "05-problem-history")
    assert get_problem(embedded.store, world["chain"], "steel-cleanliness").record.status == (
        "tackling"
    )


def test_progress_and_an_overdue_milestone_raise_a_warning(
    driver: Chrome, world: dict[str, str], embedded: OpenStore
) -> None:
    project = "pj-steel-incoming"
    sign_in(driver, world["base"], world["editor"])
    _page(driver, world, _chain_path(world, f"/projects/{project}"))
    past = date(date.today().year - 1, 3, 31).isoformat()
    add = driver.find_element(By.CSS_SELECTOR, "form[action$='/milestones']")
    driver.execute_script(
        "arguments[0].value = arguments[1]", add.find_element(By.NAME, "date"), past
    )
    add.find_element(By.NAME, "text").send_keys("来料抽检规则发布")
    add.find_element(By.CSS_SELECTOR, "button").click()
    assert _shows(driver, "milestones", "来料抽检规则发布")
    progress = driver.find_element(By.CSS_SELECTOR, "form[action$='/progress']")
    progress.find_element(By.NAME, "period").send_keys("2026Q1")
    progress.find_element(By.NAME, "text").send_keys("完成三家企业来料比对试验")
    progress.find_element(By.CSS_SELECTOR, "button").click()
    assert _shows(driver, "progress", "2026Q1")
    assert past in driver.find_element(By.ID, "project-warning").text
    shot(driver, "06-project-sheet")
    _page(driver, world, _chain_path(world, "/projects"))
    warning = driver.find_element(By.CSS_SELECTOR, f"tr[data-warning='{project}']")
    assert past in warning.text and "来料抽检规则发布" in warning.text
    shot(driver, "07-projects")
    stored = get_project(embedded.store, world["chain"], project).record
    assert stored.progress[-1].period == "2026Q1"


def _bad_workbook(chain: str, tmp: Path) -> Path:
    """The seed's CSV form with three planted errors in two files."""
    package = ChainPackage.model_validate(seed_package(chain))
    source = zipfile.ZipFile(io.BytesIO(package_to_csv_zip(package)))
    out = tmp / "bad-survey.zip"
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            text = source.read(name).decode("utf-8-sig")
            rows = list(csv.DictReader(io.StringIO(text)))
            if name.endswith("enterprises.csv"):
                rows[0]["tier"] = "giant"  # row 2
                rows[2]["province"] = ""  # row 4: required
            if name.endswith("problems.csv"):
                scores = json.loads(rows[1]["scores"])
                rows[1]["scores"] = json.dumps({**scores, "spread": 9})  # row 3
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else [])
            writer.writeheader()
            writer.writerows(rows)
            archive.writestr(name, buffer.getvalue())
    return out


def test_a_bad_package_shows_every_error_with_its_place(
    driver: Chrome, world: dict[str, str], embedded: OpenStore, tmp_path: Path
) -> None:
    before = len(list_versions(embedded.store, world["chain"]))
    sign_in(driver, world["base"], world["editor"])
    _page(driver, world, f"/console/intake?chain={world['chain']}")
    upload = driver.find_element(By.ID, "package")
    upload.send_keys(str(_bad_workbook(world["chain"], tmp_path)))
    driver.find_element(By.CSS_SELECTOR, "#upload-form button").click()
    assert wait_until(lambda: driver.find_elements(By.ID, "package-errors"), 10)
    rows = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#package-errors tr.issue")]
    places = (
        "enterprises.csv row 2 tier",
        "enterprises.csv row 4 province",
        "problems.csv row 3 scores.spread",
    )
    for place in places:
        assert any(place in r for r in rows), (place, rows)
    assert len(rows) == len(places), rows
    shot(driver, "08-intake-errors")
    assert len(list_versions(embedded.store, world["chain"])) == before


def test_dry_run_then_write_then_confirm_a_potential_match(
    driver: Chrome, world: dict[str, str], embedded: OpenStore, tmp_path: Path
) -> None:
    store, chain = embedded.store, world["chain"]
    package = export_package(store, chain)
    # The same firm surveyed under a new id in another city: a potential match to confirm.
    firm = next(e for e in package.enterprises if e.city and e.city != "青岛")
    moved = rename_enterprises(package, {firm.id: "survey-0001"})
    moved.enterprises = [
        e.model_copy(update={"city": "青岛", "county": None}) if e.id == "survey-0001" else e
        for e in moved.enterprises
    ]
    upload = tmp_path / "survey.json"
    upload.write_text(moved.model_dump_json(by_alias=True, exclude_none=True), encoding="utf-8")
    before = len(list_versions(store, chain))
    sign_in(driver, world["base"], world["editor"])
    _page(driver, world, f"/console/intake?chain={chain}")
    driver.find_element(By.ID, "package").send_keys(str(upload))
    driver.find_element(By.CSS_SELECTOR, "#upload-form button").click()
    assert wait_until(lambda: driver.find_elements(By.ID, "diff-counts"), 10)
    records = driver.find_element(By.ID, "diff-records").text
    assert "survey-0001" in records and firm.id in records
    assert "疑似重复" in driver.find_element(By.ID, "match-preview").text
    shot(driver, "09-intake-dry-run")
    assert len(list_versions(store, chain)) == before  # a dry run writes nothing
    driver.find_element(By.CSS_SELECTOR, "#write-form button").click()
    assert wait_until(lambda: "/matches" in driver.current_url, 15), driver.current_url
    assert len(list_versions(store, chain)) == before + 1
    row = driver.find_element(By.CSS_SELECTOR, "#candidates tr[data-candidate]")
    assert "survey-0001" in row.text and firm.id in row.text
    shot(driver, "10-matches")
    candidate = row.get_attribute("data-candidate")
    row.find_element(By.CSS_SELECTOR, "form[action$='/confirm'] button").click()
    assert wait_until(lambda: "status=confirmed" in driver.current_url, 10)
    assert candidate in driver.find_element(By.ID, "candidates").get_attribute("innerHTML")
    confirmed = [c for c in list_candidates(store, chain) if c.id == candidate]
    assert confirmed[0].status == "confirmed"
    ids = {e.id for e in export_package(store, chain).enterprises}
    assert firm.id in ids and "survey-0001" not in ids


def test_a_form_without_its_csrf_token_is_refused(
    driver: Chrome, world: dict[str, str], embedded: OpenStore
) -> None:
    sign_in(driver, world["base"], world["editor"])
    _page(driver, world, _chain_path(world, "/problems/turning-precision"))
    history = len(get_problem(embedded.store, world["chain"], "turning-precision").record.history)
    driver.execute_script("document.querySelector('#status-form input[name=csrf]').remove()")
    driver.find_element(By.CSS_SELECTOR, "#status-form button").click()
    assert _shows(driver, "refused", "CSRF"), _text(driver)
    assert "(403)" in _text(driver)
    shot(driver, "11-csrf-refused")
    after = get_problem(embedded.store, world["chain"], "turning-precision").record.history
    assert len(after) == history
