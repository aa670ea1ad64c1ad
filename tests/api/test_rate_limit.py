"""Requests past a client's rate get 429 with Retry-After at once; others are not affected."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from app.main import create_app
from app.ratelimit import RateLimiter
from app.settings import Settings
from graph.store.base import GraphStore


def test_a_bucket_grants_its_capacity_then_refills_at_its_rate() -> None:
    limiter = RateLimiter(per_minute=60)
    assert [limiter.take("a", now=0.0) for _ in range(60)] == [0.0] * 60
    assert limiter.take("a", now=0.0) == 1.0  # one token a second
    assert limiter.take("b", now=0.0) == 0.0  # another client has its own bucket
    assert limiter.take("a", now=1.0) == 0.0
    assert limiter.take("a", now=1.0) > 0


def test_past_the_rate_a_key_gets_429_quickly_and_others_and_healthz_still_pass(
    store: GraphStore, keys: dict[str, str]
) -> None:
    app = create_app(Settings(CHAINMAP_LOAD_SEED=False, CHAINMAP_RATE_PER_MINUTE=5), store=store)
    editor = {"Authorization": keys["editor"]}
    with TestClient(app) as client:
        codes = [client.get("/api/v1/chains", headers=editor).status_code for _ in range(5)]
        assert codes == [200] * 5
        started = time.perf_counter()
        refused = client.get("/api/v1/chains", headers=editor)
        assert time.perf_counter() - started < 0.1
        assert refused.status_code == 429
        assert refused.headers["content-type"] == "application/problem+json"
        assert int(refused.headers["retry-after"]) >= 1
        assert "5 requests a minute" in refused.json()["detail"]
        # another key, anonymous callers and the health probe have their own allowance
        assert client.get("/api/v1/chains", headers={"Authorization": keys["viewer"]}).is_success
        assert client.get("/api/v1/chains").status_code == 200
        assert all(client.get("/healthz").status_code == 200 for _ in range(10))


def test_the_limit_is_off_at_zero(store: GraphStore) -> None:
    app = create_app(Settings(CHAINMAP_LOAD_SEED=False, CHAINMAP_RATE_PER_MINUTE=0), store=store)
    with TestClient(app) as client:
        assert {client.get("/api/v1/chains").status_code for _ in range(30)} == {200}
