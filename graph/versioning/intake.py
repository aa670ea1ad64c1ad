"""A chain package as users send it, by HTTP, the CLI or the console: matched against the firms
already in the store, then written as one version together with its audit entry and match
candidates. `preview_package` is the same intake without the write (a dry run): what the import
would change, as of which version."""

from __future__ import annotations

from dataclasses import dataclass

from graph.access.audit import entry_statement
from graph.access.principal import Principal
from graph.collector import collection_paused
from graph.errors import ConflictError
from graph.package.diff import PackageDiff, diff_packages
from graph.package.models import ChainPackage
from graph.store.base import GraphStore, Statement
from graph.versioning.baseline import latest_baseline
from graph.versioning.importer import ImportResult, import_package, package_document
from graph.versioning.matching import MatchOutcome, candidate_statements, match_enterprises
from graph.versioning.versions import WRITE_LOCK, latest_version_id

__all__ = ["Intake", "IntakePreview", "receive_package", "preview_package"]


@dataclass(frozen=True)
class Intake:
    result: ImportResult
    matches: MatchOutcome


@dataclass(frozen=True)
class IntakePreview:
    """What importing a package would do, as of the chain's version `base` (None: the chain
    is new): the record diff after matching, and the matching decisions."""

    chain: str
    base: str | None
    diff: PackageDiff
    matches: MatchOutcome


@collection_paused(freeze_after=True)  # a big package's matching and diff (graph.collector)
def preview_package(store: GraphStore, package: ChainPackage) -> IntakePreview:
    """The dry run of `receive_package`: match, diff against the latest version, write nothing.

    A write that follows should name `base` (see `receive_package`): the diff shown holds only
    while the chain is still at that version."""
    outcome = match_enterprises(store, package)
    baseline = latest_baseline(store, package.chain.id)
    document = package_document(outcome.package)
    if baseline is None or baseline.document is None:
        counts = {key: len(v) for key, v in outcome.package if isinstance(v, list)}
        diff = PackageDiff(added_counts={"chain": 1, **counts})
    else:
        diff = diff_packages(baseline.document, document)
    return IntakePreview(package.chain.id, baseline.version if baseline else None, diff, outcome)


@collection_paused(freeze_after=True)  # matching and writing a big package (graph.collector)
def receive_package(
    store: GraphStore,
    package: ChainPackage,
    principal: Principal,
    *,
    expected_base: str | None = None,
) -> Intake:
    """Import `package` on behalf of `principal`; all or nothing, audit entry included.

    With `expected_base` (the `base` of a preview, `""` for a chain that had no version) the
    import is refused, writing nothing, when the chain has moved on from that version since."""
    chain = package.chain.id
    with WRITE_LOCK:
        if expected_base is not None:
            latest = latest_version_id(store, chain)
            if (latest or "") != expected_base:
                raise ConflictError(
                    f"chain {chain!r} is at {latest or 'no version'} now, not {expected_base} "
                    "as in the dry run; run the dry run again"
                )
        outcome = match_enterprises(store, package)

        def extra(version: str, diff: PackageDiff) -> list[Statement]:
            details = {"version": version, "changes": diff.counts(), "matches": outcome.counts()}
            summary = f"import of {chain} as {version}: {diff.summary()}"
            audit = entry_statement(
                principal, "chain.import", chain, summary, chain=chain, details=details
            )
            return [audit, *candidate_statements(chain, version, outcome)]

        result = import_package(store, outcome.package, author=principal.key_id or "", extra=extra)
    return Intake(result, outcome)
