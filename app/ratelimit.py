"""Request rate per client: a token bucket per API key (per address for anonymous callers).

A bucket holds `per_minute` tokens and refills at `per_minute` a minute; a request takes one,
and a request that finds the bucket empty gets 429 with Retry-After before any work is done.
`/healthz` is exempt so that probes never compete with clients.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from app.errors import problem

__all__ = ["RateLimiter", "RateLimitMiddleware", "EXEMPT_PATHS"]

EXEMPT_PATHS = frozenset({"/healthz"})
# Buckets kept at most; the least recently used go first, so random keys cannot exhaust memory.
MAX_BUCKETS = 10_000


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    """Token buckets by client identity; thread-safe."""

    def __init__(self, per_minute: int) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._guard = threading.Lock()

    def take(self, identity: str, now: float | None = None) -> float:
        """Take a token for `identity`: 0 when granted, else seconds until one is free."""
        now = time.monotonic() if now is None else now
        with self._guard:
            bucket = self._buckets.pop(identity, None) or _Bucket(self.capacity, now)
            self._buckets[identity] = bucket
            if len(self._buckets) > MAX_BUCKETS:
                self._buckets.popitem(last=False)
            bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0.0
            return (1 - bucket.tokens) / self.rate


def client_identity(scope: Scope) -> str:
    """The API key's hash when a bearer key is sent, else the client's address."""
    for name, value in scope.get("headers", []):
        if name == b"authorization" and value[:7].lower() == b"bearer ":
            return "key:" + hashlib.sha256(value[7:].strip()).hexdigest()[:32]
    client = scope.get("client")
    return "addr:" + (client[0] if client else "unknown")


class RateLimitMiddleware:
    """Answer 429 problem details to a client past its rate; everything else passes through."""

    def __init__(self, app: ASGIApp, per_minute: int) -> None:
        self.app = app
        self.limiter = RateLimiter(per_minute)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        wait = self.limiter.take(client_identity(scope))
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        retry = max(1, math.ceil(wait))
        response = problem(
            429,
            "Too many requests",
            f"this client is over its rate of {self.limiter.capacity:.0f} requests a minute; "
            f"retry in {retry} s",
        )
        response.headers["Retry-After"] = str(retry)
        await response(scope, receive, send)
