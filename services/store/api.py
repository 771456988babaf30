"""The store service process: the Kafka consumer in a thread, the search API over HTTP.

    claimwire serve store     # GET /search, /healthz, /readyz, /metrics
"""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager
from datetime import date
from typing import Annotated

from fastapi import FastAPI, HTTPException, Query, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from claimwire.config import Settings
from schemas import ClaimKind
from services.store.documents import ClaimIndex, SearchHit, SearchQuery


def create_app(index: ClaimIndex, consumer=None) -> FastAPI:  # type: ignore[no-untyped-def]
    """`consumer` is a ClaimStoreConsumer or None (a read-only search node)."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI):  # type: ignore[no-untyped-def]
        thread = None
        if consumer is not None:
            thread = threading.Thread(target=consumer.run, name="claim-consumer", daemon=True)
            thread.start()
        yield
        if consumer is not None:
            consumer.stop()
            thread.join(timeout=30)

    app = FastAPI(title="claimwire store", lifespan=lifespan)

    @app.get("/search", response_model=list[SearchHit])
    def search(
        q: str = "",
        speaker: str | None = None,
        outlet: str | None = None,
        kind: ClaimKind | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 10,
    ) -> list[SearchHit]:
        return index.search(SearchQuery(text=q, speaker=speaker, outlet=outlet, kind=kind,
                                        published_from=since, published_to=until, limit=limit))

    @app.get("/count")
    def count() -> dict[str, int]:
        return {"claims": index.count()}

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz")
    def readyz() -> dict[str, str]:
        if consumer is not None and not consumer.ready.is_set():
            raise HTTPException(503, "consumer has not joined its group yet")
        return {"status": "ready"}

    @app.get("/metrics")
    def prometheus_metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app


def serve(settings: Settings, port: int) -> None:
    import uvicorn

    from claimwire.kafka import ensure_topics
    from services.store.consumer import ClaimStoreConsumer
    from services.store.tantivy_index import TantivyClaimIndex

    ensure_topics(settings)
    index = TantivyClaimIndex(settings.index_dir)
    consumer = ClaimStoreConsumer(settings, index)
    uvicorn.run(create_app(index, consumer), host=settings.http_host, port=port, log_level="warning")
