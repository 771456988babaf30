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
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import signal
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import faust
from faust.exceptions import ConsumerNotStarted
from faust.transport.drivers import aiokafka as faust_aiokafka
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from schemas.models import RawArticle
from schemas.topics import CLAIMS, DEAD_LETTERS, RAW_ARTICLES
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
from services.shared.kafka import decode, encode, headers_for
from services.shared.logging import get_logger
from services.shared.metrics import CONSUMER_LAG, SECONDS_SINCE_PROGRESS

SERVICE = "extract"
EXIT_FATAL = 1
SHUTDOWN_GRACE_S = 4.0  # how long SIGTERM waits for the article in hand before cutting it
LAG_REFRESH_S = 2.0
_BEAT_S = 0.5
log = get_logger(__name__)


class _IdempotentProducer(faust_aiokafka.Producer):
    """Faust enables idempotence only inside transactions; claim events need it always."""

    def _settings_extra(self) -> Mapping[str, Any]:
        return {**super()._settings_extra(), "acks": "all", "enable_idempotence": True}


class _Transport(faust_aiokafka.Transport):
    Producer = _IdempotentProducer


class _Health:
    """What /healthz, /readyz and the metrics report; written by the agent and the lag timer."""

    def __init__(self, settings: Settings) -> None:
        now = time.monotonic()
        self.stall_after_s = settings.stall_after_s
        # Every step of the agent is bounded by the extraction timeout except the broker's acks.
        self.stuck_after_s = max(60.0, 3 * settings.extract_timeout_s + 30.0)
        self.agent = "not started"  # running | finished | crashed
        self.agent_error: str | None = None
        self.fatal: str | None = None
        self.stopping_since: float | None = None
        self.busy_since: float | None = None
        self.last_beat = now
        self.last_progress = now
        self.lag: dict[int, int] = {}
        self.lag_error: str | None = None
        self.finished = 0

    def beat(self) -> None:
        self.last_beat = time.monotonic()

    def begin(self) -> None:
        self.busy_since = self.last_beat = time.monotonic()

    def done(self) -> None:
        self.busy_since = None
        self.last_beat = self.last_progress = time.monotonic()
        self.finished += 1

    def seconds_since_progress(self) -> float:
        return time.monotonic() - self.last_progress

    def set_lag(self, lag: dict[int, int]) -> None:
        for partition in set(self.lag) - set(lag):
            with contextlib.suppress(KeyError):
                CONSUMER_LAG.remove(SERVICE, str(partition))
        self.lag = lag
        for partition, value in lag.items():
            CONSUMER_LAG.labels(SERVICE, str(partition)).set(value)
        if not any(lag.values()):
            self.last_progress = time.monotonic()  # nothing waiting: not stalled


def _compression(name: str) -> str | None:
    return None if name.strip().lower() in ("", "none", "off") else name.strip().lower()


class ExtractApp(faust.App):
    health: _Health | None = None
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
        if self.health is not None and self.health.stopping_since is None:
            self.health.stopping_since = time.monotonic()
        await super().on_stop()


