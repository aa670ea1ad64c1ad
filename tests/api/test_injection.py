"""Hostile input is data: stored exactly or refused with 4xx, never run as Cypher.

Every free-text field of a package gets each hostile string at once; ids, enums and numbers
that cannot hold them must be refused with the path named. Hostile values in paths and query
parameters must come back as 4xx or an empty answer. After all of it, a bystander chain is
unchanged and no label or relationship type has appeared that the code does not write.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from graph.errors import InvalidValueError
from graph.package.formats import check_references
from graph.package.models import ChainPackage
from graph.store.base import GraphStore
from graph.store.falkordb_store import cypher_literal
from graph.store.queries import query_texts
from tests.canonical import canonical
from tests.factories import load_tiny, tiny_package
from tests.stores import raw_query

CYPHER = [
    '"}) MATCH (n) DETACH DELETE n //',
    "') MATCH (n) DETACH DELETE n //",
    "x` ]->(m) DETACH DELETE m //",
    "`Chain`:`Enterprise`",
    '}{$chain} CYPHER chain="other" RETURN 1',
    '\\" , chain: "other',
    "\\",
    '\\\\"',
    "$$ ; CALL db.labels() YIELD label RETURN label",
]
ODD = [
    "'; DROP TABLE chains; --",
    "line\nbreak\r\n\ttab\x0b\x0c",
    "‮right-to-left‬ \u2028 \ufeff",
    "轴承 😀 \U0010fffd",
    "%00%27%22",
]
HOSTILE = CYPHER + ODD
LONG = "长" * 200  # the longest text every free-text field accepts (names: 200)
TOO_LONG = "x" * 2001


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, (*path, index))
    else:
        yield path, data


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _accepts(package: dict[str, Any]) -> bool:
    try:
        checked = ChainPackage.model_validate(package)
    except ValueError:
        return False
    return not list(check_references(checked))


def _text_fields(package: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Paths of the string fields that accept any text (not ids, enums or dates alike)."""
    found = []
    for path, value in _leaves(package):
        if not isinstance(value, str) or path[:2] == ("chain", "id"):
            continue
        trial = copy.deepcopy(package)
        _set(trial, path, HOSTILE[0])
        if _accepts(trial):
            found.append(path)
    return found


def _graph_shape(client: TestClient) -> dict[str, int]:
    return client.get("/healthz").json()["counts"]  # type: ignore[no-any-return]


@pytest.fixture
def bystander(client: TestClient, store: GraphStore) -> Iterator[tuple[str, Any]]:
    chain = load_tiny(store)
    before = client.get(f"/api/v1/chains/{chain}/export").json()
    yield chain, before
    assert client.get(f"/api/v1/chains/{chain}/export").json() == before


@pytest.mark.parametrize("hostile", [*HOSTILE, LONG], ids=range(len(HOSTILE) + 1))
def test_hostile_text_in_every_free_text_field_is_stored_exactly(
    client: TestClient, keys: dict[str, str], bystander: tuple[str, Any], hostile: str
) -> None:
    package = tiny_package()
    fields = _text_fields(package)
    assert len(fields) > 20, fields  # names, sources, descriptions, nested texts
    for path in fields:
        _set(package, path, hostile)
    package["enterprises"][0]["revenue_10k_cny"] = {hostile: 1.5}
    package["indicators"] = {hostile: 2.5}
    editor = {"Authorization": keys["editor"]}
    response = client.post("/api/v1/import", content=json.dumps(package), headers=editor)
    assert response.status_code == 201, response.text
    chain = package["chain"]["id"]
    exported = client.get(f"/api/v1/chains/{chain}/export", headers=editor).json()
    sent = ChainPackage.model_validate(package).model_dump(
        mode="json", by_alias=True, exclude_none=True
    )
    assert canonical(exported) == canonical(sent)
    assert sum(value == hostile for _, value in _leaves(exported)) >= len(fields)


