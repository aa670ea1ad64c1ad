"""Import a chain package into a store: the chain there becomes equal to the package.

Two ways to write, one result. A full write merges every record by (chain, id), stamps it with the
new version's id and then sweeps away what the chain had and the package no longer holds. A delta
write (graph.versioning.delta) sends only what the diff against the latest version names; it is used
when that version has a snapshot and at most half of the records changed, so re-importing a large
chain with a few changes, and every edit, costs little more than the diff. All statements run as one
atomic unit, so a failure or crash leaves the previous version whole. Validation happens before
(graph.package.formats).

Each version also records its compressed package (graph.versioning.snapshots), what changed since
the previous version (graph.package.diff), and which links and events those changes touched, so that
any version can be exported and compared and staleness can be told per link.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from graph.collector import collection_paused
from graph.package.diff import PackageDiff, diff_packages, touched_links
from graph.package.models import ChainPackage
from graph.package.patches import KEYFRAME_EVERY, make_patch
from graph.store.base import GraphStore, Statement
from graph.versioning.baseline import Baseline, latest_baseline, remember
from graph.versioning.delta import delta_statements
from graph.versioning.snapshots import encode_snapshot
from graph.versioning.statements import package_statements

__all__ = [
    "ImportResult",
    "import_package",
    "write_version",
    "package_document",
    "DELTA_SHARE",
    "ExtraStatements",
    "WriteMode",
]

# "auto": delta when the previous version has a snapshot and few records changed.
WriteMode = Literal["auto", "full", "delta"]
# Above this share of changed records a full write is cheaper than deleting and re-adding.
DELTA_SHARE = 0.5


@dataclass(frozen=True)
class ImportResult:
    chain: str
    version: str
    seq: int
    counts: dict[str, int]
    diff: PackageDiff = field(default_factory=PackageDiff)
    created_at: str = ""
    delta: bool = False
    """Whether only the changes were written (graph.versioning.delta) rather than the whole
    package."""


# Called with (new version id, diff) before the write; its statements join the atomic unit.
ExtraStatements = Callable[[str, PackageDiff], Iterable[Statement]]


def package_counts(package: ChainPackage) -> dict[str, int]:
    return {key: len(value) for key, value in package if isinstance(value, list)}


def package_document(package: ChainPackage) -> dict[str, Any]:
    """The package's JSON document, the form snapshots hold and diffs compare."""
    return package.model_dump(mode="json", by_alias=True, exclude_none=True)


def _delta_fits(mode: WriteMode, diff: PackageDiff, counts: dict[str, int]) -> bool:
    if mode == "delta":
        return True
    if mode == "full":
        return False
    removed = sum(1 for c in diff.changes if c.op == "removed")
    return len(diff.changes) <= DELTA_SHARE * (sum(counts.values()) + removed)


def _stored_form(
    package: ChainPackage,
    document: dict[str, Any],
    baseline: Baseline | None,
    delta_diff: PackageDiff | None,
) -> dict[str, Any]:
    """The version's package as stored: a patch on the version before it when few records
    changed (`delta_diff`) and the last full snapshot is near enough, else a full snapshot."""
    if (
        delta_diff is not None
        and baseline is not None
        and baseline.document is not None
        and baseline.depth + 1 < KEYFRAME_EVERY
    ):
        patch = make_patch(baseline.document, document, delta_diff)
        if patch is not None:
            parts = encode_snapshot(patch)
            return {
                "patch": parts,
                "base": baseline.version,
                "patch_depth": baseline.depth + 1,
                "stored_as": "patch",
                "snapshot_chars": sum(map(len, parts)),
            }
    parts = encode_snapshot(package)
    return {"snapshot": parts, "stored_as": "snapshot", "snapshot_chars": sum(map(len, parts))}


@collection_paused()
def import_package(
    store: GraphStore,
    package: ChainPackage,
    *,
    author: str,
    summary: str | None = None,
    extra: ExtraStatements | None = None,
    also_touched: Iterable[str] = (),
    mode: WriteMode = "auto",
) -> ImportResult:
    """Make the chain in `store` equal to `package`, as one new Version.

    `extra` adds statements (an audit entry, match candidates) to the same atomic unit;
    `also_touched` names links whose data a person confirmed as current without changing it;
    `mode` forces a full or a delta write (a delta needs the previous version's snapshot and
    falls back to a full write without one)."""
    return write_version(
        store,
        package,
        package_document(package),
        latest_baseline(store, package.chain.id),
        author=author,
        summary=summary,
        extra=extra,
        also_touched=also_touched,
        mode=mode,
    )


@collection_paused()
def write_version(
    store: GraphStore,
    package: ChainPackage,
    document: dict[str, Any],
    baseline: Baseline | None,
    *,
    diff: PackageDiff | None = None,
    author: str,
    summary: str | None = None,
    extra: ExtraStatements | None = None,
    also_touched: Iterable[str] = (),
    mode: WriteMode = "auto",
    owned: bool = False,
) -> ImportResult:
    """Write `package` (whose document is `document`) as the version after `baseline` (the
    chain's latest version, None for its first). `diff` is the diff from the baseline's
    document when the caller has it. With `owned` the package is the caller's to give away:
    it is kept in memory as the next edit's starting point (graph.versioning.baseline)."""
    chain = package.chain.id
    seq = baseline.seq + 1 if baseline else 1
    version = f"{chain}@{seq}"
    counts = package_counts(package)
    before = baseline.document if baseline else None
    if before is None:  # everything is new (or the old version cannot say): no record diff
        diff = PackageDiff(added_counts={"chain": 1, **counts})
        touched = {link.id for link in package.links}
        events = {e.id for e in package.events}
    else:
        if diff is None:
            diff = diff_packages(before, document)
        touched = touched_links(diff, before)
        events = {c.key for c in diff.of("events") if c.op != "removed"}
    delta = before is not None and _delta_fits(mode, diff, counts)
    if delta:
        statements = list(delta_statements(package, diff, version))
    else:
        statements = list(package_statements(package, version))
    if extra is not None:
        statements.extend(extra(version, diff))
    created_at = datetime.now(UTC).isoformat(timespec="seconds")
    statements.append(
        (
            "version/create",
            {
                "chain": chain,
                "id": version,
                "props": {
                    "seq": seq,
                    "created_at": created_at,
                    "author": author,
                    "summary": summary or f"import of {chain}",
                    "counts": json.dumps(counts, sort_keys=True),
                    "changes": json.dumps(diff.counts(), sort_keys=True),
                    "touched_links": sorted(touched | set(also_touched)),
                    "touched_events": sorted(events),
                    **_stored_form(package, document, baseline, diff if delta else None),
                },
            },
        )
    )
    store.write_atomically(statements)
    remember(store, chain, version, created_at, document, package if owned else None)
    return ImportResult(
        chain=chain,
        version=version,
        seq=seq,
        counts=counts,
        diff=diff,
        created_at=created_at,
        delta=delta,
    )
