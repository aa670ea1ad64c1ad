"""What both adapters promise beyond running queries: the same values refused before anything
is sent, and (Neo4j) every write joining the bookmarks that later reads wait for."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from graph.errors import InvalidValueError, WriteConflictError
from graph.store.base import GraphStore
from graph.store.factory import OpenStore, open_neo4j
from graph.store.local_neo4j import LocalNeo4j
from tests.factories import load_tiny, unique_chain

# Values one store or the other would not keep as given (cut short, clamped, stored as NaN, or
# a driver error): both refuse them alike.
REFUSED: dict[str, Any] = {
    "nul": "a\x00b",
    "int-too-big": 2**63,
    "int-too-small": -(2**63) - 1,
    "nan": float("nan"),
    "infinity": float("inf"),
    "lone-surrogate": "\ud800",
    "nested": {"list": [1, {"deep": "x\x00"}]},
}


@pytest.mark.parametrize("value", REFUSED.values(), ids=REFUSED.keys())
def test_values_no_store_keeps_are_refused_and_nothing_is_written(
    store: GraphStore, value: Any
) -> None:
    chain = unique_chain()
    with pytest.raises(InvalidValueError):
        store.write_atomically(
            [
                ("import/chain", {"chain": chain, "token": "t", "props": {"name": "ok"}}),
                ("import/chain", {"chain": chain, "token": "t", "props": {"name": value}}),
            ]
        )
    with pytest.raises(InvalidValueError):
        store.write("import/chain", {"chain": chain, "token": "t", "props": {"name": value}})
    assert store.read("chains/get", {"chain": chain}) == []


def test_an_atomic_write_joins_the_bookmarks_later_reads_wait_for(neo4j: OpenStore) -> None:
    """On a cluster a read routed to a secondary waits for the bookmarks it carries; a write
    outside the driver's bookmark manager would leave its own out, and the read could miss it."""
    store = neo4j.store
    bookmarks = store._bookmarks  # type: ignore[attr-defined]
    before = set(bookmarks.get_bookmarks())
    chain = load_tiny(store)  # one atomic write
    after = set(bookmarks.get_bookmarks())
    assert after and after != before
    assert store.read("chains/get", {"chain": chain})


def test_a_second_version_of_one_number_is_a_conflict_and_writes_nothing(
    neo4j: OpenStore,
) -> None:
    """Two service processes that read the same latest version both number the next one alike;
    the store's key on (chain, id) refuses the second write whole."""
    store = neo4j.store
    chain = load_tiny(store)
    version = {"chain": chain, "id": f"{chain}@2", "props": {"seq": 2}}
    store.write_atomically([("version/create", version)])
    marker = {"chain": chain, "token": "t", "props": {"name": "written with the conflict"}}
    with pytest.raises(WriteConflictError):
        store.write_atomically([("import/chain", marker), ("version/create", version)])
    assert store.read("chains/get", {"chain": chain})[0]["props"]["name"] != marker["props"]["name"]


def test_a_value_neo4j_cannot_hold_is_an_invalid_value(neo4j: OpenStore) -> None:
    chain = unique_chain()
    mixed = {"chain": chain, "token": "t", "props": {"name": "x", "tags": [1, "a"]}}
    with pytest.raises(InvalidValueError, match="Neo4j cannot store"):
        neo4j.store.write("import/chain", mixed)
    assert neo4j.store.read("chains/get", {"chain": chain}) == []


@pytest.mark.neo4j
def test_the_service_answers_503_while_neo4j_is_down_and_recovers_when_it_is_back(
    tmp_path: Path,
) -> None:
    """A Neo4j of its own, killed under a running service and started again on its data."""
    server = LocalNeo4j(tmp_path / "neo4j").start()
    try:
        opened = open_neo4j(server.uri, server.user, server.password, "neo4j")
        chain = load_tiny(opened.store)
        app = create_app(Settings(CHAINMAP_RATE_PER_MINUTE=0), store=opened.store)
        with TestClient(app) as client:
            assert client.get(f"/api/v1/chains/{chain}/links").status_code == 200
            assert server.pid is not None
            os.kill(server.pid, signal.SIGKILL)
            server.stop()
            down = client.get(f"/api/v1/chains/{chain}/links")
            assert down.status_code == 503, down.text
            assert down.headers["content-type"] == "application/problem+json"
            assert int(down.headers["Retry-After"]) > 0
            port = int(server.uri.rsplit(":", 1)[1])
            server.start(port=port)  # the same data, the same address
            back = client.get(f"/api/v1/chains/{chain}/links")
            assert back.status_code == 200 and len(back.json()) == 3
        opened.close()
    finally:
        server.stop()
