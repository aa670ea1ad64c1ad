"""Who is asking, and the order of roles: viewer < member < editor < admin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Role", "ROLES", "Principal", "ANONYMOUS", "at_least"]

Role = Literal["viewer", "member", "editor", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "member", "editor", "admin")


@dataclass(frozen=True)
class Principal:
    """Who is asking: a key's id and role, or nobody (anonymous reads of public data)."""

    key_id: str | None
    role: Role | None
    enterprise: str | None = None


ANONYMOUS = Principal(key_id=None, role=None)


def at_least(principal: Principal, role: Role) -> bool:
    return principal.role is not None and ROLES.index(principal.role) >= ROLES.index(role)
