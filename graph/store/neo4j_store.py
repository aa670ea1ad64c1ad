"""GraphStore adapter for Neo4j through the official driver (bolt://, neo4j:// routing, Aura)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import neo4j
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from graph.queries import query, schema_statements
from graph.store.base import Row, Statement, StoreUnavailableError

__all__ = ["Neo4jStore"]


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, neo4j.graph.Entity):
        return dict(value)
    return value


class Neo4jStore:
    kind = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str) -> None:
        self._driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))
        self._database = database

    def _run(
        self, name: str, params: Mapping[str, Any] | None, routing: neo4j.RoutingControl
    ) -> list[Row]:
        try:
            records, _, keys = self._driver.execute_query(
                query(name), dict(params or {}), routing_=routing, database_=self._database
            )
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailableError(f"Neo4j does not answer: {exc}") from exc
        return [{k: _plain(record[k]) for k in keys} for record in records]

    def read(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        # Read transactions are routed to secondaries on a cluster (neo4j:// URIs).
        return self._run(name, params, neo4j.RoutingControl.READ)

    def write(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        return self._run(name, params, neo4j.RoutingControl.WRITE)

    def write_atomically(self, statements: Sequence[Statement]) -> None:
        def work(tx: neo4j.ManagedTransaction) -> None:
            for name, params in statements:
                tx.run(query(name), dict(params)).consume()

        try:
            with self._driver.session(database=self._database) as session:
                session.execute_write(work)
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailableError(f"Neo4j does not answer: {exc}") from exc

    def apply_schema(self) -> None:
        with self._driver.session(database=self._database) as session:
            for statement in schema_statements("neo4j"):
                session.run(statement).consume()

    def ping(self) -> None:
        try:
            self._driver.verify_connectivity()
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailableError(f"Neo4j does not answer: {exc}") from exc

    def close(self) -> None:
        self._driver.close()
