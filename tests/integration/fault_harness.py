"""Faults on the real stack: a broker of its own, the store and extract services as processes,
and an operator's hand that kills and restarts them. Used by tests/integration/test_faults.py
(small) and bench/faults.py (large).

A run publishes synthetic articles straight to the raw topic, injects faults while they flow,
and waits until the store's index holds every claim id the core extractor gives for those
articles in this process (what the embedded run computes), then counts lost and duplicated
claims in the index itself. Like an orchestrator, the run restarts any service that exits.
"""

from __future__ import annotations

import contextlib
import random
import signal
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import tantivy
from kafka import KafkaConsumer, KafkaProducer
from kafka.partitioner.default import murmur2

from claimwire.devbroker import KafkaBroker
from claimwire.devbroker.ports import port_is_free
from schemas import RawArticle
from schemas.models import ArticleSource, SourceKind
from schemas.topics import CLAIMS, RAW_ARTICLES
from services.extract.extractor import extract_claims
from services.extract.registry import EntityRegistry
from services.shared.kafka import encode, headers_for
from tests.integration.service_procs import Service, free_port, service_env, start_service

# ---------------------------------------------------------------------------- synthetic news

_GIVEN = ["Maria", "Tomas", "Aiko", "Kwame", "Leila", "Pavel", "Ines", "Oren", "Sadia", "Bruno", "Greta", "Rafael"]
_FAMILY = ["Okonkwo", "Lindqvist", "Haddad", "Moreau", "Castellanos", "Novak", "Tanaka", "Brennan", "Adeyemi",
           "Sorensen", "Quispe", "Marchetti"]
_BODIES = ["the port authority", "the dockworkers' union", "the city council", "the transport ministry",
           "the harbour pilots' guild", "the chamber of commerce"]
_TOPICS = ["the strike", "the new terminal", "the dredging contract", "the ferry timetable", "the toll increase",
           "the cargo backlog"]


def synthetic_article(number: int, rng: random.Random) -> RawArticle:
    """A short news story with direct quotes, reported speech and numbers; every one distinct."""
    given, family = rng.choice(_GIVEN), rng.choice(_FAMILY)
    other = f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"
    body, topic = rng.choice(_BODIES), rng.choice(_TOPICS)
    amount = rng.randint(2, 900)
    paragraphs = [
        f"{given} {family}, a spokesperson for {body}, said on Tuesday that {topic} had cost more than "
        f"{amount} million euros since the spring (story {number}).",
        f"“We are not going to accept another delay of {rng.randint(3, 40)} weeks,” {family} told reporters "
        f"outside the terminal.",
        f"{other}, who chairs the harbour committee, said the figures were probably overstated and that about "
        f"{rng.randint(100, 5000)} workers had been affected.",
        f"“The numbers speak for themselves,” {other.split()[1]} said. “Nobody here wants {topic} to drag on.”",
        f"According to {body}, at least {rng.randint(10, 90)} ships were waiting to unload on Monday.",
    ]
    text = "\n\n".join(paragraphs)
    return RawArticle(
        article_id=f"fault-{number:06d}-{uuid.uuid4().hex[:8]}", title=f"Harbour dispute, day {number}",
        outlet="Harbour Herald", text=text, source=ArticleSource(kind=SourceKind.file, uri=f"synthetic:{number}"),
    )


def synthetic_articles(count: int, seed: int = 7) -> list[RawArticle]:
    rng = random.Random(seed)
    return [synthetic_article(number, rng) for number in range(count)]


def expected_claim_ids(articles: list[RawArticle]) -> set[str]:
    """What the embedded run indexes for these articles: the same core, in this process."""
    registry = EntityRegistry()
    return {claim.claim_id for article in articles for claim in extract_claims(article, registry)}


# ---------------------------------------------------------------------------- the index, read directly


def index_claim_ids(index_dir: Path) -> list[str]:
    """Every claim_id in the store's Tantivy index, one entry per document (so twins show)."""
    if not (index_dir / "meta.json").exists():
        return []
    index = tantivy.Index.open(str(index_dir))
    index.reload()
    searcher = index.searcher()
    total = searcher.num_docs
    if total == 0:
        return []
    hits = searcher.search(tantivy.Query.all_query(), limit=total).hits
    return [searcher.doc(address)["claim_id"][0] for _, address in hits]


# ---------------------------------------------------------------------------- the stack


