"""The extract service: a faust-streaming agent turning raw-article events into claim events.

At-least-once: the agent acks an event (so Faust may commit its offset) only after the broker
acknowledged every claim it produced, or the dead letter. Replays after a crash re-produce the same
claim ids, and the store upserts by id, so nothing is lost and nothing is doubled downstream.

    claimwire serve extract -l info    # wired by claimwire/bootstrap.py (extract_worker)

Bounded work: extraction runs in a child process (`services.extract.sandbox`) that is killed after
`CLAIMWIRE_EXTRACT_TIMEOUT_S` (default 5) on one article; that article is dead-lettered (stage
"extract", "extraction took longer than N s") and the stream goes on. A child that dies on an
article is replaced and the article dead-lettered the same way. A child that cannot be started at
all, or any unexpected error in the agent, stops the worker with exit code 1 (the orchestrator
restarts it); the event being handled is not acked, so it is read again.

Failover: the consumer's session timeout and heartbeat come from `CLAIMWIRE_KAFKA_SESSION_TIMEOUT_MS`
(10 s) and `CLAIMWIRE_KAFKA_HEARTBEAT_INTERVAL_MS` (3 s): a worker killed with kill -9 loses its
partitions to the others after about the session timeout. The event loop only awaits the sandbox,
so heartbeats and the web endpoints keep flowing while an article is extracted.

SIGTERM: the worker stops taking events, gives the article in hand up to `SHUTDOWN_GRACE_S` to
finish (then it is cut, not acked, and read again by whoever gets the partition), commits what was
acked, saves the registry in the child and exits 0 — within 10 s.

Health (JSON bodies say why):
- `/healthz` is 503 when the agent is not running, the extraction child cannot be started, a fatal
  error is stopping the worker, or the agent has work (an event in hand, or lag) but its loop did
  not beat for `stuck_after_s`. An event loop that is blocked answers nothing at all.
- `/readyz` is 503 while the consumer is not running, has no partitions assigned, is rebalancing,
  the child has not loaded spaCy yet, the worker is stopping, or there is lag and no article was
  finished for `CLAIMWIRE_STALL_AFTER_S`.
- Metrics: `claimwire_consumer_lag{service,partition}` (end offset minus committed offset of each
  assigned partition, refreshed every `LAG_REFRESH_S`) and `claimwire_seconds_since_progress{service}`
  (since the last finished article, or since the lag was last seen at zero).

Names are canonical across articles through an `EntityRegistry` held by the extraction child, loaded
from `<data_dir>/entities.json`, saved every `CLAIMWIRE_ENTITIES_SAVE_EVERY` articles (default 20)
but at most once per `CLAIMWIRE_ENTITIES_SAVE_SECONDS` (default 30: a full registry is tens of
megabytes), and at shutdown. A crash, or a child killed on a timeout, loses the names learnt since
the last save (see `services.extract.sandbox`). The registry is per worker: two workers (or
partitions handled by different workers) learn separately and can choose different canonical names
for the same entity. Sharing it would take a Faust GlobalTable (or a compacted topic) of registry
updates: future work.

Reading order: `create_app` wires Faust's decorators to the steps of `ExtractAgent`: `consume`
(the agent's loop) → `handle` (one event) → `extract_bounded` → `publish` or `dead_letter`, then
the ack or `release`. The health decisions live in `services.extract.health`.
"""

from __future__ import annotations

import asyncio
import functools
import os
import signal
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import faust
from faust.exceptions import ConsumerNotStarted
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types.tuples import TP, Message
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from schemas.models import ClaimEvent, RawArticle
from schemas.topics import CLAIMS, DEAD_LETTERS, RAW_ARTICLES
from services.extract.health import SERVICE, WorkerHealth, partition_lag
from services.extract.limits import ExtractionLimits
from services.extract.sandbox import (
    ExtractionCrashed,
    ExtractionFailed,
    ExtractionSandbox,
    ExtractionTimeout,
    SandboxClosed,
    extract_with_registry,
)
from services.shared import metrics
from services.shared.config import Settings
from services.shared.deadletters import dead_letter_for, fit_original
from services.shared.http_guard import token_refusal
from services.shared.kafka import decode, encode, headers_for
from services.shared.kafka_security import faust_broker_credentials
from services.shared.logging import get_logger
from services.shared.metrics import SECONDS_SINCE_PROGRESS

__all__ = ["EXIT_FATAL", "LAG_REFRESH_S", "SERVICE", "SHUTDOWN_GRACE_S", "ExtractAgent", "ExtractApp",
           "create_app", "default_sandbox", "run"]

