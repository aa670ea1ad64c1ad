"""Versions of a chain: listing them, reading any version back, comparing two, and the change
feed that REST clients use to keep a copy in sync.

A version is named by its id (`<chain>@<seq>`), its sequence number, or `latest`; a point in
time (ISO 8601) names the last version created at or before it.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel

from graph.access.principal import Principal, at_least
from graph.access.sharing import PUBLIC_PROBLEM_FIELDS, can_see
from graph.errors import ChainNotFoundError, VersionNotFoundError
from graph.package.diff import KINDS, PackageDiff, RecordChange, diff_packages
from graph.package.models import Achievement, ChainPackage
from graph.store.base import GraphStore
from graph.versioning.snapshots import read_document

__all__ = [
    "latest_version_id",
    "WRITE_LOCK",
    "VersionInfo",
    "list_versions",
    "resolve_version",
    "version_document",
    "version_package",
    "version_diff",
    "visible_diff",
    "parse_time",
    "Change",
    "ChangePage",
    "KindDiff",
    "VersionDiff",
    "compare_versions",
    "changes_since",
    "MAX_CHANGES",
    "shared_version",
]

# Imports and edits of one process run one at a time: each reads the latest version to number
# the next and to diff against it.
WRITE_LOCK = threading.Lock()


class VersionInfo(BaseModel):
    id: str
    seq: int
    created_at: str
    author: str | None = None
    summary: str | None = None
    counts: dict[str, int] = {}
    changes: dict[str, dict[str, int]] = {}
    touched_links: list[str] = []
    touched_events: list[str] = []
    snapshot_chars: int | None = None
    """Characters stored for this version: its full snapshot, or its patch."""
    stored_as: Literal["snapshot", "patch"] | None = None


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else {}


def latest_version_id(store: GraphStore, chain: str) -> str | None:
    """The id of the chain's latest version (one small query); None before the first."""
    rows = store.read("version/latest", {"chain": chain})
    return str(rows[0]["id"]) if rows else None


def list_versions(store: GraphStore, chain: str) -> list[VersionInfo]:
    """Every version of a chain, oldest first; 404 (ChainNotFoundError) for an unknown chain."""
    rows = store.read("version/list", {"chain": chain})
    if not rows and not store.read("chains/get", {"chain": chain}):
        raise ChainNotFoundError(chain)
    return [
        VersionInfo(
            **{
                **row,
                "seq": int(row["seq"]),
                "counts": _json(row["counts"]),
                "changes": _json(row["changes"]),
                "touched_links": row["touched_links"] or [],
                "touched_events": row["touched_events"] or [],
            }
        )
        for row in rows
    ]


