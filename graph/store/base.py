"""The GraphStore port: the one boundary between the domain and a database.

Callers name queries from the `cypher/` catalogue and pass values only as parameters; an
adapter runs them and returns rows as plain dicts keyed by the RETURN column names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

__all__ = [
    "GraphStore",
    "Row",
    "Statement",
]

Row = dict[str, Any]
Statement = tuple[str, Mapping[str, Any]]


class GraphStore(Protocol):
    kind: str
    # Writes this adapter has sent or tried (failed ones count): what a cache of the store's
    # contents compares to know that this process may have changed them.
    writes: int
    # True when every write to the database goes through this adapter (the embedded store:
    # one process owns its data directory), so what it has not written has not changed.
    sole_writer: bool

    def read(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Run the named read-only query."""
        ...

    def write(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Run the named write query on its own."""
        ...

    def write_atomically(self, statements: Sequence[Statement]) -> None:
        """Run named write queries as one unit: all of them or, on a crash, none. Raises
        WriteConflictError when another writer got there first (then nothing was written)."""
        ...

    def apply_schema(self) -> None:
        """Create the backend's indexes and constraints; safe to repeat."""
        ...

    def ping(self) -> None:
        """Raise StoreUnavailableError when the database does not answer."""
        ...

    def close(self) -> None: ...
