"""The console's sessions, CSRF tokens, roles and dry runs, on both stores (docs/console.md).

The flows themselves run in Chromium (tests/browser/test_console_flows.py); these hold the
rules under them: what the cookie holds and refuses, what a form without its token does (nothing),
what each role reaches, and that a dry run writes nothing and goes stale when the chain moves."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from graph.access.keys import create_key, revoke_key
from graph.libraries.problems import get_problem, move_status
from graph.package.models import ChainPackage
from graph.store.base import GraphStore
from graph.versioning.importer import import_package
from graph.versioning.versions import list_versions
from tests.factories import editor, seed_package, unique_chain

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture(scope="module")
def chain(store: GraphStore) -> str:
    chain = unique_chain("console")
    import_package(store, ChainPackage.model_validate(seed_package(chain)), author="test")
    return chain


def _key(store: GraphStore, role: str) -> str:
    return create_key(store, role, name=f"console {role}")[1]  # type: ignore[arg-type]


def _csrf(client: TestClient, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    found = CSRF.search(page.text)
    assert found, page.text
    return found.group(1)


def _sign_in(client: TestClient, key: str) -> None:
    token = _csrf(client, "/console/login")
    answer = client.post("/console/login", data={"csrf": token, "key": key}, follow_redirects=False)
    assert answer.status_code == 303, answer.text


def test_the_session_cookie_is_signed_http_only_strict_and_holds_no_key(
    client: TestClient, store: GraphStore, chain: str
) -> None:
    key = _key(store, "editor")
    token = _csrf(client, "/console/login")
    answer = client.post("/console/login", data={"csrf": token, "key": key}, follow_redirects=False)
    header = answer.headers["set-cookie"]
    assert "HttpOnly" in header and "SameSite=strict" in header and "Path=/console" in header
    secret = key.split("_", 2)[2]
    assert secret not in header and key not in header
    assert client.get(f"/console/chains/{chain}", follow_redirects=False).status_code == 200


def test_pages_are_never_framed_and_run_only_their_own_script(
    client: TestClient, store: GraphStore, chain: str
) -> None:
    _sign_in(client, _key(store, "viewer"))
    for path in ("/console/login", f"/console/chains/{chain}", f"/console/chains/{chain}/nope"):
        headers = client.get(path).headers
        policy = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy, path
        assert headers["x-frame-options"] == "DENY" and headers["cache-control"] == "no-store"


def test_a_wrong_key_does_not_sign_in(client: TestClient, chain: str) -> None:
    token = _csrf(client, "/console/login")
    answer = client.post("/console/login", data={"csrf": token, "key": "cm_abc_def"})
    assert answer.status_code == 401 and "密钥无效" in answer.text
    page = client.get(f"/console/chains/{chain}", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/console/login")


def test_an_altered_cookie_is_no_session(client: TestClient, store: GraphStore, chain: str) -> None:
    _sign_in(client, _key(store, "viewer"))
    admin_id = _key(store, "admin").split("_")[1]
    cookie = client.cookies["chainmap_console"]
    _, rest = cookie.split(".", 1)
    client.cookies.set("chainmap_console", f"{admin_id}.{rest}", path="/console")
    page = client.get("/console", follow_redirects=False)
    assert page.status_code == 303 and "/console/login" in page.headers["location"]


def test_revoking_the_key_ends_its_sessions(
    client: TestClient, store: GraphStore, chain: str
) -> None:
    key = _key(store, "member")
    _sign_in(client, key)
    assert client.get(f"/console/chains/{chain}/problems").status_code == 200
    revoke_key(store, key.split("_")[1])
    page = client.get(f"/console/chains/{chain}/problems", follow_redirects=False)
    assert page.status_code == 303


def test_a_form_without_its_own_token_writes_nothing(
    client: TestClient, store: GraphStore, chain: str
) -> None:
    _sign_in(client, _key(store, "editor"))
    before = get_problem(store, chain, "weak-brands").record.history
    path = f"/console/chains/{chain}/problems/weak-brands/status"
    for data in ({"to": "analyzing"}, {"to": "analyzing", "csrf": "0" * 64}):
        answer = client.post(path, data=data)
        assert answer.status_code == 403 and "CSRF" in answer.text
    with TestClient(client.app) as other:
        _sign_in(other, _key(store, "editor"))
        foreign = _csrf(other, f"/console/chains/{chain}/problems/weak-brands")
    assert client.post(path, data={"to": "analyzing", "csrf": foreign}).status_code == 403
    assert get_problem(store, chain, "weak-brands").record.history == before
    token = _csrf(client, f"/console/chains/{chain}/problems/weak-brands")
    moved = client.post(path, data={"to": "analyzing", "csrf": token}, follow_redirects=False)
    assert moved.status_code == 303
    assert get_problem(store, chain, "weak-brands").record.status == "analyzing"


def test_signing_out_needs_the_token_and_ends_the_session(
    client: TestClient, store: GraphStore, chain: str
) -> None:
    _sign_in(client, _key(store, "member"))
    assert client.post("/console/logout", data={}).status_code == 403
    token = _csrf(client, f"/console/chains/{chain}")
    assert client.post("/console/logout", data={"csrf": token}).status_code == 200
    assert client.get(f"/console/chains/{chain}", follow_redirects=False).status_code == 303


def test_sign_in_goes_back_to_console_pages_only(client: TestClient, store: GraphStore) -> None:
    token = _csrf(client, "/console/login")
    data = {"csrf": token, "key": _key(store, "viewer"), "next": "//evil.example/console"}
    answer = client.post("/console/login", data=data, follow_redirects=False)
    assert answer.headers["location"] == "/console"


def test_a_viewer_sees_public_data_only(client: TestClient, store: GraphStore, chain: str) -> None:
    package = ChainPackage.model_validate(seed_package(chain))
    _sign_in(client, _key(store, "viewer"))
    for page in ("problems", "problems/steel-cleanliness", "projects", "matches"):
        answer = client.get(f"/console/chains/{chain}/{page}")
        assert answer.status_code == 403, page
    board = client.get(f"/console/chains/{chain}").text
    assert "攻关项目为会员数据" in board
    hidden = [p.title for p in package.problems] + [p.name for p in package.projects]
    hidden += [a.name for a in package.achievements if a.sharing != "public"]
    assert [name for name in hidden if name in board] == []


def test_a_member_reads_the_libraries_but_cannot_write(
    client: TestClient, store: GraphStore, chain: str
) -> None:
    _sign_in(client, _key(store, "member"))
    assert client.get(f"/console/chains/{chain}/problems").status_code == 200
    assert client.get(f"/console/chains/{chain}/problems/new").status_code == 403
    token = _csrf(client, f"/console/chains/{chain}/problems")
    answer = client.post(
        f"/console/chains/{chain}/problems/weak-brands/status",
        data={"to": "resolved", "csrf": token},
    )
    assert answer.status_code == 403


def test_a_bad_problem_form_lists_its_errors_and_writes_nothing(
    client: TestClient, store: GraphStore, chain: str
) -> None:
    _sign_in(client, _key(store, "editor"))
    before = len(list_versions(store, chain))
    token = _csrf(client, f"/console/chains/{chain}/problems/new")
    form = {"csrf": token, "id": "bad one", "title": "x", "link": "no-such-link"}
    form |= {"category": "technology", "safety_competitiveness": "6", "spread": "3"}
    answer = client.post(f"/console/chains/{chain}/problems", data=form)
    assert answer.status_code == 422
    for where in ("id", "scores.safety_competitiveness", "scores.urgency_difficulty"):
        assert f"<code>{where}</code>" in answer.text, where
    assert len(list_versions(store, chain)) == before


def test_the_grade_preview_uses_the_servers_weights(
    client: TestClient, store: GraphStore, chain: str
) -> None:
    _sign_in(client, _key(store, "editor"))
    page = client.get(f"/console/chains/{chain}/problems/new").text
    assert 'data-tenths="4,3,3"' in page and 'data-key="4.0"' in page


def test_a_dry_run_writes_nothing_and_goes_stale_when_the_chain_moves(
    client: TestClient, store: GraphStore, chain: str
) -> None:
    _sign_in(client, _key(store, "editor"))
    package = seed_package(chain)
    package["chain"]["name"] = "临清轴承产业链（复查）"
    body = ChainPackage.model_validate(package).model_dump_json(by_alias=True, exclude_none=True)
    versions = len(list_versions(store, chain))
    token = _csrf(client, f"/console/intake?chain={chain}")
    files = {"package": ("survey.json", body.encode(), "application/json")}
    preview = client.post("/console/intake", data={"csrf": token}, files=files)
    assert preview.status_code == 200 and "临清轴承产业链（复查）" in preview.text
    assert len(list_versions(store, chain)) == versions
    write = re.search(r'action="(/console/intake/[^"]+/write)"', preview.text)
    assert write
    # Someone else writes to the chain between the dry run and the write.
    current = get_problem(store, chain, "market-traffic").record.status
    move_status(
        store,
        chain,
        "market-traffic",
        "resolved" if current != "resolved" else "identified",
        principal=editor("other"),
    )
    token = CSRF.search(preview.text).group(1)  # type: ignore[union-attr]
    refused = client.post(write.group(1), data={"csrf": token})
    assert refused.status_code == 409 and "dry run" in refused.text
    assert len(list_versions(store, chain)) == versions + 1  # the other write only
