"""What the library routes share: a stored record as its public schema, tagged on the way out.

Problems, projects, achievements and events answer a read with the record and its `ETag`, a
create with `201` and its `Location`, and accept `If-Match` on every write (app.deps.IfMatchDep).
"""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import Response
from pydantic import BaseModel

from graph.libraries.records import Stored

__all__ = ["public", "tagged", "located"]

P = TypeVar("P", bound=BaseModel)


def tagged(response: Response, stored: Stored[Any]) -> None:
    """Put the record's ETag on the response, for the `If-Match` of the next write."""
    response.headers["ETag"] = stored.etag


def located(response: Response, path: str, stored: Stored[Any]) -> None:
    """A created record: where it lives now, and its ETag."""
    response.headers["Location"] = path
    tagged(response, stored)


def public(
    schema: type[P], chain: str, stored: Stored[Any], response: Response | None = None, **extra: Any
) -> P:
    """The record as `schema` (its fields, the chain and `extra`), its ETag on `response`."""
    if response is not None:
        tagged(response, stored)
    return schema(**stored.record.model_dump(), chain=chain, **extra)
