"""Every endpoint of the libraries, keys and evaluation × every role: 401 without a key where one
is needed, 403 below the role, success at or above it; never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph.access.keys import create_key
from graph.access.principal import ROLES
from graph.libraries.problems import create_problem
from graph.libraries.projects import create_project, get_project, raise_risk, update_project
from graph.package.models import Problem, Project
from graph.store.base import GraphStore
from tests.factories import editor, load_tiny

PUBLIC = None
SCORES = {"safety_competitiveness": 2, "spread": 2, "urgency_difficulty": 2}
PROBLEM = {"title": "新问题", "link": "steel", "category": "other", "scores": SCORES}
PLAN = {"name": "高洁净轴承钢攻关", "problems": ["p-clean"], "lead": "mill", "status": "accepted"}

# (method, path under /api/v1 with {c} for the chain and {key} for a spare key, body,
#  the least role that may call it or PUBLIC, the status on success)
ENDPOINTS: list[tuple[str, str, Any, str | None, int]] = [
    ("GET", "/chains/{c}/problems/grades", None, PUBLIC, 200),
    ("GET", "/chains/{c}/achievements", None, PUBLIC, 200),
    ("GET", "/chains/{c}/achievements/a-pub", None, PUBLIC, 200),
    ("GET", "/chains/{c}/achievements/export?format=csv", None, PUBLIC, 200),
    ("GET", "/chains/{c}/export", None, PUBLIC, 200),
    ("GET", "/evaluation/indicators", None, PUBLIC, 200),
    ("GET", "/chains/{c}/problems", None, "member", 200),
    ("GET", "/chains/{c}/problems/p-clean", None, "member", 200),
    ("GET", "/chains/{c}/problems/export?format=xlsx", None, "member", 200),
    ("GET", "/chains/{c}/projects", None, "member", 200),
    ("GET", "/chains/{c}/projects/pj1", None, "member", 200),
    ("GET", "/chains/{c}/projects/warnings", None, "member", 200),
    ("GET", "/chains/{c}/evaluation", None, "member", 200),
    ("POST", "/chains/{c}/problems", {**PROBLEM, "id": "p-made"}, "editor", 201),
    ("PUT", "/chains/{c}/problems/p-free", PROBLEM, "editor", 200),
    ("POST", "/chains/{c}/problems/p-free/status", {"to": "analyzing"}, "editor", 200),
    ("DELETE", "/chains/{c}/problems/p-free", None, "editor", 204),
    ("POST", "/chains/{c}/projects", {**PLAN, "id": "pj-made"}, "editor", 201),
    ("PUT", "/chains/{c}/projects/pj1", PLAN, "editor", 200),
    ("POST", "/chains/{c}/projects/pj1/progress", {"period": "2025Q1", "text": "进展"}, "editor",
     200),
    ("POST", "/chains/{c}/projects/pj1/checks", {"text": "通过"}, "editor", 200),
    ("POST", "/chains/{c}/projects/pj1/changes", {"text": "更换负责人"}, "editor", 200),
    ("POST", "/chains/{c}/projects/pj1/risks", {"text": "新风险"}, "editor", 200),
    ("POST", "/chains/{c}/projects/pj1/risks/0/close", {}, "editor", 200),
    ("DELETE", "/chains/{c}/projects/pj-free", None, "editor", 204),
    ("POST", "/chains/{c}/achievements", {"id": "a-made", "name": "新成果", "project": "pj1"},
     "editor", 201),
    ("PUT", "/chains/{c}/achievements/a-pub", {"name": "公开成果", "project": "pj1"}, "editor",
     200),
    ("DELETE", "/chains/{c}/achievements/a-mem", None, "editor", 204),
    ("POST", "/import", "tiny", "editor", 201),
    ("POST", "/keys", {"role": "viewer"}, "admin", 201),
    ("GET", "/keys", None, "admin", 200),
    ("DELETE", "/keys/{key}", None, "admin", 204),
]  # fmt: skip


def _setup(store: GraphStore) -> dict[str, str]:
    """A fresh chain where every endpoint above has something to act on."""
    chain = load_tiny(store)
    current = get_project(store, chain, "pj1")
    update_project(
        store,
        chain,
        current.record.model_copy(update={"status": "accepted"}),
        principal=editor("t"),
    )
    raise_risk(store, chain, "pj1", "来料波动", principal=editor("t"))
    free = Problem.model_validate({**PROBLEM, "id": "p-free"})
    create_problem(store, chain, free, principal=editor("t"))
    create_project(
        store,
        chain,
        Project(id="pj-free", name="空项目", problems=["p-noise"]),
        principal=editor("t"),
    )
    key_id, _ = create_key(store, "viewer", name="spare")
    return {"c": chain, "key": key_id}


@pytest.mark.parametrize("who", ["anonymous", *ROLES])
@pytest.mark.parametrize(
    ("method", "path", "body", "least", "ok"),
    ENDPOINTS,
    ids=[f"{m} {p}" for m, p, *_ in ENDPOINTS],
)
def test_role_matrix(
    client: TestClient,
    store: GraphStore,
    keys: dict[str, str],
    who: str,
    method: str,
    path: str,
    body: Any,
    least: str | None,
    ok: int,
) -> None:
    names = _setup(store)
    headers = {} if who == "anonymous" else {"Authorization": keys[who]}
    url = "/api/v1" + path.format(**names)
    if body == "tiny":
        from tests.factories import tiny_package

        response = client.request(method, url, json=tiny_package(), headers=headers)
    else:
        response = client.request(method, url, json=body, headers=headers)
    allowed = least is None or (who != "anonymous" and ROLES.index(who) >= ROLES.index(least))
    denied = 401 if who == "anonymous" else 403
    expected = ok if allowed else denied
    assert response.status_code == expected, response.text
    if expected in (401, 403):
        assert response.headers["content-type"] == "application/problem+json"
