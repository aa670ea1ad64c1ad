"""Sharing levels of achievements (guide §5.6.2), applied on every path that returns them."""

from __future__ import annotations

from collections.abc import Iterable

from graph.keys import Principal, at_least
from graph.models import Achievement, ChainPackage

__all__ = ["can_see", "visible_achievements", "shared_view"]


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


def shared_view(principal: Principal, package: ChainPackage) -> ChainPackage:
    """The package as `principal` may see it: achievements filtered by their sharing level."""
    return package.model_copy(
        update={"achievements": visible_achievements(principal, package.achievements)}
    )
