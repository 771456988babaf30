"""Kafka plumbing shared by the three services: topic creation, the safe producer, message
encoding with validation, and the dead-letter publisher. Services stay thin on top of it."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import MessageSizeTooLargeError, RecordListTooLargeError, TopicAlreadyExistsError
from pydantic import BaseModel, ValidationError

from schemas import SCHEMA_VERSION, DeadLetter
from schemas.topics import ALL_TOPICS, DEAD_LETTERS, Topic
from services.shared import metrics
from services.shared.config import Settings
from services.shared.deadletters import dead_letter_for, fit_original
from services.shared.kafka_security import kafka_python_security
from services.shared.logging import get_logger

log = get_logger(__name__)
CONTENT_TYPE = "application/json"
# kafka-python waits up to 30 s between reconnects by default: a restarted broker would sit idle
# that long before the services notice it is back.
RECONNECT_BACKOFF_MAX_MS = 2000


def ensure_topics(settings: Settings, topics: tuple[Topic, ...] = ALL_TOPICS) -> None:
    """Create the versioned topics if absent; an existing topic is left as the operator set it."""
    # The reconnect cap, as for the other clients: with kafka-python's own (30 s) backoff a refused
    # connection is retried about four times before bootstrap gives up, too few to see why it failed.
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers, client_id="claimwire-admin",
                             reconnect_backoff_max_ms=RECONNECT_BACKOFF_MAX_MS, **kafka_python_security(settings))
    try:
        existing = set(admin.list_topics())
        missing = [
            NewTopic(
                name=topic.name,
                num_partitions=settings.topic_partitions,
                replication_factor=settings.topic_replication,
                topic_configs={
                    "retention.ms": str(settings.topic_retention_ms),
                    # The broker's 1 MB default would refuse long articles the HTTP limit accepts.
                    "max.message.bytes": str(settings.kafka_max_message_bytes),
                },
            )
            for topic in topics
            if topic.name not in existing
        ]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):  # another service won the race
                admin.create_topics(missing)
            log.info("topics_created", topics=[t.name for t in missing])
    finally:
        admin.close()


def safe_producer(settings: Settings, client_id: str) -> KafkaProducer:
    """acks=all with idempotence: a retried send can neither be lost nor written twice.

    `max_request_size` equals the topics' `max.message.bytes` (both from
    CLAIMWIRE_KAFKA_MAX_MESSAGE_BYTES), so what the producer accepts the broker accepts too;
    gzip (CLAIMWIRE_KAFKA_COMPRESSION) keeps long articles well under it on the wire."""
    return KafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        retries=2**31 - 1,
        max_in_flight_requests_per_connection=5,
        linger_ms=5,
        compression_type=None if settings.kafka_compression in ("", "none") else settings.kafka_compression,
        max_request_size=settings.kafka_max_message_bytes,
        reconnect_backoff_max_ms=RECONNECT_BACKOFF_MAX_MS,
        **kafka_python_security(settings),
    )


# One message over the size the topic accepts: the input's fault, never the broker's.
TOO_LARGE_ERRORS = (MessageSizeTooLargeError, RecordListTooLargeError)


def headers_for(model: BaseModel) -> list[tuple[str, bytes]]:
    return [
        ("schema_version", SCHEMA_VERSION.encode()),
        ("content_type", CONTENT_TYPE.encode()),
        ("model", type(model).__name__.encode()),
    ]


def encode(model: BaseModel) -> bytes:
    # Re-validating the dumped form catches a producer building a model that would not parse back.
    payload = model.model_dump_json().encode()
    type(model).model_validate_json(payload)
    return payload


def decode(topic: Topic, value: bytes | None) -> Any:
    """Parse and validate one message; raises ValueError (incl. ValidationError) on anything off."""
    if value is None:
        raise ValueError("empty message (tombstone) on a topic that carries events")
    try:
        return topic.model.model_validate_json(value)
    except ValidationError as error:
        raise ValueError(f"does not match {topic.model.__name__} v{SCHEMA_VERSION}: {_short(error)}") from error


def _short(error: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or '<root>'}: {e['msg']}" for e in error.errors()[:5])


@dataclass
class DeadLetterPublisher:
    producer: KafkaProducer
    service: str
    max_message_bytes: int = 8 << 20  # Settings.kafka_max_message_bytes

    def publish(
        self,
        *,
        stage: str,
        error: BaseException | str,
        original: bytes | None,
        source_topic: str | None = None,
        source_partition: int | None = None,
        source_offset: int | None = None,
        key: bytes | None = None,
        source_uri: str | None = None,
        article_id: str | None = None,
        wait: bool = True,
    ) -> DeadLetter:
        original, note = fit_original(original or b"", self.max_message_bytes)
        if note:
            error = f"{error}{note}"
        letter = dead_letter_for(
            service=self.service,
            stage=stage,
            error=error,
            original=original,
            source_uri=source_uri,
            source_topic=source_topic,
            source_partition=source_partition,
            source_offset=source_offset,
            key=key.decode("utf-8", "replace") if key else None,
            article_id=article_id,
        )
        future = self.producer.send(
            DEAD_LETTERS.name, key=letter.dead_letter_id.encode(), value=encode(letter), headers=headers_for(letter)
        )
        if wait:
            future.get(timeout=30)
        metrics.DEAD_LETTERS.labels(self.service, stage).inc()
        log.warning("dead_letter", service=self.service, stage=stage, error=letter.error, source_topic=source_topic,
                    source_partition=source_partition, source_offset=source_offset, article_id=article_id)
        return letter
