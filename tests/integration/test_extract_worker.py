"""The extract worker as a process on a real broker: an article that runs over the time limit is
dead-lettered while the articles behind it (same partition and others) get their claims; SIGTERM
ends the worker within 10 s with exit code 0, and an article whose extraction it cut is not
committed, so the next worker reads it again. /healthz and /readyz say the truth throughout.

Topics are shared with the other integration tests: each test uses its own consumer group, starts
it at the current end of the raw topic, and looks only at the keys it sent."""

from __future__ import annotations

import contextlib
import os
import signal
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.structs import OffsetAndMetadata

from schemas import ClaimEvent, DeadLetter, RawArticle
from schemas.topics import CLAIMS, DEAD_LETTERS, RAW_ARTICLES
from services.shared.config import Settings
from services.shared.kafka import ensure_topics
from tests.integration.service_procs import Service, eventually, free_port, service_env, start_service

PARAGRAPH = ("\u201cThe night ferries will run on the winter timetable from Friday,\u201d operations director "
             "Maren Tollefsen said on Wednesday. The harbour master said on Tuesday that more than 40 ships "
             "were waiting outside the port.\n\n")
# ~1,270,000 characters, read whole (CLAIMWIRE_MAX_ARTICLE_CHARS raised): about 9 s of CPU on the 2-core
# dev machine in session 6 (600,000 characters took 4.3 s), so it is still in hand well after the worker
# is seen busy, and it is many times the first test's 1 s limit, while a normal article takes well under
# a tenth of that. Within the default limits no article takes that long any more: 100,000 characters,
# the most they read, took 0.5 s.
VERY_SLOW_TEXT = PARAGRAPH * 6000
SLOW_TEXT = VERY_SLOW_TEXT
READ_WHOLE = {"CLAIMWIRE_MAX_ARTICLE_CHARS": "2000000"}


def article(key: str, text: str) -> RawArticle:
    return RawArticle.model_validate({"article_id": key, "text": text, "source": {"kind": "stdin"}})


