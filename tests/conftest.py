"""Fixtures: one real embedded FalkorDB server and one real Neo4j 5 server for the session.

Tests that touch a store take `store` (or `client`, `keys`), which is parametrised over both,
so each runs on the embedded store and on Neo4j; the summary says how many ran on Neo4j."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from graph.access.keys import create_key
from graph.store.base import GraphStore
from graph.store.factory import OpenStore, open_embedded, open_neo4j
from graph.store.local_neo4j import LocalNeo4j, LocalNeo4jError
from tests import catalogue_use

STORES = ["embedded", "neo4j"]


@pytest.fixture(scope="session")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenStore]:
    data_dir = tmp_path_factory.mktemp("store") / "data"
    opened = open_embedded(data_dir)
    try:
        yield opened
    finally:
        opened.close()
        log = Path(opened.server.log_path) if opened.server else None
        if log and log.exists():
            shutil.copy(log, tmp_path_factory.getbasetemp() / "falkordb-server.log")


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env().ping()
    except Exception:  # any failure means: no engine to run Neo4j in
        return False
    return True


@dataclass(frozen=True)
class Neo4jServer:
    """Where the test run's Neo4j listens, as the service's settings name it."""

    uri: str
    user: str
    password: str
    database: str = "neo4j"

    def env(self) -> dict[str, str]:
        return {
            "CHAINMAP_STORE": "neo4j",
            "NEO4J_URI": self.uri,
            "NEO4J_USER": self.user,
            "NEO4J_PASSWORD": self.password,
            "NEO4J_DATABASE": self.database,
        }


def _neo4j_from_docker(base: Path) -> Iterator[Neo4jServer]:
    from testcontainers.neo4j import Neo4jContainer

    container = Neo4jContainer("neo4j:5")
    try:
        container.start()
        yield Neo4jServer(container.get_connection_url(), "neo4j", container.password)
    finally:
        (base / "neo4j-container.log").write_bytes(b"\n".join(container.get_logs()))
        container.stop()


def _neo4j_local(base: Path) -> Iterator[Neo4jServer]:
    try:
        server = LocalNeo4j(base / "neo4j").start()
    except LocalNeo4jError as exc:
        pytest.fail(f"Neo4j tests may not skip on this machine: {exc}", pytrace=False)
    try:
        yield Neo4jServer(server.uri, server.user, server.password)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """A Neo4j 5 server for the whole run: the one `NEO4J_URI` names, else `neo4j:5` through
    testcontainers where a Docker engine answers, else the local server built from Maven
    Central jars (`make neo4j-build`). It never skips: a missing Java or Maven is a failure."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("NEO4J_URI"):
        yield Neo4jServer(
            os.environ["NEO4J_URI"],
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ.get("NEO4J_PASSWORD", ""),
            os.environ.get("NEO4J_DATABASE", "neo4j"),
        )
    elif _docker_answers():
        yield from _neo4j_from_docker(base)
    else:
        yield from _neo4j_local(base)


@pytest.fixture(scope="session")
def neo4j(neo4j_server: Neo4jServer) -> Iterator[OpenStore]:
    opened = open_neo4j(
        neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database
    )
    yield opened
    opened.close()


@pytest.fixture(scope="session", params=STORES)
def opened(request: pytest.FixtureRequest) -> OpenStore:
    """Every test that touches a store runs once on each: the embedded FalkorDB and Neo4j."""
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def store(opened: OpenStore) -> GraphStore:
    return opened.store


@pytest.fixture
def client(store: GraphStore) -> Iterator[TestClient]:
    app = create_app(Settings(CHAINMAP_LOAD_SEED=False), store=store)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def keys(store: GraphStore) -> dict[str, str]:
    """One key per role on the store under test, as `Authorization` header values."""
    return {
        role: f"Bearer {create_key(store, role, name=f'test {role}')[1]}"
        for role in ("viewer", "member", "editor", "admin")
    }


def pytest_configure(config: pytest.Config) -> None:
    catalogue_use.record_queries()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        parametrised = callspec is not None and callspec.params.get("opened") == "neo4j"
        if parametrised or "neo4j_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.neo4j)
    catalogue_use.run_last_or_deselect(config, items)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    counts = {
        outcome: sum(
            "neo4j" in getattr(report, "keywords", {})
            for report in terminalreporter.stats.get(outcome, [])
        )
        for outcome in ("passed", "failed", "error", "skipped")
    }
    terminalreporter.write_sep(
        "=",
        f"on Neo4j: {counts['passed'] + counts['failed']} tests ran ({counts['passed']} passed, "
        f"{counts['failed']} failed), {counts['error']} errors, {counts['skipped']} skipped",
    )
