"""GraphStore adapter for FalkorDB over RESP (the embedded default)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import falkordb
import redis
from falkordb.helpers import stringify_param_value

from graph.queries import query, schema_statements
from graph.store.base import Row, Statement, StoreUnavailableError

__all__ = ["FalkorStore"]

GRAPH_KEY = "chainmap"


def _params_header(params: Mapping[str, Any] | None) -> str:
    if not params:
        return ""
    return "CYPHER " + " ".join(f"{k}={stringify_param_value(v)}" for k, v in params.items()) + " "


def _plain(value: Any) -> Any:
    """Node and edge objects never leave the adapter; queries return scalars, lists and maps."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "properties"):
        return dict(value.properties)
    return value


class FalkorStore:
    kind = "falkordb"

    def __init__(self, host: str, port: int, password: str | None) -> None:
        self._db = falkordb.FalkorDB(host=host, port=port, password=password)
        self._graph = self._db.select_graph(GRAPH_KEY)

    def _run(self, name: str, params: Mapping[str, Any] | None, read_only: bool) -> list[Row]:
        text = query(name)
        try:
            run = self._graph.ro_query if read_only else self._graph.query
            result = run(text, dict(params or {}))
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise StoreUnavailableError(f"FalkorDB does not answer: {exc}") from exc
        columns = [column[1] for column in result.header]
        return [
            {c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in result.result_set
        ]

    def read(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        return self._run(name, params, read_only=True)

    def write(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        return self._run(name, params, read_only=False)

    def write_atomically(self, statements: Sequence[Statement]) -> None:
        # MULTI/EXEC: the server runs the block without interleaving other clients, and the
        # append-only file drops a block cut short by a crash (aof-load-truncated), so the store
        # comes back with all of it or none.
        pipe = self._db.connection.pipeline(transaction=True)
        for name, params in statements:
            pipe.execute_command("GRAPH.QUERY", GRAPH_KEY, _params_header(params) + query(name))
        try:
            pipe.execute()
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise StoreUnavailableError(f"FalkorDB does not answer: {exc}") from exc

    def apply_schema(self) -> None:
        for statement in schema_statements("falkordb"):
            try:
                self._graph.query(statement)
            except redis.ResponseError as exc:
                if "already indexed" not in str(exc):
                    raise

    def ping(self) -> None:
        try:
            self._db.connection.ping()
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise StoreUnavailableError(f"FalkorDB does not answer: {exc}") from exc

    def close(self) -> None:
        self._db.connection.close()
