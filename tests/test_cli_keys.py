"""`chainmap keys`: a key created on the command line is listed, without its secret."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_keys_create_then_list(tmp_path: Path) -> None:
    env = {**os.environ, "CHAINMAP_DATA_DIR": str(tmp_path / "data"), "CHAINMAP_STORE": "embedded"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app.cli", "keys", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    created = run("create", "--role", "editor", "--name", "ops desk")
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()
    key_id = key.split("_")[1]
    listed = run("list")
    assert listed.returncode == 0, listed.stderr
    [line] = listed.stdout.splitlines()
    fields = line.split("\t")
    assert fields[:4] == [key_id, "editor", "active", "ops desk"]
    assert fields[4]  # created_at
    assert key.split("_", 2)[2] not in listed.stdout
