"""A version kept as the change from the version before it, instead of as a whole package.

A problem status move on a 10,000-enterprise chain changes one record, yet its full snapshot is 0.6
MB compressed (6.5 MB at 100,000 enterprises), and FalkorDB keeps every byte in memory. So a version
written as a delta (graph.versioning.delta: few records changed) stores a patch: the records added
(with their place), changed and removed, and the chain record when it changed. Every
`KEYFRAME_EVERY`-th version in a row is a full snapshot again, which bounds the patches a read has
to apply. A patch is kept only when applying it to the previous document gives the new document
exactly; otherwise the version gets a full snapshot.
"""

from __future__ import annotations

from typing import Any

from graph.package.diff import KINDS, PackageDiff, record_key

__all__ = ["KEYFRAME_EVERY", "make_patch", "apply_patch"]

Document = dict[str, Any]
KEYFRAME_EVERY = 32
_CHAIN_FIELDS = ("chain", "indicators")  # the diff's kind `chain` covers both


def make_patch(before: Document, after: Document, diff: PackageDiff) -> Document | None:
    """The patch that turns `before` into `after` (`diff` is between them); None when it
    would not give `after` exactly."""
    patch: Document = {"set": {}, "unset": [], "lists": {}}
    if diff.of("chain"):
        for name in _CHAIN_FIELDS:
            if name in after:
                patch["set"][name] = after[name]
            else:
                patch["unset"].append(name)
    for kind in KINDS:
        changes = diff.of(kind)
        if kind == "chain" or not changes:
            continue
        added = [c for c in changes if c.op == "added"]
        records = after.get(kind) or []
        place = {record_key(kind, r): i for i, r in enumerate(records)} if added else {}
        if any(c.key not in place for c in added):
            return None
        patch["lists"][kind] = {
            "drop": [c.key for c in changes if c.op == "removed"],
            "put": [c.record for c in changes if c.op == "changed"],
            "add": [[place[c.key], c.record] for c in sorted(added, key=lambda c: place[c.key])],
        }
    return patch if apply_patch(before, patch) == after else None


def apply_patch(before: Document, patch: Document) -> Document:
    """The document after `patch`; `before` and its records are shared, never changed."""
    after = dict(before)
    after.update(patch["set"])
    for name in patch["unset"]:
        after.pop(name, None)
    for kind, change in patch["lists"].items():
        dropped = set(change["drop"])
        changed = {record_key(kind, r): r for r in change["put"]}
        records = list(before.get(kind) or [])
        if dropped or changed:  # keying 950,000 supplies takes a while: only when needed
            records = [
                changed.get(key, record)
                for record in records
                if (key := record_key(kind, record)) not in dropped
            ]
        for index, record in change["add"]:
            records.insert(index, record)
        after[kind] = records
    return after