def create_app(settings: Settings | None = None, sandbox: ExtractionSandbox | None = None,
               limits: ExtractionLimits | None = None) -> ExtractApp:
    """`limits` bound each article's extraction in the sandbox (defaults: from `settings`)."""
    settings = settings or Settings()
    (settings.data_dir / "faust").mkdir(parents=True, exist_ok=True)
    session_timeout_s = settings.kafka_session_timeout_ms / 1000
    app = ExtractApp(
        settings.extract_group,
        broker=[f"kafka://{server}" for server in settings.kafka_bootstrap_servers.split(",")],
        producer_acks=-1,
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=settings.topic_replication,
        topic_allow_declare=True,
        consumer_auto_offset_reset="earliest",
        web_enabled=True,
        web_host=settings.http_host,
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
    )
    health = app.health = _Health(settings)
    SECONDS_SINCE_PROGRESS.labels(SERVICE).set_function(health.seconds_since_progress)

    raw_topic = app.topic(RAW_ARTICLES.name, key_type=bytes, value_type=bytes, value_serializer="raw",
                          key_serializer="raw")
    claims_topic = app.topic(CLAIMS.name, key_type=bytes, value_type=bytes, value_serializer="raw",
                             key_serializer="raw")
    dlq_topic = app.topic(DEAD_LETTERS.name, key_type=bytes, value_type=bytes, value_serializer="raw",
                          key_serializer="raw")

    if sandbox is None:
        sandbox = ExtractionSandbox(
            settings.data_dir / "entities.json",
            timeout_s=settings.extract_timeout_s,
            save_every=settings.entities_save_every,
            save_seconds=settings.entities_save_seconds,
            # Bounded by content too (max chars, parser sentence length, max claims), not only by time.
            work=functools.partial(extract_with_registry, limits=limits or ExtractionLimits.from_settings(settings)),
        )
    # One thread waits on the child per article; another starts it and closes it.
    extract_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract-sandbox")
    control_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="extract-sandbox-control")
    grace_s = min(SHUTDOWN_GRACE_S, settings.extract_timeout_s + 0.5)

    def fatal(reason: str) -> None:
        """Stop the worker through its SIGTERM path; main() turns the exit code into EXIT_FATAL."""
        if health.fatal is None:
            health.fatal = reason
            log.critical("extract_worker_fatal", reason=reason)
            os.kill(os.getpid(), signal.SIGTERM)

    @app.task
    async def start_sandbox() -> None:
        # spaCy loads in the child while the consumer joins the group.
        try:
            await asyncio.get_running_loop().run_in_executor(control_thread, sandbox.start)
        except SandboxClosed:
            pass
        except Exception as error:  # SandboxUnavailable, or anything else: nothing can be extracted
            fatal(f"{type(error).__name__}: {error}")

    @app.on_before_shutdown.connect  # type: ignore[arg-type]  # faust types its signal receivers wrongly
    async def close_sandbox(app: faust.App, **kwargs: Any) -> None:
        await asyncio.get_running_loop().run_in_executor(control_thread, sandbox.close)
        extract_thread.shutdown(wait=False)
        control_thread.shutdown(wait=False)

    @app.on_partitions_assigned.connect  # type: ignore[arg-type]  # (as above)
    async def assigned(app: faust.App, *args: Any, **kwargs: Any) -> None:
        health.beat()  # the clock of "stuck" starts again after every rebalance

    async def dead_letter(message: Any, stage: str, error: BaseException | str, article_id: str | None = None) -> None:
        original, note = fit_original(message.value or b"", settings.kafka_max_message_bytes)
        reason: BaseException | str = error
        if note:
            try:
                reason = type(error)(f"{error}{note}")
            except Exception:  # an exception type that wants other arguments
                reason = f"{type(error).__name__}: {error}{note}"
        letter = dead_letter_for(
            service=SERVICE, stage=stage, error=reason, original=original,
            source_topic=message.topic, source_partition=message.partition, source_offset=message.offset,
            key=message.key.decode("utf-8", "replace") if message.key else None, article_id=article_id,
        )
        await (await dlq_topic.send(key=letter.dead_letter_id.encode(), value=encode(letter),
                                    headers=headers_for(letter)))
        metrics.DEAD_LETTERS.labels(SERVICE, stage).inc()
        log.warning("dead_letter", stage=stage, error=letter.error, source_topic=message.topic,
                    source_partition=message.partition, source_offset=message.offset, article_id=article_id)

    async def extract_bounded(article: RawArticle) -> list | None:
        """The article's claims from the sandbox; None when shutdown cut the extraction."""
        future = asyncio.get_running_loop().run_in_executor(extract_thread, sandbox.extract, article)
        try:
            while True:
                health.beat()
                done, _ = await asyncio.wait({future}, timeout=_BEAT_S)
                if done:
                    try:
                        return future.result()
                    except SandboxClosed:
                        if health.stopping_since is not None:
                            return None
                        raise
                if health.stopping_since is not None and time.monotonic() - health.stopping_since >= grace_s:
                    log.warning("extraction_cut_by_shutdown", article_id=article.article_id)
                    return None
        finally:
            if not future.done():  # left to finish (or be killed by close()) on its own
                future.add_done_callback(lambda f: f.cancelled() or f.exception())

    async def handle(message: Any) -> bool:
        """One event: claims sent or dead letter sent (True), or cut by shutdown (False)."""
        try:
            article = decode(RAW_ARTICLES, message.value)
        except ValueError as error:
            await dead_letter(message, "validate", error)
            return True
        try:
            claims = await extract_bounded(article)
        except (ExtractionTimeout, ExtractionCrashed, ExtractionFailed) as error:
            # one article's failure must not stall the partition
            await dead_letter(message, "extract", error, article.article_id)
            return True
        if claims is None:
            return False
        deliveries = []
        for claim in claims:
            value = encode(claim)
            if len(value) > settings.kafka_max_message_bytes:  # the claim's fault: never a crash loop
                await dead_letter(message, "publish", f"claim {claim.claim_id} is {len(value)} bytes, over the "
                                  f"{settings.kafka_max_message_bytes}-byte message limit", article.article_id)
                continue
            deliveries.append(await claims_topic.send(key=article.article_id.encode(), value=value,
                                                      headers=headers_for(claim)))
        for delivery in deliveries:
            await delivery
        metrics.ARTICLES.labels(SERVICE).inc()
        for claim in claims:
            metrics.CLAIMS.labels(SERVICE, claim.kind.value).inc()
        log.info("article_extracted", article_id=article.article_id, claims=len(claims),
                 partition=message.partition, offset=message.offset)
        return True

    def release(message: Any) -> None:
        # An event left unacked on purpose (cut by shutdown, or a fatal error): Faust's shutdown
        # waits for every event it handed out to be acked, so tell it to stop waiting for this one.
        # Its offset stays uncommitted, and whoever owns the partition next reads it again.
        unacked = getattr(app.consumer, "_unacked_messages", None)
        if unacked is not None:
            unacked.discard(message)

    async def on_agent_error(agent: Any, error: BaseException) -> None:
        # Anything escaping the agent body: Faust would log it and restart the actor; we stop.
        health.agent, health.agent_error = "crashed", f"{type(error).__name__}: {error}"
        fatal(f"agent crashed: {type(error).__name__}: {error}")

    app.on_agent_crash = on_agent_error

    @app.agent(raw_topic, concurrency=1)
    async def extract(stream):
        health.agent = "running"
        events = stream.noack()  # acked by hand, only once the event is fully handled
        message = None
        try:
            async for event in events.events():
                message = event.message
                if health.stopping_since is not None:
                    release(message)
                    return
                health.begin()
                if not await handle(message):
                    release(message)
                    return
                await events.ack(event)
                health.done()
                message = None
            health.agent = "finished"
        except asyncio.CancelledError:
            health.agent = "finished" if health.stopping_since is not None else "cancelled"
            raise
        except Exception as error:
            health.agent, health.agent_error = "crashed", f"{type(error).__name__}: {error}"
            if message is not None:
                release(message)
            log.exception("extract_agent_failed", error=str(error))
            fatal(f"agent failed: {type(error).__name__}: {error}")
        finally:
            health.busy_since = None
            if health.agent == "running":
                health.agent = "finished"

    @app.timer(interval=LAG_REFRESH_S)
    async def refresh_lag() -> None:
        try:
            consumer = app.consumer
            tps = sorted((tp for tp in consumer.assignment() if tp.topic == RAW_ARTICLES.name),
                         key=lambda tp: tp.partition)
            if not tps:
                health.set_lag({})
                return
            ends = await asyncio.wait_for(consumer.highwaters(*tps), timeout=5)
            # Faust keeps the offset it last committed per partition (None before its first commit:
            # then everything from the start of the log is still to do).
            committed = getattr(consumer, "_committed_offset", {})
            missing = [tp for tp in tps if committed.get(tp) is None]
            earliest = await asyncio.wait_for(consumer.earliest_offsets(*missing), timeout=5) if missing else {}
            lag = {}
            for tp in tps:
                end, done = ends.get(tp), committed.get(tp)
                done = earliest.get(tp) if done is None else done
                if end is not None and done is not None:
                    lag[tp.partition] = max(0, end - done)
            health.set_lag(lag)
            health.lag_error = None
        except Exception as error:  # not started yet, a broker timeout: reported, retried next tick
            health.lag_error = f"{type(error).__name__}: {error}"

    def healthz_problems() -> list[str]:
        problems = []
        if health.fatal:
            problems.append(f"fatal: {health.fatal}")
        if health.agent in ("crashed", "cancelled") or (health.agent == "finished" and health.stopping_since is None):
            problems.append(f"agent task is not running ({health.agent}{': ' + health.agent_error if health.agent_error else ''})")
        if not sandbox.healthy and health.stopping_since is None:
            problems.append(f"extraction process unavailable: {sandbox.last_error or sandbox.state}")
        has_work = health.busy_since is not None or any(health.lag.values())
        silent = time.monotonic() - health.last_beat
        if has_work and silent > health.stuck_after_s and not app.rebalancing:
            problems.append(f"agent has work but its loop has not moved for {silent:.0f} s "
                            f"(bound {health.stuck_after_s:g} s)")
        return problems

    def readyz_problems() -> tuple[list[str], list[int]]:
        problems = []
        assigned: list[int] = []
        if health.stopping_since is not None:
            problems.append("stopping")
        try:
            consumer = app.consumer
            if not consumer.started or consumer.should_stop:
                problems.append("consumer not running")
            assigned = sorted(tp.partition for tp in consumer.assignment() if tp.topic == RAW_ARTICLES.name)
        except ConsumerNotStarted:
            problems.append("consumer not running")
        if app.rebalancing:
            problems.append("rebalancing")
        if not assigned:
            problems.append("no partitions assigned")
        if sandbox.state in ("new", "starting"):
            problems.append("extraction process is loading the model")
        lag = sum(health.lag.values())
        since = health.seconds_since_progress()
        if lag and since > health.stall_after_s:
            problems.append(f"lag {lag} but no progress for {since:.0f} s (bound {health.stall_after_s:g} s)")
        return problems, assigned

    def report() -> dict[str, Any]:
        return {"agent": health.agent, "extraction_process": sandbox.state, "sandbox_restarts": sandbox.restarts,
                "lag": {str(p): n for p, n in sorted(health.lag.items())}, "lag_error": health.lag_error,
                "seconds_since_progress": round(health.seconds_since_progress(), 1),
                "seconds_since_agent_beat": round(time.monotonic() - health.last_beat, 1),
                "busy": health.busy_since is not None, "articles_finished": health.finished}

    @app.page("/healthz")
    async def healthz(self, request):
        problems = healthz_problems()
        return self.json({"status": "failing" if problems else "ok", "problems": problems, **report()},
                         status=503 if problems else 200)

    @app.page("/readyz")
    async def readyz(self, request):
        problems, assigned = readyz_problems()
        problems = healthz_problems() + problems
        status = "ready" if not problems else ("rebalancing" if app.rebalancing else "not ready")
        return self.json({"status": status, "problems": problems, "assigned_partitions": len(assigned),
                          "partitions": assigned, **report()}, status=503 if problems else 200)

    @app.page("/metrics")
    async def prometheus_metrics(self, request):
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
