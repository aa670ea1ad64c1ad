"""Uploads held between a dry run and its write (app/console/staging.py): for the key that
made them, once, within their time, and within the count and byte bounds."""

from __future__ import annotations

import pytest

from app.console import staging
from app.console.staging import Staging


def test_an_upload_is_taken_once_and_by_its_key_only() -> None:
    held = Staging()
    token = held.put("k1", "a.json", b"{}", "c@1")
    assert held.take(token, "k2") is None
    taken = held.take(token, "k1")
    assert taken is not None and (taken.raw, taken.base, taken.filename) == (b"{}", "c@1", "a.json")
    assert held.take(token, "k1") is None


def test_the_oldest_uploads_go_first(monkeypatch: pytest.MonkeyPatch) -> None:
    held = Staging()
    tokens = [held.put("k", f"{n}.json", b"x" * 10, "") for n in range(staging.KEPT + 1)]
    assert held.take(tokens[0], "k") is None
    assert all(held.take(t, "k") is not None for t in tokens[1:])
    monkeypatch.setattr(staging, "KEPT_BYTES", 25)
    first, second, third = (held.put("k", "f", b"x" * 10, "") for _ in range(3))
    assert held.take(first, "k") is None
    assert held.take(second, "k") and held.take(third, "k")
    big = held.put("k", "big", b"x" * 100, "")  # over the budget alone: still kept
    assert held.take(big, "k") is not None


def test_an_upload_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    held = Staging()
    clock = [1000.0]
    monkeypatch.setattr(staging.time, "monotonic", lambda: clock[0])
    token = held.put("k", "a.json", b"{}", "")
    clock[0] += staging.TTL_S + 1
    assert held.take(token, "k") is None
