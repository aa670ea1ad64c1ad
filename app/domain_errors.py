"""Domain errors of edits and versions as HTTP errors (404, 409), in one place."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import HTTPException

from app.errors import NotFoundError
from graph.edits import EditConflictError, RecordNotFoundError
from graph.versions import VersionNotFoundError

__all__ = ["http_errors"]


@contextmanager
def http_errors() -> Iterator[None]:
    try:
        yield
    except (RecordNotFoundError, VersionNotFoundError) as exc:
        raise NotFoundError(str(exc.args[0])) from None
    except EditConflictError as exc:
        raise HTTPException(409, str(exc)) from None
