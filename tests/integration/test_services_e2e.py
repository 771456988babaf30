"""The three services as separate processes on a real broker produce exactly what the
embedded pipeline produces, and poison messages go to the dead-letter topic without stalling."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import jsonschema
import pytest
from kafka import KafkaConsumer, KafkaProducer

from claimwire.pipeline import EmbeddedPipeline, input_files
from schemas import DeadLetter, RawArticle
from schemas.generate import JSON_DIR
from schemas.topics import CLAIMS, DEAD_LETTERS, RAW_ARTICLES
from services.shared.deadletters import JsonlDeadLetterSink, original_bytes
from services.store.documents import SearchQuery
from services.store.tantivy_index import TantivyClaimIndex
from tests.conftest import EXAMPLES_DIR
from tests.integration.conftest import broker_unavailable
from tests.integration.service_procs import eventually, free_port, listening_addresses, service_env, start_service

pytestmark = pytest.mark.e2e


METRICS_TOKEN = "metrics-e2e-3f9a1c"


def start_store_and_extract(kafka_bootstrap: str, root: Path, shared_env: dict[str, str] | None = None,
                            **store_env: str) -> tuple[list, str, int]:
    """Topics created, then the store (with `store_env`) and the extract worker started and waited for:
    ([store, extract], the store's URL, the worker's web port). `shared_env` goes to every process (e.g. the
    KAFKA_SECURITY_PROTOCOL settings). The caller stops them."""
    store_port, extract_port = free_port(), free_port()
    shared = shared_env or {}
    subprocess.run([sys.executable, "-m", "claimwire.cli", "topics"], check=True, capture_output=True,
                   env=service_env(kafka_bootstrap, root / "admin", **shared), timeout=120)
    store = start_service("store", ["serve", "store", "--port", str(store_port)],
                          service_env(kafka_bootstrap, root / "store", **shared, **store_env), root)
    extract = start_service(
        "extract", ["serve", "extract"],
        service_env(kafka_bootstrap, root / "extract", **shared, CLAIMWIRE_EXTRACT_WEB_PORT=str(extract_port)), root,
    )
    services = [store, extract]
    base = f"http://127.0.0.1:{store_port}"
    try:
        eventually(lambda: httpx.get(f"{base}/readyz", timeout=2).status_code == 200, timeout=120,
                   what="store readiness", services=services)
        eventually(lambda: httpx.get(f"http://127.0.0.1:{extract_port}/healthz", timeout=2).status_code == 200,
                   timeout=180, what="extract worker web endpoint", services=services)
    except BaseException:
        for service in services:
            service.stop()
        raise
    return services, base, extract_port


@pytest.fixture(scope="module")
def running_services(own_kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    # A broker of its own: the claim-id comparison below needs topics holding only what it sent.
    kafka_bootstrap = own_kafka_bootstrap
    root = tmp_path_factory.mktemp("services")
    # /metrics behind a token, as an operator would run it (the probes stay open)
    services, base, extract_port = start_store_and_extract(kafka_bootstrap, root,
                                                           shared_env={"CLAIMWIRE_METRICS_TOKEN": METRICS_TOKEN})
    store, extract = services
    try:
        yield {"store": store, "extract": extract, "store_url": base,
               "extract_url": f"http://127.0.0.1:{extract_port}", "root": root, "services": services,
               "bootstrap": kafka_bootstrap}
    finally:
        codes = {service.name: service.stop() for service in services}
        # Graceful shutdown: SIGTERM ends each service through its own shutdown path, never by the
        # kill fallback (uvicorn re-raises SIGTERM after a clean shutdown, hence -15 for the store).
        assert codes == {"store": -signal.SIGTERM, "extract": 0}, codes
        assert "store_consumer_stopped" in store.log_tail()


def test_every_service_listens_on_loopback_only_by_default(running_services: dict) -> None:
    for url in (running_services["store_url"], running_services["extract_url"]):
        assert listening_addresses(int(url.rsplit(":", 1)[1])) == {"127.0.0.1"}, url


def indexed_claim_ids(store_url: str) -> set[str]:
    hits = httpx.get(f"{store_url}/search", params={"limit": 1000}, timeout=10).json()["hits"]
    return {hit["claim"]["claim_id"] for hit in hits}


def embedded_claim_ids(paths: list[Path], data_dir: Path) -> set[str]:
    index = TantivyClaimIndex(data_dir / "index")
    EmbeddedPipeline(index, JsonlDeadLetterSink(data_dir / "dl.jsonl")).run(input_files(paths))
    return {hit.claim.claim_id for hit in index.search(SearchQuery(limit=1000))}


def read_topic(bootstrap: str, topic: str, *, idle_ms: int = 3000) -> list:
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=f"reader-{uuid.uuid4()}",
                             auto_offset_reset="earliest", enable_auto_commit=False, consumer_timeout_ms=idle_ms)
    try:
        return list(consumer)
    finally:
        consumer.close()


def test_services_index_exactly_the_claims_the_embedded_pipeline_indexes(running_services: dict,
                                                                       seeds_dir: Path, tmp_path: Path) -> None:
    inputs = [seeds_dir, EXAMPLES_DIR]
    expected = embedded_claim_ids(inputs, tmp_path / "embedded")
    assert len(expected) > 50

    ingest = subprocess.run(
        [sys.executable, "-m", "claimwire.cli", "publish", *map(str, inputs)],
        env=service_env(running_services["bootstrap"], running_services["root"] / "ingest"),
        capture_output=True, text=True, timeout=300,
    )
    assert ingest.returncode == 0, ingest.stderr[-3000:]

    store_url = running_services["store_url"]
    eventually(lambda: indexed_claim_ids(store_url) >= expected, timeout=300, interval=2,
               what="all embedded claims to be indexed by the services", services=running_services["services"])
    assert indexed_claim_ids(store_url) == expected
    extract_web = running_services["extract_url"]
    assert httpx.get(f"{extract_web}/readyz", timeout=5).json()["status"] == "ready"
    token = {"Authorization": f"Bearer {METRICS_TOKEN}"}
    assert "claimwire_claims_total" in httpx.get(f"{extract_web}/metrics", headers=token, timeout=5).text
    assert "claimwire_claims_indexed_total" in httpx.get(f"{store_url}/metrics", headers=token, timeout=5).text
    for base in (extract_web, store_url):
        assert httpx.get(f"{base}/metrics", timeout=5).status_code == 401
        assert httpx.get(f"{base}/metrics", headers={"Authorization": "Bearer nope"}, timeout=5).status_code == 403

    # Replaying the same input publishes the same article ids again: the index must not grow.
    again = subprocess.run(
        [sys.executable, "-m", "claimwire.cli", "publish", str(seeds_dir)],
        env=service_env(running_services["bootstrap"], running_services["root"] / "ingest-again"),
        capture_output=True, text=True, timeout=300,
    )
    assert again.returncode == 0, again.stderr[-3000:]
    count_before = httpx.get(f"{store_url}/count", timeout=5).json()["claims"]
    assert count_before == len(expected)


def kcat_binary() -> str:
    """kcat from PATH, or from Debian's package where this run may install it (root, apt-get)."""
    found = shutil.which("kcat") or shutil.which("kafkacat")
    if found:
        return found
    if shutil.which("apt-get") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "kcat"]
        if subprocess.run(install, env=env, capture_output=True, timeout=600).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=600)
            subprocess.run(install, env=env, capture_output=True, timeout=600)
    found = shutil.which("kcat") or shutil.which("kafkacat")
    if not found:
        broker_unavailable("kcat is not installed and could not be installed with apt-get")
    return found  # type: ignore[return-value]


