"""Who may call an HTTP endpoint, and how often: bearer tokens and a per-client rate limit.

Both services' apps use the same three guards as FastAPI dependencies:
- `write` endpoints (`POST /articles`) need `CLAIMWIRE_API_TOKEN` when it is set;
- `read` endpoints (`/search`, `/count`) need `CLAIMWIRE_READ_TOKEN` when it is set;
- `/metrics` needs `CLAIMWIRE_METRICS_TOKEN` when it is set (the extract worker's Faust page too,
  through `token_refusal`).
`/healthz` and `/readyz` stay open: the orchestrator's probes carry no token. A missing token is a
401 (with `WWW-Authenticate: Bearer`), a wrong one a 403; both are counted, and neither becomes a
dead letter, so unauthenticated clients cannot fill the dead-letter topic.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from prometheus_client import Counter

from services.shared.config import Settings
from services.shared.secrets import Secret

REFUSED = Counter("claimwire_http_refused_total", "HTTP requests refused before any work, by service and reason",
                  ["service", "scope", "reason"])


class Refused(Exception):
    """Answered at once with `status` and a JSON body `{"error", "detail"}`."""

    def __init__(self, status: int, error: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.error, self.detail, self.headers = status, error, detail, headers or {}


def install_refusals(app: FastAPI) -> None:
    @app.exception_handler(Refused)
    async def refused(_request: Request, error: Refused) -> JSONResponse:
        return JSONResponse({"error": error.error, "detail": error.detail}, status_code=error.status,
                            headers=error.headers)


def bearer_token(authorization: str) -> str | None:
    scheme, _, token = authorization.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def token_refusal(token: Secret | None, authorization: str, *, service: str, scope: str) -> Refused | None:
    """Why a request with this `Authorization` header may not pass (counted), or None when it may:
    no token configured, or this one offered."""
    if token is None:
        return None
    offered = bearer_token(authorization)
    if offered is None:
        REFUSED.labels(service, scope, "missing_token").inc()
        return Refused(401, "unauthorized", f"this endpoint needs 'Authorization: Bearer <{scope} token>'",
                       {"WWW-Authenticate": 'Bearer realm="claimwire"'})
    if not token.matches(offered):
        REFUSED.labels(service, scope, "wrong_token").inc()
        return Refused(403, "forbidden", f"the {scope} token is not valid")
    return None


def token_guard(token: Secret | None, *, service: str, scope: str) -> Callable[[Request], None]:
    """A dependency that lets a request through when no token is configured or it offers this one."""

    def check(request: Request) -> None:
        refusal = token_refusal(token, request.headers.get("authorization", ""), service=service, scope=scope)
        if refusal is not None:
            raise refusal

    return check


@dataclass
class TokenBucket:
    """`rate` requests per second per client, in bursts of up to `burst`. It remembers the most
    recently seen `max_clients` clients (the oldest are forgotten, so their next request starts
    with a full bucket): memory stays bounded whatever the number of addresses."""

    rate: float
    burst: int
    max_clients: int = 10_000
    clock: Callable[[], float] = time.monotonic
    _buckets: OrderedDict[str, tuple[float, float]] = field(default_factory=OrderedDict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    @property
    def clients(self) -> int:
        return len(self._buckets)

    def take(self, client: str) -> float:
        """0.0 if the client may go on now (a token taken), else the seconds until it may."""
        now = self.clock()
        with self._lock:
            tokens, then = self._buckets.pop(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - then) * self.rate)
            wait = 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.rate
            self._buckets[client] = (tokens - 1.0 if wait == 0.0 else tokens, now)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        return wait


def rate_guard(bucket: TokenBucket | None, *, service: str) -> Callable[[Request], None]:
    """A dependency answering 429 with `Retry-After` once a client has spent its bucket."""

    def check(request: Request) -> None:
        if bucket is None:
            return
        wait = bucket.take(request.client.host if request.client else "unknown")
        if wait > 0:
            REFUSED.labels(service, "write", "rate_limited").inc()
            raise Refused(429, "rate_limited", f"too many requests from this client; retry in {wait:.1f}s",
                          {"Retry-After": str(max(1, math.ceil(wait)))})

    return check


def write_bucket(rate_per_s: float, burst: int) -> TokenBucket | None:
    """The configured write limit; None (no limit) when the rate is 0."""
    if rate_per_s <= 0:
        return None
    return TokenBucket(rate=rate_per_s, burst=max(1, burst))


@dataclass(frozen=True)
class AccessRules:
    """The tokens and the write limit of one service; the default is open and unlimited (tests, laptops)."""

    api_token: Secret | None = None
    read_token: Secret | None = None
    metrics_token: Secret | None = None
    write_rate_per_s: float = 0.0
    write_burst: int = 1

    @classmethod
    def from_settings(cls, settings: Settings) -> AccessRules:
        return cls(api_token=settings.api_token, read_token=settings.read_token,
                   metrics_token=settings.metrics_token, write_rate_per_s=settings.http_write_rate_per_s,
                   write_burst=settings.http_write_burst)

    def guards(self, service: str) -> Guards:
        return Guards(write=[rate_guard(write_bucket(self.write_rate_per_s, self.write_burst), service=service),
                             token_guard(self.api_token, service=service, scope="write")],
                      read=[token_guard(self.read_token, service=service, scope="read")],
                      metrics=[token_guard(self.metrics_token, service=service, scope="metrics")])


OPEN_ACCESS = AccessRules()


@dataclass(frozen=True)
class Guards:
    """Dependencies per kind of endpoint, in order: a write is rate-limited before its token is
    checked, so guessing tokens is rate-limited too."""

    write: list[Callable[[Request], None]]
    read: list[Callable[[Request], None]]
    metrics: list[Callable[[Request], None]]
