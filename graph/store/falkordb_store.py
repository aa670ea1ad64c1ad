"""GraphStore adapter for FalkorDB over RESP (the embedded default).

The adapter asks its endpoint source for the server's address on every call and reconnects
when it has changed, so a server restarted under it (new port, new password) is picked up by
the next request; while there is no server, calls raise StoreUnavailableError.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import falkordb
import redis

from graph.errors import StoreUnavailableError
from graph.store.base import Row, Statement
from graph.store.embedded_server import Endpoint, wait_for_no_child
from graph.store.queries import query, schema_statements
from graph.store.values import check_value

__all__ = ["FalkorStore", "cypher_literal"]

GRAPH_KEY = "chainmap"
# Where a large write is built before it replaces the graph (write_atomically).
STAGING_KEY = "chainmap:staging"
# A MULTI/EXEC block holds the whole server while it runs, about 1.3 MB of query text a second
# here: past this size (about 50 ms of holding) the block runs on a staged copy instead.
STAGE_ABOVE_CHARS = 64 * 1024
# A rewrite of a 100,000-firm graph takes seconds; past this the server is taken for stuck.
CHILD_WAIT_S = 300.0
CONNECT_TIMEOUT_S = 5.0
_UNAVAILABLE = (redis.ConnectionError, redis.TimeoutError)


def cypher_literal(value: Any) -> str:
    """`value` as a Cypher literal for the CYPHER parameter header.

    Strings are always quoted with backslashes and quotes escaped, so no value can end its
    literal early. Values the server would not keep as given are refused with
    InvalidValueError (graph.store.values). Map keys come from the code, never from input, and
    are checked anyway."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        check_value(value)
        return str(value) if isinstance(value, int) else repr(value)
    if isinstance(value, str):
        check_value(value)
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ",".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, Mapping):
        for key in value:
            if not isinstance(key, str) or not key.isidentifier():
                raise ValueError(f"map key {key!r} is not an identifier")
        return "{" + ",".join(f"{k}:{cypher_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def _params_header(params: Mapping[str, Any] | None) -> str:
    if not params:
        return ""
    for name in params:
        if not name.isidentifier():
            raise ValueError(f"parameter name {name!r} is not an identifier")
    return "CYPHER " + " ".join(f"{k}={cypher_literal(v)}" for k, v in params.items()) + " "


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
    # The embedded server is this process's own (its data directory is locked to one owner).
    sole_writer = True

    def __init__(
        self, endpoint: Endpoint | Callable[[], Endpoint], *, compact_after_writes: bool = False
    ) -> None:
        self.compact_after_writes = compact_after_writes
        self._source: Callable[[], Endpoint] = (
            endpoint if not isinstance(endpoint, Endpoint) else lambda: endpoint
        )
        self._guard = threading.Lock()
        # One writer at a time: a staged write replaces the whole graph, so a write that landed
        # beside it would be lost.
        self._writing = threading.Lock()
        self.writes = 0
        self._endpoint: Endpoint | None = None
        self._db: falkordb.FalkorDB | None = None
        self._connected()

    def _connected(self) -> tuple[falkordb.FalkorDB, Any]:
        """The client for the server's current endpoint, reconnecting when it has moved."""
        endpoint = self._source()
        with self._guard:
            if endpoint != self._endpoint or self._db is None:
                if self._db is not None:
                    self._db.connection.close()
                self._db = falkordb.FalkorDB(
                    host=endpoint.host,
                    port=endpoint.port,
                    password=endpoint.password,
                    socket_connect_timeout=CONNECT_TIMEOUT_S,
                )
                self._graph = self._db.select_graph(GRAPH_KEY)
                self._endpoint = endpoint
            return self._db, self._graph

    def _run(self, name: str, params: Mapping[str, Any] | None, read_only: bool) -> list[Row]:
        # Parameters go into the header by our own quoting (cypher_literal), the query text
        # comes from the catalogue only.
        text = _params_header(params) + query(name)
        try:
            _, graph = self._connected()
            result = graph.ro_query(text) if read_only else graph.query(text)
        except _UNAVAILABLE as exc:
            raise StoreUnavailableError(f"FalkorDB does not answer: {exc}") from exc
        columns = [column[1] for column in result.header]
        return [
            {c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in result.result_set
        ]

    def read(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        return self._run(name, params, read_only=True)

    def write(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        with self._writing:
            self.writes += 1
            return self._run(name, params, read_only=False)

    def write_atomically(self, statements: Sequence[Statement]) -> None:
        texts = [_params_header(params) + query(name) for name, params in statements]
        with self._writing:
            self.writes += 1
            try:
                connection = self._connected()[0].connection
                if sum(map(len, texts)) > STAGE_ABOVE_CHARS:
                    _write_staged(connection, texts)
                else:
                    _write_in_one_block(connection, texts)
                if self.compact_after_writes:
                    # A rewrite turns the append-only file into a snapshot, which loads faster
                    # than replaying the writes. It runs in the background and is crash-safe.
                    with contextlib.suppress(redis.ResponseError):  # one is already running
                        connection.bgrewriteaof()
            except _UNAVAILABLE as exc:
                raise StoreUnavailableError(f"FalkorDB does not answer: {exc}") from exc

    def apply_schema(self) -> None:
        # A staged write cut short by a crash left its copy behind; the graph never saw it.
        _drop_staging(self._connected()[0].connection)
        _, graph = self._connected()
        for statement in schema_statements("falkordb"):
            try:
                graph.query(statement)
            except redis.ResponseError as exc:
                if "already indexed" not in str(exc):
                    raise

    def ping(self) -> None:
        try:
            db, _ = self._connected()
            db.connection.ping()
        except _UNAVAILABLE as exc:
            raise StoreUnavailableError(f"FalkorDB does not answer: {exc}") from exc

    def close(self) -> None:
        with self._guard:
            if self._db is not None:
                self._db.connection.close()
            self._db = None


def _write_in_one_block(connection: redis.Redis, texts: Sequence[str]) -> None:
    """MULTI/EXEC: the server runs the block without interleaving other clients, and the
    append-only file drops a block cut short by a crash (aof-load-truncated)."""
    pipe = connection.pipeline(transaction=True)
    for text in texts:
        pipe.execute_command("GRAPH.QUERY", GRAPH_KEY, text)
    pipe.execute()


def _write_staged(connection: redis.Redis, texts: Sequence[str]) -> None:
    """Runs the statements one by one on a copy of the graph, then renames the copy over it.

    Readers keep answering from the graph meanwhile (each statement is a command of its own)
    and see the whole write at the rename, which is atomic, also in the append-only file.
    A statement that fails, or a crash, leaves the graph as it was."""
    _drop_staging(connection)
    if connection.exists(GRAPH_KEY):
        # GRAPH.COPY forks, and a copy that could not fork (the previous write's rewrite still
        # running) left the server hanging.
        if not wait_for_no_child(connection, CHILD_WAIT_S):
            raise StoreUnavailableError(
                f"FalkorDB has been busy with a background save for over {CHILD_WAIT_S:.0f} s"
            )
        connection.execute_command("GRAPH.COPY", GRAPH_KEY, STAGING_KEY)
    try:
        for text in texts:
            connection.execute_command("GRAPH.QUERY", STAGING_KEY, text)
    except BaseException:
        with contextlib.suppress(redis.RedisError):
            _drop_staging(connection)
        raise
    connection.rename(STAGING_KEY, GRAPH_KEY)


def _drop_staging(connection: redis.Redis) -> None:
    if connection.exists(STAGING_KEY):
        connection.execute_command("GRAPH.DELETE", STAGING_KEY)
