"""The query catalogue: every Cypher statement lives in `cypher/`, one per file, named by purpose.

`query("chains/list")` returns the text of `cypher/chains/list.cypher`. Names are checked against
the files shipped with the package, so a caller can never turn input into a query.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import LiteralString, cast

__all__ = ["query", "query_names", "query_texts", "schema_statements", "UnknownQueryError"]


class UnknownQueryError(KeyError):
    """A query name with no file behind it: a programming error, never client input."""


@cache
def _catalogue() -> dict[str, str]:
    root = resources.files("cypher")
    found: dict[str, str] = {}
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        for entry in folder.iterdir():
            if entry.is_dir():
                pending.append((entry, f"{prefix}{entry.name}/"))
            elif entry.name.endswith(".cypher"):
                found[prefix + entry.name.removesuffix(".cypher")] = entry.read_text("utf-8")
    return found


def query(name: str) -> LiteralString:
    """The statement stored as `cypher/<name>.cypher`."""
    try:
        text = _catalogue()[name]
    except KeyError:
        raise UnknownQueryError(name) from None
    return cast(LiteralString, text.strip())


def schema_statements(backend: str) -> list[LiteralString]:
    """The idempotent schema statements of one backend, in file-name order."""
    prefix = f"schema/{backend}/"
    return [query(name) for name in sorted(_catalogue()) if name.startswith(prefix)]


def query_names() -> list[str]:
    """The name of every query in the catalogue, sorted."""
    return sorted(_catalogue())


def query_texts() -> list[str]:
    """The text of every query in the catalogue."""
    return list(_catalogue().values())
