"""The record library: what the problem, project, achievement and event libraries share.

A library record lives in one list of the chain package (`problems`, `projects`, …) and as one
node in the store. Every write is an edit of the chain package (`graph.versioning.edits`): it
becomes a version with its diff and audit entry (`<kind>.<action>`, target `<chain>/<id>`).

The ETag of a record is a hash of its stored properties; writes check `If-Match` inside the edit,
under the write lock, so nothing can change the record between the check and the write. A
`Library` knows one kind of record (its list, its model, its reference checks and what may keep
it from being deleted); a `Writer` is who writes to which chain of which store.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from graph.access.principal import Principal
from graph.errors import ConflictError, PreconditionFailedError, RecordNotFoundError
from graph.package.models import ChainPackage
from graph.package.records import from_props
from graph.reads.lookup import require_chain
from graph.store.base import GraphStore
from graph.versioning.edits import Summary, apply_edit
from graph.versioning.importer import ImportResult

__all__ = ["Library", "Stored", "Writer", "names_tag", "now"]

R = TypeVar("R", bound=BaseModel)
T = TypeVar("T")


@dataclass(frozen=True)
class Stored(Generic[T]):
    """A record as stored, with the entity tag of exactly those stored properties."""

    record: T
    etag: str
    props: Mapping[str, Any]


@dataclass(frozen=True)
class Writer:
    """Who writes (`principal`) to which chain of which store: what every library write needs."""

    store: GraphStore
    chain: str
    principal: Principal

    @property
    def by(self) -> str:
        """The writer's key id, as running records sign their entries."""
        return self.principal.key_id or ""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def etag_of(props: Mapping[str, Any]) -> str:
    """A strong entity tag over the stored properties (bookkeeping `seen` left out)."""
    body = json.dumps(
        {k: v for k, v in props.items() if k != "seen"}, sort_keys=True, ensure_ascii=False
    )
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:20] + '"'


def names_tag(header: str, tag: str) -> bool:
    """Whether an `If-Match` / `If-None-Match` value (`*`, or a list of entity tags, weak or
    strong) names `tag`."""
    offered = {t.strip().removeprefix("W/") for t in header.split(",")}
    return "*" in offered or tag in offered


def check_if_match(if_match: str | None, current: str) -> None:
    """Raise PreconditionFailedError unless `if_match` is absent, `*`, or lists `current`."""
    if if_match is not None and not names_tag(if_match, current):
        raise PreconditionFailedError(
            f"the record changed: its ETag is {current}, the request named {if_match}"
        )


def _id(record: Any) -> str:
    """A library record's id (every library model has one; their common base does not)."""
    return str(record.id)


def position(records: Sequence[Any], record_id: str) -> int | None:
    """The index of the record with `record_id` in a package's list, None when absent."""
    return next((n for n, r in enumerate(records) if _id(r) == record_id), None)


def _no_check(package: ChainPackage, record: Any) -> None:
    return None


def _no_referrers(package: ChainPackage, record_id: str) -> list[str]:
    return []


@dataclass(frozen=True)
class Library(Generic[R]):
    """One kind of library record: `kind` names it in messages and audit actions, `field` is
    its list in the package and `query` its folder in `cypher/` (with a `get.cypher`).

    `check(package, record)` raises InvalidReferenceError for what the record names and the
    chain lacks (beyond the package checks every edit gets); `referrers(package, id)` lists
    what still names the record, which makes deleting it a conflict."""

    kind: str
    field: str
    model: type[R]
    query: str
    check: Callable[[ChainPackage, R], None] = _no_check
    referrers: Callable[[ChainPackage, str], list[str]] = _no_referrers

    def stored(self, props: dict[str, Any]) -> Stored[R]:
        return Stored(from_props(self.model, props), etag_of(props), props)

    def _absent(self, chain: str, record_id: str) -> RecordNotFoundError:
        return RecordNotFoundError(f"chain {chain!r} has no {self.kind} {record_id!r}")

    def get(self, store: GraphStore, chain: str, record_id: str) -> Stored[R]:
        require_chain(store, chain)
        rows = store.read(f"{self.query}/get", {"chain": chain, "id": record_id})
        if not rows:
            raise self._absent(chain, record_id)
        return self.stored(rows[0]["props"])

    def _records(self, package: ChainPackage) -> list[R]:
        records: list[R] = getattr(package, self.field)
        return records

    def _write(
        self,
        writer: Writer,
        record_id: str,
        edit: Callable[[ChainPackage], ChainPackage],
        action: str,
        summary: Summary,
    ) -> ImportResult:
        return apply_edit(
            writer.store,
            writer.chain,
            edit,
            principal=writer.principal,
            action=f"{self.kind}.{action}",
            target=f"{writer.chain}/{record_id}",
            summary=summary,
        )

    def create(self, writer: Writer, record: R, summary: str) -> ImportResult:
        """Add `record`; an id the chain already holds is a conflict."""
        record_id = _id(record)

        def edit(package: ChainPackage) -> ChainPackage:
            records = self._records(package)
            if position(records, record_id) is not None:
                article = "an" if self.kind[0] in "aeiou" else "a"
                raise ConflictError(
                    f"chain {writer.chain!r} already has {article} {self.kind} {record_id!r}"
                )
            self.check(package, record)
            records.append(record)
            return package

        return self._write(writer, record_id, edit, "create", summary)

    def change(
        self,
        writer: Writer,
        record_id: str,
        change: Callable[[R], R],
        *,
        if_match: str | None,
        action: str,
        summary: Summary,
    ) -> ImportResult:
        """Replace the stored record by `change(record)` once its ETag matches `if_match`."""

        def edit(package: ChainPackage) -> ChainPackage:
            current = self.get(writer.store, writer.chain, record_id)
            check_if_match(if_match, current.etag)
            records = self._records(package)
            index = position(records, record_id)
            if index is None:
                raise self._absent(writer.chain, record_id)
            changed = change(current.record)
            self.check(package, changed)
            records[index] = changed
            return package

        return self._write(writer, record_id, edit, action, summary)

    def delete(
        self, writer: Writer, record_id: str, *, if_match: str | None
    ) -> tuple[R, ImportResult]:
        """Remove the record nothing else names; returns it as it was, with the write."""
        removed: list[R] = []

        def edit(package: ChainPackage) -> ChainPackage:
            current = self.get(writer.store, writer.chain, record_id)
            check_if_match(if_match, current.etag)
            removed.append(current.record)
            referrers = self.referrers(package, record_id)
            if referrers:
                raise ConflictError(
                    f"{self.kind} {record_id!r} is still referred to: {', '.join(referrers)}"
                )
            kept = [r for r in self._records(package) if _id(r) != record_id]
            setattr(package, self.field, kept)
            return package

        result = self._write(writer, record_id, edit, "delete", f"{self.kind} {record_id}: deleted")
        return removed[0], result
