"""Sharing levels of achievements (guide §5.6.2), applied on every path that returns them."""

from __future__ import annotations

from collections.abc import Iterable

from graph.access.principal import Principal, at_least
from graph.package.models import Achievement, ChainPackage, Problem

__all__ = [
    "can_see",
    "visible_achievements",
    "shared_view",
    "public_problem",
    "PUBLIC_PROBLEM_FIELDS",
]

#: What of a problem callers below `member` see: enough for its link's grade badge.
PUBLIC_PROBLEM_FIELDS = frozenset(
    {"id", "link", "category", "status", "scores", "common", "basis", "source"}
)


def can_see(principal: Principal, achievement: Achievement) -> bool:
    """public: everyone; members and paid: member keys and above; directed: the enterprises
    named (keys bound to them) and editors; editors and admins see everything."""
    if at_least(principal, "editor"):
        return True
    if achievement.sharing == "public":
        return True
    if achievement.sharing == "directed":
        return principal.enterprise is not None and principal.enterprise in achievement.directed_to
    return at_least(principal, "member")


def visible_achievements(
    principal: Principal, achievements: Iterable[Achievement]
) -> list[Achievement]:
    return [a for a in achievements if can_see(principal, a)]


def public_problem(problem: Problem) -> Problem:
    """A problem as callers below `member` see it: where it is, its grade, not its content."""
    kept = problem.model_dump(include=set(PUBLIC_PROBLEM_FIELDS))
    return Problem.model_validate({**kept, "title": f"质量问题 {problem.id}"})


def shared_view(principal: Principal, package: ChainPackage) -> ChainPackage:
    """The package as `principal` may see it: achievements by their sharing level; below
    `member`, problems reduced to their public face and no breakthrough projects (the problem
    and project libraries are member data: docs/architecture.md, Sharing)."""
    update: dict[str, object] = {
        "achievements": visible_achievements(principal, package.achievements)
    }
    if not at_least(principal, "member"):
        update["problems"] = [public_problem(p) for p in package.problems]
        update["projects"] = []
    return package.model_copy(update=update)
