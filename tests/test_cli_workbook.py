"""`chainmap template`, `chainmap import FILE.xlsx` and `chainmap export --format xlsx`, as a
county bureau's operator would run them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from graph.package.formats import check_package
from seeds import SEEDS, load_seed
from tests.canonical import canonical
from tests.workbooks import edit_workbook

SEED = Path(__file__).resolve().parent.parent / "seeds" / SEEDS["linqing-bearing"]


def test_template_import_export_round_trip_and_a_bad_workbook(tmp_path: Path) -> None:
    env = {**os.environ, "CHAINMAP_DATA_DIR": str(tmp_path / "data"), "CHAINMAP_STORE": "embedded"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
        )

    blank = run("template")
    assert blank.returncode == 0, blank.stderr
    assert (tmp_path / "chain-template.xlsx").read_bytes()[:2] == b"PK"
    assert not (tmp_path / "data").exists()  # the blank template needs no store

    assert run("import", str(SEED)).returncode == 0
    filled = run("template", "--chain", "linqing-bearing", "-o", "filled.xlsx")
    assert filled.returncode == 0, filled.stderr
    again = run("import", "filled.xlsx")
    assert again.returncode == 0, again.stderr
    assert "(xlsx)" in again.stderr and "version linqing-bearing@2" in again.stdout
    exported = run("export", "linqing-bearing", "--format", "xlsx", "-o", "out.xlsx")
    assert exported.returncode == 0, exported.stderr
    out = (tmp_path / "out.xlsx").read_bytes()
    assert canonical(check_package(out).checked()) == canonical(load_seed())

    bad = edit_workbook(
        out, [("enterprises", 3, "tier", "boss"), ("supplies", 3, "supplier", "nobody")]
    )
    (tmp_path / "bad.data").write_bytes(bad)  # told by content, not by name
    checked = run("import", "--check", "out.xlsx")
    assert checked.returncode == 0, checked.stderr
    assert "a valid package of chain linqing-bearing" in checked.stdout
    assert run("import", "--check", "bad.data").returncode == 2
    refused = run("import", "bad.data")
    assert refused.returncode == 2
    lines = refused.stderr.splitlines()
    assert lines[0] == "bad.data: 2 problem(s); nothing was written"
    assert lines[1].startswith("  企业 enterprises row 3 column I (tier): ")
    assert lines[2] == "  供应关系 supplies row 3 column A (supplier): unknown enterprise 'nobody'"
