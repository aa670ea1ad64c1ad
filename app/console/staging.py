"""Packages uploaded for a dry run, held until the person who ran it writes them (or not).

A dry run shows what an import would change; writing it must write exactly that package, as of
exactly that version. So the upload is kept here under a random token, bound to the key that
uploaded it and to the version the diff was made against, for `TTL_S` seconds. Held in the
process's memory, bounded in count and in bytes: a restart or newer uploads may drop it, and the
page then asks to upload again.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

__all__ = ["Staged", "Staging", "TTL_S", "KEPT", "KEPT_BYTES"]

TTL_S = 30 * 60
KEPT = 4
KEPT_BYTES = 1024**3
"""Past this, the oldest uploads go first; the newest one is always kept."""


@dataclass(frozen=True)
class Staged:
    key_id: str
    filename: str
    raw: bytes
    base: str
    """The chain's version the dry run diffed against; "" for a chain without one."""
    at: float


class Staging:
    def __init__(self) -> None:
        self._held: OrderedDict[str, Staged] = OrderedDict()
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        for token in [t for t, s in self._held.items() if now - s.at > TTL_S]:
            del self._held[token]

    def put(self, key_id: str, filename: str, raw: bytes, base: str) -> str:
        token = secrets.token_urlsafe(16)
        now = time.monotonic()
        with self._lock:
            self._expire(now)
            self._held[token] = Staged(key_id, filename, raw, base, now)
            while len(self._held) > 1 and (
                len(self._held) > KEPT or sum(len(x.raw) for x in self._held.values()) > KEPT_BYTES
            ):
                self._held.popitem(last=False)
        return token

    def take(self, token: str, key_id: str) -> Staged | None:
        """The upload under `token` if `key_id` made it and it has not expired; it is gone
        from here afterwards."""
        with self._lock:
            self._expire(time.monotonic())
            staged = self._held.get(token)
            if staged is None or staged.key_id != key_id:
                return None
            del self._held[token]
            return staged
