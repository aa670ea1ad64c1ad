"""Concurrent writers: parallel imports of different chains all land whole; parallel edits of
one record with the same ETag let exactly one through and refuse the rest (no lost update)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi.testclient import TestClient

from graph.package.models import ChainPackage
from graph.store.base import GraphStore
from tests.canonical import canonical
from tests.factories import load_tiny, problem_update_body, tiny_package

WRITERS = 8


def test_parallel_edits_of_one_problem_with_one_etag_let_exactly_one_through(
    client: TestClient, store: GraphStore, keys: dict[str, str]
) -> None:
    chain = load_tiny(store)
    editor = {"Authorization": keys["editor"]}
    url = f"/api/v1/chains/{chain}/problems/p-noise"
    first = client.get(url, headers=editor)
    etag = first.headers["ETag"]
    base = problem_update_body(first.json())

    def edit(n: int) -> tuple[int, str]:
        body = {**base, "title": f"writer {n}"}
        response = client.put(url, json=body, headers={**editor, "If-Match": etag})
        return response.status_code, body["title"]

    with ThreadPoolExecutor(WRITERS) as pool:
        results = list(pool.map(edit, range(WRITERS)))
    winners = [title for status, title in results if status == 200]
    assert len(winners) == 1, results
    assert sorted(status for status, _ in results) == [200] + [412] * (WRITERS - 1)
    assert client.get(url, headers=editor).json()["title"] == winners[0]


def test_parallel_imports_of_different_chains_all_land_whole(
    client: TestClient, keys: dict[str, str]
) -> None:
    packages = [tiny_package() for _ in range(WRITERS)]
    for n, package in enumerate(packages):
        package["chain"]["name"] = f"并行 {n}"
    editor = {"Authorization": keys["editor"]}

    def send(package: dict[str, Any]) -> int:
        return client.post(
            "/api/v1/import", content=json.dumps(package), headers=editor
        ).status_code

    with ThreadPoolExecutor(WRITERS) as pool:
        assert list(pool.map(send, packages)) == [201] * WRITERS
    for package in packages:
        chain = package["chain"]["id"]
        exported = client.get(f"/api/v1/chains/{chain}/export", headers=editor).json()
        sent = ChainPackage.model_validate(package).model_dump(
            mode="json", by_alias=True, exclude_none=True
        )
        assert canonical(exported) == canonical(sent)
        versions = client.get(f"/api/v1/chains/{chain}/versions", headers=editor).json()
        assert [v["seq"] for v in versions["items"]] == [1]
