"""The stores a benchmark runs on, and the service it drives over real HTTP.

`--store embedded,neo4j` names them; each is fresh for the run: the embedded FalkorDB on a data
directory of its own, or the local Neo4j 5.26 (tools/neo4j-server) on a home of its own. The
benchmark writes through `open()`; `serve()` then starts `chainmap serve` in a process of its
own on the same data, so a client in the benchmark's process meets it as users do, over
loopback HTTP. The embedded store belongs to one process at a time, so the benchmark's own
connection is closed before the service opens it.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from graph.store.factory import OpenStore, open_embedded, open_neo4j
from graph.store.local_neo4j import LocalNeo4j

__all__ = ["KINDS", "BenchStore", "fresh_store", "parse_kinds"]

KINDS = ("embedded", "neo4j")
# A 100,000-enterprise import is one transaction: Neo4j holds its state on the heap.
NEO4J_HEAP = os.environ.get("CHAINMAP_BENCH_NEO4J_HEAP", "6g")


def parse_kinds(text: str) -> list[str]:
    kinds = [k.strip() for k in text.split(",") if k.strip()]
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown or not kinds:
        raise SystemExit(f"--store takes {', '.join(KINDS)} (comma-separated), not {text!r}")
    return kinds


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class BenchStore:
    def __init__(self, kind: str, folder: Path) -> None:
        self.kind = kind
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.neo4j: LocalNeo4j | None = None
        self.service: subprocess.Popen[bytes] | None = None
        if kind == "neo4j":
            self.neo4j = LocalNeo4j(folder / "neo4j", heap=NEO4J_HEAP, pagecache="1g").start()

    @property
    def label(self) -> str:
        return "embedded FalkorDB" if self.kind == "embedded" else "Neo4j 5.26"

    def env(self) -> dict[str, str]:
        """The service settings that reach this store's data."""
        if self.neo4j is None:
            return {"CHAINMAP_STORE": "embedded", "CHAINMAP_DATA_DIR": str(self.folder / "data")}
        return {
            "CHAINMAP_STORE": "neo4j",
            "NEO4J_URI": self.neo4j.uri,
            "NEO4J_USER": self.neo4j.user,
            "NEO4J_PASSWORD": self.neo4j.password,
        }

    @contextlib.contextmanager
    def open(self) -> Iterator[OpenStore]:
        if self.neo4j is None:
            opened = open_embedded(self.folder / "data")
        else:
            opened = open_neo4j(self.neo4j.uri, self.neo4j.user, self.neo4j.password, "neo4j")
        try:
            yield opened
        finally:
            opened.close()

    @contextlib.contextmanager
    def serve(self, timeout: float = 600) -> Iterator[str]:
        """`chainmap serve` on this store in its own process; yields its base URL."""
        port = _free_port()
        env = {
            **os.environ,
            **self.env(),
            "CHAINMAP_PORT": str(port),
            "CHAINMAP_LOAD_SEED": "false",
            "CHAINMAP_RATE_PER_MINUTE": "0",
        }
        log = (self.folder / f"service-{port}.log").open("wb")
        server = subprocess.Popen(  # noqa: S603 - our own CLI
            [sys.executable, "-m", "app.cli", "serve"], env=env, stdout=log, stderr=log
        )
        url = f"http://127.0.0.1:{port}"
        self.service = server
        try:
            deadline = time.monotonic() + timeout
            while True:
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{url}/healthz", timeout=5).status_code == 200:
                        break
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"the service did not come up; see {log.name}")
                time.sleep(0.2)
            yield url
        finally:
            self.service = None
            server.terminate()
            server.wait(60)
            log.close()

    def service_memory_mb(self) -> dict[str, int]:
        """The running service process's resident memory now and at its peak (the Python
        process alone: the embedded database server is a process of its own)."""
        assert self.service is not None, "only while serving"
        return _memory_mb(self.service.pid)

    def server_peak_rss_mb(self) -> int | None:
        """The Neo4j server's peak resident memory so far (heap, page cache and the rest)."""
        if self.neo4j is None or self.neo4j.pid is None:
            return None
        return _memory_mb(self.neo4j.pid)["peak"]

    def close(self) -> None:
        if self.neo4j is not None:
            self.neo4j.stop()


def _memory_mb(pid: int) -> dict[str, int]:
    """A process's resident memory now (VmRSS) and at its peak (VmHWM), in MB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found["now" if name == "VmRSS" else "peak"] = int(value.split()[0]) // 1024
    return found


@contextlib.contextmanager
def fresh_store(kind: str, folder: Path) -> Iterator[BenchStore]:
    store = BenchStore(kind, folder / kind)
    try:
        yield store
    finally:
        store.close()
