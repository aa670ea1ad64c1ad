"""Edits of a chain in the store, in batches: each batch becomes one new version.

An edit is a function from the chain's current package to the edited one. The result is
checked like any import (graph.package.formats) and written through the importer, so every batch of
edits gets a version, a snapshot, a diff and an audit entry in one atomic unit.

An edit starts from the latest version's package (graph.versioning.baseline: kept in memory after
the previous write, else decoded from the version's snapshot; exported from the store only when the
version has none). Only the records the edit changed are validated again, and only they are written
(graph.versioning.delta), so an edit of a 10,000-enterprise chain takes about 0.4 s: dumping the
package, diffing it and compressing its snapshot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticSerializationError

from graph.access.audit import entry_statement
from graph.access.principal import Principal
from graph.errors import InvalidPackageError, PackageIssue, RecordNotFoundError, WriteConflictError
from graph.package.diff import PackageDiff, diff_packages, record_key
from graph.package.formats import check_references
from graph.package.models import ChainPackage, Lifecycle
from graph.reads.exporter import export_package
from graph.store.base import GraphStore, Statement
from graph.versioning.baseline import latest_baseline, take_package
from graph.versioning.delta import model_key
from graph.versioning.importer import ImportResult, package_document, write_version
from graph.versioning.versions import WRITE_LOCK

__all__ = [
    "Edit",
    "Summary",
    "apply_edit",
    "checked_edit",
    "set_enterprise_status",
    "review_link",
]

Edit = Callable[[ChainPackage], ChainPackage]
# A summary may depend on what the edit found (a status it moved from): a callable is asked
# for the text once the edit has run.
Summary = str | Callable[[], str]
Document = dict[str, Any]
# Tries of one edit that keeps colliding with other processes' writes before it gives up (409).
EDIT_ATTEMPTS = 5


def _checked(package: ChainPackage) -> ChainPackage:
    """The whole package validated again, with its references checked."""
    checked = ChainPackage.model_validate(package.model_dump(by_alias=True))
    issues = list(check_references(checked))
    if issues:
        raise InvalidPackageError(issues)
    return checked


def _fully_checked(
    before: Document, edited: ChainPackage
) -> tuple[ChainPackage, Document, PackageDiff]:
    package = _checked(edited)
    document = package_document(package)
    return package, document, diff_packages(before, document)


def _issues(error: ValidationError, part: Document, document: Document) -> list[PackageIssue]:
    """Validation errors of the changed records, with their paths in the whole package."""
    positions: dict[str, dict[str, int]] = {}
    issues = []
    for e in error.errors():
        loc = list(e["loc"])
        if len(loc) > 1 and loc[0] in part and loc[0] != "chain" and isinstance(loc[1], int):
            kind = str(loc[0])
            if kind not in positions:
                positions[kind] = {
                    record_key(kind, r): n for n, r in enumerate(document.get(kind) or [])
                }
            loc[1] = positions[kind].get(record_key(kind, part[kind][loc[1]]), loc[1])
        path = "$" + "".join(f"[{x}]" if isinstance(x, int) else f".{x}" for x in loc)
        issues.append(PackageIssue(path, e["msg"]))
    return issues


def checked_edit(
    before: Document, edited: ChainPackage
) -> tuple[ChainPackage, Document, PackageDiff]:
    """The edited package checked like an import, with its document and its diff from the
    document `before` it started from. Only records that differ from `before` are validated
    again (the others come from a checked version); references are checked throughout.
    Raises InvalidPackageError."""
    try:
        document = edited.model_dump(mode="json", by_alias=True, exclude_none=True, warnings=False)
    except PydanticSerializationError:  # a value of the wrong type: the full check says which
        return _fully_checked(before, edited)
    diff = diff_packages(before, document)
    written: dict[str, list[Document]] = {}
    for c in diff.changes:
        if c.op != "removed" and c.kind != "chain" and c.record is not None:
            written.setdefault(c.kind, []).append(c.record)
    part: Document = {
        "chain": document["chain"],
        "indicators": document.get("indicators") or {},
        **written,
    }
    try:
        validated = ChainPackage.model_validate(part)
    except ValidationError as exc:
        raise InvalidPackageError(_issues(exc, part, document)) from None
    again = package_document(validated)
    if any(again.get(key) != value for key, value in part.items()):
        # validation changed a value (an int that is a float field, say): check it all
        return _fully_checked(before, edited)
    updates: dict[str, Any] = {"chain": validated.chain, "indicators": validated.indicators}
    for kind in written:
        fresh = {model_key(kind, r): r for r in getattr(validated, kind)}
        updates[kind] = [fresh.get(model_key(kind, r), r) for r in getattr(edited, kind)]
    package = edited.model_copy(update=updates)
    issues = list(check_references(package))
    if issues:
        raise InvalidPackageError(issues)
    return package, document, diff


def apply_edit(
    store: GraphStore,
    chain: str,
    edit: Edit,
    *,
    principal: Principal,
    action: str,
    target: str,
    summary: Summary,
    extra: Sequence[Statement] = (),
    also_touched: Iterable[str] = (),
) -> ImportResult:
    """Apply `edit` to the chain as one new version, with its audit entry and `extra`
    statements in the same atomic unit. Raises InvalidPackageError when the result is not a valid
    package, and whatever `edit` raises (nothing is written then). `edit` runs under the
    process's write lock, so checks it makes against the store hold until the write. When
    another service process on the same store wrote the chain in between (the store refuses
    the second version of one number), the edit runs again on what that process wrote."""

    def once() -> ImportResult:
        baseline = latest_baseline(store, chain)
        start = take_package(store, baseline) if baseline is not None else None
        if baseline is None or baseline.document is None or start is None:
            # no snapshot to start from: the chain as the store holds it, written in full
            package = _checked(edit(export_package(store, chain)))
            document, diff = package_document(package), None
        else:
            package, document, diff = checked_edit(baseline.document, edit(start))
        text = summary if isinstance(summary, str) else summary()

        def statements(version: str, diff: PackageDiff) -> list[Statement]:
            details = {"version": version, "changes": diff.counts()}
            audit = entry_statement(principal, action, target, text, chain=chain, details=details)
            return [audit, *extra]

        return write_version(
            store,
            package,
            document,
            baseline,
            diff=diff,
            author=principal.key_id or "",
            summary=text,
            extra=statements,
            also_touched=also_touched,
            mode="delta",
            owned=True,
        )

    for _ in range(EDIT_ATTEMPTS - 1):
        try:
            with WRITE_LOCK:
                return once()
        except WriteConflictError:
            # Another process wrote this chain first: start again from its version, where
            # the edit's own checks (If-Match, a record's existence) see what it wrote.
            continue
    with WRITE_LOCK:
        return once()


def set_enterprise_status(
    store: GraphStore,
    chain: str,
    enterprise: str,
    status: Lifecycle,
    *,
    principal: Principal,
    note: str | None = None,
) -> ImportResult:
    """Mark a firm active, closed or moved; its record, supplies and history stay."""

    def edit(package: ChainPackage) -> ChainPackage:
        found = [e for e in package.enterprises if e.id == enterprise]
        if not found:
            raise RecordNotFoundError(f"no enterprise {enterprise!r} in chain {chain!r}")
        found[0].status = status
        return package

    summary = f"enterprise {enterprise} is {status}" + (f": {note}" if note else "")
    return apply_edit(
        store,
        chain,
        edit,
        principal=principal,
        action="enterprise.status",
        target=f"{chain}/{enterprise}",
        summary=summary,
    )


def review_link(
    store: GraphStore, chain: str, link: str, *, principal: Principal, note: str | None = None
) -> ImportResult:
    """Record that a person checked a link's data and found it current (clears staleness)."""

    def edit(package: ChainPackage) -> ChainPackage:
        if link not in {x.id for x in package.links}:
            raise RecordNotFoundError(f"no link {link!r} in chain {chain!r}")
        return package

    return apply_edit(
        store,
        chain,
        edit,
        principal=principal,
        action="link.review",
        target=f"{chain}/{link}",
        summary=f"link {link} reviewed as current" + (f": {note}" if note else ""),
        also_touched=[link],
    )