@dataclass
class FaultReport:
    fault: str
    sent: int
    expected: int
    found: int
    lost: int
    duplicated: int
    recovery_s: list[float] = field(default_factory=list)
    restarts: dict[str, int] = field(default_factory=dict)
    topic_duplicates: int | None = None

    def row(self) -> str:
        worst = f"{max(self.recovery_s):.1f}" if self.recovery_s else "-"
        topic_duplicates = self.topic_duplicates if self.topic_duplicates is not None else "-"
        return (f"{self.fault:<34} {self.sent:>6} {self.expected:>8} {self.found:>7} {self.lost:>5} "
                f"{self.duplicated:>5} {worst:>9}  {topic_duplicates:>6}"
                f"  {self.restarts}")


HEADER = (f"{'fault':<34} {'sent':>6} {'expected':>8} {'found':>7} {'lost':>5} {'dup':>5} {'recover_s':>9}"
          f"  {'topic dup':>6}")


class Stack:
    """One broker, one store, N extract workers; `root` holds all their data and logs."""

    def __init__(self, root: Path, *, workers: int = 1, extra_env: dict[str, str] | None = None) -> None:
        self.root = root
        self.broker = KafkaBroker(data_dir=root / "kafka")
        self.extra_env = {"CLAIMWIRE_KAFKA_SESSION_TIMEOUT_MS": "10000",
                          "CLAIMWIRE_KAFKA_HEARTBEAT_INTERVAL_MS": "2000",
                          "CLAIMWIRE_LOG_LEVEL": "INFO", **(extra_env or {})}
        self.store_port = free_port()
        self.worker_ports = [free_port() for _ in range(workers)]
        self.services: dict[str, Service] = {}
        self.restarts: dict[str, int] = {}
        self.first_exits: dict[str, Service] = {}  # a crash loop's cause is in its first exit's log
        self.group = "claimwire-extract"

    @property
    def index_dir(self) -> Path:
        return self.root / "store" / "index"

    @property
    def bootstrap(self) -> str:
        return self.broker.bootstrap_servers

    def env(self, name: str, **extra: str) -> dict[str, str]:
        return service_env(self.bootstrap, self.root / name, **self.extra_env, **extra)

    def start(self) -> None:
        self.broker.start()
        self.start_store()
        for number in range(len(self.worker_ports)):
            self.start_worker(number)

    def start_store(self) -> Service:
        self.store_port = _still_free(self.store_port)
        return self._start("store", ["serve", "store", "--port", str(self.store_port)], self.env("store"))

    def start_worker(self, number: int) -> Service:
        while len(self.worker_ports) <= number:  # a worker joining later gets its own web port
            self.worker_ports.append(free_port())
        self.worker_ports[number] = _still_free(self.worker_ports[number])
        name = f"extract-{number}"
        return self._start(name, ["serve", "extract"], self.env(
            name, CLAIMWIRE_EXTRACT_WEB_PORT=str(self.worker_ports[number]), CLAIMWIRE_EXTRACT_GROUP=self.group))

    def _start(self, name: str, args: list[str], env: dict[str, str]) -> Service:
        generation = self.restarts.get(name, -1) + 1
        self.restarts[name] = generation
        logs = self.root / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        service = start_service(f"{name}.{generation}", args, env, logs)
        self.services[name] = service
        return service

    def restart_exited(self) -> list[str]:
        """The orchestrator's job: a service that exited (crashed, gave up) is started again."""
        restarted = []
        for name, service in list(self.services.items()):
            if service.process.poll() is not None:
                self.first_exits.setdefault(name, service)
                if name == "store":
                    self.start_store()
                else:
                    self.start_worker(int(name.split("-")[1]))
                restarted.append(name)
        return restarted

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        process = self.services[name].process
        process.send_signal(sig)
        process.wait(timeout=30)

    def store_count(self) -> int | None:
        try:
            return httpx.get(f"http://127.0.0.1:{self.store_port}/count", timeout=2).json()["claims"]
        except (httpx.HTTPError, ValueError, KeyError):
            return None

    def stop(self) -> dict[str, int | None]:
        codes = {name: service.stop(timeout=20) for name, service in self.services.items()}
        self.broker.stop()
        return codes

    def log_tails(self, lines: int = 30) -> str:
        current = [f"--- {s.name}\n{s.log_tail(lines)}" for s in self.services.values()]
        first_exits = [f"--- {s.name} (first exit, code {s.process.returncode}; "
                       f"started {self.restarts[name] + 1} times)\n{s.log_tail(lines)}"
                       for name, s in self.first_exits.items()]
        return "\n".join(current + first_exits)


def _still_free(port: int) -> int:
    """`port`, or a fresh one if something else listens there now. A port is only reserved, never
    held: on a shared test machine another process may bind it while a service is down, and a
    restart on it would then fail forever."""
    return port if port_is_free("127.0.0.1", port) else free_port()