EXIT_FATAL = 1
SHUTDOWN_GRACE_S = 4.0  # how long SIGTERM waits for the article in hand before cutting it
LAG_REFRESH_S = 2.0
_BEAT_S = 0.5  # how often the agent's loop beats while it waits on the sandbox
_BROKER_TIMEOUT_S = 5  # for each offset query of the lag timer
log = get_logger(__name__)


# --------------------------------------------------------------------------- the Faust app


class _IdempotentProducer(faust_aiokafka.Producer):
    """Faust enables idempotence only inside transactions; claim events need it always."""

    def _settings_extra(self) -> Mapping[str, Any]:
        return {**super()._settings_extra(), "acks": "all", "enable_idempotence": True}


class _Transport(faust_aiokafka.Transport):
    Producer = _IdempotentProducer


class ExtractApp(faust.App):
    health: WorkerHealth | None = None
    on_agent_crash: Any = None  # async (agent, error) -> None

    async def _on_agent_error(self, agent: Any, exc: BaseException) -> None:
        # Faust's default: commit what was acked, log, and let the supervisor restart the actor.
        await super()._on_agent_error(agent, exc)
        if self.on_agent_crash is not None:
            await self.on_agent_crash(agent, exc)

    def _new_producer_transport(self):
        return _Transport(self.conf.broker_producer, self)

    async def on_stop(self) -> None:
        # Before Faust waits for the event in hand: the agent starts its shutdown grace now.
        if self.health is not None:
            self.health.stop()
        await super().on_stop()


def _compression(name: str) -> str | None:
    return None if name.strip().lower() in ("", "none", "off") else name.strip().lower()


def _faust_app(settings: Settings) -> ExtractApp:
    """The app with manual commits of every acked event, failover timeouts and large-message limits."""
    (settings.data_dir / "faust").mkdir(parents=True, exist_ok=True)
    session_timeout_s = settings.kafka_session_timeout_ms / 1000
    return ExtractApp(
        settings.extract_group,
        broker=[f"kafka://{server}" for server in settings.kafka_bootstrap_servers.split(",")],
        producer_acks=-1,
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=settings.topic_replication,
        topic_allow_declare=True,
        consumer_auto_offset_reset="earliest",
        web_enabled=True,
        web_host=settings.http_host,
        web_bind=settings.http_host,  # Faust binds every interface unless told; claimwire binds loopback by default
        web_port=settings.extract_web_port,
        datadir=str(settings.data_dir / "faust"),
        broker_commit_every=1,
        stream_wait_empty=True,
        # Failover: Faust takes these in seconds (aiokafka gets them as *_ms).
        broker_session_timeout=session_timeout_s,
        broker_heartbeat_interval=settings.kafka_heartbeat_interval_ms / 1000,
        broker_request_timeout=max(90.0, session_timeout_s + 5),
        # Large messages: one 8 MiB article must fit a fetch and a produced dead letter a request.
        producer_max_request_size=settings.kafka_max_message_bytes,
        producer_compression_type=_compression(settings.kafka_compression),
        consumer_max_fetch_size=max(settings.kafka_max_message_bytes + (64 << 10), 1 << 20),
        # TLS and SASL (KAFKA_SECURITY_PROTOCOL ...): Faust hands them to every aiokafka client it makes.
        broker_credentials=faust_broker_credentials(settings),
    )


def _bytes_topic(app: faust.App, name: str) -> Any:
    return app.topic(name, key_type=bytes, value_type=bytes, value_serializer="raw", key_serializer="raw")


def default_sandbox(settings: Settings, limits: ExtractionLimits | None = None) -> ExtractionSandbox:
    """The extraction child, bounded by time and by content (max chars, sentence length, max claims)."""
    return ExtractionSandbox(
        settings.data_dir / "entities.json",
        timeout_s=settings.extract_timeout_s,
        save_every=settings.entities_save_every,
        save_seconds=settings.entities_save_seconds,
        work=functools.partial(extract_with_registry, limits=limits or ExtractionLimits.from_settings(settings)),
    )


# --------------------------------------------------------------------------- what Faust keeps to itself
# Faust has no public API for these two facts, and the worker's guarantees need both. They are read
# here only, by name and with a fallback, so a Faust upgrade that renames them breaks one place.


