"""A chain package as users send it, by HTTP or the CLI: matched against the firms already
in the store, then written as one version together with its audit entry and match candidates."""

from __future__ import annotations

from dataclasses import dataclass

from graph.access.audit import entry_statement
from graph.access.principal import Principal
from graph.package.diff import PackageDiff
from graph.package.models import ChainPackage
from graph.store.base import GraphStore, Statement
from graph.versioning.importer import ImportResult, import_package
from graph.versioning.matching import MatchOutcome, candidate_statements, match_enterprises
from graph.versioning.versions import WRITE_LOCK

__all__ = ["Intake", "receive_package"]


@dataclass(frozen=True)
class Intake:
    result: ImportResult
    matches: MatchOutcome


def receive_package(store: GraphStore, package: ChainPackage, principal: Principal) -> Intake:
    """Import `package` on behalf of `principal`; all or nothing, audit entry included."""
    chain = package.chain.id
    with WRITE_LOCK:
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
