"""API keys: roles, creation and verification. Only a hash of each secret is stored.

Creating and revoking a key are recorded in the audit log (`key.create`, `key.revoke`) in the
same atomic unit; keys are not chain data, so they make no version."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graph.access.audit import entry_statement
from graph.access.principal import ANONYMOUS, Principal, Role
from graph.store.base import GraphStore

__all__ = ["KeyInfo", "create_key", "verify_key", "key_principal", "list_keys", "revoke_key"]

PREFIX = "cm"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(
    store: GraphStore,
    role: Role,
    *,
    name: str = "",
    enterprise: str | None = None,
    by: Principal = ANONYMOUS,
) -> tuple[str, str]:
    """Store a new key and return (key id, the full key). The key is shown this once only.

    `by` is who created it, for the audit log (anonymous: the command line, on the host)."""
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    key = {
        "id": key_id,
        "hash": _digest(secret),
        "role": role,
        "name": name,
        "enterprise": enterprise,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    summary = f"key {key_id} created: role {role}" + (f", name {name!r}" if name else "")
    summary += f", for enterprise {enterprise}" if enterprise else ""
    details = {"role": role, "name": name, "enterprise": enterprise}
    audit = entry_statement(by, "key.create", f"key/{key_id}", summary, details=details)
    store.write_atomically([("keys/create", key), audit])
    return key_id, f"{PREFIX}_{key_id}_{secret}"


def verify_key(store: GraphStore, presented: str) -> Principal | None:
    """The principal a presented key stands for, or None when it is unknown or revoked."""
    prefix, _, rest = presented.partition("_")
    key_id, _, secret = rest.partition("_")
    if prefix != PREFIX or not key_id or not secret or len(presented) > 200:
        return None
    rows = store.read("keys/get", {"id": key_id})
    if not rows or rows[0]["revoked"]:
        return None
    if not hmac.compare_digest(rows[0]["hash"], _digest(secret)):
        return None
    return Principal(key_id=key_id, role=rows[0]["role"], enterprise=rows[0]["enterprise"])


def key_principal(store: GraphStore, key_id: str) -> Principal | None:
    """The principal of a key already verified once (a console session names it by id), or
    None once the key is revoked or gone: revocation ends its sessions on their next request."""
    rows = store.read("keys/get", {"id": key_id})
    if not rows or rows[0]["revoked"]:
        return None
    return Principal(key_id=key_id, role=rows[0]["role"], enterprise=rows[0]["enterprise"])


@dataclass(frozen=True)
class KeyInfo:
    """What may be shown about a key: never its secret nor its hash."""

    id: str
    role: Role
    name: str
    enterprise: str | None
    created_at: str
    revoked: bool


def _info(row: dict[str, Any]) -> KeyInfo:
    return KeyInfo(
        id=row["id"],
        role=row["role"],
        name=row["name"] or "",
        enterprise=row["enterprise"],
        created_at=row["created_at"],
        revoked=bool(row["revoked"]),
    )


def list_keys(store: GraphStore) -> list[KeyInfo]:
    return [_info(row) for row in store.read("keys/list")]


def revoke_key(store: GraphStore, key_id: str, *, by: Principal = ANONYMOUS) -> bool:
    """Revoke a key for good; False when there is no such key (nothing is recorded then)."""
    rows = store.read("keys/get", {"id": key_id})
    if not rows:
        return False
    summary = f"key {key_id} revoked (role {rows[0]['role']})"
    audit = entry_statement(by, "key.revoke", f"key/{key_id}", summary)
    store.write_atomically([("keys/revoke", {"id": key_id}), audit])
    return True
