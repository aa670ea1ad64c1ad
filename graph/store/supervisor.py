"""Keep the embedded server up: notice that it died and start a new one on the same data.

While it is down, store calls raise StoreUnavailableError (the API answers 503 with
Retry-After); once the new server answers, the store reconnects on its next call. Restarts
that fail are retried with a growing pause, so damaged files do not make it spin.
"""

from __future__ import annotations

import logging
import threading

from graph.store.embedded_server import DataDirError, EmbeddedServer, EmbeddedServerError

__all__ = ["Supervisor"]

log = logging.getLogger("chainmap")


class Supervisor:
    """A thread that restarts `server` whenever it exits without being asked to.

    The thread also becomes the new server's parent: the kernel signals the server when its
    parent thread ends, so the supervisor lives until `stop()`, which the owner calls before
    stopping the server itself.
    """

    def __init__(
        self, server: EmbeddedServer, *, interval: float = 0.2, max_pause: float = 30.0
    ) -> None:
        self.server = server
        self.interval = interval
        self.max_pause = max_pause
        self.last_error: str | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="store-supervisor", daemon=True)

    def start(self) -> Supervisor:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join()

    def _watch(self) -> None:
        pause = self.interval
        while not self._stopping.wait(pause):
            if not self.server.died:
                pause = self.interval
                continue
            log.error("the embedded FalkorDB server died; restarting it on the same data")
            try:
                self.server.restart()
            except (DataDirError, EmbeddedServerError, OSError) as exc:
                self.last_error = str(exc)
                pause = min(max(pause * 2, 1.0), self.max_pause)
                log.error("restarting the embedded server failed (retry in %.0fs): %s", pause, exc)
                continue
            self.last_error = None
            pause = self.interval
            log.warning("the embedded FalkorDB server is back (restart %d)", self.server.restarts)
