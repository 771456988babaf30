"""The long-running ingest service: HTTP `POST /articles` plus RSS/Atom polling, one publisher.

    claimwire serve ingest --feed https://example.org/rss --poll-interval 300

If the feed poller's loop ends for any reason but a requested stop (it gives up after failing
for CLAIMWIRE_GIVE_UP_AFTER_S), the HTTP server stops too and the process exits with
EXIT_LOOP_FAILED, so the orchestrator restarts it; /healthz fails as soon as the loop is dead.
"""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager

from schemas.topics import RAW_ARTICLES
from services.ingest.feeds import FeedPoller
from services.ingest.http_api import create_app
from services.ingest.publisher import ArticlePublisher
from services.shared.config import Settings
from services.shared.http_guard import AccessRules
from services.shared.http_server import LoopFailed
from services.shared.logging import get_logger

log = get_logger(__name__)


def serve(settings: Settings, publisher: ArticlePublisher, *, port: int, feed_urls: list[str],
          poll_interval: float) -> None:
    """Run until stopped; the composition root (`claimwire/bootstrap.py`) made the publisher and
    the topics."""
    # kafka-python's producer is thread-safe; one lock keeps dedup state consistent between the
    # HTTP handlers and the feed poller.
    lock = threading.Lock()
    # The producer's cached metadata outlives the broker, so readiness also asks whether the last
    # publish reached it: a broker that refused the last article means "not ready" until one lands.
    last_publish_failed: list[str] = []

    def publish(document):
        with lock:
            try:
                result = publisher.publish(document)
            except Exception as error:
                last_publish_failed[:] = [f"{type(error).__name__}: {error}"]
                raise
            last_publish_failed.clear()
            return result

    def ready() -> bool:
        return not last_publish_failed and bool(publisher.producer.partitions_for(RAW_ARTICLES.name))

    stop = threading.Event()
    poller = FeedPoller.from_settings(settings, feed_urls, publish) if feed_urls else None
    loop_failed = LoopFailed()

    def poll_feeds(poller: FeedPoller) -> None:
        try:
            poller.run_forever(poll_interval, stop)
        except BaseException as error:  # noqa: BLE001 - a dead loop must end the process, whatever killed it
            log.error("feed_poller_died", error=f"{type(error).__name__}: {error}")
            loop_failed.stop(f"feed poller died: {type(error).__name__}: {error}")

    def alive() -> tuple[bool, str]:
        if loop_failed.reasons:
            return False, loop_failed.reasons[0]
        if poller is not None and poller.alive and not poller.healthy():
            return False, f"feed poller made no progress for {settings.stall_after_s:.0f}s"
        return True, "ok"

    def dead_letter(stage: str, reason: str, body: bytes, source: str) -> None:
        publisher.dead_letters.publish(stage=stage, error=reason, original=body, source_uri=source, wait=False)

    app = create_app(publish, max_body_bytes=settings.http_max_body_bytes,
                     body_timeout_s=settings.http_body_timeout_s, max_articles=settings.http_max_articles,
                     access=AccessRules.from_settings(settings), ready=ready, alive=alive, on_rejected=dead_letter)

    @asynccontextmanager
    async def lifespan(_app):
        thread = None
        if poller is not None:
            thread = threading.Thread(target=poll_feeds, args=(poller,), name="feed-poller", daemon=True)
            thread.start()
        yield
        stop.set()
        if thread is not None:
            thread.join(timeout=5)
        publisher.close(timeout=5)
        log.info("ingest_stopped")

    app.router.lifespan_context = lifespan
    log.info("ingest_started", port=port, feeds=len(feed_urls))
    loop_failed.serve(app, host=settings.http_host, port=port, service="ingest",
                      header_timeout_s=settings.http_header_timeout_s)
