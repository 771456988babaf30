"""The store's HTTP edge: GET /search, /count, /healthz, /readyz, /metrics over one ClaimIndex.

/search answers a SearchPage (hits with highlights, the next page's cursor, facets when asked); its
OpenAPI schema is checked in at services/store/openapi.json (regenerate: `python -m services.store.openapi`).

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

from fastapi import Depends, FastAPI, Query, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from schemas import AttributionType, ClaimKind
from services.shared.http_guard import OPEN_ACCESS, AccessRules, install_refusals
from services.shared.logging import get_logger
from services.store.documents import BadCursor, ClaimIndex, SearchPage, SearchQuery, Sort

log = get_logger(__name__)


def create_app(index: ClaimIndex, consumer=None, *, stall_after_s: float = 120.0,
               on_fatal: Callable[[str], None] | None = None, access: AccessRules = OPEN_ACCESS) -> FastAPI:
    """`consumer` is a ClaimStoreConsumer or None (a read-only search node). `on_fatal` is called
    from the consumer thread when it ends for any reason other than a requested stop. `access`:
    the read token guards /search and /count, the metrics token /metrics; the probes stay open."""

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
    install_refusals(app)
    guards = access.guards("store")
    reading = [Depends(guard) for guard in guards.read]

    @app.get("/search", response_model=SearchPage, dependencies=reading)
    def search(
        q: Annotated[str, Query(description="Free text over claim text, quote, sentence, speaker, entities.")] = "",
        speaker: Annotated[str | None, Query(description="Every word must appear in the speaker's name.")] = None,
        outlet: str | None = None,
        kind: ClaimKind | None = None,
        attribution_type: AttributionType | None = None,
        entity: Annotated[str | None, Query(description="An entity's canonical name, exact.")] = None,
        hedged: bool | None = None,
        since: Annotated[date | None, Query(description="Published on or after.")] = None,
        until: Annotated[date | None, Query(description="Published on or before.")] = None,
        event_since: Annotated[date | None, Query(description="Event date on or after.")] = None,
        event_until: Annotated[date | None, Query(description="Event date on or before.")] = None,
        sort: Annotated[Sort, Query(description="relevance, or date (newest published first).")] = "relevance",
        cursor: Annotated[str | None, Query(description="The previous page's next_cursor.")] = None,
        facets: Annotated[bool, Query(description="Count matches by speaker, outlet, kind and entity.")] = False,
        limit: Annotated[int, Query(ge=1, le=1000)] = 10,
    ) -> Response | SearchPage:
        query = SearchQuery(text=q, speaker=speaker, outlet=outlet, kind=kind, attribution_type=attribution_type,
                            entity=entity, hedged=hedged, published_from=since, published_to=until,
                            event_from=event_since, event_to=event_until, sort=sort, cursor=cursor, facets=facets,
                            limit=limit)
        try:
            return index.page(query)
        except BadCursor as error:
            return JSONResponse({"detail": str(error)}, status_code=400)

    @app.get("/count", dependencies=reading)
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

    @app.get("/metrics", dependencies=[Depends(guard) for guard in guards.metrics])
    def prometheus_metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app
