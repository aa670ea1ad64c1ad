"""GraphStore adapter for Neo4j through the official driver (bolt://, neo4j:// routing, Aura).

Every query, single or in an atomic unit, goes through the driver's bookmark manager, so on a
cluster a read routed to a secondary right after a write sees that write. Values are checked
like the embedded store's (graph.store.values) before anything is sent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import neo4j
from neo4j.exceptions import (
    ClientError,
    ConstraintError,
    CypherTypeError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph.errors import InvalidValueError, StoreUnavailableError, WriteConflictError
from graph.store.base import Row, Statement
from graph.store.queries import query, schema_statements
from graph.store.values import check_params

__all__ = ["Neo4jStore"]

_UNAVAILABLE = (ServiceUnavailable, SessionExpired)
_DRIVER_ERRORS = (*_UNAVAILABLE, ClientError, TransientError)
# Codes of client errors a value can cause (a property Neo4j cannot hold); others are ours.
_VALUE_ERRORS = ("Neo.ClientError.Statement.ArgumentError", "Neo.ClientError.Statement.TypeError")


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, neo4j.graph.Entity):
        return dict(value)
    return value


def _translated(exc: Exception) -> Exception:
    """A driver error as the port's error, or the error itself when it is a programming one."""
    if isinstance(exc, _UNAVAILABLE):
        return StoreUnavailableError(f"Neo4j does not answer: {exc}")
    if isinstance(exc, TransientError) and "Memory" in (exc.code or ""):
        return StoreUnavailableError(
            f"Neo4j has no room for the transaction ({exc.message}); nothing was written. "
            "Raise its heap or dbms.memory.transaction.total.max"
        )
    if isinstance(exc, ConstraintError | TransientError):
        return WriteConflictError(f"Neo4j refused the write: {exc.message}")  # type: ignore[attr-defined]
    if isinstance(exc, CypherTypeError) or (
        isinstance(exc, ClientError) and exc.code in _VALUE_ERRORS
    ):
        return InvalidValueError(f"Neo4j cannot store a value: {exc.message}")
    return exc


class Neo4jStore:
    kind = "neo4j"
    # Several service processes, and a cluster, may write to one Neo4j.
    sole_writer = False

    def __init__(self, uri: str, user: str, password: str, database: str) -> None:
        self._driver = neo4j.GraphDatabase.driver(
            uri,
            auth=(user, password),
            # Optional properties (a version's patch depth) are absent on many nodes by design;
            # Neo4j's "property key does not exist" notices would fill the log.
            notifications_disabled_classifications=[
                neo4j.NotificationDisabledClassification.UNRECOGNIZED
            ],
        )
        self._database = database
        self.writes = 0
        self._bookmarks = self._driver.execute_query_bookmark_manager

    def _run(
        self, name: str, params: Mapping[str, Any] | None, routing: neo4j.RoutingControl
    ) -> list[Row]:
        check_params(params)
        try:
            records, _, keys = self._driver.execute_query(
                query(name), dict(params or {}), routing_=routing, database_=self._database
            )
        except _DRIVER_ERRORS as exc:
            raise _translated(exc) from exc
        return [{k: _plain(record[k]) for k in keys} for record in records]

    def read(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        # Read transactions are routed to secondaries on a cluster (neo4j:// URIs).
        return self._run(name, params, neo4j.RoutingControl.READ)

    def write(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        self.writes += 1
        return self._run(name, params, neo4j.RoutingControl.WRITE)

    def write_atomically(self, statements: Sequence[Statement]) -> None:
        self.writes += 1
        for _, params in statements:
            check_params(params)

        def work(tx: neo4j.ManagedTransaction) -> None:
            for name, params in statements:
                tx.run(query(name), dict(params)).consume()

        try:
            # The shared bookmark manager: reads after this write wait for it on a cluster.
            with self._driver.session(
                database=self._database, bookmark_manager=self._bookmarks
            ) as session:
                session.execute_write(work)
        except _DRIVER_ERRORS as exc:
            raise _translated(exc) from exc

    def apply_schema(self) -> None:
        with self._driver.session(
            database=self._database, bookmark_manager=self._bookmarks
        ) as session:
            for statement in schema_statements("neo4j"):
                session.run(statement).consume()

    def ping(self) -> None:
        try:
            self._driver.verify_connectivity()
        except _UNAVAILABLE as exc:
            raise _translated(exc) from exc

    def close(self) -> None:
        self._driver.close()
