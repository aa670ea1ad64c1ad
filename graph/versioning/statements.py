"""The write statements that put a chain package's records and relationships into a store.

Each record is merged by (chain, id) and stamped with a token (the new version's id); every
relationship derived from a record is merged and stamped the same way. A full import then sweeps
what carries another token (graph.versioning.importer); a delta write runs these statements for the
changed records only (graph.versioning.delta).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pydantic import BaseModel

from graph.package.models import ChainPackage, Problem
from graph.package.records import to_props
from graph.package.severity import grade, severity
from graph.store.base import Statement

__all__ = ["BATCH_SIZE", "SWEEPS", "batches", "package_statements", "problem_props"]

BATCH_SIZE = 10_000
# Per label, so that each sweep walks only this chain's nodes through the (label, chain) index.
_SWEPT_LABELS = [
    "segment",
    "link",
    "enterprise",
    "institution",
    "problem",
    "project",
    "achievement",
    "event",
]
SWEEPS = (
    ["chain_relationships"]
    + [f"{label}_relationships" for label in _SWEPT_LABELS]
    + [f"{label}s" for label in _SWEPT_LABELS]
)


def batches(
    name: str, rows: Sequence[Any], *, key: str = "rows", **params: Any
) -> Iterator[Statement]:
    """Statement `name` over `rows` (passed as parameter `key`), at most BATCH_SIZE at a time."""
    for start in range(0, len(rows), BATCH_SIZE):
        yield name, {**params, key: list(rows[start : start + BATCH_SIZE])}


def _nodes(records: Iterable[BaseModel], exclude: set[str] | None = None) -> list[dict[str, Any]]:
    return [{"id": r.id, "props": to_props(r, exclude=exclude)} for r in records]  # type: ignore[attr-defined]


def _pairs(pairs: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"from": a, "to": b} for a, b in pairs]


def problem_props(problem: Problem) -> dict[str, Any]:
    """Store properties of a problem: its record plus the computed Annex D severity and grade."""
    value = severity(problem.scores)
    return {**to_props(problem), "severity": value, "grade": grade(value)}


def _problem_rows(package: ChainPackage) -> list[dict[str, Any]]:
    return [{"id": p.id, "props": problem_props(p)} for p in package.problems]


def package_statements(
    package: ChainPackage, token: str, *, sweep: bool = True
) -> Iterator[Statement]:
    """The write statements that make the store's chain equal to `package`; without `sweep`,
    those that merge its records and their relationships and delete nothing."""
    p = package
    scope = {"chain": p.chain.id, "token": token}
    chain_props = {**to_props(p.chain, exclude={"id"}), "indicators": json.dumps(p.indicators)}
    yield "import/chain", {**scope, "props": chain_props}
    yield from batches("import/segments", _nodes(p.segments), **scope)
    yield from batches("import/links", _nodes(p.links), **scope)
    yield from batches("import/enterprises", _nodes(p.enterprises), **scope)
    yield from batches("import/institutions", _nodes(p.institutions), **scope)
    yield from batches("import/problems", _problem_rows(p), **scope)
    yield from batches("import/projects", _nodes(p.projects), **scope)
    yield from batches("import/achievements", _nodes(p.achievements), **scope)
    yield from batches("import/events", _nodes(p.events), **scope)

    yield from batches(
        "import/has_segment", _pairs((p.chain.id, s.id) for s in p.segments), **scope
    )
    yield from batches("import/has_link", _pairs((x.segment, x.id) for x in p.links), **scope)
    yield from batches(
        "import/has_sublink", _pairs((x.parent, x.id) for x in p.links if x.parent), **scope
    )
    feeds = [
        {"from": f.from_, "to": f.to, "props": to_props(f, exclude={"from_", "to"})}
        for f in p.link_flows
    ]
    yield from batches("import/feeds", feeds, **scope)
    yield from batches(
        "import/in_link", _pairs((e.id, link) for e in p.enterprises for link in e.links), **scope
    )
    supplies = [
        {
            "supplier": s.supplier,
            "customer": s.customer,
            "link": s.link,
            "props": to_props(s, exclude={"supplier", "customer", "link"}),
        }
        for s in p.supplies
    ]
    yield from batches("import/supplies", supplies, **scope)
    yield from batches(
        "import/serves", _pairs((i.id, link) for i in p.institutions for link in i.serves), **scope
    )
    yield from batches("import/problem_at", _pairs((x.id, x.link) for x in p.problems), **scope)
    yield from batches(
        "import/problem_related", _pairs((x.id, o) for x in p.problems for o in x.related), **scope
    )
    yield from batches(
        "import/problem_concerns",
        _pairs((x.id, e) for x in p.problems for e in x.enterprises),
        **scope,
    )
    yield from batches(
        "import/project_addresses",
        _pairs((x.id, pr) for x in p.projects for pr in x.problems),
        **scope,
    )
    yield from batches(
        "import/project_leads", _pairs((x.lead, x.id) for x in p.projects if x.lead), **scope
    )
    yield from batches(
        "import/project_joins",
        _pairs((a, x.id) for x in p.projects for a in x.participants),
        **scope,
    )
    yield from batches(
        "import/achievement_from",
        _pairs((a.id, a.project) for a in p.achievements if a.project),
        **scope,
    )
    yield from batches(
        "import/achievement_solves",
        _pairs((a.id, pr) for a in p.achievements for pr in a.problems),
        **scope,
    )
    if sweep:
        for name in SWEEPS:
            yield f"sweep/{name}", scope