@contextmanager
def running_stack(root: Path, **kwargs: object) -> Iterator[Stack]:
    stack = Stack(root, **kwargs)  # type: ignore[arg-type]
    try:
        stack.start()
        yield stack
    finally:
        try:
            stack.stop()
        except Exception:  # noqa: BLE001 - stopping what we started must not hide the test's own failure
            for service in stack.services.values():
                if service.process.poll() is None:
                    service.process.kill()
            stack.broker.kill()


def producer_for(stack: Stack) -> KafkaProducer:
    return KafkaProducer(bootstrap_servers=stack.bootstrap, acks="all", enable_idempotence=True, linger_ms=5,
                         retries=2**31 - 1, request_timeout_ms=30000, delivery_timeout_ms=180000)


def publish(producer: KafkaProducer, articles: list[RawArticle]) -> None:
    for article in articles:
        producer.send(RAW_ARTICLES.name, key=article.article_id.encode(), value=encode(article),
                      headers=headers_for(article))


def wait_for_index(stack: Stack, expected: int, *, timeout: float, on_tick: Callable[[], None] | None = None) -> int:
    """Poll the index until it holds `expected` documents or time runs out; restart exited services."""
    deadline = time.monotonic() + timeout
    count = 0
    while time.monotonic() < deadline:
        stack.restart_exited()
        if on_tick is not None:
            on_tick()
        count = len(set(index_claim_ids(stack.index_dir)))
        if count >= expected:
            return count
        time.sleep(0.5)
    return count


