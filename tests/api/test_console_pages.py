"""What the console's pages say, on both stores: the dashboard's figures against the chain's
records, and a dry run against the write that follows it (docs/console.md)."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from graph.access.keys import create_key
from graph.access.principal import Principal
from graph.libraries.dashboard import chain_dashboard
from graph.package.models import ChainPackage
from graph.package.severity import grade, severity
from graph.store.base import GraphStore
from graph.versioning.importer import import_package
from graph.versioning.intake import preview_package
from graph.versioning.versions import list_versions
from tests.factories import seed_package, unique_chain

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture
def chain(store: GraphStore) -> str:
    chain = unique_chain("console")
    import_package(store, ChainPackage.model_validate(seed_package(chain)), author="test")
    return chain


def test_the_dashboard_counts_what_each_role_may_see(store: GraphStore, chain: str) -> None:
    package = ChainPackage.model_validate(seed_package(chain))
    expected = Counter((grade(severity(p.scores)), p.status) for p in package.problems)
    viewer = chain_dashboard(store, chain, Principal("v", "viewer"), date(2026, 1, 1))
    member = chain_dashboard(store, chain, Principal("m", "member"), date(2026, 1, 1))
    for board in (viewer, member):
        cells = {(g, s): n for g, row in board.problems.items() for s, n in row.items() if n}
        assert cells == dict(expected)
    public = sum(a.sharing == "public" for a in package.achievements)
    assert viewer.counts["achievements"] == public
    shared = sum(a.sharing != "directed" for a in package.achievements)
    assert member.counts["achievements"] == shared
    assert "projects" not in viewer.counts and viewer.warnings is None
    assert member.counts["projects"] == len(package.projects)
    overdue = {
        p.id
        for p in package.projects
        if p.status not in ("accepted", "terminated")
        and any(not m.done and m.date < "2026-01-01" for m in p.milestones)
    }
    assert {w.project for w in member.warnings or [] if w.overdue} == overdue
    assert viewer.versions[0].summary is None and member.versions[0].summary


def test_a_dry_run_shows_the_diff_the_write_then_makes(
    client: TestClient, store: GraphStore, chain: str
) -> None:
    data = seed_package(chain)
    removed = data["events"].pop()["id"]
    first = data["enterprises"][0]
    first["tier"] = "leader" if first["tier"] != "leader" else "follower"
    package = ChainPackage.model_validate(data)
    preview = preview_package(store, package)
    assert preview.base == list_versions(store, chain)[-1].id
    key = create_key(store, "editor", name="console")[1]
    login = client.get("/console/login")
    token = CSRF.search(login.text).group(1)  # type: ignore[union-attr]
    client.post("/console/login", data={"csrf": token, "key": key})
    page = client.get(f"/console/intake?chain={chain}")
    token = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
    body = package.model_dump_json(by_alias=True, exclude_none=True).encode()
    shown = client.post(
        "/console/intake",
        data={"csrf": token},
        files={"package": ("survey.json", body, "application/json")},
    )
    assert shown.status_code == 200
    assert removed in shown.text and data["enterprises"][0]["id"] in shown.text
    write = re.search(r'action="(/console/intake/[^"]+/write)"', shown.text)
    assert write
    done = client.post(write.group(1), data={"csrf": token}, follow_redirects=False)
    assert done.status_code == 303
    latest = list_versions(store, chain)[-1]
    assert latest.changes == preview.diff.counts()
    # The staged upload is spent: the same write again is refused.
    again = client.post(write.group(1), data={"csrf": token})
    assert again.status_code == 410


def test_a_bad_upload_lists_every_issue_and_writes_nothing(
    client: TestClient, store: GraphStore, chain: str
) -> None:
    data = seed_package(chain)
    data["supplies"][0]["supplier"] = "nobody"
    data["problems"][0]["link"] = "nowhere"
    data["projects"][0]["problems"] = ["no-such-problem"]
    key = create_key(store, "editor", name="console")[1]
    token = CSRF.search(client.get("/console/login").text).group(1)  # type: ignore[union-attr]
    client.post("/console/login", data={"csrf": token, "key": key})
    token = CSRF.search(client.get("/console/intake").text).group(1)  # type: ignore[union-attr]
    before = len(list_versions(store, chain))
    body = json.dumps(data, ensure_ascii=False).encode()
    answer = client.post(
        "/console/intake",
        data={"csrf": token},
        files={"package": ("survey.json", body, "application/json")},
    )
    assert answer.status_code == 422
    for where in ("$.supplies[0].supplier", "$.problems[0].link", "$.projects[0].problems[0]"):
        assert f"<code>{where}</code>" in answer.text, where
    assert len(list_versions(store, chain)) == before


def _editor_client(client: TestClient, store: GraphStore) -> None:
    key = create_key(store, "editor", name="console")[1]
    token = CSRF.search(client.get("/console/login").text).group(1)  # type: ignore[union-attr]
    client.post("/console/login", data={"csrf": token, "key": key})


def _token(client: TestClient, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    return CSRF.search(page.text).group(1)  # type: ignore[union-attr]


def test_editing_the_scores_regrades_and_text_is_escaped(
    client: TestClient, store: GraphStore, chain: str
) -> None:
    _editor_client(client, store)
    path = f"/console/chains/{chain}/problems/weak-brands"
    edit = client.get(f"{path}/edit").text
    etag = re.search(r'name="etag" value="([^"]+)"', edit)
    assert etag
    form = {
        "csrf": CSRF.search(edit).group(1),  # type: ignore[union-attr]
        "etag": etag.group(1).replace("&#34;", '"'),
        "title": "<script>alert(1)</script>品牌弱",
        "link": re.search(r'<option value="([^"]+)" selected', edit).group(1),  # type: ignore[union-attr]
        "category": "brand",
        "safety_competitiveness": "1",
        "spread": "1",
        "urgency_difficulty": "2",
    }
    saved = client.post(path, data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    page = client.get(path).text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert re.search(r'id="grade">★<', page) and re.search(r'id="severity">1\.3<', page)
    # The same form again names an ETag that is no longer current: refused, not overwritten.
    form["csrf"] = _token(client, path)
    stale = client.post(path, data={**form, "title": "覆盖"})
    assert stale.status_code == 412


def test_intake_of_a_new_chain(client: TestClient, store: GraphStore) -> None:
    _editor_client(client, store)
    new = unique_chain("console-new")
    body = json.dumps(seed_package(new), ensure_ascii=False).encode()
    token = _token(client, "/console/intake")
    shown = client.post(
        "/console/intake",
        data={"csrf": token},
        files={"package": ("new.json", body, "application/json")},
    )
    assert shown.status_code == 200 and "新产业链" in shown.text
    write = re.search(r'action="(/console/intake/[^"]+/write)"', shown.text)
    assert write
    done = client.post(write.group(1), data={"csrf": token}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith(
        f"/console/chains/{new}/"
    )
    assert [v.seq for v in list_versions(store, new)] == [1]


def test_an_upload_over_the_package_limit_is_refused(store: GraphStore, chain: str) -> None:
    settings = Settings(CHAINMAP_LOAD_SEED=False, CHAINMAP_MAX_PACKAGE_BYTES=1000)
    with TestClient(create_app(settings, store=store)) as small:
        _editor_client(small, store)
        token = _token(small, "/console/intake")
        body = json.dumps(seed_package(chain), ensure_ascii=False).encode()
        answer = small.post(
            "/console/intake",
            data={"csrf": token},
            files={"package": ("big.json", body, "application/json")},
        )
    assert answer.status_code == 413 and "1000" in answer.text
