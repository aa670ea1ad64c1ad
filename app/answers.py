"""Read answers of a chain version never change: each is tagged by the version and the request,
kept in memory once encoded, and answered 304 when the client already holds it.

The tag is an `ETag` over (chain version, path, sorted query): a write makes a new version, so
every tag and cache entry of the old one goes stale by itself and nothing is ever invalidated.
Answers are encoded with orjson, without validating them into response models again (the
route's `response_model` still documents them). Only answers that are the same for every
caller go through here: nothing that sharing levels filter.

A kept answer of a request that names its chain is also served by `AnswerFront`, before
routing: the same request line while the chain's latest version is still the one the answer
was made for gets the same bytes (or 304) at a fraction of a routed request's cost.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from fastapi import Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from graph.libraries.records import names_tag
from graph.versioning.latest import LatestVersions

__all__ = ["Answers", "AnswerFront", "encode"]

# Enough for thousands of ordinary answers and a few dozen of the largest (a 10,000-node walk
# is about 1 MB); what is not kept is encoded again.
MAX_BYTES = 64 << 20
# Bigger answers are not kept: one would push out hundreds of small ones.
MAX_ANSWER_BYTES = 4 << 20
# Request lines the front remembers (a few hundred bytes each), oldest dropped first.
MAX_FRONT_ENTRIES = 200_000


@dataclass(frozen=True)
class _Front:
    """What the front needs to answer a request line again: whose version, which answer."""

    chain: str
    version: str
    tag: str


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
        self._front: OrderedDict[bytes, _Front] = OrderedDict()
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
        self,
        request: Request,
        version: str | None,
        compute: Callable[[], Any],
        *,
        chain: str | None = None,
    ) -> Response:
        """The answer of `compute()` for this request at `version`: 304 when `If-None-Match`
        names its tag, else the kept bytes or freshly encoded ones. A chain without a version
        (none written through the importer) is answered uncached. `chain` is the chain the
        request itself names (path or query), the one whose version `version` is: only such
        answers are served by the front (a firm's chain found from its id alone could change
        with a write to another chain)."""
        if version is None:
            return Response(encode(compute()), media_type="application/json")
        tag = self.tag(version, request)
        headers = _headers(tag)
        offered = request.headers.get("if-none-match")
        if offered is not None and names_tag(offered, tag):
            return Response(status_code=304, headers=headers)
        body = self._get(tag)
        if body is None:
            body = encode(compute())
            self._put(tag, body)
        if chain is not None:
            self._remember(_request_line(request.scope), _Front(chain, version, tag))
        return Response(body, media_type="application/json", headers=headers)

    def _remember(self, line: bytes, front: _Front) -> None:
        with self._lock:
            self._front[line] = front
            self._front.move_to_end(line)
            while len(self._front) > MAX_FRONT_ENTRIES:
                self._front.popitem(last=False)

    def kept(self, line: bytes) -> tuple[_Front, bytes] | None:
        """The front entry of a request line and its kept answer, if both are still held."""
        with self._lock:
            front = self._front.get(line)
            body = self._kept.get(front.tag) if front is not None else None
            if front is None or body is None:
                return None
            self._kept.move_to_end(front.tag)
            return front, body


def _headers(tag: str) -> dict[str, str]:
    return {"ETag": tag, "Cache-Control": "no-cache"}


def _request_line(scope: Scope) -> bytes:
    return scope["path"].encode() + b"?" + scope["query_string"]


class AnswerFront:
    """Serve a kept answer before routing when its request line comes again and the chain's
    latest version has not moved: no routing, no dependencies, no store query on a store this
    process alone writes (see LatestVersions). Requests with an API key go the whole way, so
    that a revoked or unknown key still gets its 401."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self._kept_answer(scope) if scope["type"] == "http" else None
        if response is None:
            await self.app(scope, receive, send)
        else:
            await response(scope, receive, send)

    @staticmethod
    async def _kept_answer(scope: Scope) -> Response | None:
        if scope["method"] != "GET":
            return None
        offered = None
        for name, value in scope["headers"]:
            if name == b"authorization":
                return None
            if name == b"if-none-match":
                offered = value.decode("latin-1")
        answers: Answers | None = getattr(scope["app"].state, "answers", None)
        latest: LatestVersions | None = getattr(scope["app"].state, "latest", None)
        kept = answers.kept(_request_line(scope)) if answers is not None else None
        if kept is None or latest is None:
            return None
        front, body = kept
        # Where the version is not known without a query (a shared Neo4j), ask off the loop.
        try:
            version = latest.peek(front.chain) or await run_in_threadpool(latest.get, front.chain)
        except Exception:  # a store that does not answer: routed, the request gets its 503
            return None
        if version != front.version:
            return None
        headers = _headers(front.tag)
        if offered is not None and names_tag(offered, front.tag):
            return Response(status_code=304, headers=headers)
        return Response(body, media_type="application/json", headers=headers)
