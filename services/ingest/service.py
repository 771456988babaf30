"""The long-running ingest service: HTTP `POST /articles` plus RSS/Atom polling, one publisher.

    claimwire serve ingest --feed https://example.org/rss --poll-interval 300
"""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager

import uvicorn

from claimwire.config import Settings
from claimwire.kafka import ensure_topics
from claimwire.logging import get_logger
from schemas.topics import RAW_ARTICLES
from services.ingest.feeds import FeedPoller
from services.ingest.http_api import create_app
from services.ingest.publisher import ArticlePublisher

log = get_logger(__name__)


def serve(settings: Settings, *, port: int, feed_urls: list[str], poll_interval: float) -> None:
    ensure_topics(settings)
    publisher = ArticlePublisher.from_settings(settings)
    # kafka-python's producer is thread-safe; one lock keeps dedup state consistent between the
    # HTTP handlers and the feed poller.
    lock = threading.Lock()

    def publish(document):  # type: ignore[no-untyped-def]
        with lock:
            return publisher.publish(document)

    stop = threading.Event()
    poller = None
    if feed_urls:
        poller = FeedPoller(feed_urls, publish, state_path=settings.data_dir / "feeds-state.json")

    app = create_app(publish, max_body_bytes=settings.http_max_body_bytes,
                     ready=lambda: bool(publisher.producer.partitions_for(RAW_ARTICLES.name)))

    @asynccontextmanager
    async def lifespan(_app):  # type: ignore[no-untyped-def]
        thread = None
        if poller is not None:
            thread = threading.Thread(target=poller.run_forever, args=(poll_interval, stop), name="feed-poller",
                                      daemon=True)
            thread.start()
        yield
        stop.set()
        if thread is not None:
            thread.join(timeout=30)
        publisher.close()
        log.info("ingest_stopped")

    app.router.lifespan_context = lifespan
    log.info("ingest_started", port=port, feeds=len(feed_urls))
    uvicorn.run(app, host=settings.http_host, port=port, log_level="warning")
