"""Fixtures: one real embedded FalkorDB server for the session, Neo4j when Docker answers."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from graph.keys import create_key
from graph.store.base import GraphStore
from graph.store.factory import OpenStore, open_embedded


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


def _docker_answers() -> str | None:
    """None when a Docker engine answers, else why not."""
    try:
        import docker

        docker.from_env().ping()
    except Exception as exc:  # any failure means: no engine to run Neo4j in
        return f"no Docker engine answers ({type(exc).__name__}: {exc})"
    return None


@pytest.fixture(scope="session")
def neo4j_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    reason = _docker_answers()
    if reason:
        pytest.skip(f"Neo4j tests need Docker to start neo4j:5 via testcontainers: {reason}")
    from testcontainers.neo4j import Neo4jContainer

    from graph.store.factory import open_neo4j

    container = Neo4jContainer("neo4j:5")
    try:
        container.start()
    except Exception:
        (tmp_path_factory.getbasetemp() / "neo4j-container.log").write_bytes(
            b"\n".join(container.get_logs())
        )
        raise
    try:
        opened = open_neo4j(container.get_connection_url(), "neo4j", container.password, "neo4j")
        yield opened.store
        opened.close()
    finally:
        (tmp_path_factory.getbasetemp() / "neo4j-container.log").write_bytes(
            b"\n".join(container.get_logs())
        )
        container.stop()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> GraphStore:
    """Each store test runs on the embedded store and, where Docker answers, on Neo4j."""
    if request.param == "neo4j":
        return request.getfixturevalue("neo4j_store")  # type: ignore[no-any-return]
    return request.getfixturevalue("embedded").store  # type: ignore[no-any-return]


@pytest.fixture
def falkor(embedded: OpenStore) -> GraphStore:
    """The embedded store alone, for tests of the service on its default backend."""
    return embedded.store


@pytest.fixture
def client(falkor: GraphStore) -> Iterator[TestClient]:
    app = create_app(Settings(CHAINMAP_LOAD_SEED=False), store=falkor)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def keys(embedded: OpenStore) -> dict[str, str]:
    """One key per role, as `Authorization` header values."""
    return {
        role: f"Bearer {create_key(embedded.store, role, name=f'test {role}')[1]}"
        for role in ("viewer", "member", "editor", "admin")
    }