def _forget_unacked(consumer: Any, message: Message) -> None:
    """Faust's shutdown waits until every event it handed out is acked; an event left unacked on
    purpose (cut by shutdown, or a fatal error) must be dropped from that set, or SIGTERM hangs."""
    unacked = getattr(consumer, "_unacked_messages", None)
    if unacked is not None:
        unacked.discard(message)


def _committed_offsets(consumer: Any) -> Mapping[TP, int | None]:
    """The offset Faust last committed per partition (None before its first commit), for the lag."""
    return getattr(consumer, "_committed_offset", {})


def _raw_partitions(consumer: Any) -> list[TP]:
    """The raw-article partitions assigned to this worker, in partition order."""
    return sorted((tp for tp in consumer.assignment() if tp.topic == RAW_ARTICLES.name), key=lambda tp: tp.partition)


def _with_note(error: BaseException | str, note: str) -> BaseException | str:
    """The error, its message extended by the note on what the dead letter cut from the original."""
    if not note:
        return error
    try:
        return type(error)(f"{error}{note}")
    except Exception:  # an exception type that wants other arguments
        return f"{type(error).__name__}: {error}{note}"


# --------------------------------------------------------------------------- the agent's steps


class ExtractAgent:
    """The worker's steps, one method each, over one app, its topics, the sandbox and the health."""

    def __init__(self, app: ExtractApp, settings: Settings, sandbox: ExtractionSandbox) -> None:
        self.app, self.settings, self.sandbox = app, settings, sandbox
        self.health = app.health = WorkerHealth(settings)
        SECONDS_SINCE_PROGRESS.labels(SERVICE).set_function(self.health.seconds_since_progress)
        self.raw_topic = _bytes_topic(app, RAW_ARTICLES.name)
        self.claims_topic = _bytes_topic(app, CLAIMS.name)
        self.dlq_topic = _bytes_topic(app, DEAD_LETTERS.name)
        # One thread waits on the child per article; another starts it and closes it.
        self.extract_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract-sandbox")
        self.control_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract-sandbox-control")
        self.grace_s = min(SHUTDOWN_GRACE_S, settings.extract_timeout_s + 0.5)

    # ------------------------------------------------------------------ life cycle
    def fatal(self, reason: str) -> None:
        """Stop the worker through its SIGTERM path; run() turns the exit code into EXIT_FATAL."""
        if self.health.fatal is None:
            self.health.fatal = reason
            log.critical("extract_worker_fatal", reason=reason)
            os.kill(os.getpid(), signal.SIGTERM)

    async def start_sandbox(self) -> None:
        """Load spaCy in the child while the consumer joins the group."""
        try:
            await asyncio.get_running_loop().run_in_executor(self.control_thread, self.sandbox.start)
        except SandboxClosed:
            pass
        except Exception as error:  # SandboxUnavailable, or anything else: nothing can be extracted
            self.fatal(f"{type(error).__name__}: {error}")

    async def close_sandbox(self) -> None:
        """At shutdown: the child saves the registry and exits."""
        await asyncio.get_running_loop().run_in_executor(self.control_thread, self.sandbox.close)
        self.extract_thread.shutdown(wait=False)
        self.control_thread.shutdown(wait=False)

    def partitions_assigned(self) -> None:
        self.health.beat()  # the clock of "stuck" starts again after every rebalance

    async def on_agent_error(self, agent: Any, error: BaseException) -> None:
        """Anything escaping the agent body: Faust would log it and restart the actor; we stop."""
        self.health.crashed(error)
        self.fatal(f"agent crashed: {type(error).__name__}: {error}")

    # ------------------------------------------------------------------ the stream
    async def consume(self, stream: Any) -> None:
        """The agent: events one at a time, each acked by hand once it is fully handled."""
        health = self.health
        health.agent = "running"
        events = stream.noack()
        message = None
        try:
            async for event in events.events():
                message = event.message
                if not await self.take(events, event):
                    self.release(message)
                    return
                message = None
            health.agent = "finished"
        except asyncio.CancelledError:
            health.agent = "finished" if health.stopping else "cancelled"
            raise
        except Exception as error:
            health.crashed(error)
            if message is not None:
                self.release(message)
            log.exception("extract_agent_failed", error=str(error))
            self.fatal(f"agent failed: {type(error).__name__}: {error}")
        finally:
            health.busy_since = None
            if health.agent == "running":
                health.agent = "finished"

    async def take(self, events: Any, event: Any) -> bool:
        """One event handled and acked; False when it is left unacked because the worker is stopping."""
        if self.health.stopping:
            return False
        self.health.begin()
        if not await self.handle(event.message):
            return False
        await events.ack(event)
        self.health.done()
        return True

    async def handle(self, message: Message) -> bool:
        """One event: claims sent or dead letter sent (True), or cut by shutdown (False)."""
        try:
            article = decode(RAW_ARTICLES, message.value)
        except ValueError as error:
            await self.dead_letter(message, "validate", error)
            return True
        try:
            claims = await self.extract_bounded(article)
        except (ExtractionTimeout, ExtractionCrashed, ExtractionFailed) as error:
            # one article's failure must not stall the partition
            await self.dead_letter(message, "extract", error, article.article_id)
            return True
        if claims is None:
            return False
        await self.publish(message, article, claims)
        return True

    async def extract_bounded(self, article: RawArticle) -> list[ClaimEvent] | None:
        """The article's claims from the sandbox; None when shutdown cut the extraction. The loop
        beats while it waits, so /healthz can tell a long article from a stuck agent."""
        future = asyncio.get_running_loop().run_in_executor(self.extract_thread, self.sandbox.extract, article)
        try:
            while True:
                self.health.beat()
                done, _ = await asyncio.wait({future}, timeout=_BEAT_S)
                if done:
                    try:
                        return future.result()
                    except SandboxClosed:
                        if self.health.stopping:
                            return None
                        raise
                if self.health.stopping and self.health.seconds_stopping() >= self.grace_s:
                    log.warning("extraction_cut_by_shutdown", article_id=article.article_id)
                    return None
        finally:
            if not future.done():  # left to finish (or be killed by close()) on its own
                future.add_done_callback(lambda f: f.cancelled() or f.exception())

    async def publish(self, message: Message, article: RawArticle, claims: list[ClaimEvent]) -> None:
        """Send every claim, then wait until the broker acknowledged them all: only then may the event be acked."""
        limit = self.settings.kafka_max_message_bytes
        deliveries = []
        for claim in claims:
            value = encode(claim)
            if len(value) > limit:  # the claim's fault: never a crash loop
                await self.dead_letter(message, "publish", f"claim {claim.claim_id} is {len(value)} bytes, over the "
                                       f"{limit}-byte message limit", article.article_id)
                continue
            deliveries.append(await self.claims_topic.send(key=article.article_id.encode(), value=value,
                                                           headers=headers_for(claim)))
        for delivery in deliveries:
            await delivery
        metrics.ARTICLES.labels(SERVICE).inc()
        for claim in claims:
            metrics.CLAIMS.labels(SERVICE, claim.kind.value).inc()
        log.info("article_extracted", article_id=article.article_id, claims=len(claims),
                 partition=message.partition, offset=message.offset)

    async def dead_letter(self, message: Message, stage: str, error: BaseException | str,
                          article_id: str | None = None) -> None:
        """Send the event to the dead letters and wait for the broker's acknowledgement."""
        original, note = fit_original(message.value or b"", self.settings.kafka_max_message_bytes)
        letter = dead_letter_for(
            service=SERVICE, stage=stage, error=_with_note(error, note), original=original,
            source_topic=message.topic, source_partition=message.partition, source_offset=message.offset,
            key=message.key.decode("utf-8", "replace") if message.key else None, article_id=article_id,
        )
        await (await self.dlq_topic.send(key=letter.dead_letter_id.encode(), value=encode(letter),
                                         headers=headers_for(letter)))
        metrics.DEAD_LETTERS.labels(SERVICE, stage).inc()
        log.warning("dead_letter", stage=stage, error=letter.error, source_topic=message.topic,
                    source_partition=message.partition, source_offset=message.offset, article_id=article_id)

    def release(self, message: Message) -> None:
        """Leave an event unacked on purpose: its offset stays uncommitted, and whoever owns the
        partition next reads it again."""
        _forget_unacked(self.app.consumer, message)

    # ------------------------------------------------------------------ lag and health
    async def refresh_lag(self) -> None:
        """The lag per assigned partition, for the metrics and the stall checks."""
        try:
            consumer = self.app.consumer
            partitions = _raw_partitions(consumer)
            if not partitions:
                self.health.set_lag({})
                return
            self.health.set_lag(await self.measure_lag(consumer, partitions))
            self.health.lag_error = None
        except Exception as error:  # not started yet, a broker timeout: reported, retried next tick
            self.health.lag_error = f"{type(error).__name__}: {error}"

    @staticmethod
    async def measure_lag(consumer: Any, partitions: list[TP]) -> dict[int, int]:
        ends = await asyncio.wait_for(consumer.highwaters(*partitions), timeout=_BROKER_TIMEOUT_S)
        committed = _committed_offsets(consumer)
        # Nothing committed yet on a partition: everything from the start of its log is still to do.
        missing = [tp for tp in partitions if committed.get(tp) is None]
        earliest = (await asyncio.wait_for(consumer.earliest_offsets(*missing), timeout=_BROKER_TIMEOUT_S)
                    if missing else {})
        return partition_lag(partitions, ends, committed, earliest)

    def consumer_state(self) -> tuple[list[str], list[int]]:
        """What is wrong with the consumer (if anything), and the partitions it was assigned."""
        problems: list[str] = []
        assigned: list[int] = []
        try:
            consumer = self.app.consumer
            if not consumer.started or consumer.should_stop:
                problems.append("consumer not running")
            assigned = [tp.partition for tp in _raw_partitions(consumer)]
        except ConsumerNotStarted:
            problems.append("consumer not running")
        return problems, assigned

    def healthz(self) -> tuple[dict[str, Any], int]:
        problems = self.health.liveness_problems(self.sandbox, self.app.rebalancing)
        body = {"status": "failing" if problems else "ok", "problems": problems, **self.health.report(self.sandbox)}
        return body, 503 if problems else 200

    def readyz(self) -> tuple[dict[str, Any], int]:
        consumer_problems, assigned = self.consumer_state()
        not_ready = self.health.readiness_problems(self.sandbox, consumer_problems, assigned, self.app.rebalancing)
        problems = self.health.liveness_problems(self.sandbox, self.app.rebalancing) + not_ready
        status = "ready" if not problems else ("rebalancing" if self.app.rebalancing else "not ready")
        body = {"status": status, "problems": problems, "assigned_partitions": len(assigned), "partitions": assigned,
                **self.health.report(self.sandbox)}
        return body, 503 if problems else 200


