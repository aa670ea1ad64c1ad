"""A local Neo4j 5.26 Community server from Maven Central jars, for tests and benchmarks.

`tools/neo4j-server` is a small Maven project that starts Neo4j's embedded database manager with
its Bolt connector on 127.0.0.1 (the same server the `neo4j:5` image runs, with no plugin).
This module starts it on a free port with a fresh password, waits for its ready line and stops
it; like the embedded FalkorDB server it dies with its parent, so no server outlives a run.
`make neo4j-build` builds it; `make neo4j` runs one in the foreground for people.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import threading
from pathlib import Path

from graph.store.embedded_server import die_with_parent, terminate

__all__ = ["LocalNeo4j", "LocalNeo4jError", "SERVER_DIR", "BUILD_COMMAND"]

SERVER_DIR = Path(__file__).resolve().parents[2] / "tools" / "neo4j-server"
BUILD_COMMAND = "make neo4j-build"
READY = re.compile(r"chainmap-neo4j ready (bolt://127\.0\.0\.1:\d+)")
START_TIMEOUT_S = 240.0


class LocalNeo4jError(RuntimeError):
    """The local Neo4j could not be started; the message says what to run."""


class LocalNeo4j:
    """One local Neo4j server on a home directory of its own."""

    def __init__(self, home: Path, *, heap: str = "1g", pagecache: str = "256m") -> None:
        self.home = Path(home).resolve()
        self.heap = heap
        self.pagecache = pagecache
        self.user = "neo4j"
        self.password = secrets.token_urlsafe(18)
        self.uri = ""
        self._process: subprocess.Popen[str] | None = None

    @property
    def log_path(self) -> Path:
        return self.home / "server-output.log"

    def start(self, port: int = 0) -> LocalNeo4j:
        """Start the server on `port` (0: a free one) and wait until it answers."""
        # The script itself says when Java is missing; its words end up in the error below.
        script = SERVER_DIR / "run"
        if not (SERVER_DIR / "target" / "neo4j-server-1.0.0.jar").exists():
            raise LocalNeo4jError(f"the local Neo4j server is not built: run {BUILD_COMMAND}")
        self.home.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "NEO4J_PASSWORD": self.password, "NEO4J_HEAP": self.heap}
        log = self.log_path.open("a", encoding="utf-8")
        self._process = subprocess.Popen(  # noqa: S603 - our own script, no shell
            [
                str(script),
                *("--home", str(self.home), "--port", str(port)),
                *("--pagecache", self.pagecache),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env=env,
            preexec_fn=die_with_parent,  # noqa: PLW1509
            start_new_session=True,
        )
        log.close()
        self.uri = self._wait_for_ready()
        return self

    def _wait_for_ready(self) -> str:
        assert self._process is not None and self._process.stdout is not None
        found: list[str] = []
        stdout = self._process.stdout

        def read() -> None:
            for line in stdout:
                match = READY.search(line)
                if match:
                    found.append(match.group(1))
                    return

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(START_TIMEOUT_S)
        if found:
            return found[0]
        code = self._process.poll()
        self.stop()
        said = self.log_path.read_text("utf-8", "replace")[-3000:]
        what = f"exited with {code}" if code is not None else f"not ready in {START_TIMEOUT_S:.0f}s"
        raise LocalNeo4jError(f"the local Neo4j {what}; it said:\n{said}")

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def stop(self, timeout: float = 60.0) -> None:
        """SIGTERM: Neo4j checkpoints and closes its store, then exits."""
        process, self._process = self._process, None
        terminate(process, timeout)
        if process is not None and process.stdout is not None:
            process.stdout.close()
