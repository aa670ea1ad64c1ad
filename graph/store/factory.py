"""Open the store the settings ask for, starting the embedded server when that is the choice."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph.store.base import GraphStore
from graph.store.embedded_server import EmbeddedServer
from graph.store.supervisor import Supervisor

__all__ = ["OpenStore", "open_embedded", "open_neo4j"]


@dataclass
class OpenStore:
    """A store and, for the embedded default, the server process behind it."""

    store: GraphStore
    server: EmbeddedServer | None = None
    supervisor: Supervisor | None = None

    def supervise(self) -> None:
        """Restart the embedded server whenever it dies (long-running owners: the service)."""
        if self.server is not None and self.supervisor is None:
            self.supervisor = Supervisor(self.server).start()

    def close(self) -> None:
        if self.supervisor is not None:
            self.supervisor.stop()
        self.store.close()
        if self.server is not None:
            self.server.stop()


def open_embedded(data_dir: Path) -> OpenStore:
    from graph.store.falkordb_store import FalkorStore

    server = EmbeddedServer(data_dir)
    server.start()
    try:
        store = FalkorStore(lambda: server.endpoint, compact_after_writes=True)
        store.apply_schema()
    except BaseException:
        server.stop()
        raise
    return OpenStore(store, server)


def open_neo4j(uri: str, user: str, password: str, database: str) -> OpenStore:
    from graph.store.neo4j_store import Neo4jStore

    store = Neo4jStore(uri, user, password, database)
    store.ping()
    store.apply_schema()
    return OpenStore(store)
