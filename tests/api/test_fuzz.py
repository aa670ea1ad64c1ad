"""Property-based fuzzing of the whole API from its own OpenAPI document (schemathesis).

Every operation gets generated requests, valid and invalid, sent anonymously and with an admin
key; each response must not be a server error and must match the documented status codes,
content types and schemas. `make test` runs a few examples per operation; `make fuzz` runs many
(CHAINMAP_FUZZ_EXAMPLES) and writes what it tried to CHAINMAP_FUZZ_REPORT.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app.main import create_app
from app.settings import Settings
from graph.access.keys import create_key
from graph.store.base import GraphStore
from tests.factories import load_tiny

EXAMPLES = int(os.environ.get("CHAINMAP_FUZZ_EXAMPLES", "8"))
REPORT = os.environ.get("CHAINMAP_FUZZ_REPORT")
TRIED: Counter[str] = Counter()
STATUSES: Counter[str] = Counter()
FUZZ_CHAIN = "fuzz"
# Zipped CSV packages are bytes on the wire, like application/octet-stream.
schemathesis.serializer.alias("application/zip", "application/octet-stream")
# Schema-valid requests may still be refused on what the schema cannot say (a body id that is
# not the path id, a chain that does not exist): acceptance of valid data is not checked.
EXCLUDED_CHECKS = [positive_data_acceptance]


@pytest.fixture(scope="module")
def fuzz_env(store: GraphStore) -> Iterator[dict[str, Any]]:
    """The store under test with one chain of the fuzzer's; it imports and edits at will, and
    the other tests' chains and keys have ids it cannot guess."""
    load_tiny(store, FUZZ_CHAIN)
    _, admin = create_key(store, "admin", name="fuzz admin")
    settings = Settings(CHAINMAP_LOAD_SEED=False, CHAINMAP_RATE_PER_MINUTE=0)
    app = create_app(settings, store=store)
    TRIED.clear()
    STATUSES.clear()
    started = time.perf_counter()
    yield {"app": app, "admin": f"Bearer {admin}"}
    if REPORT:
        _report(store.kind, time.perf_counter() - started)


def _report(kind: str, seconds: float) -> None:
    """What was tried on one store, beside what the other store's run wrote."""
    path = Path(REPORT or "")
    path.parent.mkdir(parents=True, exist_ok=True)
    report = json.loads(path.read_text("utf-8")) if path.exists() else {}
    report = {k: v for k, v in report.items() if k in ("falkordb", "neo4j")}
    report[kind] = {
        "examples_per_operation": EXAMPLES,
        "operations": len(TRIED),
        "requests": sum(STATUSES.values()),
        "seconds": round(seconds, 1),
        "statuses": dict(sorted(STATUSES.items())),
        "server_errors": sum(v for k, v in STATUSES.items() if k.startswith("5")),
    }
    path.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", "utf-8")


def _fuzz(operation: Any, headers_list: list[dict[str, str]]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=not REPORT,
        database=None,
    )
    def run(case: Any) -> None:
        TRIED[operation.label] += 1
        for headers in headers_list:
            response = case.call_and_validate(headers=headers, excluded_checks=EXCLUDED_CHECKS)
            STATUSES[str(response.status_code)] += 1

    run()


def test_the_api_never_fails_and_answers_as_documented(fuzz_env: dict[str, Any]) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_env["app"])
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        try:
            _fuzz(operation, [{}, {"Authorization": fuzz_env["admin"]}])
        except BaseException as exc:  # every operation is tried; all findings reported together
            if isinstance(exc, KeyboardInterrupt):
                raise
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
