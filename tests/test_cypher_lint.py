"""Every query file under cypher/ passes Neo4j's own linter (docs/architecture.md, Dialect
differences)."""

import shutil
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
LINT_DIR = REPO_ROOT / "tools" / "cypher-lint"
LINT_SCRIPT = LINT_DIR / "lint.mjs"
LINTER_PACKAGE = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support"

# Forms the query files rely on. All run on FalkorDB except the named index and the
# constraint, which are Neo4j-only DDL (cypher/schema/neo4j/); the linter must accept all.
PLANNED_FORMS = {
    "index_unnamed": "CREATE INDEX FOR (n:Enterprise) ON (n.id)",
    "index_named": "CREATE INDEX enterprise_id IF NOT EXISTS FOR (n:Enterprise) ON (n.id)",
    "constraint": (
        "CREATE CONSTRAINT enterprise_id IF NOT EXISTS\nFOR (n:Enterprise) REQUIRE n.id IS UNIQUE"
    ),
    "upsert": "UNWIND $rows AS row\nMERGE (n:Enterprise {id: row.id})\nSET n += row.props",
    "prune": "MATCH (n:Enterprise {chain: $chain})\nWHERE NOT n.id IN $keep\nDETACH DELETE n",
    "bound_edge": "MATCH (a:Enterprise)-[r:SUPPLIES]->(b) RETURN a.id, b.id, r.link",
    "var_length": "MATCH p = (a)-[:SUPPLIES*1..6]->(b) RETURN p",
}


def run_linter(*paths: Path | str) -> subprocess.CompletedProcess[str]:
    """Run tools/cypher-lint/lint.mjs from the repository root; fail if it is not installed."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH; install Node.js (>= 18.18) to lint cypher/")
    if not LINTER_PACKAGE.is_dir():
        pytest.fail("the Cypher linter is not installed; run `make lint-deps`")
    return subprocess.run(
        [node, str(LINT_SCRIPT), *map(str, paths)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def write_queries(directory: Path, queries: dict[str, str]) -> None:
    for name, text in queries.items():
        (directory / f"{name}.cypher").write_text(text + "\n", encoding="utf-8")


def test_every_cypher_file_passes_the_linter() -> None:
    result = run_linter("cypher/")
    assert result.returncode == 0, f"cypher/ has lint errors:\n{result.stdout}{result.stderr}"


def test_linter_reports_a_syntax_error_with_its_position(tmp_path: Path) -> None:
    bad = tmp_path / "typo.cypher"
    bad.write_text("MATCH (n:Enterprise)\nRETRN n\n", encoding="utf-8")

    result = run_linter(bad)

    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{bad}:2:1: error: Invalid input 'RETRN'" in result.stdout
    assert result.stdout.rstrip().endswith("1 file(s) linted: 1 error(s), 0 warning(s)")


def test_linter_reports_semantic_errors_and_statement_count(tmp_path: Path) -> None:
    write_queries(
        tmp_path,
        {
            "undefined_variable": "MATCH (n:Enterprise) RETURN m",
            "two_statements": "RETURN 1;\nRETURN 2;",
            "empty": "// nothing here",
        },
    )

    result = run_linter(tmp_path)

    assert result.returncode == 1
    assert "undefined_variable.cypher:1:29: error: Variable `m` not defined" in result.stdout
    assert "two_statements.cypher:1:1: error: file contains 2 statements" in result.stdout
    assert "empty.cypher:1:1: error: file contains no query" in result.stdout


def test_planned_forms_and_parameters_pass(tmp_path: Path) -> None:
    write_queries(tmp_path, PLANNED_FORMS)

    result = run_linter(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(PLANNED_FORMS)} file(s) linted: 0 error(s)" in result.stdout
