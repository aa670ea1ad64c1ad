"""matplotlib is loaded when an image is drawn, not when the service or the CLI starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Each snippet runs in a fresh interpreter, so nothing this test process imported counts.
NOT_LOADED = (
    "assert 'matplotlib' not in sys.modules, sorted(m for m in sys.modules if 'matplotlib' in m)"
)

_EMBEDDED = {"CHAINMAP_STORE": "embedded", "CHAINMAP_LOAD_SEED": "false"}


def _run(code: str, env: dict[str, str] | None = None) -> None:
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("module", ["app.main", "app.cli", "app.errors", "viz.overview"])
def test_importing_does_not_load_matplotlib(module: str) -> None:
    _run(f"import sys, {module}; {NOT_LOADED}")


def test_the_service_starts_and_answers_without_matplotlib(tmp_path: Path) -> None:
    _run(
        "import sys; from fastapi.testclient import TestClient; from app.main import create_app\n"
        "with TestClient(create_app()) as client:\n"
        "    assert client.get('/healthz').status_code == 200\n"
        "    assert client.get('/openapi.json').status_code == 200\n"
        f"{NOT_LOADED}",
        env=_EMBEDDED | {"CHAINMAP_DATA_DIR": str(tmp_path / "data")},
    )


def test_keys_list_runs_without_matplotlib(tmp_path: Path) -> None:
    _run(
        f"import sys; from app.cli import main; rc = main(['keys', 'list']); {NOT_LOADED}; "
        "sys.exit(rc)",
        env=_EMBEDDED | {"CHAINMAP_DATA_DIR": str(tmp_path / "data")},
    )


def test_drawing_loads_matplotlib_with_the_agg_backend() -> None:
    _run(
        "from viz.fonts import cjk_font_family; cjk_font_family(); "
        "import matplotlib; assert matplotlib.get_backend().lower() == 'agg'"
    )
