"""Import a chain package into a store: the chain there becomes equal to the package.

Every record is merged by (chain, id) and stamped with the new version's id; what the chain had
and the package no longer holds is then swept away. All statements run as one atomic unit, so
a failure or crash leaves the previous version whole. Validation happens before (graph.package).

Each version also records its compressed package (graph.snapshots), what changed since the
previous version (graph.diff), and which links and events those changes touched, so that any
version can be exported and compared and staleness can be told per link.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from graph.diff import PackageDiff, diff_packages, touched_links
from graph.models import ChainPackage, Problem
from graph.records import to_props
from graph.severity import grade, severity
from graph.snapshots import decode_snapshot, encode_snapshot
from graph.store.base import GraphStore, Statement

__all__ = ["ImportResult", "import_package", "problem_props", "BATCH_SIZE", "ExtraStatements"]

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


@dataclass(frozen=True)
class ImportResult:
    chain: str
    version: str
    seq: int
    counts: dict[str, int]
    diff: PackageDiff = field(default_factory=PackageDiff)


# Called with (new version id, diff) before the write; its statements join the atomic unit.
ExtraStatements = Callable[[str, PackageDiff], Iterable[Statement]]


def _batches(name: str, rows: Sequence[dict[str, Any]], **params: Any) -> Iterator[Statement]:
    for start in range(0, len(rows), BATCH_SIZE):
        yield name, {**params, "rows": list(rows[start : start + BATCH_SIZE])}


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


def package_statements(package: ChainPackage, token: str) -> Iterator[Statement]:
    """The write statements that make the store's chain equal to `package`."""
    p = package
    scope = {"chain": p.chain.id, "token": token}
    chain_props = {**to_props(p.chain, exclude={"id"}), "indicators": json.dumps(p.indicators)}
    yield "import/chain", {**scope, "props": chain_props}
    yield from _batches("import/segments", _nodes(p.segments), **scope)
    yield from _batches("import/links", _nodes(p.links), **scope)
    yield from _batches("import/enterprises", _nodes(p.enterprises), **scope)
    yield from _batches("import/institutions", _nodes(p.institutions), **scope)
    yield from _batches("import/problems", _problem_rows(p), **scope)
    yield from _batches("import/projects", _nodes(p.projects), **scope)
    yield from _batches("import/achievements", _nodes(p.achievements), **scope)
    yield from _batches("import/events", _nodes(p.events), **scope)

    yield from _batches(
        "import/has_segment", _pairs((p.chain.id, s.id) for s in p.segments), **scope
    )
    yield from _batches("import/has_link", _pairs((x.segment, x.id) for x in p.links), **scope)
    yield from _batches(
        "import/has_sublink", _pairs((x.parent, x.id) for x in p.links if x.parent), **scope
    )
    feeds = [
        {"from": f.from_, "to": f.to, "props": to_props(f, exclude={"from_", "to"})}
        for f in p.link_flows
    ]
    yield from _batches("import/feeds", feeds, **scope)
    yield from _batches(
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
    yield from _batches("import/supplies", supplies, **scope)
    yield from _batches(
        "import/serves", _pairs((i.id, link) for i in p.institutions for link in i.serves), **scope
    )
    yield from _batches("import/problem_at", _pairs((x.id, x.link) for x in p.problems), **scope)
    yield from _batches(
        "import/problem_related", _pairs((x.id, o) for x in p.problems for o in x.related), **scope
    )
    yield from _batches(
        "import/problem_concerns",
        _pairs((x.id, e) for x in p.problems for e in x.enterprises),
        **scope,
    )
    yield from _batches(
        "import/project_addresses",
        _pairs((x.id, pr) for x in p.projects for pr in x.problems),
        **scope,
    )
    yield from _batches(
        "import/project_leads", _pairs((x.lead, x.id) for x in p.projects if x.lead), **scope
    )
    yield from _batches(
        "import/project_joins",
        _pairs((a, x.id) for x in p.projects for a in x.participants),
        **scope,
    )
    yield from _batches(
        "import/achievement_from",
        _pairs((a.id, a.project) for a in p.achievements if a.project),
        **scope,
    )
    yield from _batches(
        "import/achievement_solves",
        _pairs((a.id, pr) for a in p.achievements for pr in a.problems),
        **scope,
    )
    for name in SWEEPS:
        yield f"sweep/{name}", scope


def package_counts(package: ChainPackage) -> dict[str, int]:
    return {key: len(value) for key, value in package if isinstance(value, list)}


def previous_document(store: GraphStore, chain: str, version: str) -> dict[str, Any] | None:
    """The package document of a stored version; None when it has no snapshot."""
    rows = store.read("version/snapshot", {"chain": chain, "id": version})
    parts = rows[0]["snapshot"] if rows else None
    return decode_snapshot(parts) if parts else None


def import_package(
    store: GraphStore,
    package: ChainPackage,
    *,
    author: str,
    summary: str | None = None,
    extra: ExtraStatements | None = None,
    also_touched: Iterable[str] = (),
) -> ImportResult:
    """Make the chain in `store` equal to `package`, as one new Version.

    `extra` adds statements (an audit entry, match candidates) to the same atomic unit;
    `also_touched` names links whose data a person confirmed as current without changing it."""
    chain = package.chain.id
    latest = store.read("version/latest", {"chain": chain})
    seq = int(latest[0]["seq"]) + 1 if latest else 1
    version = f"{chain}@{seq}"
    counts = package_counts(package)
    before = previous_document(store, chain, latest[0]["id"]) if latest else None
    if before is None:  # everything is new: skip the record-by-record diff
        diff = PackageDiff(added_counts={"chain": 1, **counts})
        touched = {link.id for link in package.links}
        events = {e.id for e in package.events}
    else:
        diff = diff_packages(
            before, package.model_dump(mode="json", by_alias=True, exclude_none=True)
        )
        touched = touched_links(diff, before)
        events = {c.key for c in diff.of("events") if c.op != "removed"}
    statements = list(package_statements(package, version))
    if extra is not None:
        statements.extend(extra(version, diff))
    parts = encode_snapshot(package)
    statements.append(
        (
            "version/create",
            {
                "chain": chain,
                "id": version,
                "props": {
                    "seq": seq,
                    "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "author": author,
                    "summary": summary or f"import of {chain}",
                    "counts": json.dumps(counts, sort_keys=True),
                    "changes": json.dumps(diff.counts(), sort_keys=True),
                    "touched_links": sorted(touched | set(also_touched)),
                    "touched_events": sorted(events),
                    "snapshot": parts,
                    "snapshot_chars": sum(map(len, parts)),
                },
            },
        )
    )
    store.write_atomically(statements)
    return ImportResult(chain=chain, version=version, seq=seq, counts=counts, diff=diff)
