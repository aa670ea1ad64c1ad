"""What every single-record write shares: errors, ETags, finding a record in a package.

Single-record writes (a problem, a project, an achievement) are edits of the chain package
(graph.versioning.edits.apply_edit): each one becomes a version with its diff and audit entry. The
ETag of a record is a hash of its stored properties; writes check `If-Match` inside the edit, under
the write lock, so nothing can change the record between the check and the write.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from graph.errors import ChainNotFoundError, PreconditionFailedError
from graph.store.base import GraphStore

__all__ = [
    "Stored",
    "etag_of",
    "now",
    "check_if_match",
    "missing_ids",
    "position",
    "require_chain",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Stored(Generic[T]):
    """A record as stored, with the entity tag of exactly those stored properties."""

    record: T
    etag: str
    props: Mapping[str, Any]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def etag_of(props: Mapping[str, Any]) -> str:
    """A strong entity tag over the stored properties (bookkeeping `seen` left out)."""
    body = json.dumps(
        {k: v for k, v in props.items() if k != "seen"}, sort_keys=True, ensure_ascii=False
    )
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:20] + '"'


def check_if_match(if_match: str | None, current: str) -> None:
    """Raise PreconditionFailedError unless `if_match` is absent, `*`, or lists `current`."""
    if if_match is None:
        return
    offered = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if "*" not in offered and current not in offered:
        raise PreconditionFailedError(
            f"the record changed: its ETag is {current}, the request named {if_match}"
        )


def require_chain(store: GraphStore, chain: str) -> None:
    if not store.read("chains/get", {"chain": chain}):
        raise ChainNotFoundError(chain)


def missing_ids(store: GraphStore, lookup: str, chain: str, ids: Iterable[str]) -> set[str]:
    """Those of `ids` that `lookup/<lookup>` does not find in the chain."""
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    found = {row["id"] for row in store.read(f"lookup/{lookup}", {"chain": chain, "ids": wanted})}
    return set(wanted) - found


def position(records: Sequence[Any], record_id: str) -> int | None:
    """The index of the record with `record_id` in a package's list, None when absent."""
    return next((n for n, r in enumerate(records) if r.id == record_id), None)
