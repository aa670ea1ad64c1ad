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
import tempfile
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
from graph.package.workbook import package_to_workbook
from graph.reads.exporter import export_package
from graph.store.factory import OpenStore
from graph.versioning.importer import import_package
from graph.versioning.matching import list_candidates, rename_enterprises
from graph.versioning.versions import list_versions
from tests.browser.chromium import available, chromium, console_problems, requested_urls
from tests.browser.console_server import HEIGHT, WIDTH, serving, shot, sign_in
from tests.factories import load_tiny, seed_package, unique_chain
from tests.waiting import wait_until
from tests.workbooks import PLANTED_ERRORS, edit_workbook

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
    sign_in(driver, world["base"], world["editor"])
    _page(driver, world, "/console")
    assert world["chain"] in driver.find_element(By.TAG_NAME, "table").text
    shot(driver, "00-chains")
    driver.find_element(By.CSS_SELECTOR, f"a[href='{_chain_path(world)}']").click()
    assert wait_until(lambda: driver.current_url.endswith(_chain_path(world)), 10)
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
    # Any column sorts on a click of its header: the scores, lowest first, then highest.
    header = driver.find_element(By.XPATH, "//table[@id='problem-table']//th[.='严重度得分']")
    scores = (
        "return [...document.querySelectorAll('#problem-table tr[data-problem]')]"
        ".map(r => parseFloat(r.cells[10].textContent))"
    )
    header.click()
    ascending = driver.execute_script(scores)
    assert ascending == sorted(ascending) and len(ascending) == 20
    header.click()
    assert driver.execute_script(scores) == sorted(ascending, reverse=True)


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


def test_a_bad_survey_workbook_shows_every_planted_error_with_sheet_row_and_column(
    driver: Chrome, world: dict[str, str], embedded: OpenStore
) -> None:
    """Schema and reference errors together, each where a person filling the workbook would
    look for it (the same planted errors as the API's workbook test)."""
    chain = load_tiny(embedded.store, unique_chain("survey"))
    good = package_to_workbook(export_package(embedded.store, chain))
    bad = edit_workbook(
        good,
        PLANTED_ERRORS,
    )
    path = Path(tempfile.mkdtemp(prefix="chainmap-survey-")) / "survey.xlsx"
    path.write_bytes(bad)
    before = len(list_versions(embedded.store, chain))
    sign_in(driver, world["base"], world["editor"])
    _page(driver, world, f"/console/intake?chain={chain}")
    driver.find_element(By.ID, "package").send_keys(str(path))
    driver.find_element(By.CSS_SELECTOR, "#upload-form button").click()
    assert wait_until(lambda: driver.find_elements(By.ID, "package-errors"), 10)
    rows = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#package-errors tr.issue")]
    places = (
        "企业 enterprises row 3 column I",
        "企业 enterprises row 4 column H",
        "企业 enterprises row 7 column A",
        "供应关系 supplies row 4 column A",
        "环节 links row 4 column L",
    )
    for place in places:
        assert any(place in r for r in rows), (place, rows)
    assert len(rows) == len(places), rows
    shot(driver, "08b-intake-workbook-errors")
    assert len(list_versions(embedded.store, chain)) == before


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


def test_an_achievement_shared_with_one_firm_is_seen_by_that_firm_only(
    driver: Chrome, world: dict[str, str], embedded: OpenStore
) -> None:
    store, chain = embedded.store, world["chain"]
    recipient, other = (e.id for e in export_package(store, chain).enterprises[:2])
    sign_in(driver, world["base"], world["editor"])
    # Achievements come from accepted projects: accept one on its task sheet first.
    _page(driver, world, _chain_path(world, "/projects/pj-heat-treatment-ra"))
    move = driver.find_element(By.CSS_SELECTOR, "form[action$='/status']")
    Select(move.find_element(By.NAME, "status")).select_by_value("accepted")
    move.find_element(By.NAME, "reason").send_keys("通过验收评审")
    move.find_element(By.CSS_SELECTOR, "button").click()
    assert _shows(driver, "changes", "通过验收评审")
    assert get_project(store, chain, "pj-heat-treatment-ra").record.status == "accepted"
    _page(driver, world, _chain_path(world, "/achievements"))
    form = driver.find_element(By.ID, "achievement-form")
    form.find_element(By.NAME, "id").send_keys("ach-ra-fixture")
    form.find_element(By.NAME, "name").send_keys("残余奥氏体控制工装")
    Select(form.find_element(By.NAME, "project")).select_by_value("pj-heat-treatment-ra")
    directed = driver.find_element(By.ID, "g-directed")
    assert not directed.is_displayed()  # only directed sharing names recipients
    Select(form.find_element(By.NAME, "sharing")).select_by_value("directed")
    assert directed.is_displayed()
    Select(form.find_element(By.NAME, "directed_to")).select_by_value(recipient)
    form.find_element(By.NAME, "conditions").send_keys("限本项目参与企业")
    shot(driver, "12-achievement-form")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert _shows(driver, "achievement-table", "残余奥氏体控制工装")
    shot(driver, "13-achievements")
    for enterprise, sees in ((recipient, True), (other, False)):
        key = create_key(store, "member", name="firm", enterprise=enterprise)[1]
        sign_in(driver, world["base"], key)
        _page(driver, world, _chain_path(world, "/achievements"))
        assert ("残余奥氏体控制工装" in _text(driver)) is sees, enterprise