def parse_time(value: str) -> datetime | None:
    """An ISO 8601 time (date alone allowed), or None when `value` is not one."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.astimezone()


def resolve_version(versions: list[VersionInfo], chain: str, ref: str) -> VersionInfo | None:
    """The version `ref` names: `latest`, a sequence number, an id, or a time (the last version
    created at or before it; None when the chain had no version yet then)."""
    if not versions:
        raise VersionNotFoundError(f"chain {chain!r} has no version")
    if ref == "latest":
        return versions[-1]
    for v in versions:
        if ref in (v.id, str(v.seq)):
            return v
    moment = parse_time(ref)
    if moment is None or ref.isdigit():
        raise VersionNotFoundError(f"chain {chain!r} has no version {ref!r}")
    earlier = [v for v in versions if datetime.fromisoformat(v.created_at) <= moment]
    return earlier[-1] if earlier else None


def version_document(store: GraphStore, chain: str, version: VersionInfo) -> dict[str, Any]:
    document = read_document(store, chain, version.id)
    if document is None:
        raise VersionNotFoundError(f"version {version.id} was stored without a snapshot")
    return document


def version_package(store: GraphStore, chain: str, ref: str) -> ChainPackage:
    """The chain as it was at version `ref` (achievements unfiltered; callers apply sharing)."""
    version = resolve_version(list_versions(store, chain), chain, ref)
    if version is None:
        raise VersionNotFoundError(f"chain {chain!r} had no version at {ref!r}")
    return ChainPackage.model_validate(version_document(store, chain, version))


_DIFFS: OrderedDict[tuple[str, str, str], PackageDiff] = OrderedDict()
_DIFFS_KEPT = 16
_DIFFS_LOCK = threading.Lock()


def version_diff(
    store: GraphStore, chain: str, before: VersionInfo | None, after: VersionInfo
) -> PackageDiff:
    """What changed from version `before` (None: from nothing) to `after`. Versions never
    change, so recent diffs are kept in memory (keyed with creation times, which a re-created
    chain would not share)."""
    key = (
        chain,
        f"{before.id}|{before.created_at}" if before else "",
        f"{after.id}|{after.created_at}",
    )
    with _DIFFS_LOCK:
        if key in _DIFFS:
            _DIFFS.move_to_end(key)
            return _DIFFS[key]
    old = version_document(store, chain, before) if before else None
    diff = diff_packages(old, version_document(store, chain, after))
    with _DIFFS_LOCK:
        _DIFFS[key] = diff
        while len(_DIFFS) > _DIFFS_KEPT:
            _DIFFS.popitem(last=False)
    return diff


def _before(change: RecordChange) -> dict[str, Any] | None:
    if change.op == "added" or change.record is None:
        return None if change.op == "added" else change.record
    if change.op == "removed":
        return change.record
    record = dict(change.record)
    for f in change.fields:
        if f.before is None:
            record.pop(f.field, None)
        else:
            record[f.field] = f.before
    return record


def _sees(principal: Principal, record: dict[str, Any] | None) -> bool:
    return record is not None and can_see(principal, Achievement.model_validate(record))


def _public_problem_change(c: RecordChange) -> RecordChange | None:
    """A problem change as non-members see it: public fields only; None if nothing is left."""
    fields = [f for f in c.fields if f.field in PUBLIC_PROBLEM_FIELDS]
    if c.op == "changed" and not fields:
        return None
    record = None
    if c.record is not None:
        record = {k: v for k, v in c.record.items() if k in PUBLIC_PROBLEM_FIELDS}
        record["title"] = f"质量问题 {record.get('id', '')}"
    return RecordChange(c.kind, c.key, c.op, record["title"] if record else None, fields, record)


def visible_diff(principal: Principal, diff: PackageDiff) -> PackageDiff:
    """The diff as `principal` may see it: an achievement appears only while visible, and one
    that becomes visible (or hidden) reads as added (or removed)."""
    out: list[RecordChange] = []
    member = at_least(principal, "member")
    for c in diff.changes:
        if c.kind == "projects" and not member:
            continue
        if c.kind == "problems" and not member:
            public = _public_problem_change(c)
            if public is not None:
                out.append(public)
            continue
        if c.kind != "achievements":
            out.append(c)
            continue
        before, after = _before(c), (None if c.op == "removed" else c.record)
        was, now = _sees(principal, before), _sees(principal, after)
        if was and now:
            out.append(c)
        elif now:
            out.append(RecordChange(c.kind, c.key, "added", c.name, [], after))
        elif was:
            out.append(RecordChange(c.kind, c.key, "removed", c.name, [], before))
    return PackageDiff(out)


# Kinds whose change counts say something of member data or of hidden achievements.
_MEMBER_COUNTED = ("projects", "achievements")


def shared_version(principal: Principal, version: VersionInfo) -> VersionInfo:
    """A version as `principal` may see it: below `member` without its summary
    (edit summaries name status notes, risks and progress, which are member data) and without
    the change counts of projects and achievements."""
    if at_least(principal, "member"):
        return version
    changes = {k: v for k, v in version.changes.items() if k not in _MEMBER_COUNTED}
    return version.model_copy(update={"summary": None, "changes": changes})


# --- response shapes --------------------------------------------------------------------------

MAX_CHANGES = 10_000


class FieldDiff(BaseModel):
    field: str
    before: Any = None
    after: Any = None


class Change(BaseModel):
    kind: str
    key: str
    op: str
    name: str | None = None
    fields: list[FieldDiff] = []
    record: dict[str, Any] | None = None


class KindDiff(BaseModel):
    added: list[Change] = []
    removed: list[Change] = []
    changed: list[Change] = []
    truncated: bool = False


class TierMove(BaseModel):
    id: str
    name: str | None = None
    before: str | None = None
    after: str | None = None


class VersionDiff(BaseModel):
    chain: str
    from_version: str | None
    to_version: str
    counts: dict[str, dict[str, int]]
    tier_changes: list[TierMove]
    news: list[str]
    kinds: dict[str, KindDiff]


class ChangePage(BaseModel):
    chain: str
    since: str | None
    from_version: str | None
    to_version: str
    total: int
    limit: int
    offset: int
    next_offset: int | None
    changes: list[Change]


def _change(c: RecordChange) -> Change:
    return Change(
        kind=c.kind,
        key=c.key,
        op=c.op,
        name=c.name,
        fields=[FieldDiff(field=f.field, before=f.before, after=f.after) for f in c.fields],
        record=c.record,
    )


def _news(diff: PackageDiff) -> list[str]:
    """Changes a planner wants to hear about first, in words."""
    news = []
    for t in diff.tier_changes():
        news.append(f"enterprise {t.name} ({t.id}) moved from {t.before} to {t.after}")
    for c in diff.of("enterprises", "changed"):
        for f in c.fields:
            if f.field == "status":
                news.append(f"enterprise {c.name} ({c.key}) is now {f.after} (was {f.before})")
    for c in diff.of("problems", "changed"):
        for f in c.fields:
            if f.field == "status" and f.after == "resolved":
                news.append(f"problem {c.name} ({c.key}) resolved")
    for c in diff.of("enterprises", "added"):
        news.append(f"enterprise {c.name} ({c.key}) added")
    for c in diff.of("enterprises", "removed"):
        news.append(f"enterprise {c.name} ({c.key}) removed")
    return news


def compare_versions(
    store: GraphStore, chain: str, a: str, b: str, principal: Principal, limit: int = 1000
) -> VersionDiff:
    """What changed from version `a` to version `b`, per kind, at most `limit` each."""
    versions = list_versions(store, chain)
    first = resolve_version(versions, chain, a)
    second = resolve_version(versions, chain, b)
    if second is None:
        raise VersionNotFoundError(f"chain {chain!r} had no version at {b!r}")
    diff = visible_diff(principal, version_diff(store, chain, first, second))
    kinds: dict[str, KindDiff] = {}
    for kind in KINDS:
        entry = KindDiff()
        for op in ("added", "removed", "changed"):
            changes = diff.of(kind, op)  # type: ignore[arg-type]
            entry.truncated = entry.truncated or len(changes) > limit
            setattr(entry, op, [_change(c) for c in changes[:limit]])
        kinds[kind] = entry
    return VersionDiff(
        chain=chain,
        from_version=first.id if first else None,
        to_version=second.id,
        counts=diff.counts(),
        tier_changes=[TierMove(**vars(t)) for t in diff.tier_changes()],
        news=_news(diff),
        kinds=kinds,
    )


def changes_since(
    store: GraphStore,
    chain: str,
    principal: Principal,
    since: str | None,
    *,
    until: str = "latest",
    limit: int = 500,
    offset: int = 0,
) -> ChangePage:
    """One page of what changed from `since` (a version or a time; None: from nothing) to
    `until`. Clients page with the same `until` (the response's `to_version`), then next time
    ask with `since` = that version."""
    versions = list_versions(store, chain)
    first = resolve_version(versions, chain, since) if since else None
    last = resolve_version(versions, chain, until)
    if last is None:
        raise VersionNotFoundError(f"chain {chain!r} had no version at {until!r}")
    changes = visible_diff(principal, version_diff(store, chain, first, last)).changes
    page = changes[offset : offset + limit]
    return ChangePage(
        chain=chain,
        since=since,
        from_version=first.id if first else None,
        to_version=last.id,
        total=len(changes),
        limit=limit,
        offset=offset,
        next_offset=offset + limit if offset + limit < len(changes) else None,
        changes=[_change(c) for c in page],
    )
