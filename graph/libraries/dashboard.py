"""A chain at a glance, for the console's dashboard: what it holds, its problems by grade and
status, the projects that need attention, its stale links and its latest versions.

Everything passes the caller's sharing level (docs/architecture.md, Sharing): problem grades and
statuses are public (the map's badges show them), projects are member data (below `member` the
dashboard holds no warnings and no project count), and achievements count only as far as the
caller may see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from graph.access.principal import Principal, at_least
from graph.libraries.achievements import list_achievements
from graph.libraries.problems import STATUSES, list_problems
from graph.libraries.projects import ProjectWarning, project_warnings
from graph.package.models import Chain
from graph.package.severity import GRADES
from graph.reads.chains import get_chain
from graph.store.base import GraphStore
from graph.versioning.staleness import ChainStaleness, chain_staleness
from graph.versioning.versions import VersionInfo, list_versions, shared_version

__all__ = ["Dashboard", "chain_dashboard", "LATEST_VERSIONS"]

LATEST_VERSIONS = 5


@dataclass(frozen=True)
class Dashboard:
    chain: Chain
    counts: dict[str, int]
    """Records per package list, as of the latest version, as far as the caller may see."""
    problems: dict[str, dict[str, int]]
    """{grade: {status: n}} for every grade (lowest first) and status."""
    warnings: list[ProjectWarning] | None
    """Running projects with overdue milestones or open risks; None when hidden."""
    staleness: ChainStaleness
    versions: list[VersionInfo]
    """The latest versions, newest first."""
    total_versions: int


def chain_dashboard(store: GraphStore, chain: str, principal: Principal, today: date) -> Dashboard:
    """The dashboard of `chain` as `principal` may see it, with milestones due before `today`
    counted overdue."""
    head = get_chain(store, chain)
    versions = list_versions(store, chain)
    counts = dict(versions[-1].counts) if versions else {}
    counts["achievements"] = len(list_achievements(store, chain, principal))
    member = at_least(principal, "member")
    if not member:
        counts.pop("projects", None)
    grid: dict[str, dict[str, int]] = {g: dict.fromkeys(STATUSES, 0) for g in GRADES}
    for stored in list_problems(store, chain):
        grid[str(stored.props["grade"])][stored.record.status] += 1
    return Dashboard(
        chain=head,
        counts=counts,
        problems=grid,
        warnings=project_warnings(store, chain, today) if member else None,
        staleness=chain_staleness(store, chain),
        versions=[shared_version(principal, v) for v in reversed(versions[-LATEST_VERSIONS:])],
        total_versions=len(versions),
    )