def test_an_event_that_triggers_an_update_makes_its_link_stale(
    driver: Chrome, world: dict[str, str], embedded: OpenStore
) -> None:
    link = export_package(embedded.store, world["chain"]).links[0]
    sign_in(driver, world["base"], world["editor"])
    _page(driver, world, _chain_path(world, "/events"))
    form = driver.find_element(By.ID, "event-form")
    form.find_element(By.NAME, "id").send_keys("ev-standard-2026")
    driver.execute_script("arguments[0].value = '2026-11-20'", form.find_element(By.NAME, "date"))
    Select(form.find_element(By.NAME, "dimension")).select_by_value("certification")
    form.find_element(By.NAME, "title").send_keys("轴承钢新版国家标准实施")
    form.find_element(By.NAME, "refs").send_keys(link.id)
    form.find_element(By.NAME, "triggers_update").click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert _shows(driver, "event-table", "轴承钢新版国家标准实施")
    assert "认证" in driver.find_element(By.ID, "event-table").text
    shot(driver, "14-events")
    _page(driver, world, _chain_path(world))
    stale = driver.find_element(By.ID, "stale").text
    assert link.name in stale and "ev-standard-2026" in stale, stale
    # A person checks the link's data and finds it current: it is stale no longer.
    row = driver.find_element(By.CSS_SELECTOR, f"tr[data-stale='{link.id}']")
    row.find_element(By.CSS_SELECTOR, "button").click()
    assert wait_until(
        lambda: not driver.find_elements(By.CSS_SELECTOR, f"tr[data-stale='{link.id}']"), 10
    )


def test_a_diff_between_any_two_versions_and_an_export_at_one(
    driver: Chrome, world: dict[str, str], embedded: OpenStore
) -> None:
    versions = list_versions(embedded.store, world["chain"])
    first = versions[0]
    status_move = next(v for v in versions if "problem steel-cleanliness" in (v.summary or ""))
    sign_in(driver, world["base"], world["editor"])
    _page(driver, world, _chain_path(world, f"/versions?a={first.id}&b={status_move.id}"))
    diff = driver.find_element(By.ID, "version-diff").text
    assert f"{first.id} → {status_move.id}" in diff
    assert "cage-burrs" in diff and "steel-cleanliness" in diff
    shot(driver, "15-versions")
    exported = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.json()).then(p => done(p.problems.length));",
        f"{world['base']}{_chain_path(world)}/versions/{first.id}/export?format=json",
    )
    assert exported == len(seed_package()["problems"])


def test_a_viewer_sees_no_member_data_on_any_page(
    driver: Chrome, world: dict[str, str], embedded: OpenStore
) -> None:
    store, chain = embedded.store, world["chain"]
    package = export_package(store, chain)
    secret = [p.title for p in package.problems] + [p.name for p in package.projects]
    secret += [a.name for a in package.achievements if a.sharing != "public"]
    secret += ["立项攻关", "完成三家企业来料比对试验"]  # a status note and a progress report
    public = [a.name for a in package.achievements if a.sharing == "public"]
    versions = list_versions(store, chain)
    pages = ["", "/achievements", "/events", f"/versions?a={versions[0].id}&b={versions[-1].id}"]
    refused = ["/problems", "/problems/steel-cleanliness", "/projects", "/matches"]
    refused += ["/projects/pj-roller-g1", "/problems/new"]
    sign_in(driver, world["base"], world["viewer"])
    for path in pages + refused:
        _page(driver, world, _chain_path(world, path))
        text = driver.page_source
        assert [s for s in secret if s in text] == [], path
        if path in refused:
            assert "(403)" in _text(driver), path
    _page(driver, world, f"/console/intake?chain={chain}")
    assert "(403)" in _text(driver)
    _page(driver, world, _chain_path(world, "/achievements"))
    assert all(name in _text(driver) for name in public)
    shot(driver, "16-viewer-achievements")
    _page(driver, world, _chain_path(world))
    assert "攻关项目为会员数据" in driver.find_element(By.ID, "warnings").text
    shot(driver, "17-viewer-dashboard")