def test_claim_topic_read_by_kcat_validates_against_the_checked_in_json_schema(running_services: dict) -> None:
    """A consumer nobody here wrote (kcat, librdkafka) and a standard JSON Schema validator.
    Runs after the end-to-end test filled the topic and before any poison pill is written."""
    kcat = kcat_binary()
    result = subprocess.run(
        [kcat, "-b", running_services["bootstrap"], "-t", CLAIMS.name, "-C", "-e", "-q", "-f", "%k\t%s\n"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    schema = json.loads((JSON_DIR / f"{CLAIMS.name}.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) > 50
    for line in lines:
        key, _, value = line.partition("\t")
        message = json.loads(value)
        validator.validate(message)
        assert key == message["article_id"]


def test_poison_messages_are_dead_lettered_and_do_not_stall_partitions(running_services: dict) -> None:
    bootstrap = running_services["bootstrap"]
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    key = f"poison-{uuid.uuid4()}".encode()
    poison = {
        RAW_ARTICLES.name: b"\xff\xfe not json at all",
        CLAIMS.name: json.dumps({"claim_id": "x", "kind": "rumour"}).encode(),
    }
    for topic, value in poison.items():
        producer.send(topic, key=key, value=value).get(timeout=30)
    # A good article on the same key, so on the same partition, right behind the poison pill.
    good = RawArticle.model_validate({
        "article_id": key.decode(),
        "text": "The harbour master said on Tuesday that more than 40 ships were waiting outside the port.",
        "source": {"kind": "stdin"},
    })
    producer.send(RAW_ARTICLES.name, key=key, value=good.model_dump_json().encode()).get(timeout=30)
    producer.close()

    def letters_for_key() -> list[DeadLetter]:
        letters = [DeadLetter.model_validate_json(m.value) for m in read_topic(bootstrap, DEAD_LETTERS.name)]
        return [letter for letter in letters if letter.key == key.decode()]

    letters = eventually(lambda: len(letters_for_key()) >= 2 and letters_for_key(), timeout=120,
                         what="dead letters for both poison pills", services=running_services["services"])
    by_topic = {letter.source_topic: letter for letter in letters}
    assert set(by_topic) == set(poison)
    assert by_topic[RAW_ARTICLES.name].service == "extract"
    assert by_topic[CLAIMS.name].service == "store"
    for topic, letter in by_topic.items():
        assert original_bytes(letter) == poison[topic]
        assert letter.source_partition is not None and letter.source_offset is not None

    store_url = running_services["store_url"]
    eventually(
        lambda: any(hit["claim"]["article_id"] == key.decode()
                    for hit in httpx.get(f"{store_url}/search", params={"q": "harbour", "limit": 50},
                                         timeout=5).json()["hits"]),
        timeout=120, what="the good article behind the poison pills to be indexed",
        services=running_services["services"],
    )


def test_dlq_replay_sends_letters_back_to_their_source_topic_once(running_services: dict) -> None:
    """Runs after the poison-pill test: the store's dead letter goes back to the claim topic."""
    bootstrap = running_services["bootstrap"]
    env = service_env(bootstrap, running_services["root"] / "replay")

    def replay(*flags: str) -> str:
        result = subprocess.run([sys.executable, "-m", "claimwire.cli", "dlq", "replay", "--service", "store", *flags],
                                env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    store_letters_before = [m for m in read_topic(bootstrap, DEAD_LETTERS.name)
                            if DeadLetter.model_validate_json(m.value).service == "store"]
    assert store_letters_before
    count = len(store_letters_before)
    listed = subprocess.run([sys.executable, "-m", "claimwire.cli", "dlq", "list", "--kafka"],
                            env={**env, "COLUMNS": "250"}, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0 and f"{CLAIMS.name}[" in listed.stdout, listed.stderr[-2000:]
    assert f"would replay {count}," in replay("--dry-run")
    assert f"replayed {count}," in replay()

    replayed = [m for m in read_topic(bootstrap, CLAIMS.name)
                if any(name == "replayed_from" for name, _ in (m.headers or []))]
    assert len(replayed) == count
    # Still poison: the store dead-letters each replayed copy again, at its new offset ...
    eventually(
        lambda: len([m for m in read_topic(bootstrap, DEAD_LETTERS.name)
                     if DeadLetter.model_validate_json(m.value).service == "store"]) == 2 * count,
        timeout=60, what="the replayed poison pill to be dead-lettered again", services=running_services["services"],
    )
    # ... and the next replay sends only those new letters: every letter is replayed once.
    assert f"replayed {count}," in replay()


def test_http_ingest_service_publishes_posted_articles(running_services: dict) -> None:
    port = free_port()
    ingest = start_service("ingest", ["serve", "ingest", "--port", str(port)],
                           service_env(running_services["bootstrap"], running_services["root"] / "http-ingest"),
                           running_services["root"])
    try:
        url = f"http://127.0.0.1:{port}"
        eventually(lambda: httpx.get(f"{url}/readyz", timeout=2).status_code == 200, timeout=60,
                   what="ingest readiness", services=[ingest])
        article = {"id": f"http-{uuid.uuid4()}", "title": "Ferry service resumes",
                   "text": "“The ferries will run on the winter timetable from Friday,” operations director "
                           "Lena Sorvik said on Wednesday."}
        response = httpx.post(f"{url}/articles", json=article, timeout=30)
        assert response.status_code == 202, response.text
        assert response.json()["published"] == [article["id"]]
        too_big = httpx.post(f"{url}/articles", content=b"x" * (6 << 20), headers={"content-type": "text/plain"},
                             timeout=30)
        assert too_big.status_code == 413
        store_url = running_services["store_url"]
        hits = eventually(
            lambda: [h for h in httpx.get(f"{store_url}/search", params={"speaker": "Sorvik"}, timeout=5).json()["hits"]
                     if h["claim"]["article_id"] == article["id"]],
            timeout=120, what="the posted article's claims in the index", services=running_services["services"],
        )
        assert hits[0]["claim"]["quote"] == "The ferries will run on the winter timetable from Friday"
    finally:
        assert ingest.stop() == -signal.SIGTERM
        assert "ingest_stopped" in ingest.log_tail()