# --------------------------------------------------------------------------- wiring


def create_app(settings: Settings | None = None, sandbox: ExtractionSandbox | None = None,
               limits: ExtractionLimits | None = None) -> ExtractApp:
    """The worker's app: Faust's decorators wired to the steps of an `ExtractAgent`. `limits` bound
    each article's extraction in the sandbox (defaults: from `settings`)."""
    settings = settings or Settings()
    app = _faust_app(settings)
    worker = ExtractAgent(app, settings, sandbox or default_sandbox(settings, limits))
    app.on_agent_crash = worker.on_agent_error

    @app.task
    async def start_sandbox() -> None:
        await worker.start_sandbox()

    @app.on_before_shutdown.connect  # type: ignore[arg-type]  # faust types its signal receivers wrongly
    async def close_sandbox(app: faust.App, **kwargs: Any) -> None:
        await worker.close_sandbox()

    @app.on_partitions_assigned.connect  # type: ignore[arg-type]  # (as above)
    async def assigned(app: faust.App, *args: Any, **kwargs: Any) -> None:
        worker.partitions_assigned()

    @app.agent(worker.raw_topic, concurrency=1)
    async def extract(stream):
        await worker.consume(stream)

    @app.timer(interval=LAG_REFRESH_S)
    async def refresh_lag() -> None:
        await worker.refresh_lag()

    @app.page("/healthz")
    async def healthz(self, request):
        body, status = worker.healthz()
        return self.json(body, status=status)

    @app.page("/readyz")
    async def readyz(self, request):
        body, status = worker.readyz()
        return self.json(body, status=status)

    @app.page("/metrics")
    async def prometheus_metrics(self, request):
        refusal = token_refusal(settings.metrics_token, request.headers.get("Authorization", ""),
                                service="extract", scope="metrics")
        if refusal is not None:
            return self.json({"error": refusal.error, "detail": refusal.detail}, status=refusal.status,
                             headers=refusal.headers)
        # aiohttp refuses a charset inside content_type; the exposition format is ASCII anyway.
        return self.bytes(generate_latest(), content_type=CONTENT_TYPE_LATEST.split(";")[0] + "; version=0.0.4")

    return app


def run(app: ExtractApp) -> None:
    """Run the worker; Faust parses its own command line (`worker -l info`). Exit 0 after SIGTERM,
    EXIT_FATAL after a fatal error (no extraction process, a crashed agent)."""
    try:
        app.main()
    except SystemExit as exit_:
        if app.health is not None and app.health.fatal and exit_.code in (0, None):
            raise SystemExit(EXIT_FATAL) from None
        raise
