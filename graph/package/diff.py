"""Differences between two chain packages, record by record and field by field.

Works on package documents (the JSON form, as snapshots hold them) so that large versions are
compared without building models. Records are keyed by id; a supply by (supplier, customer,
link), a link flow by (from, to); the chain record and its indicators form the kind `chain`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from graph.package.models import ChainPackage

__all__ = [
    "KINDS",
    "FieldChange",
    "RecordChange",
    "TierChange",
    "PackageDiff",
    "diff_packages",
    "record_key",
    "touched_links",
]

Op = Literal["added", "removed", "changed"]
Document = dict[str, Any]

# In package order; `chain` first so that a feed client creates the chain before its records.
KINDS = tuple(k for k in ChainPackage.model_fields if k != "indicators")


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class RecordChange:
    kind: str
    key: str
    op: Op
    name: str | None
    fields: list[FieldChange]
    record: Document | None
    """The record after the change; for a removal, the record as it was."""


@dataclass(frozen=True)
class TierChange:
    id: str
    name: str | None
    before: str | None
    after: str | None


@dataclass
class PackageDiff:
    changes: list[RecordChange] = field(default_factory=list)
    # A first version lists no changes, only counts: every record in it is new.
    added_counts: dict[str, int] | None = None

    def of(self, kind: str, op: Op | None = None) -> list[RecordChange]:
        return [c for c in self.changes if c.kind == kind and (op is None or c.op == op)]

    def counts(self) -> dict[str, dict[str, int]]:
        """{kind: {op: n}} for kinds with changes."""
        if self.added_counts is not None:
            return {kind: {"added": n} for kind, n in self.added_counts.items() if n}
        out: dict[str, dict[str, int]] = {}
        for c in self.changes:
            out.setdefault(c.kind, {}).setdefault(c.op, 0)
            out[c.kind][c.op] += 1
        return out

    def tier_changes(self) -> list[TierChange]:
        """Enterprises whose quality-ladder tier moved (follower → leader is news)."""
        return [
            TierChange(c.key, c.name, f.before, f.after)
            for c in self.of("enterprises", "changed")
            for f in c.fields
            if f.field == "tier"
        ]

    def summary(self) -> str:
        parts = []
        for kind, ops in self.counts().items():
            signs = {"added": "+", "removed": "-", "changed": "~"}
            parts.append(f"{kind} " + " ".join(f"{signs[op]}{n}" for op, n in ops.items()))
        return "; ".join(parts) or "no changes"


def record_key(kind: str, record: Document) -> str:
    if kind == "supplies":
        return f"{record['supplier']}>{record['customer']}@{record['link']}"
    if kind == "link_flows":
        return f"{record['from']}>{record['to']}"
    return str(record["id"])


def _records(document: Document | None, kind: str) -> dict[str, Document]:
    if not document:
        return {}
    if kind == "chain":
        chain = dict(document["chain"])
        chain["indicators"] = document.get("indicators") or {}
        return {record_key(kind, chain): chain}
    return {record_key(kind, r): r for r in document.get(kind) or []}


def _name(record: Document) -> str | None:
    value = record.get("name", record.get("title"))
    return None if value is None else str(value)


def _field_changes(before: Document, after: Document) -> list[FieldChange]:
    names = sorted(before.keys() | after.keys())
    return [
        FieldChange(n, before.get(n), after.get(n)) for n in names if before.get(n) != after.get(n)
    ]


def _kind_changes(
    kind: str, before: Document | None, after: Document | None
) -> Iterator[RecordChange]:
    if kind != "chain" and before and after and before.get(kind) == after.get(kind):
        return  # equal lists (compared in C), as for most kinds after a small edit
    old, new = _records(before, kind), _records(after, kind)
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if a is None and b is not None:
            yield RecordChange(kind, key, "added", _name(b), [], b)
        elif b is None and a is not None:
            yield RecordChange(kind, key, "removed", _name(a), [], a)
        elif a is not None and b is not None and a != b:
            yield RecordChange(kind, key, "changed", _name(b), _field_changes(a, b), b)


def diff_packages(
    before: Document | None, after: Document | None, kinds: Iterable[str] = KINDS
) -> PackageDiff:
    """What changed from package document `before` (None: nothing) to `after`.

    Examples
    --------
    >>> a = {"chain": {"id": "c"}, "enterprises": [{"id": "x", "tier": "follower"}]}
    >>> b = {"chain": {"id": "c"}, "enterprises": [{"id": "x", "tier": "leader"}]}
    >>> [(t.id, t.before, t.after) for t in diff_packages(a, b).tier_changes()]
    [('x', 'follower', 'leader')]
    """
    return PackageDiff([c for kind in kinds for c in _kind_changes(kind, before, after)])


def touched_links(diff: PackageDiff, before: Document | None) -> set[str]:
    """Links whose data a change concerns: the link itself, its flows, enterprises, supplies,
    serving institutions and problems, before and after the change."""
    old = {kind: _records(before, kind) for kind in ("enterprises", "institutions", "problems")}
    touched: set[str] = set()
    for c in diff.changes:
        records = [r for r in (c.record, old.get(c.kind, {}).get(c.key)) if r]
        for r in records:
            if c.kind == "links":
                touched.add(c.key)
            elif c.kind == "link_flows":
                touched.update((r["from"], r["to"]))
            elif c.kind == "enterprises":
                touched.update(r.get("links") or [])
            elif c.kind in ("supplies", "problems"):
                touched.add(r["link"])
            elif c.kind == "institutions":
                touched.update(r.get("serves") or [])
    return touched
