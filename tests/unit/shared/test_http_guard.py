"""Token checks and the per-client token bucket, on a FastAPI app in process (no network)."""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from services.shared.http_guard import AccessRules, TokenBucket, install_refusals
from services.shared.secrets import Secret


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_lets_a_burst_through_then_refills_at_its_rate() -> None:
    clock = Clock()
    bucket = TokenBucket(rate=2.0, burst=3, clock=clock)
    assert [bucket.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.take("a") == 0.5  # one token in half a second at 2 per second
    assert bucket.take("b") == 0.0  # another client has its own bucket
    clock.now += 0.5
    assert bucket.take("a") == 0.0
    clock.now += 100  # never more than the burst, however long the client waited
    assert [bucket.take("a") for _ in range(4)][-1] > 0


def test_a_bucket_remembers_a_bounded_number_of_clients() -> None:
    bucket = TokenBucket(rate=1.0, burst=1, max_clients=10, clock=Clock())
    for n in range(1000):
        bucket.take(f"client-{n}")
    assert bucket.clients == 10


def app_with(rules: AccessRules) -> TestClient:
    app = FastAPI()
    install_refusals(app)
    guards = rules.guards("test")

    @app.post("/write", dependencies=[Depends(g) for g in guards.write])
    def write() -> dict:
        return {"ok": True}

    @app.get("/read", dependencies=[Depends(g) for g in guards.read])
    def read() -> dict:
        return {"ok": True}

    return TestClient(app)


def test_without_tokens_every_endpoint_is_open() -> None:
    client = app_with(AccessRules())
    assert client.post("/write").status_code == 200 and client.get("/read").status_code == 200


def test_missing_wrong_and_right_tokens() -> None:
    client = app_with(AccessRules(api_token=Secret("w-token"), read_token=Secret("r-token")))
    missing = client.post("/write")
    assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Bearer")
    assert client.post("/write", headers={"Authorization": "Bearer r-token"}).status_code == 403
    assert client.post("/write", headers={"Authorization": "Basic w-token"}).status_code == 401
    assert client.post("/write", headers={"Authorization": "Bearer w-token"}).status_code == 200
    assert client.get("/read", headers={"Authorization": "bearer r-token"}).status_code == 200
    assert "w-token" not in missing.text and "r-token" not in client.get("/read").text


def test_writes_past_the_burst_get_429_and_retry_after() -> None:
    client = app_with(AccessRules(write_rate_per_s=0.1, write_burst=2))
    codes = [client.post("/write").status_code for _ in range(3)]
    refused = client.post("/write")
    assert codes == [200, 200, 429] and refused.status_code == 429
    assert refused.headers["retry-after"] == "10" and refused.json()["error"] == "rate_limited"
    assert client.get("/read").status_code == 200  # reads are not rate-limited
