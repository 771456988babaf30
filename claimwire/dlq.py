"""`claimwire dlq replay`: after a fix, send dead letters back where they came from.

Letters that failed on a topic go back to that topic with their original key and bytes; letters
for input that never reached Kafka (a file, an HTTP body) go through the ingest publisher again.
The replay consumer group commits only after the re-sent messages are acknowledged, so a
replay interrupted half-way resumes where it stopped.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from kafka import KafkaConsumer
from kafka.errors import KafkaError
from kafka.structs import OffsetAndMetadata, TopicPartition

from schemas import DeadLetter, SourceKind
from schemas.topics import DEAD_LETTERS
from services.shared.config import Settings
from services.shared.deadletters import original_bytes
from services.shared.kafka import decode, safe_producer
from services.shared.kafka_security import kafka_python_security
from services.shared.logging import get_logger
from services.shared.supervision import Backoff, GaveUp, LoopHealth

log = get_logger(__name__)


@dataclass
class ReplayReport:
    replayed: list[str] = field(default_factory=list)
    skipped: int = 0
    unreadable: int = 0


def replay_dead_letters_supervised(settings: Settings, **options: object) -> ReplayReport:
    """`replay_dead_letters`, retried with capped backoff while the broker fails, until
    CLAIMWIRE_GIVE_UP_AFTER_S passes with no success (then GaveUp: the command exits non-zero).
    A retried replay starts again from the last committed replay offsets: replaying a letter twice
    re-sends the same article, which the store's upsert by claim_id absorbs."""
    health = LoopHealth("dlq-replay", give_up_after_s=settings.give_up_after_s)
    backoff = Backoff(max_s=settings.retry_max_backoff_s)
    while True:
        try:
            return replay_dead_letters(settings, **options)  # type: ignore[arg-type]
        except KafkaError as error:
            if health.failed(error):
                raise GaveUp(f"dead-letter replay failing for {settings.give_up_after_s:.0f}s: {error}") from error
            delay = backoff.next()
            log.warning("dlq_replay_retry", error=f"{type(error).__name__}: {error}", retry_in_s=round(delay, 1))
            time.sleep(delay)


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

    consumer = _dead_letter_consumer(settings, group_id)
    producer = safe_producer(settings, client_id="claimwire-dlq-replay")
    publisher = ArticlePublisher(producer)
    report = ReplayReport()
    try:
        # Replay only what was dead already when the replay started: a replayed message that
        # fails again produces a new letter, which must wait for the next replay, not loop now.
        snapshot = _end_offsets_once_assigned(consumer, idle_timeout_s)
        done: dict[TopicPartition, int] = {}
        while any(consumer.position(tp) < end for tp, end in snapshot.items()):
            for tp, messages in consumer.poll(timeout_ms=1000).items():
                for message in messages:
                    if message.offset >= snapshot.get(tp, 0):
                        break
                    _replay_one(message, report, producer, publisher, service=service, stage=stage,
                                dry_run=dry_run)
                    done[tp] = message.offset + 1
        if not dry_run and done:
            producer.flush()
            consumer.commit({tp: OffsetAndMetadata(offset, "", -1) for tp, offset in done.items()})
    finally:
        consumer.close(autocommit=False)
        producer.close()
    return report


def _end_offsets_once_assigned(consumer: KafkaConsumer, timeout_s: float) -> dict[TopicPartition, int]:
    deadline = time.monotonic() + timeout_s
    while not consumer.assignment():
        if time.monotonic() > deadline:
            return {}
        consumer.poll(timeout_ms=200, max_records=1, update_offsets=False)
    assignment = consumer.assignment()
    return {tp: end for tp, end in consumer.end_offsets(list(assignment)).items()}


def _replay_one(message, report: ReplayReport, producer, publisher, *, service, stage, dry_run) -> None:
    from services.ingest.readers import document_from_bytes

    try:
        letter: DeadLetter = decode(DEAD_LETTERS, message.value)
    except ValueError:
        report.unreadable += 1
        return
    if (service and letter.service != service) or (stage and letter.stage != stage):
        report.skipped += 1
        return
    if not letter.original_base64:  # a record whose input's bytes went with another letter of it
        report.skipped += 1
        return
    report.replayed.append(letter.dead_letter_id)
    if dry_run:
        return
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


def peek_dead_letters(settings: Settings, *, limit: int = 50, idle_timeout_s: float = 3.0) -> list[DeadLetter]:
    """The last `limit` readable dead letters, read without a consumer group."""
    consumer = _dead_letter_consumer(settings, None, consumer_timeout_ms=int(idle_timeout_s * 1000))
    letters: list[DeadLetter] = []
    try:
        for message in consumer:
            try:
                letters.append(decode(DEAD_LETTERS, message.value))
            except ValueError:
                continue
            del letters[:-limit]
    finally:
        consumer.close()
    return letters


def _dead_letter_consumer(settings: Settings, group_id: str | None, **extra: int) -> KafkaConsumer:
    """From the oldest letter, never auto-committing: callers commit what they really handled."""
    return KafkaConsumer(
        DEAD_LETTERS.name,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        **kafka_python_security(settings),
        **extra,
    )
