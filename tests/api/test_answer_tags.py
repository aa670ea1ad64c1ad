"""Read answers are tagged by chain version and request: 304 while the version stands, a new
answer and tag once a write makes a new version."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.factories import tiny_package


def _paths(chain: str) -> list[str]:
    return [
        f"/api/v1/chains/{chain}/links",
        f"/api/v1/chains/{chain}/enterprises?limit=2",
        f"/api/v1/chains/{chain}/bottlenecks",
        f"/api/v1/enterprises/ring/upstream?chain={chain}&depth=2",
        f"/api/v1/enterprises/mill/downstream?chain={chain}",
        f"/api/v1/enterprises/mill?chain={chain}",
        f"/api/v1/enterprises/mill/choke-points?chain={chain}",
        f"/api/v1/paths?from=mill&to=ring&chain={chain}",
    ]


@pytest.fixture
def chain(client: TestClient, keys: dict[str, str]) -> str:
    package = tiny_package()
    response = client.post(
        "/api/v1/import", content=json.dumps(package), headers={"Authorization": keys["editor"]}
    )
    assert response.status_code == 201, response.text
    return str(package["chain"]["id"])


def test_an_answer_held_is_not_sent_again(client: TestClient, chain: str) -> None:
    for path in _paths(chain):
        first = client.get(path)
        assert first.status_code == 200, (path, first.text)
        tag = first.headers["ETag"]
        again = client.get(path, headers={"If-None-Match": tag})
        assert again.status_code == 304, path
        assert again.content == b"" and again.headers["ETag"] == tag
        other = client.get(path, headers={"If-None-Match": '"not-this-one"'})
        assert other.status_code == 200 and other.json() == first.json(), path


def test_tags_differ_by_query(client: TestClient, chain: str) -> None:
    one = client.get(f"/api/v1/chains/{chain}/enterprises?limit=1")
    two = client.get(f"/api/v1/chains/{chain}/enterprises?limit=2")
    assert one.headers["ETag"] != two.headers["ETag"]
    assert len(one.json()["items"]) == 1 and len(two.json()["items"]) == 2


def test_a_new_version_answers_anew(client: TestClient, keys: dict[str, str], chain: str) -> None:
    path = f"/api/v1/chains/{chain}/links"
    before = client.get(path)
    package = tiny_package(chain)
    package["links"][0]["name"] = "改名的环节"
    written = client.post(
        "/api/v1/import", content=json.dumps(package), headers={"Authorization": keys["editor"]}
    )
    assert written.status_code == 201, written.text
    after = client.get(path, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert "改名的环节" in {lk["name"] for lk in after.json()}


def test_a_kept_answer_changes_nothing_for_a_request_with_a_key(
    client: TestClient, chain: str
) -> None:
    bogus = {"Authorization": "Bearer cm_not-a-key"}
    for path in _paths(chain):
        unkept = client.get(path, headers=bogus)
        assert client.get(path).status_code == 200, path
        kept = client.get(path)  # answered before routing now (app.answers.AnswerFront)
        assert kept.status_code == 200 and kept.headers["ETag"], path
        again = client.get(path, headers=bogus)
        assert (again.status_code, again.content) == (unkept.status_code, unkept.content), path


def test_a_kept_answer_follows_the_version_of_the_chain_it_names(
    client: TestClient, keys: dict[str, str], chain: str
) -> None:
    path = f"/api/v1/enterprises/mill?chain={chain}"
    before = client.get(path)
    assert client.get(path).json() == before.json()
    package = tiny_package(chain)
    package["enterprises"][0]["name"] = "改名的钢厂"
    written = client.post(
        "/api/v1/import", content=json.dumps(package), headers={"Authorization": keys["editor"]}
    )
    assert written.status_code == 201, written.text
    after = client.get(path)
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.json()["name"] == "改名的钢厂"
