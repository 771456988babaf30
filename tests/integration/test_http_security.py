"""The HTTP controls of #12 on real `claimwire serve ingest` and `serve store` processes on the test
broker: bearer tokens on writes, reads and metrics (probes stay open), a per-client write limit,
deadlines for slow request heads and bodies, a cap on articles per request, and no token in any log,
answer or metric."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.service_procs import Service, eventually, free_port, service_env, start_service

WRITE_TOKEN = "write-7c1e9a52d4f0-token"
READ_TOKEN = "read-5b2f8e61c3a7-token"
METRICS_TOKEN = "metrics-0d9c4b7a2e16-token"
SECRETS = (WRITE_TOKEN, READ_TOKEN, METRICS_TOKEN)
ARTICLE = {"title": "Ferry talks", "text": "The ferry operator said on Monday that talks with the crews would resume."}


def start(kind: str, kafka_bootstrap: str, root: Path, **env: str) -> tuple[Service, str]:
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    args = ["serve", kind, "--port", str(port)] + (["--data-dir", str(root / "data")] if kind == "store" else [])
    service = start_service(kind, args, service_env(kafka_bootstrap, root / "data", **env), root)
    base = f"http://127.0.0.1:{port}"
    eventually(lambda: httpx.get(f"{base}/healthz", timeout=2).status_code == 200, timeout=90,
               what=f"{kind} to answer", services=[service])
    return service, base


@pytest.fixture(scope="module")
def locked(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str | Service]]:
    """An ingest and a store with every token set; the token for the metrics one given as a file."""
    root = tmp_path_factory.mktemp("locked")
    metrics_file = root / "metrics-token"
    metrics_file.write_text(METRICS_TOKEN + "\n", encoding="utf-8")
    tokens = {"CLAIMWIRE_API_TOKEN": WRITE_TOKEN, "CLAIMWIRE_READ_TOKEN": READ_TOKEN,
              "CLAIMWIRE_METRICS_TOKEN_FILE": str(metrics_file)}
    ingest, ingest_url = start("ingest", kafka_bootstrap, root / "ingest", **tokens)
    try:
        store, store_url = start("store", kafka_bootstrap, root / "store", **tokens)
        try:
            yield {"ingest": ingest_url, "store": store_url, "ingest_service": ingest, "store_service": store}
        finally:
            store.stop()
    finally:
        ingest.stop()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_writes_need_the_write_token(locked: dict) -> None:
    url = f"{locked['ingest']}/articles"
    missing = httpx.post(url, json=ARTICLE, timeout=30)
    assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Bearer")
    assert missing.json()["error"] == "unauthorized"
    assert httpx.post(url, json=ARTICLE, headers=bearer(READ_TOKEN), timeout=30).status_code == 403
    assert httpx.post(url, json=ARTICLE, headers={"Authorization": WRITE_TOKEN}, timeout=30).status_code == 401
    assert httpx.post(url, json=ARTICLE, headers=bearer(WRITE_TOKEN), timeout=30).status_code == 202


def test_searches_need_the_read_token(locked: dict) -> None:
    for path in ("/search?q=ferry", "/count"):
        url = f"{locked['store']}{path}"
        assert httpx.get(url, timeout=10).status_code == 401
        assert httpx.get(url, headers=bearer(WRITE_TOKEN), timeout=10).status_code == 403
        assert httpx.get(url, headers=bearer(READ_TOKEN), timeout=10).status_code == 200


def test_probes_stay_open_and_metrics_need_their_token(locked: dict) -> None:
    for base in (locked["ingest"], locked["store"]):
        assert httpx.get(f"{base}/healthz", timeout=10).status_code == 200
        assert httpx.get(f"{base}/readyz", timeout=10).status_code in (200, 503)  # open: it answers, no 401
        assert httpx.get(f"{base}/metrics", timeout=10).status_code == 401
        assert httpx.get(f"{base}/metrics", headers=bearer(READ_TOKEN), timeout=10).status_code == 403
        assert httpx.get(f"{base}/metrics", headers=bearer(METRICS_TOKEN), timeout=10).status_code == 200


def refused_counts(base: str) -> dict[tuple[str, str], float]:
    text = httpx.get(f"{base}/metrics", headers=bearer(METRICS_TOKEN), timeout=10).text
    counts: dict[tuple[str, str], float] = {}
    for line in text.splitlines():
        if line.startswith("claimwire_http_refused_total{"):
            labels = dict(part.split("=", 1) for part in line[line.index("{") + 1: line.index("}")].split(","))
            counts[(labels["scope"].strip('"'), labels["reason"].strip('"'))] = float(line.rsplit(" ", 1)[1])
    return counts


def test_refusals_are_counted_by_scope_and_reason(locked: dict) -> None:
    before = refused_counts(locked["store"])
    httpx.get(f"{locked['store']}/search", timeout=10)
    httpx.get(f"{locked['store']}/search", headers=bearer("not-the-token"), timeout=10)
    after = refused_counts(locked["store"])
    assert after[("read", "missing_token")] == before.get(("read", "missing_token"), 0) + 1
    assert after[("read", "wrong_token")] == before.get(("read", "wrong_token"), 0) + 1


def test_no_token_reaches_a_log_an_answer_or_a_metric(locked: dict) -> None:
    answers = [httpx.post(f"{locked['ingest']}/articles", json=ARTICLE, headers=bearer(token + "x"), timeout=30).text
               for token in SECRETS]
    answers += [httpx.get(f"{base}/metrics", headers=bearer(METRICS_TOKEN), timeout=10).text
                for base in (locked["ingest"], locked["store"])]
    logs = [service.log_path.read_text(encoding="utf-8", errors="replace")
            for service in (locked["ingest_service"], locked["store_service"])]
    assert all(logs) and all(answers)
    for secret in SECRETS:
        assert not any(secret in text for text in answers + logs), secret


# --- limits: one client's rate, slow clients, articles per request -------------------------------------


@pytest.fixture(scope="module")
def limited(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Service, str]]:
    root = tmp_path_factory.mktemp("limited")
    service, base = start("ingest", kafka_bootstrap, root, CLAIMWIRE_HTTP_WRITE_RATE="0.5",
                          CLAIMWIRE_HTTP_WRITE_BURST="3")
    try:
        yield service, base
    finally:
        service.stop()


@pytest.fixture(scope="module")
def strict(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Service, str]]:
    """Short deadlines, few articles per request, and no rate limit (so only those limits answer)."""
    root = tmp_path_factory.mktemp("strict")
    service, base = start("ingest", kafka_bootstrap, root, CLAIMWIRE_HTTP_WRITE_RATE="0",
                          CLAIMWIRE_HTTP_HEADER_TIMEOUT_S="2", CLAIMWIRE_HTTP_BODY_TIMEOUT_S="2",
                          CLAIMWIRE_HTTP_MAX_ARTICLES="5")
    try:
        yield service, base
    finally:
        service.stop()


def test_a_client_past_its_burst_gets_429_with_retry_after(limited: tuple[Service, str]) -> None:
    _, base = limited
    time.sleep(6)  # a full bucket whatever ran before: 3 tokens at 0.5 per second
    answers = [httpx.post(f"{base}/articles", json=ARTICLE, timeout=30) for _ in range(4)]
    assert [a.status_code for a in answers[:3]] == [202, 202, 202]
    assert answers[3].status_code == 429 and answers[3].json()["error"] == "rate_limited"
    assert 1 <= int(answers[3].headers["retry-after"]) <= 2
    assert httpx.get(f"{base}/healthz", timeout=5).status_code == 200  # reads are not limited


def closed_within(sock: socket.socket, seconds: float) -> bytes:
    """What the server sent before closing the connection; fails if it is still open after `seconds`."""
    sock.settimeout(seconds)
    received = b""
    try:
        while chunk := sock.recv(4096):
            received += chunk
    except TimeoutError:
        raise AssertionError(f"the connection was still open after {seconds}s") from None
    return received


def test_slow_heads_and_slow_bodies_are_dropped(strict: tuple[Service, str]) -> None:
    service, base = strict
    port = int(base.rsplit(":", 1)[1])
    heads, bodies = [], []
    try:
        for _ in range(50):  # bounded: 100 connections in all
            head = socket.create_connection(("127.0.0.1", port), timeout=5)
            head.sendall(b"POST /articles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n")
            heads.append(head)
            body = socket.create_connection(("127.0.0.1", port), timeout=5)
            body.sendall(b"POST /articles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 1000\r\n\r\n{\"text\": \"")
            bodies.append(body)
        started = time.monotonic()
        assert all(closed_within(head, 10) == b"" for head in heads)
        answers = [closed_within(body, 10) for body in bodies]
        assert all(answer.startswith(b"HTTP/1.1 408") for answer in answers), answers[0][:200]
        assert time.monotonic() - started < 12
    finally:
        for sock in heads + bodies:
            sock.close()
    service.assert_running()
    assert httpx.get(f"{base}/healthz", timeout=5).status_code == 200


def test_a_request_with_too_many_articles_is_refused(strict: tuple[Service, str]) -> None:
    _, base = strict
    lines = "\n".join(json.dumps({**ARTICLE, "title": f"Ferry talks {n}"}) for n in range(6))
    answer = httpx.post(f"{base}/articles", content=lines, headers={"content-type": "application/x-ndjson"},
                        timeout=30)
    assert answer.status_code == 413 and answer.json()["error"] == "too_many_articles", answer.text