def time_to_grow(stack: Stack, *, above: int, timeout: float) -> float:
    """Seconds until the index holds more than `above` claims (the pipeline moves again)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        stack.restart_exited()
        if len(index_claim_ids(stack.index_dir)) > above:
            return time.monotonic() - started
        time.sleep(0.25)
    return float("inf")


def topic_duplicates(bootstrap: str, idle_ms: int = 4000) -> int:
    """Messages on the claims topic beyond one per claim_id (what an at-least-once topic may carry)."""
    consumer = KafkaConsumer(CLAIMS.name, bootstrap_servers=bootstrap, group_id=f"dup-reader-{uuid.uuid4()}",
                             auto_offset_reset="earliest", enable_auto_commit=False, consumer_timeout_ms=idle_ms,
                             isolation_level="read_committed")
    seen: set[str] = set()
    total = 0
    try:
        for message in consumer:
            total += 1
            with contextlib.suppress(ValueError):
                seen.add(CLAIMS.model.model_validate_json(message.value).claim_id)  # type: ignore[attr-defined]
    finally:
        consumer.close()
    return total - len(seen)


def report(fault: str, stack: Stack, sent: int, expected: set[str], recovery: list[float]) -> FaultReport:
    found = index_claim_ids(stack.index_dir)
    distinct = set(found)
    return FaultReport(fault=fault, sent=sent, expected=len(expected), found=len(distinct),
                       lost=len(expected - distinct), duplicated=len(found) - len(distinct),
                       recovery_s=recovery, restarts={k: v for k, v in stack.restarts.items() if v})


# ---------------------------------------------------------------------------- faults and runs

Fault = Callable[[Stack], None]


def kill_broker(down_s: float = 2.0) -> Fault:
    def fault(stack: Stack) -> None:
        stack.broker.kill()
        time.sleep(down_s)
        stack.broker.start()
    fault.__name__ = "kill -9 broker"
    return fault


def kill_service(name: str) -> Fault:
    def fault(stack: Stack) -> None:
        stack.kill(name)
        stack.restart_exited()
    fault.__name__ = f"kill -9 {name}"
    return fault


SIGTERM_EXITS: list[tuple[str, int, float]] = []  # (service, exit code, seconds): read by the tests


def sigterm_service(name: str) -> Fault:
    def fault(stack: Stack) -> None:
        process = stack.services[name].process
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=30)
        except Exception:  # noqa: BLE001 - recorded as a failure to stop in time, then forced
            process.kill()
            code = process.wait(timeout=10)
        SIGTERM_EXITS.append((name, code, time.monotonic() - started))
        stack.restart_exited()
    fault.__name__ = f"SIGTERM {name}"
    return fault


def add_worker(number: int) -> Fault:
    def fault(stack: Stack) -> None:
        stack.start_worker(number)
    fault.__name__ = f"worker {number} joins"
    return fault


def hold_index_lock(seconds: float) -> Fault:
    """The engine fails every write for `seconds`: another writer holds the index lock."""

    def fault(stack: Stack) -> None:
        from services.store.tantivy_index import _schema

        index = tantivy.Index(_schema(), path=str(stack.index_dir), reuse=True)
        deadline = time.monotonic() + 30
        while True:  # the store holds the lock only while it writes a batch: take it between two
            try:
                writer = index.writer(heap_size=15_000_000, num_threads=1)
                break
            except ValueError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        time.sleep(seconds)
        writer.rollback()
        del writer
    fault.__name__ = f"index writes fail {seconds:.0f}s"
    return fault


def wait_ready(stack: Stack, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    urls = [f"http://127.0.0.1:{stack.store_port}/readyz"] + [
        f"http://127.0.0.1:{port}/healthz" for name, port in
        zip([f"extract-{n}" for n in range(len(stack.worker_ports))], stack.worker_ports, strict=True)
        if name in stack.services]
    while time.monotonic() < deadline:
        for service in stack.services.values():
            service.assert_running()
        try:
            if all(httpx.get(url, timeout=2).status_code == 200 for url in urls):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"stack not ready after {timeout}s\n{stack.log_tails()}")


def run_faults(root: Path, articles: list[RawArticle], faults: list[Fault], *, name: str, workers: int = 1,
               timeout: float = 240, before_each: Callable[[Stack, KafkaProducer], None] | None = None,
               extra_env: dict[str, str] | None = None,
               inspect: Callable[[Stack], None] | None = None) -> FaultReport:
    """Publish the articles in len(faults)+1 batches; before each batch after the first, inject
    one fault. Recovery of a fault: seconds until every raw partition has delivered a claim of the
    batch published after it to the index (see _every_partition_moves)."""
    per_article = {a.article_id: {c.claim_id for c in extract_claims(a, EntityRegistry())} for a in articles}
    expected = set().union(*per_article.values())
    size = max(1, len(articles) // (len(faults) + 1))
    batches = [articles[i * size:(i + 1) * size] for i in range(len(faults))] + [articles[len(faults) * size:]]
    recovery: list[float] = []
    with running_stack(root, workers=workers, extra_env=extra_env) as stack:
        wait_ready(stack)
        producer = producer_for(stack)
        try:
            publish(producer, batches[0])
            producer.flush(timeout=60)
            done = set().union(*(per_article[a.article_id] for a in batches[0]))
            found = wait_for_index(stack, len(done), timeout=timeout)
            assert found >= len(done), f"first batch not indexed ({found}/{len(done)})\n{stack.log_tails()}"
            for fault, batch in zip(faults, batches[1:], strict=True):
                if before_each is not None:
                    before_each(stack, producer)
                wanted = set().union(*(per_article[a.article_id] for a in batch))
                by_partition: dict[int, set[str]] = {}
                for article in batch:
                    partition = raw_partition(article.article_id)
                    by_partition.setdefault(partition, set()).update(per_article[article.article_id])
                started = time.monotonic()
                fault(stack)
                publish(producer, batch)
                recovery.append(_every_partition_moves(stack, by_partition, timeout=timeout) - started)
                done |= wanted
                wait_for_index(stack, len(done), timeout=timeout)
            producer.flush(timeout=120)
            wait_for_index(stack, len(expected), timeout=timeout)
            result = report(name, stack, len(articles), expected, recovery)
            result.topic_duplicates = topic_duplicates(stack.bootstrap)
            if inspect is not None:
                inspect(stack)
            if result.lost or result.duplicated:
                result.fault += " (see logs)"
                print(stack.log_tails(60))
            return result
        finally:
            producer.close(timeout=10)


def raw_partition(article_id: str, partitions: int = 3) -> int:
    """The raw-topic partition the Java (and kafka-python) default partitioner gives this key."""
    return (murmur2(article_id.encode()) & 0x7FFFFFFF) % partitions


def _every_partition_moves(stack: Stack, by_partition: dict[int, set[str]], *, timeout: float) -> float:
    """The monotonic time at which, for every raw partition, a claim of an article sent to it
    after the fault is in the index: the whole pipeline moves again, including the partitions a
    dead worker held (inf if never)."""
    deadline = time.monotonic() + timeout
    waiting = {partition: ids for partition, ids in by_partition.items() if ids}
    while time.monotonic() < deadline:
        stack.restart_exited()
        indexed = set(index_claim_ids(stack.index_dir))
        waiting = {partition: ids for partition, ids in waiting.items() if not ids & indexed}
        if not waiting:
            return time.monotonic()
        time.sleep(0.2)
    return float("inf")
