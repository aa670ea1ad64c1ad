"""The docs stay true to the tree: nothing cites the first design's sections, which are not in
the repository (docs/architecture.md replaces them), and every repository path that
docs/architecture.md writes in backticks exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARCHITECTURE = ROOT / "docs" / "architecture.md"
# Split so that this file does not cite it.
DESIGN_CITATION = "DESIGN" + " §"
# What .gitignore keeps out of the repository, and the version control itself.
SKIPPED_DIRS = {
    ".git",
    ".venv",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
}
SKIPPED_AT_ROOT = {"data", "build", ".env", "bench/out", "tools/neo4j-server/target"}
# A repository path: ASCII path characters with at least one slash, relative to the root
# (`graph/store/queries.py`, `cypher/import/`, `graph/libraries/*.py`). Placeholders such as
# `cypher/<area>/<name>.cypher`, URLs and API paths (`/api/v1/...`) do not match.
REPO_PATH = re.compile(r"[A-Za-z0-9_.*-]+(?:/[A-Za-z0-9_.*-]+)*/?")
CODE_SPAN = re.compile(r"`([^`\n]+)`")


def _repository_files() -> list[Path]:
    found = []
    pending = [ROOT]
    while pending:
        folder = pending.pop()
        for entry in folder.iterdir():
            relative = entry.relative_to(ROOT).as_posix()
            if entry.name in SKIPPED_DIRS or relative in SKIPPED_AT_ROOT:
                continue
            if entry.name.endswith(".egg-info"):
                continue
            if entry.is_dir():
                pending.append(entry)
            elif entry.is_file():
                found.append(entry)
    return sorted(found)


def test_no_file_cites_the_first_design() -> None:
    citing = []
    for path in _repository_files():
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            continue  # binary
        for number, line in enumerate(text.splitlines(), start=1):
            if DESIGN_CITATION in line:
                citing.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert citing == [], "cite docs/architecture.md or docs/*.md instead:\n" + "\n".join(citing)


def _paths_in_backticks(text: str) -> set[str]:
    return {
        span
        for span in CODE_SPAN.findall(text)
        if "/" in span and not span.startswith("/") and REPO_PATH.fullmatch(span)
    }


def test_paths_in_the_architecture_page_exist() -> None:
    paths = _paths_in_backticks(ARCHITECTURE.read_text("utf-8"))
    assert "graph/store/queries.py" in paths and "cypher/import/" in paths
    missing = sorted(p for p in paths if not any(ROOT.glob(p.rstrip("/"))))
    assert missing == []


def test_the_path_check_tells_paths_from_other_code() -> None:
    text = (
        "`graph/store/queries.py`, `cypher/import/`, `graph/libraries/*.py`, "
        '`cypher/<area>/<name>.cypher`, `GET /api/v1/audit`, `neo4j+s://`, `store.read("a/b")`'
    )
    assert _paths_in_backticks(text) == {
        "graph/store/queries.py",
        "cypher/import/",
        "graph/libraries/*.py",
    }


def test_links_of_the_architecture_page_resolve() -> None:
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", ARCHITECTURE.read_text("utf-8"))
    missing = sorted(t for t in targets if not (ARCHITECTURE.parent / t).exists())
    assert targets and missing == []
