"""Edits of a chain in the store, in batches: each batch becomes one new version.

An edit is a function from the chain's current package to the edited one. The result is
checked like any import (graph.package) and written through the importer, so every batch of
edits gets a version, a snapshot, a diff and an audit entry in one atomic unit. The cost of a
batch is that of exporting and importing the chain (milliseconds for the seed, tens of seconds
for a 100,000-enterprise chain), so callers should batch edits rather than send them one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from graph.audit import entry_statement
from graph.diff import PackageDiff
from graph.exporter import export_package
from graph.importer import ImportResult, import_package
from graph.keys import Principal
from graph.models import ChainPackage, Lifecycle
from graph.package import PackageError, check_references
from graph.store.base import GraphStore, Statement
from graph.versions import WRITE_LOCK

__all__ = [
    "Edit",
    "Summary",
    "EditConflictError",
    "RecordNotFoundError",
    "apply_edit",
    "set_enterprise_status",
    "review_link",
]

Edit = Callable[[ChainPackage], ChainPackage]
# A summary may depend on what the edit found (a status it moved from): a callable is asked
# for the text once the edit has run.
Summary = str | Callable[[], str]


class EditConflictError(ValueError):
    """The edit does not fit the chain as it is now (409)."""


class RecordNotFoundError(LookupError):
    """The edit names a record the chain does not hold (404)."""


def _checked(package: ChainPackage) -> ChainPackage:
    checked = ChainPackage.model_validate(package.model_dump(by_alias=True))
    issues = list(check_references(checked))
    if issues:
        raise PackageError(issues)
    return checked


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
    statements in the same atomic unit. Raises PackageError when the result is not a valid
    package, and whatever `edit` raises (nothing is written then). `edit` runs under the
    process's write lock, so checks it makes against the store hold until the write."""

    with WRITE_LOCK:
        package = _checked(edit(export_package(store, chain)))
        text = summary if isinstance(summary, str) else summary()

        def statements(version: str, diff: PackageDiff) -> list[Statement]:
            details = {"version": version, "changes": diff.counts()}
            audit = entry_statement(principal, action, target, text, chain=chain, details=details)
            return [audit, *extra]

        return import_package(
            store,
            package,
            author=principal.key_id or "",
            summary=text,
            extra=statements,
            also_touched=also_touched,
        )


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
