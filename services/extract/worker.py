"""The extract service: a faust-streaming agent turning raw-article events into claim events.

At-least-once: Faust commits an offset only after the agent has finished with the event, and the
agent finishes only after the broker acknowledged every claim it produced (or the dead letter).
Replays after a crash re-produce the same claim ids, and the store upserts by id, so nothing is
lost and nothing is doubled downstream.

    claimwire serve extract            # or: python -m services.extract.worker worker

Names are canonical across articles through an `EntityRegistry` loaded from
`<data_dir>/entities.json` at start, saved every `CLAIMWIRE_ENTITIES_SAVE_EVERY` articles (default
20) but at most once per `CLAIMWIRE_ENTITIES_SAVE_SECONDS` (default 30: a full registry is tens of
megabytes), and at shutdown. A crash loses at most the names learnt since the last save; replayed
articles teach them again. The registry is per worker: two workers (or partitions handled by different
workers) learn separately and can choose different canonical names for the same entity. Sharing
it would take a Faust GlobalTable (or a compacted topic) of registry updates: future work.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path
from typing import Any, Mapping

import faust
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from faust.transport.drivers import aiokafka as faust_aiokafka

from claimwire import metrics
from claimwire.config import Settings
from claimwire.deadletters import dead_letter_for
from claimwire.kafka import decode, encode, ensure_topics, headers_for
from claimwire.logging import configure_logging, get_logger
from schemas.topics import CLAIMS, DEAD_LETTERS, RAW_ARTICLES
from schemas.models import ClaimEvent, RawArticle
from services.extract.extractor import extract_claims
from services.extract.registry import EntityRegistry

SERVICE = "extract"
log = get_logger(__name__)


class _IdempotentProducer(faust_aiokafka.Producer):
    """Faust enables idempotence only inside transactions; claim events need it always."""

    def _settings_extra(self) -> Mapping[str, Any]:
        return {**super()._settings_extra(), "acks": "all", "enable_idempotence": True}


class _Transport(faust_aiokafka.Transport):
    Producer = _IdempotentProducer


class _RegistryKeeper:
    """This worker's entity registry: extraction and saving take turns (the executor thread
    extracts while shutdown may save)."""

    def __init__(self, path: Path, save_every: int, min_seconds: float = 0.0) -> None:
        self.path = path
        self.save_every = max(1, save_every)
        self.min_seconds = max(0.0, min_seconds)
        self.registry = EntityRegistry.open(path)
        self._lock = threading.Lock()
        self._unsaved = 0
        self._saved_at = time.monotonic()

    def extract(self, article: RawArticle) -> list[ClaimEvent]:
        with self._lock:
            claims = extract_claims(article, self.registry)
            self._unsaved += 1
            if self._unsaved >= self.save_every and time.monotonic() - self._saved_at >= self.min_seconds:
                self._save()
            return claims

    def save(self) -> None:
        with self._lock:
            self._save()

    def _save(self) -> None:
        try:
            self.registry.save(self.path)
            self._unsaved = 0
            self._saved_at = time.monotonic()
        except OSError as error:  # keep extracting; the next save retries
            log.error("entity_registry_save_failed", path=str(self.path), error=str(error))


class ExtractApp(faust.App):
    def _new_producer_transport(self):  # type: ignore[no-untyped-def]
        return _Transport(self.conf.broker_producer, self)


def create_app(settings: Settings | None = None) -> faust.App:
    settings = settings or Settings()
    (settings.data_dir / "faust").mkdir(parents=True, exist_ok=True)
    app = ExtractApp(
        os.environ.get("CLAIMWIRE_EXTRACT_GROUP", "claimwire-extract"),
        broker=[f"kafka://{server}" for server in settings.kafka_bootstrap_servers.split(",")],
        producer_acks=-1,
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=settings.topic_replication,
        topic_allow_declare=True,
        consumer_auto_offset_reset="earliest",
        web_enabled=True,
        web_host=settings.http_host,
        web_port=int(os.environ.get("CLAIMWIRE_EXTRACT_WEB_PORT", "6066")),
        datadir=str(settings.data_dir / "faust"),
        broker_commit_every=1,
        stream_wait_empty=True,
    )
    raw_topic = app.topic(RAW_ARTICLES.name, key_type=bytes, value_type=bytes, value_serializer="raw",
                          key_serializer="raw")
    claims_topic = app.topic(CLAIMS.name, key_type=bytes, value_type=bytes, value_serializer="raw",
                             key_serializer="raw")
    dlq_topic = app.topic(DEAD_LETTERS.name, key_type=bytes, value_type=bytes, value_serializer="raw",
                          key_serializer="raw")
    entities = _RegistryKeeper(settings.data_dir / "entities.json",
                               int(os.environ.get("CLAIMWIRE_ENTITIES_SAVE_EVERY", "20")),
                               float(os.environ.get("CLAIMWIRE_ENTITIES_SAVE_SECONDS", "30")))

    @app.on_before_shutdown.connect
    async def save_entities(app: faust.App, **kwargs: Any) -> None:
        await asyncio.get_running_loop().run_in_executor(None, entities.save)

    async def dead_letter(message: Any, stage: str, error: BaseException, article_id: str | None = None) -> None:
        letter = dead_letter_for(
            service=SERVICE, stage=stage, error=error, original=message.value or b"",
            source_topic=message.topic, source_partition=message.partition, source_offset=message.offset,
            key=message.key.decode("utf-8", "replace") if message.key else None, article_id=article_id,
        )
        await (await dlq_topic.send(key=letter.dead_letter_id.encode(), value=encode(letter),
                                    headers=headers_for(letter)))
        metrics.DEAD_LETTERS.labels(SERVICE, stage).inc()
        log.warning("dead_letter", stage=stage, error=letter.error, source_topic=message.topic,
                    source_partition=message.partition, source_offset=message.offset, article_id=article_id)

    @app.agent(raw_topic, concurrency=1)
    async def extract(stream):  # type: ignore[no-untyped-def]
        loop = asyncio.get_running_loop()
        async for event in stream.events():
            message = event.message
            try:
                article = decode(RAW_ARTICLES, message.value)
            except ValueError as error:
                await dead_letter(message, "validate", error)
                continue
            try:
                # spaCy is CPU-bound: off the event loop so heartbeats and commits keep flowing.
                claims = await loop.run_in_executor(None, entities.extract, article)
            except Exception as error:  # one article's failure must not stall the partition
                await dead_letter(message, "extract", error, article.article_id)
                continue
            deliveries = [
                await claims_topic.send(key=article.article_id.encode(), value=encode(claim),
                                        headers=headers_for(claim))
                for claim in claims
            ]
            for delivery in deliveries:
                await delivery
            metrics.ARTICLES.labels(SERVICE).inc()
            for claim in claims:
                metrics.CLAIMS.labels(SERVICE, claim.kind.value).inc()
            log.info("article_extracted", article_id=article.article_id, claims=len(claims),
                     partition=message.partition, offset=message.offset)

    @app.page("/healthz")
    async def healthz(self, request):  # type: ignore[no-untyped-def]
        return self.json({"status": "ok"})

    @app.page("/readyz")
    async def readyz(self, request):  # type: ignore[no-untyped-def]
        assigned = app.consumer.assignment() if app.consumer else set()
        return self.json({"status": "ready" if app.rebalancing is False else "rebalancing",
                          "assigned_partitions": len(assigned)})

    @app.page("/metrics")
    async def prometheus_metrics(self, request):  # type: ignore[no-untyped-def]
        # aiohttp refuses a charset inside content_type; the exposition format is ASCII anyway.
        return self.bytes(generate_latest(), content_type=CONTENT_TYPE_LATEST.split(";")[0] + "; version=0.0.4")

    return app


def main() -> None:
    """Run the worker; Faust parses its own command line (`worker -l info`)."""
    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    ensure_topics(settings)
    create_app(settings).main()


if __name__ == "__main__":
    main()
