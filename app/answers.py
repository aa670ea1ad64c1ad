"""Read answers of a chain version never change: each is tagged by the version and the request,
kept in memory once encoded, and answered 304 when the client already holds it.

The tag is an `ETag` over (chain version, path, sorted query): a write makes a new version, so
every tag and cache entry of the old one goes stale by itself and nothing is ever invalidated.
Answers are encoded with orjson, without validating them into response models again (the
route's `response_model` still documents them). Only answers that are the same for every
caller go through here: nothing that sharing levels filter.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import orjson
from fastapi import Request, Response
from pydantic import BaseModel

from graph.libraries.records import names_tag

__all__ = ["Answers", "encode"]

# Enough for thousands of ordinary answers and a few dozen of the largest (a 10,000-node walk
# is about 1 MB); what is not kept is encoded again.
MAX_BYTES = 64 << 20
# Bigger answers are not kept: one would push out hundreds of small ones.
MAX_ANSWER_BYTES = 4 << 20


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    raise TypeError(f"cannot encode {type(value).__name__}")


def encode(value: Any) -> bytes:
    """JSON bytes of plain data, dataclasses and pydantic models (by alias, as the API names)."""
    return orjson.dumps(value, default=_plain)


class Answers:
    """Encoded answers by tag, least recently used dropped first, at most `max_bytes`."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self._max = max_bytes
        self._size = 0
        self._kept: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def tag(version: str, request: Request) -> str:
        query = sorted(request.query_params.multi_items())
        key = orjson.dumps([version, request.url.path, query])
        return '"' + hashlib.sha256(key).hexdigest()[:24] + '"'

    def _get(self, tag: str) -> bytes | None:
        with self._lock:
            body = self._kept.get(tag)
            if body is not None:
                self._kept.move_to_end(tag)
            return body

    def _put(self, tag: str, body: bytes) -> None:
        if len(body) > MAX_ANSWER_BYTES:
            return
        with self._lock:
            if tag in self._kept:
                return
            self._kept[tag] = body
            self._size += len(body)
            while self._size > self._max:
                _, dropped = self._kept.popitem(last=False)
                self._size -= len(dropped)

    def respond(
        self, request: Request, version: str | None, compute: Callable[[], Any]
    ) -> Response:
        """The answer of `compute()` for this request at `version`: 304 when `If-None-Match`
        names its tag, else the kept bytes or freshly encoded ones. A chain without a version
        (none written through the importer) is answered uncached."""
        if version is None:
            return Response(encode(compute()), media_type="application/json")
        tag = self.tag(version, request)
        headers = {"ETag": tag, "Cache-Control": "no-cache"}
        offered = request.headers.get("if-none-match")
        if offered is not None and names_tag(offered, tag):
            return Response(status_code=304, headers=headers)
        body = self._get(tag)
        if body is None:
            body = encode(compute())
            self._put(tag, body)
        return Response(body, media_type="application/json", headers=headers)