@pytest.mark.parametrize("hostile", [*CYPHER, TOO_LONG, "", "a b"], ids=range(len(CYPHER) + 3))
def test_hostile_ids_are_refused_with_their_path(
    client: TestClient, keys: dict[str, str], bystander: tuple[str, Any], hostile: str
) -> None:
    shape = _graph_shape(client)
    package = tiny_package()
    package["enterprises"][0]["id"] = hostile
    package["links"][1]["id"] = hostile
    response = client.post(
        "/api/v1/import", content=json.dumps(package), headers={"Authorization": keys["editor"]}
    )
    assert response.status_code == 422
    paths = {e["path"] for e in response.json()["errors"]}
    assert {"$.enterprises[0].id", "$.links[1].id"} <= paths
    assert _graph_shape(client) == shape


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (("segments", 0, "order"), 10**30),
        (("links", 0, "order"), -(10**30)),
        (("chain", "update_cycle_days"), 2**63),
        (("supplies", 0, "share"), 1e308),
        (("enterprises", 0, "revenue_10k_cny"), {"2019": "1e999"}),
        (("chain", "name"), TOO_LONG),
        (("enterprises", 0, "tier"), "leader' OR 1=1"),
        (("chain", "name"), {"$ne": None}),
        (("enterprises", 0, "links"), "steel"),
    ],
)
def test_out_of_range_and_mistyped_values_are_refused_with_their_path(
    client: TestClient, keys: dict[str, str], field: tuple[Any, ...], value: Any
) -> None:
    package = tiny_package()
    _set(package, field, value)
    response = client.post(
        "/api/v1/import", content=json.dumps(package), headers={"Authorization": keys["editor"]}
    )
    assert response.status_code == 422, response.text
    expected = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in field)
    assert any(e["path"].startswith(expected) for e in response.json()["errors"])


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe\x00{",
        b'{"chain": {"id": "x", "name": "\xc3\x28", "home_province": "p"}}',
        b"{" * 100_000,
        b'{"chain": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        b"",
        b"null",
        b"PK\x03\x04not really a zip",
    ],
    ids=["utf16-bom", "bad-utf8", "deep-open", "deep-nesting", "empty", "null", "bad-zip"],
)
def test_bodies_that_are_not_packages_get_422(
    client: TestClient, keys: dict[str, str], body: bytes
) -> None:
    response = client.post(
        "/api/v1/import", content=body, headers={"Authorization": keys["editor"]}
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_text_that_is_not_unicode_or_holds_nul_is_refused_and_nothing_written(
    client: TestClient, keys: dict[str, str], bystander: tuple[str, Any]
) -> None:
    shape = _graph_shape(client)
    for name in ["\\ud800 lone surrogate", "nul \\u0000 inside"]:
        package = tiny_package()
        body = (
            json.dumps(package, ensure_ascii=False)
            .replace('"测试轴承链"', f'"{name}"')
            .replace('"兴潘特钢"', f'"{name}"')
        )
        assert name in body
        response = client.post(
            "/api/v1/import", content=body, headers={"Authorization": keys["editor"]}
        )
        assert response.status_code == 422, response.text
        assert "nothing was written" in response.json()["detail"]
        assert client.get(f"/api/v1/chains/{package['chain']['id']}/links").status_code == 404
    assert _graph_shape(client) == shape


READS = [
    "/api/v1/chains/{v}/links",
    "/api/v1/chains/{v}/enterprises",
    "/api/v1/chains/{v}/institutions",
    "/api/v1/chains/{v}/export",
    "/api/v1/enterprises/{v}",
    "/api/v1/enterprises/{v}/upstream?depth=10",
    "/api/v1/enterprises/{v}/choke-points",
    "/api/v1/chains/{v}/bottlenecks",
    "/api/v1/chains/{v}/versions",
    "/api/v1/chains/{c}/enterprises?link={v}&province={v}",
    "/api/v1/enterprises/mill?chain={v}",
    "/api/v1/paths?from={v}&to={v}",
    "/api/v1/chains/{c}/problems?link={v}",
    "/api/v1/chains/{c}/problems/{v}",
    "/api/v1/chains/{c}/projects/{v}",
    "/api/v1/chains/{c}/achievements/{v}",
    "/api/v1/audit?chain={v}&action={v}",
]


@pytest.mark.parametrize("hostile", [*CYPHER, "\x00", TOO_LONG * 4], ids=range(len(CYPHER) + 2))
def test_hostile_paths_and_query_parameters_are_answered_as_data(
    client: TestClient, keys: dict[str, str], bystander: tuple[str, Any], hostile: str
) -> None:
    chain, _ = bystander
    shape = _graph_shape(client)
    admin = {"Authorization": keys["admin"]}
    for template in READS:
        url = template.format(v=quote(hostile, safe=""), c=chain)
        response = client.get(url, headers=admin)
        assert response.status_code < 500, (url, response.text)
        if response.status_code == 200 and "items" in response.json():
            assert response.json()["items"] == [], url
    assert _graph_shape(client) == shape


def test_the_store_holds_only_labels_and_relationship_types_the_code_writes(
    store: GraphStore,
) -> None:
    """Runs after the hostile imports above (same session store): labels and relationship
    types all come from the query catalogue, none from input."""
    catalogue = "\n".join(query_texts())
    labels = [r["label"] for r in raw_query(store, "CALL db.labels() YIELD label RETURN label")]
    types = [
        r["relationshipType"]
        for r in raw_query(
            store, "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType"
        )
    ]
    assert labels and types
    for name in labels + types:
        assert f":{name}" in catalogue, f"{name} is not written by any query in cypher/"


def test_cypher_literals_cannot_end_early() -> None:
    for hostile in HOSTILE:
        literal = cypher_literal(hostile)
        inner = literal[1:-1]
        # every quote inside is escaped by an odd run of backslashes
        for index, char in enumerate(inner):
            if char == '"':
                run = len(inner[:index]) - len(inner[:index].rstrip("\\"))
                assert run % 2 == 1, (hostile, literal)
    for bad in ["a\x00b", 2**63, -(2**63) - 1, float("nan"), float("inf")]:
        with pytest.raises(InvalidValueError):
            cypher_literal(bad)
    with pytest.raises(ValueError):
        cypher_literal({"a}:1,b": 1})
