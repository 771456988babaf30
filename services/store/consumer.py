"""The store service's Kafka edge: claim events in, durable index writes, then offset commits.

Order per batch: validate -> upsert -> index commit (fsync) -> dead letters acknowledged ->
consumer offset commit. A crash anywhere before the offset commit replays the batch, and the
upsert by claim_id makes the replay a no-op.
"""

from __future__ import annotations

import threading

from kafka import KafkaConsumer

from claimwire import metrics
from claimwire.config import Settings
from claimwire.kafka import DeadLetterPublisher, decode, safe_producer
from claimwire.logging import get_logger
from schemas import ClaimEvent
from schemas.topics import CLAIMS
from services.store.documents import ClaimIndex

SERVICE = "store"
log = get_logger(__name__)


class ClaimStoreConsumer:
    def __init__(self, settings: Settings, index: ClaimIndex, group_id: str = "claimwire-store") -> None:
        self.index = index
        self.consumer = KafkaConsumer(
            CLAIMS.name,
            bootstrap_servers=settings.kafka_bootstrap_servers,
            group_id=group_id,
            client_id="claimwire-store",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=500,
        )
        self.dead_letters = DeadLetterPublisher(safe_producer(settings, client_id="claimwire-store-dlq"), SERVICE)
        self.stopping = threading.Event()
        self.ready = threading.Event()
        self.batches = 0

    def process_batch(self, timeout_ms: int = 1000) -> int:
        records = self.consumer.poll(timeout_ms=timeout_ms)
        self.ready.set()
        if not records:
            return 0
        claims: list[ClaimEvent] = []
        for messages in records.values():
            for message in messages:
                try:
                    claims.append(decode(CLAIMS, message.value))
                except ValueError as error:
                    self.dead_letters.publish(
                        stage="validate", error=error, original=message.value, source_topic=message.topic,
                        source_partition=message.partition, source_offset=message.offset, key=message.key,
                        wait=False,
                    )
        if claims:
            self.index.upsert(claims)
        self.index.commit()
        self.dead_letters.producer.flush(timeout=30)
        self.consumer.commit()
        self.batches += 1
        metrics.INDEXED.labels(SERVICE).inc(len(claims))
        log.info("batch_indexed", claims=len(claims), articles=len({c.article_id for c in claims}))
        return len(claims)

    def run(self) -> None:
        log.info("store_consumer_started", topic=CLAIMS.name)
        try:
            while not self.stopping.is_set():
                self.process_batch()
        finally:
            self.close()

    def stop(self) -> None:
        self.stopping.set()

    def close(self) -> None:
        self.consumer.close(autocommit=False)
        self.dead_letters.producer.close(timeout=10)
        self.index.close()
        log.info("store_consumer_stopped")