def start_group_at_end(bootstrap: str, group: str) -> None:
    """A new group would start at the earliest offset and redo every other test's articles."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    try:
        partitions = consumer.partitions_for_topic(RAW_ARTICLES.name) or set()
        tps = [TopicPartition(RAW_ARTICLES.name, p) for p in sorted(partitions)]
        consumer.assign(tps)
        ends = consumer.end_offsets(tps)
        consumer.commit({tp: OffsetAndMetadata(ends[tp], "", -1) for tp in tps})
    finally:
        consumer.close()


def committed(bootstrap: str, group: str, partition: int) -> int | None:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    try:
        return consumer.committed(TopicPartition(RAW_ARTICLES.name, partition))
    finally:
        consumer.close()


def messages_with_keys(bootstrap: str, topic: str, keys: set[str], *, idle_ms: int = 2000) -> list:
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=f"reader-{uuid.uuid4()}",
                             auto_offset_reset="earliest", enable_auto_commit=False, consumer_timeout_ms=idle_ms)
    try:
        return [m for m in consumer if m.key is not None and m.key.decode() in keys]
    finally:
        consumer.close()


def letters_for(bootstrap: str, keys: set[str]) -> dict[str, DeadLetter]:
    letters = (DeadLetter.model_validate_json(m.value) for m in _all(bootstrap, DEAD_LETTERS.name))
    return {letter.key: letter for letter in letters if letter.key in keys}


def _all(bootstrap: str, topic: str) -> list:
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=f"reader-{uuid.uuid4()}",
                             auto_offset_reset="earliest", enable_auto_commit=False, consumer_timeout_ms=2000)
    try:
        return list(consumer)
    finally:
        consumer.close()


@pytest.fixture(scope="module")
def bootstrap(kafka_bootstrap: str) -> str:
    ensure_topics(Settings(kafka_bootstrap_servers=kafka_bootstrap, topic_partitions=3))
    return kafka_bootstrap


@pytest.fixture
def producer(bootstrap: str) -> Iterator[KafkaProducer]:
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", max_request_size=8 << 20)
    try:
        yield producer
    finally:
        producer.close()


class Worker:
    def __init__(self, bootstrap: str, root: Path, name: str, group: str, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.service: Service = start_service(name, ["serve", "extract", "-l", "info"], service_env(
            bootstrap, root / "data", CLAIMWIRE_EXTRACT_WEB_PORT=str(self.port), CLAIMWIRE_EXTRACT_GROUP=group,
            CLAIMWIRE_LOG_FORMAT="json", **env), root)

    def get(self, path: str) -> httpx.Response:
        return httpx.get(f"{self.url}{path}", timeout=3)

    def wait_ready(self) -> dict:
        return eventually(lambda: self.get("/readyz").status_code == 200 and self.get("/readyz").json(),
                          timeout=90, what=f"{self.service.name} ready", services=[self.service])

    def sigterm(self) -> tuple[int, float]:
        started = time.monotonic()
        code = self.service.stop(timeout=15)
        return code, time.monotonic() - started

    def kill(self) -> None:
        if self.service.process.poll() is None:
            self.service.process.kill()
            self.service.process.wait(10)


def send(producer: KafkaProducer, key: str, text: str, partition: int) -> int:
    value = article(key, text).model_dump_json().encode()
    return producer.send(RAW_ARTICLES.name, key=key.encode(), value=value, partition=partition).get(30).offset


def test_a_slow_article_is_dead_lettered_and_the_articles_behind_it_get_their_claims(
        bootstrap: str, producer: KafkaProducer, tmp_path: Path) -> None:
    group = f"extract-test-{uuid.uuid4().hex[:8]}"
    start_group_at_end(bootstrap, group)
    worker = Worker(bootstrap, tmp_path, "extract-slow", group, CLAIMWIRE_EXTRACT_TIMEOUT_S="1", **READ_WHOLE)
    try:
        # Before: not ready while the model loads or no partition is assigned; then ready and healthy.
        eventually(lambda: worker.get("/healthz").status_code in (200, 503), timeout=60, interval=0.2,
                   what="the web endpoint", services=[worker.service])
        first = worker.get("/readyz")
        assert first.status_code == 200 or first.json()["problems"], first.text
        ready = worker.wait_ready()
        assert ready["assigned_partitions"] == 3 and ready["extraction_process"] == "ready"
        assert worker.get("/healthz").json()["status"] == "ok"

        run = uuid.uuid4().hex[:8]
        slow, same, other1, other2 = (f"{name}-{run}" for name in ("slow", "same", "other1", "other2"))
        send(producer, slow, SLOW_TEXT, 0)
        send(producer, same, PARAGRAPH, 0)  # right behind it on its partition
        send(producer, other1, PARAGRAPH, 1)
        send(producer, other2, PARAGRAPH, 2)

        normal = {same, other1, other2}
        claims = eventually(
            lambda: (found := {ClaimEvent.model_validate_json(m.value).article_id
                               for m in messages_with_keys(bootstrap, CLAIMS.name, normal | {slow})}) >= normal
            and found,
            timeout=45, interval=1, what="claims of the articles behind the slow one", services=[worker.service])
        assert slow not in claims
        letters = eventually(lambda: letters_for(bootstrap, {slow}), timeout=20, interval=1,
                             what="the slow article's dead letter", services=[worker.service])
        assert letters[slow].stage == "extract" and letters[slow].service == "extract"
        assert "took longer than 1 s" in letters[slow].error
        assert letters[slow].source_partition == 0
        assert not letters_for(bootstrap, normal)

        # After: healthy and ready again, a child restarted, and the lag worked off.
        health = eventually(lambda: worker.get("/healthz").status_code == 200 and worker.get("/healthz").json(),
                            timeout=20, what="healthy after the timeout", services=[worker.service])
        assert health["sandbox_restarts"] >= 1
        after = eventually(lambda: (r := worker.get("/readyz").json())["status"] == "ready"
                           and not any(r["lag"].values()) and r,
                           timeout=30, what="ready with no lag", services=[worker.service])
        assert after["articles_finished"] >= 4
        exposition = worker.get("/metrics").text
        assert 'claimwire_consumer_lag{partition="0",service="extract"} 0.0' in exposition
        assert 'claimwire_seconds_since_progress{service="extract"}' in exposition
        assert 'claimwire_dead_letters_total{service="extract",stage="extract"} 1.0' in exposition

        code, seconds = worker.sigterm()
        assert code == 0, worker.service.log_tail()
        assert seconds < 10, seconds
    finally:
        worker.kill()


def test_sigterm_cuts_the_article_in_hand_without_committing_it_and_the_next_worker_reads_it(
        bootstrap: str, producer: KafkaProducer, tmp_path: Path) -> None:
    group = f"extract-test-{uuid.uuid4().hex[:8]}"
    start_group_at_end(bootstrap, group)
    worker = Worker(bootstrap, tmp_path, "extract-cut", group, CLAIMWIRE_EXTRACT_TIMEOUT_S="60", **READ_WHOLE)
    key = f"very-slow-{uuid.uuid4().hex[:8]}"
    try:
        worker.wait_ready()
        offset = send(producer, key, VERY_SLOW_TEXT, 0)
        busy = eventually(lambda: (h := worker.get("/healthz").json())["busy"] and h, timeout=30, interval=0.2,
                          what="the worker busy with the article", services=[worker.service])
        assert busy["status"] == "ok" and worker.get("/readyz").status_code == 200  # busy is not stuck
        time.sleep(0.5)
        code, seconds = worker.sigterm()
        assert code == 0, worker.service.log_tail()
        assert seconds < 10, seconds
        assert "extraction_cut_by_shutdown" in worker.service.log_tail(80)
        assert committed(bootstrap, group, 0) == offset  # not past the cut article
        assert not letters_for(bootstrap, {key})
    finally:
        worker.kill()

    # The next worker of the group starts at that article again (here with a limit it runs over).
    again = Worker(bootstrap, tmp_path, "extract-again", group, CLAIMWIRE_EXTRACT_TIMEOUT_S="1", **READ_WHOLE)
    try:
        again.wait_ready()
        letters = eventually(lambda: letters_for(bootstrap, {key}), timeout=30, interval=1,
                             what="the cut article read again and dead-lettered", services=[again.service])
        assert letters[key].source_offset == offset and "took longer than 1 s" in letters[key].error
        eventually(lambda: committed(bootstrap, group, 0) == offset + 1, timeout=15, what="its offset committed",
                   services=[again.service])
        code, seconds = again.sigterm()
        assert code == 0 and seconds < 10, (code, seconds)
    finally:
        again.kill()



def _children(pid: int) -> list[int]:
    """Child pids of `pid` (Linux: listed per thread of the parent, so every thread is read)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(child) for child in (task / "children").read_text().split()]
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to find the child")
def test_an_extraction_process_that_cannot_start_fails_health_and_exits_1(bootstrap: str, tmp_path: Path) -> None:
    """The extraction child killed at every start-up (as an OOM killer would): after three failed
    starts the worker exits 1, for its supervisor to restart it (and /healthz, while it still
    answers, is 503 with the reason)."""
    group = f"extract-test-{uuid.uuid4().hex[:8]}"
    start_group_at_end(bootstrap, group)
    worker = Worker(bootstrap, tmp_path, "extract-nostart", group)
    process = worker.service.process
    failing: list[dict] = []
    try:
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            for child in _children(process.pid):
                try:
                    if b"multiprocessing" in Path(f"/proc/{child}/cmdline").read_bytes():
                        os.kill(child, signal.SIGKILL)
                except OSError:
                    pass
            try:
                response = worker.get("/healthz")
                if response.status_code == 503:
                    failing.append(response.json())
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        assert process.wait(15) == 1, worker.service.log_tail()
        log = worker.service.log_tail(80)
        assert "extract_worker_fatal" in log and "failed to start 3 times in a row" in log
        # The 503 is up only between the third failed start and the web server's shutdown (well
        # under a second), so the poll may miss it; what it does see must give the reason.
        for body in failing:
            assert body["status"] == "failing" and body["problems"], body
    finally:
        worker.kill()
