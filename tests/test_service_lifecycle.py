"""The service as users run it: `chainmap serve` in its own process, on the embedded store."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.factories import tiny_package
from tests.waiting import wait_until

CLI = [sys.executable, "-m", "app.cli"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _servers_on(data_dir: Path) -> list[int]:
    """Pids of redis-server processes working in this data directory.

    Redis rewrites its process title, so the command line cannot tell; it does chdir into its
    `--dir`, which is `<data_dir>/falkordb`.
    """
    store_dir = str((data_dir / "falkordb").resolve())
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name = (entry / "comm").read_text().strip()
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        if name.startswith("redis-server") and cwd == store_dir:
            found.append(int(entry.name))
    return found


def _wait_gone(data_dir: Path, timeout: float = 10) -> list[int]:
    wait_until(lambda: not _servers_on(data_dir), timeout, interval=0.1)
    return _servers_on(data_dir)


class Service:
    """`chainmap serve` in a process of its own; `env` adds settings (another store)."""

    def __init__(self, data_dir: Path, env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.port = _free_port()
        self.env = {
            **os.environ,
            "CHAINMAP_DATA_DIR": str(data_dir),
            "CHAINMAP_PORT": str(self.port),
            "CHAINMAP_LOAD_SEED": "false",
            **(env or {}),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*CLI, *args], env=self.env, capture_output=True, text=True, timeout=120
        )

    def start(self) -> None:
        self.process = subprocess.Popen(
            [*CLI, "serve"], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        process = self.process

        def answers() -> bool:
            assert process.poll() is None, process.stderr.read().decode()  # type: ignore[union-attr]
            try:
                return httpx.get(self.url("/healthz"), timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        if not wait_until(answers, 60, interval=0.2):
            raise AssertionError("the service did not answer /healthz within 60 s")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self, sig: int = signal.SIGTERM) -> None:
        assert self.process is not None
        self.process.send_signal(sig)
        self.process.wait(30)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    svc = Service(tmp_path / "data")
    yield svc
    if svc.process and svc.process.poll() is None:
        svc.process.kill()
    for pid in _servers_on(svc.data_dir):
        os.kill(pid, signal.SIGKILL)


def test_data_survives_restart_and_no_server_is_left_behind(
    service: Service, tmp_path: Path
) -> None:
    package = tmp_path / "tiny.json"
    package.write_text(json.dumps(tiny_package("lifecycle")), "utf-8")
    imported = service.cli("import", str(package))
    assert imported.returncode == 0, imported.stderr
    assert _wait_gone(service.data_dir) == [], "the CLI left its store server running"

    service.start()
    first = httpx.get(service.url("/api/v1/chains/lifecycle/export")).json()
    counts = httpx.get(service.url("/healthz")).json()["counts"]
    service.stop(signal.SIGTERM)
    assert _wait_gone(service.data_dir) == [], "SIGTERM left the store server running"

    service.start()
    assert httpx.get(service.url("/healthz")).json()["counts"] == counts
    assert httpx.get(service.url("/api/v1/chains/lifecycle/export")).json() == first
    service.stop(signal.SIGINT)  # Ctrl-C
    assert _wait_gone(service.data_dir) == [], "Ctrl-C left the store server running"


def test_a_killed_service_takes_its_store_server_with_it(service: Service) -> None:
    service.start()
    assert len(_servers_on(service.data_dir)) == 1
    service.stop(signal.SIGKILL)
    assert _wait_gone(service.data_dir) == [], "kill -9 of the service orphaned the store server"


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has exited; nobody may be there to reap it


def test_a_server_that_cannot_save_still_dies_with_its_service(service: Service) -> None:
    service.start()
    [pid] = _servers_on(service.data_dir)
    shutil.rmtree(service.data_dir / "falkordb")  # its last save on the way out must fail
    service.stop(signal.SIGKILL)
    wait_until(lambda: not _running(pid), 10, interval=0.1)
    assert not _running(pid), "the store server outlived its service, holding the lock"


def test_one_data_directory_serves_one_process(service: Service) -> None:
    service.start()
    second = service.cli("seed")
    assert second.returncode != 0
    assert "is in use by pid" in second.stderr
    service.stop()


def test_a_foreign_data_directory_is_refused_untouched(service: Service) -> None:
    service.data_dir.mkdir(parents=True)
    precious = service.data_dir / "thesis.txt"
    precious.write_text("not a database", "utf-8")
    result = service.cli("seed")
    assert result.returncode != 0
    assert "is not a chainmap data directory" in result.stderr
    assert sorted(p.name for p in service.data_dir.iterdir()) == ["thesis.txt"]


def test_a_cli_import_is_matched_and_audited_like_one_over_http(
    service: Service, tmp_path: Path
) -> None:
    first = json.dumps(tiny_package("cli-intake"))
    # The survey keys a firm the chain already holds (外省钢厂) by its own id.
    survey = first.replace('"mill2"', '"survey-mill2"')
    for name, text in [("first.json", first), ("survey.json", survey)]:
        (tmp_path / name).write_text(text, "utf-8")
    assert service.cli("import", str(tmp_path / "first.json"), "--author", "ops").returncode == 0
    again = service.cli("import", str(tmp_path / "survey.json"), "--author", "ops")
    assert again.returncode == 0, again.stderr
    assert "1 matched" in again.stdout

    admin = service.cli("keys", "create", "--role", "admin").stdout.strip()
    service.start()
    entries = httpx.get(
        service.url("/api/v1/audit"),
        params={"chain": "cli-intake", "action": "chain.import"},
        headers={"Authorization": f"Bearer {admin}"},
    ).json()["items"]
    assert [e["key_id"] for e in entries] == ["ops", "ops"]
    ids = httpx.get(service.url("/api/v1/chains/cli-intake/enterprises")).json()["items"]
    assert "survey-mill2" not in {e["id"] for e in ids}  # matched onto "mill2", not doubled
