"""Faults with nothing lost: kill -9 of the database or of the service in the middle of an
import, damaged store files, a database that dies under the running service.

After every crash the chain must be exactly the old package or exactly the new one (compared
as canonical JSON), never a mix. The kill tests are marked slow (`make test-slow`): each
imports a few thousand firms several times over. CHAINMAP_FAULT_ROUNDS asks for more kill
moments.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from seeds.generator import generate_package
from tests.canonical import canonical_hash
from tests.test_service_lifecycle import Service, _servers_on, _wait_gone
from tests.waiting import wait_until

ROUNDS = int(os.environ.get("CHAINMAP_FAULT_ROUNDS", "1"))
# Enough enterprises for an import of a couple of seconds on this machine.
ENTERPRISES = 4000
CHAIN = "faults"


def _package(seed: int) -> dict[str, Any]:
    document = generate_package(ENTERPRISES, seed).model_dump(
        mode="json", by_alias=True, exclude_none=True
    )
    document["chain"]["id"] = CHAIN
    return document


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("packages")
    found: dict[str, Any] = {}
    for name, seed in (("old", 1), ("new", 2)):
        document = _package(seed)
        path = folder / f"{name}.json"
        path.write_text(json.dumps(document), "utf-8")
        found[name] = {"path": path, "hash": canonical_hash(document)}
    assert found["old"]["hash"] != found["new"]["hash"]
    return found


def _exported_hash(service: Service) -> str:
    result = service.cli("export", CHAIN, "-o", "-")
    assert result.returncode == 0, result.stderr
    return canonical_hash(json.loads(result.stdout))


def _killer(pids: Any, delay: float) -> threading.Thread:
    def run() -> None:
        if wait_until(pids, 60, interval=0.01):
            time.sleep(delay)  # the kill moment, counted from the server's start: not a wait
            for pid in pids():
                os.kill(pid, signal.SIGKILL)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _delays() -> list[float]:
    rng = random.Random(ROUNDS)
    return [0.3, 1.5] + [rng.uniform(0.1, 3.0) for _ in range(ROUNDS - 1)]


@pytest.mark.slow
def test_kill_9_of_the_database_during_an_import_leaves_old_or_new(
    tmp_path: Path, packages: dict[str, Any]
) -> None:
    outcomes = []
    for n, delay in enumerate(_delays()):
        service = Service(tmp_path / f"data{n}")
        assert service.cli("import", str(packages["old"]["path"])).returncode == 0
        killer = _killer(lambda s=service: _servers_on(s.data_dir), delay)
        result = service.cli("import", str(packages["new"]["path"]))
        killer.join()
        assert _wait_gone(service.data_dir) == []
        found = _exported_hash(service)
        assert found in (packages["old"]["hash"], packages["new"]["hash"]), "a mixed chain"
        if result.returncode == 0:  # an import that said it was done must have stayed done
            assert found == packages["new"]["hash"]
        outcomes.append("new" if found == packages["new"]["hash"] else "old")
    assert "old" in outcomes, f"no kill landed inside an import: {outcomes}"


@pytest.mark.slow
def test_kill_9_of_the_service_during_an_import_leaves_old_or_new(
    tmp_path: Path, packages: dict[str, Any]
) -> None:
    outcomes = []
    for n, delay in enumerate(_delays()):
        service = Service(tmp_path / f"data{n}")
        assert service.cli("import", str(packages["old"]["path"])).returncode == 0
        key = service.cli("keys", "create", "--role", "editor").stdout.strip()
        service.start()
        body = packages["new"]["path"].read_bytes()
        answers: list[int] = []

        def send(
            body: bytes = body,
            service: Service = service,
            key: str = key,
            answers: list[int] = answers,
        ) -> None:
            try:
                answers.append(
                    httpx.post(
                        service.url("/api/v1/import"),
                        content=body,
                        headers={"Authorization": f"Bearer {key}"},
                        timeout=120,
                    ).status_code
                )
            except httpx.HTTPError:
                answers.append(0)

        sender = threading.Thread(target=send)
        sender.start()
        time.sleep(delay)  # the kill moment, counted from the request: not a wait
        service.stop(signal.SIGKILL)
        sender.join()
        service.start()  # waits for the old server to let go of the data directory
        exported = httpx.get(service.url(f"/api/v1/chains/{CHAIN}/export"), timeout=60)
        found = canonical_hash(exported.json())
        service.stop()
        assert found in (packages["old"]["hash"], packages["new"]["hash"]), "a mixed chain"
        if answers == [201]:
            assert found == packages["new"]["hash"]
        outcomes.append("new" if found == packages["new"]["hash"] else "old")
    assert "old" in outcomes, f"no kill landed inside an import: {outcomes}"


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in {"server.log", ".lock"}
    }


def test_damaged_store_files_are_refused_with_a_clear_error_and_left_untouched(
    tmp_path: Path, packages: dict[str, Any]
) -> None:
    service = Service(tmp_path / "data")
    assert service.cli("import", str(packages["old"]["path"])).returncode == 0
    aofs = sorted((service.data_dir / "falkordb").rglob("*.aof"))
    assert aofs, "no append-only file to damage"
    # Garbage where a command should start: the file no longer parses.
    target = aofs[-1]
    target.write_bytes(b"\xde\xad\xbe\xef garbage\r\n" + target.read_bytes())
    before = _tree_digest(service.data_dir)

    result = service.cli("export", CHAIN, "-o", "-")
    assert result.returncode != 0
    assert "damaged" in result.stderr and "left untouched" in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert _tree_digest(service.data_dir) == before
    assert _wait_gone(service.data_dir) == []


def test_a_marker_of_another_format_is_refused_untouched(tmp_path: Path) -> None:
    service = Service(tmp_path / "data")
    assert service.cli("seed").returncode == 0
    marker = service.data_dir / "chainmap-store.json"
    marker.write_text(json.dumps({"format": 99, "store": "falkordb"}), "utf-8")
    before = _tree_digest(service.data_dir)
    result = service.cli("seed")
    assert result.returncode != 0
    assert "holds store format 99" in result.stderr
    assert _tree_digest(service.data_dir) == before


def test_the_service_stays_up_when_its_database_is_killed(tmp_path: Path) -> None:
    service = Service(tmp_path / "data")
    assert service.cli("seed").returncode == 0
    service.start()
    try:
        before = httpx.get(service.url("/api/v1/chains")).json()
        for _ in range(2):  # and again after the first restart
            (pid,) = _servers_on(service.data_dir)
            os.kill(pid, signal.SIGKILL)
            statuses: list[int] = []

            def back(statuses: list[int] = statuses) -> httpx.Response | None:
                response = httpx.get(service.url("/api/v1/chains"), timeout=10)
                statuses.append(response.status_code)
                if response.status_code == 200:
                    return response
                assert response.status_code == 503, response.text
                assert response.headers["retry-after"]
                return None

            response = wait_until(back, 30)
            assert statuses[-1] == 200, statuses
            assert response is not None and response.json() == before
            new_servers = _servers_on(service.data_dir)
            assert len(new_servers) == 1 and new_servers != [pid]
        assert service.process is not None and service.process.poll() is None
    finally:
        service.stop()
    assert _wait_gone(service.data_dir) == []
