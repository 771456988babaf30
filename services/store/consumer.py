"""The store service's Kafka edge: claim events in, durable index writes, then offset commits.

Order per batch: validate -> upsert -> index commit (fsync) -> dead letters acknowledged ->
consumer offset commit. A crash anywhere before the offset commit replays the batch, and the
upsert by claim_id makes the replay a no-op.

What goes where:
- a message that does not validate, or a claim the engine refuses on its own (RejectedClaim),
  is a dead letter with its reason and source offsets; the rest of the batch is written;
- anything else (broker gone, commit timed out, index locked or full) is a failure of the loop:
  the consumer is closed without committing, the loop backs off and starts a fresh consumer,
  which resumes from the last committed offsets. Failures lasting `give_up_after_s` raise GaveUp
  and the process exits non-zero.
"""

from __future__ import annotations

import threading
import time

from kafka import KafkaConsumer

from schemas import ClaimEvent
from schemas.topics import CLAIMS
from services.shared import metrics
from services.shared.config import Settings
from services.shared.kafka import RECONNECT_BACKOFF_MAX_MS, DeadLetterPublisher, decode, safe_producer
from services.shared.kafka_security import kafka_python_security
from services.shared.logging import get_logger
from services.shared.supervision import Backoff, GaveUp, LoopHealth
from services.store.documents import ClaimIndex

SERVICE = "store"
LAG_EVERY_S = 5.0  # end offsets cost a broker round trip: ask every few seconds, not every poll
LAG_TIMEOUT_MS = 3000
log = get_logger(__name__)


class ClaimStoreConsumer:
    def __init__(self, settings: Settings, index: ClaimIndex, group_id: str = "claimwire-store") -> None:
        self.settings = settings
        self.index = index
        self.group_id = group_id
        self.consumer: KafkaConsumer | None = None
        self.dead_letters = DeadLetterPublisher(safe_producer(settings, client_id="claimwire-store-dlq"), SERVICE,
                                                settings.kafka_max_message_bytes)
        self.stopping = threading.Event()
        self.health = LoopHealth(SERVICE, give_up_after_s=settings.give_up_after_s)
        self.backoff = Backoff(max_s=settings.retry_max_backoff_s)
        self.batches = 0
        self._lag_checked_at = 0.0

    def _connect(self) -> KafkaConsumer:
        return KafkaConsumer(
            CLAIMS.name,
            bootstrap_servers=self.settings.kafka_bootstrap_servers,
            group_id=self.group_id,
            client_id="claimwire-store",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=500,
            session_timeout_ms=self.settings.kafka_session_timeout_ms,
            heartbeat_interval_ms=self.settings.kafka_heartbeat_interval_ms,
            max_partition_fetch_bytes=self.settings.kafka_max_message_bytes,
            fetch_max_bytes=max(self.settings.kafka_max_message_bytes, 50 << 20),
            request_timeout_ms=max(15_000, self.settings.kafka_session_timeout_ms + 5_000),
            reconnect_backoff_max_ms=RECONNECT_BACKOFF_MAX_MS,
            **kafka_python_security(self.settings),
        )

    def process_batch(self, timeout_ms: int = 1000) -> int:
        """One poll, written and committed; raises on a failure of the broker or the engine."""
        if self.consumer is None:
            self.consumer = self._connect()
        records = self.consumer.poll(timeout_ms=timeout_ms)
        self._measure_lag()
        if not records:
            return 0
        claims: dict[str, tuple[ClaimEvent, object]] = {}
        for messages in records.values():
            for message in messages:
                try:
                    claim = decode(CLAIMS, message.value)
                except ValueError as error:
                    self._dead_letter(message, "validate", error)
                    continue
                claims[claim.claim_id] = (claim, message)
        rejected = self.index.upsert([claim for claim, _ in claims.values()]) if claims else []
        for rejection in rejected:
            claim, message = claims.pop(rejection.claim_id)
            self._dead_letter(message, "index", rejection.reason, article_id=claim.article_id)
        self.index.commit()
        if self.dead_letters.producer.flush(timeout=30) is False:  # kafka-python raises on timeout; be sure
            raise TimeoutError("dead letters were not acknowledged")
        self.consumer.commit()
        self.batches += 1
        metrics.INDEXED.labels(SERVICE).inc(len(claims))
        log.info("batch_indexed", claims=len(claims), rejected=len(rejected),
                 articles=len({claim.article_id for claim, _ in claims.values()}))
        return len(claims)

    def _dead_letter(self, message, stage: str, error: BaseException | str,
                     article_id: str | None = None) -> None:
        self.dead_letters.publish(
            stage=stage, error=error, original=message.value, source_topic=message.topic,
            source_partition=message.partition, source_offset=message.offset, key=message.key,
            article_id=article_id, wait=False,
        )

    def _measure_lag(self) -> None:
        now = time.monotonic()
        if self.consumer is None or now - self._lag_checked_at < LAG_EVERY_S:
            return
        # A round trip to the broker on purpose: an idle consumer's poll() returns nothing whether the
        # broker is there or not, so this is also how a lost broker becomes a failure (and, after
        # give_up_after_s, an exit) instead of a consumer that looks ready while nothing can arrive.
        assignment = list(self.consumer.assignment())
        ends = self.consumer.end_offsets(assignment, timeout_ms=LAG_TIMEOUT_MS) if assignment else {}
        behind: dict[int, int] = {}
        for tp, end in ends.items():
            position = self.consumer.position(tp, timeout_ms=LAG_TIMEOUT_MS)
            behind[tp.partition] = max(0, end - position) if position is not None else 0
        self.health.set_lag(behind)
        self._lag_checked_at = now

    def run(self) -> None:
        """The supervised loop: retries every failure with backoff until stopped, or raises GaveUp."""
        log.info("store_consumer_started", topic=CLAIMS.name)
        self.health.running = True
        try:
            while not self.stopping.is_set():
                try:
                    self.health.beat()
                    written_before = self.batches
                    self.process_batch()
                    self.health.succeeded(progressed=self.batches > written_before)
                    self.backoff.reset()
                except Exception as error:  # noqa: BLE001 - every failure is retried or ends the process
                    self._recover(error)
        except GaveUp as error:
            self.health.fatal = str(error)
            log.error("store_consumer_gave_up", error=str(error))
            raise
        finally:
            self.health.running = False
            self.close()

    def _recover(self, error: BaseException) -> None:
        give_up = self.health.failed(error)
        log.warning("store_consumer_failed", error=f"{type(error).__name__}: {error}", give_up=give_up)
        self._drop_consumer()
        if give_up:
            raise GaveUp(f"store consumer failing for {self.settings.give_up_after_s:.0f}s: {self.health.last_error}")
        self.stopping.wait(self.backoff.next())

    def _drop_consumer(self) -> None:
        """Forget the polled-but-uncommitted batch: a new consumer resumes from committed offsets."""
        consumer, self.consumer = self.consumer, None
        self._lag_checked_at = 0.0
        self.health.assigned = 0
        if consumer is not None:
            try:
                consumer.close(autocommit=False)
            except Exception as error:  # noqa: BLE001 - a broken consumer may fail to close; it is gone either way
                log.warning("store_consumer_close_failed", error=str(error))
        try:
            self.index.rollback()
        except Exception as error:  # noqa: BLE001 - the next batch opens a new writer anyway
            log.warning("index_rollback_failed", error=str(error))

    def stop(self) -> None:
        self.stopping.set()

    def close(self) -> None:
        self._drop_consumer()
        self.dead_letters.producer.close(timeout=5)
        self.index.close()
        log.info("store_consumer_stopped")
