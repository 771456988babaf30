"""The store's HTTP edge: GET /search, /count, /healthz, /readyz, /metrics over one ClaimIndex.

The consumer (if any) runs in a thread started by the app's lifespan; `on_fatal` is how its death
reaches the process (see `services/store/service.py`). /healthz and /readyz read the loop's
LoopHealth and say why they fail.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import asynccontextmanager
from datetime import date
from typing import Annotated

from fastapi import FastAPI, Query, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from schemas import AttributionType, ClaimKind
from services.shared.logging import get_logger
from services.store.documents import ClaimIndex, SearchHit, SearchQuery

log = get_logger(__name__)


def create_app(index: ClaimIndex, consumer=None, *, stall_after_s: float = 120.0,
               on_fatal: Callable[[str], None] | None = None) -> FastAPI:
    """`consumer` is a ClaimStoreConsumer or None (a read-only search node). `on_fatal` is called
    from the consumer thread when it ends for any reason other than a requested stop."""

    def consume() -> None:
        try:
            consumer.run()
        except BaseException as error:  # noqa: BLE001 - a dead loop must end the process, whatever killed it
            consumer.health.fatal = consumer.health.fatal or f"{type(error).__name__}: {error}"
            log.error("store_consumer_died", error=consumer.health.fatal)
            if on_fatal is not None:
                on_fatal(consumer.health.fatal)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        thread = None
        if consumer is not None:
            thread = threading.Thread(target=consume, name="claim-consumer", daemon=True)
            thread.start()
        yield
        if thread is not None:
            consumer.stop()
            thread.join(timeout=8)

    app = FastAPI(title="claimwire store", lifespan=lifespan)

    @app.get("/search", response_model=list[SearchHit])
    def search(
        q: str = "",
        speaker: str | None = None,
        outlet: str | None = None,
        kind: ClaimKind | None = None,
        attribution_type: AttributionType | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 10,
    ) -> list[SearchHit]:
        return index.search(SearchQuery(text=q, speaker=speaker, outlet=outlet, kind=kind,
                                        attribution_type=attribution_type,
                                        published_from=since, published_to=until, limit=limit))

    @app.get("/count")
    def count() -> dict[str, int]:
        return {"claims": index.count()}

    @app.get("/healthz")
    def healthz() -> Response:
        alive, why = consumer.health.alive(stall_after_s) if consumer is not None else (True, "ok")
        return JSONResponse({"status": "ok" if alive else "unhealthy", "reason": why},
                            status_code=200 if alive else 503)

    @app.get("/readyz")
    def readyz() -> Response:
        if consumer is None:
            return JSONResponse({"status": "ready", "reason": "read-only search node"})
        ready, why = consumer.health.ready(stall_after_s)
        health = consumer.health
        return JSONResponse({"status": "ready" if ready else "not ready", "reason": why,
                             "assigned_partitions": health.assigned, "lag": health.lag},
                            status_code=200 if ready else 503)

    @app.get("/metrics")
    def prometheus_metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app
