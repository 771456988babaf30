"""`claimwire dlq replay`: after a fix, send dead letters back where they came from.

Letters that failed on a topic go back to that topic with their original key and bytes; letters
for input that never reached Kafka (a file, an HTTP body) go through the ingest publisher again.
The replay consumer group commits only after the re-sent messages are acknowledged, so a
replay interrupted half-way resumes where it stopped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kafka import KafkaConsumer

from claimwire.config import Settings
from claimwire.deadletters import original_bytes
from claimwire.kafka import decode, safe_producer
from claimwire.logging import get_logger
from schemas import DeadLetter, SourceKind
from schemas.topics import DEAD_LETTERS

log = get_logger(__name__)


@dataclass
class ReplayReport:
    replayed: list[str] = field(default_factory=list)
    skipped: int = 0
    unreadable: int = 0


def replay_dead_letters(
    settings: Settings,
    *,
    service: str | None = None,
    stage: str | None = None,
    dry_run: bool = False,
    group_id: str = "claimwire-dlq-replay",
    idle_timeout_s: float = 5.0,
) -> ReplayReport:
    from services.ingest.publisher import ArticlePublisher
    from services.ingest.readers import document_from_bytes

    consumer = KafkaConsumer(
        DEAD_LETTERS.name,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        consumer_timeout_ms=int(idle_timeout_s * 1000),
    )
    producer = safe_producer(settings, client_id="claimwire-dlq-replay")
    publisher = ArticlePublisher(producer)
    report = ReplayReport()
    try:
        for message in consumer:
            try:
                letter: DeadLetter = decode(DEAD_LETTERS, message.value)
            except ValueError:
                report.unreadable += 1
                continue
            if (service and letter.service != service) or (stage and letter.stage != stage):
                report.skipped += 1
                continue
            report.replayed.append(letter.dead_letter_id)
            if dry_run:
                continue
            if letter.source_topic:
                producer.send(
                    letter.source_topic,
                    key=letter.key.encode() if letter.key else None,
                    value=original_bytes(letter),
                    headers=[("replayed_from", letter.dead_letter_id.encode())],
                ).get(timeout=60)
            else:
                publisher.publish(document_from_bytes(original_bytes(letter), letter.source_uri, SourceKind.file))
            log.info("dead_letter_replayed", dead_letter_id=letter.dead_letter_id, source_topic=letter.source_topic)
        if not dry_run:
            producer.flush()
            consumer.commit()
    finally:
        consumer.close(autocommit=False)
        producer.close()
    return report
