"""The errors the domain raises, in one family; `app.errors` gives each branch its HTTP status.

Every layer raises these and nothing else reaches a caller as a domain error: a route never
needs to know which module found the problem, only which branch of the family it is.

- `NotFoundError` (404): a chain, record, enterprise or version the caller named is absent, or
  the caller may not see it (sharing levels report hidden records as absent).
- `ConflictError` (409): the write contradicts the store's state; `WriteConflictError` is the
  retriable kind (another writer got there first).
- `PreconditionFailedError` (412): `If-Match` named another version of the record.
- `InvalidPackageError` (422): a package or record that cannot be written, every issue listed;
  `InvalidReferenceError` when the issues are references to ids the chain does not hold.
- `InvalidValueError` (422): a value no store can hold (a NUL, a lone surrogate, a huge int).
- `AmbiguousIdError` (400): an id that names records in more than one chain.
- `StoreUnavailableError` (503): the database does not answer; retry later.
- `NotReadyError` (503): an answer is being prepared (a big chain's analysis); retry after
  `retry_after` seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ChainmapError",
    "NotFoundError",
    "ChainNotFoundError",
    "EnterpriseNotFoundError",
    "RecordNotFoundError",
    "VersionNotFoundError",
    "ConflictError",
    "WriteConflictError",
    "PreconditionFailedError",
    "PackageIssue",
    "InvalidPackageError",
    "InvalidReferenceError",
    "InvalidValueError",
    "AmbiguousIdError",
    "StoreUnavailableError",
    "NotReadyError",
]


class ChainmapError(Exception):
    """The root of the family."""


class NotFoundError(ChainmapError, LookupError):
    """An id the caller named does not exist (or the caller may not see it)."""


class ChainNotFoundError(NotFoundError):
    def __init__(self, chain: str) -> None:
        super().__init__(f"no chain {chain!r}")
        self.chain = chain


class EnterpriseNotFoundError(NotFoundError):
    """No enterprise with that id (in that chain)."""


class RecordNotFoundError(NotFoundError):
    """The chain has no record with that id (or the caller may not see it)."""


class VersionNotFoundError(NotFoundError):
    """No version of the chain by that id, sequence number or time."""


class ConflictError(ChainmapError):
    """The write contradicts the store's state: duplicate id, record still referenced."""


class WriteConflictError(ConflictError):
    """An atomic write collided with another one and was rolled back whole (two service
    processes numbering the same version, a deadlock); it may be retried from a fresh read."""


class PreconditionFailedError(ChainmapError):
    """`If-Match` named another version of the record than the stored one."""


@dataclass(frozen=True)
class PackageIssue:
    """One problem of a package: where and what. `path` says where in words: a JSON path
    (`$.enterprises[3].tier`), a CSV file, row and column, or a workbook sheet, row and column.
    For the CSV and workbook forms the same place is also given in parts: `sheet` (the CSV file
    or the workbook sheet), `row` (as the spreadsheet numbers it), `column` (the CSV header, or
    the workbook column letter) and `field` (the package field of that column)."""

    path: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    field: str | None = None

    def location(self) -> dict[str, str | int]:
        """The parts of the place that are known, for an answer or a report."""
        parts = {"sheet": self.sheet, "row": self.row, "column": self.column, "field": self.field}
        return {k: v for k, v in parts.items() if v is not None}


class InvalidPackageError(ChainmapError, ValueError):
    """A package that cannot be imported; `issues` lists every problem found."""

    def __init__(self, issues: list[PackageIssue]) -> None:
        self.issues = issues
        super().__init__(
            f"{len(issues)} problem(s) in the package: "
            + "; ".join(f"{i.path}: {i.message}" for i in issues[:5])
        )


class InvalidReferenceError(InvalidPackageError):
    """The record names ids the chain does not hold; every such reference is listed."""

    def __init__(self, issues: list[PackageIssue]) -> None:
        super().__init__(issues)
        self.args = ("; ".join(f"{i.path}: {i.message}" for i in issues),)


class InvalidValueError(ChainmapError, ValueError):
    """A value the database cannot hold (text that is not valid Unicode); a client error."""


class AmbiguousIdError(ChainmapError, ValueError):
    """An id found in more than one chain where the caller named none."""


class StoreUnavailableError(ChainmapError):
    """The database does not answer; the service reports 503 and retries later."""


class NotReadyError(ChainmapError):
    """What the caller asked for is being prepared; ask again after `retry_after` seconds."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
