"""The store's consumer loop writing to a real OpenSearch node through a real broker, when the node
refuses: a claim it cannot store goes to the dead-letter topic with the node's reason and the rest
of its batch is written; an index that refuses every write (a write block: 403) leaves the batch
uncommitted and the loop retrying, and once the block lifts every claim arrives exactly once and the
offsets are committed. (A full disk's block answers 429 instead, which the bulk helper itself retries
with backoff, and which the node lifts on its own once space is freed.)"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from schemas import DeadLetter, Speaker, SpeakerType
from schemas.topics import CLAIMS, DEAD_LETTERS
from services.shared.config import Settings
from services.shared.kafka import encode, ensure_topics
from services.store.consumer import ClaimStoreConsumer
from services.store.opensearch_index import OpenSearchClaimIndex, versioned_index
from tests.integration.service_procs import eventually
from tests.integration.test_services_e2e import read_topic
from tests.unit.store.test_tantivy_index import claim

pytestmark = pytest.mark.usefixtures("local_launcher_ready")
GROUP = "claimwire-store-faults"
GOOD = [claim(n, f"the ferry line will run {n} extra crossings", "Nadia Brook") for n in range(1, 7)]
# valid on the topic, but a keyword longer than OpenSearch's longest term (32 KiB) is refused by the node
UNSTORABLE = claim(7, "a speaker whose name no index can hold", "x").model_copy(
    update={"speaker": Speaker(canonical="x" * 40_000, surface="x", type=SpeakerType.person)})


@pytest.fixture
def store(own_kafka_bootstrap: str, opensearch_url: str) -> Iterator[tuple[ClaimStoreConsumer, str, threading.Thread]]:
    """The consumer on its own alias, and its loop's thread, not yet started."""
    settings = Settings(kafka_bootstrap_servers=own_kafka_bootstrap, retry_max_backoff_s=1.0, give_up_after_s=600)
    ensure_topics(settings)
    alias = f"faults-{uuid.uuid4().hex[:8]}"
    consumer = ClaimStoreConsumer(settings, OpenSearchClaimIndex(opensearch_url, alias=alias), group_id=GROUP)
    loop = threading.Thread(target=consumer.run, name="store-loop", daemon=True)
    try:
        yield consumer, alias, loop
    finally:
        consumer.stop()
        if loop.ident is not None:
            loop.join(timeout=30)
        else:
            consumer.close()
        httpx.delete(f"{opensearch_url}/{versioned_index(alias)}", timeout=30)
        httpx.delete(f"{opensearch_url}/_index_template/{alias}", timeout=30)


def block_writes(url: str, alias: str, blocked: bool) -> None:
    setting = {"index.blocks.write": True if blocked else None}
    answer = httpx.put(f"{url}/{versioned_index(alias)}/_settings", json=setting, timeout=30)
    assert answer.status_code == 200, answer.text


def claim_offsets(bootstrap: str) -> tuple[dict[int, int], dict[int, int]]:
    """(the store group's committed offset, the end offset) of every partition of the claims topic
    that holds a message; read without joining the group."""
    reader = KafkaConsumer(bootstrap_servers=bootstrap, group_id=GROUP, enable_auto_commit=False)
    try:
        partitions = [TopicPartition(CLAIMS.name, p) for p in reader.partitions_for_topic(CLAIMS.name) or ()]
        ends = {tp.partition: end for tp, end in reader.end_offsets(partitions).items() if end}
        committed = {p: reader.committed(TopicPartition(CLAIMS.name, p)) or 0 for p in ends}
        return committed, ends
    finally:
        reader.close()


def node_count(url: str, alias: str) -> int:
    httpx.post(f"{url}/{alias}/_refresh", timeout=30)
    return int(httpx.get(f"{url}/{alias}/_count", timeout=30).json()["count"])


@pytest.mark.timeout(300)
def test_a_refusing_node_loses_nothing_and_a_claim_it_cannot_store_is_a_dead_letter(
        store: tuple[ClaimStoreConsumer, str, threading.Thread], own_kafka_bootstrap: str,
        opensearch_url: str) -> None:
    consumer, alias, loop = store
    block_writes(opensearch_url, alias, True)
    producer = KafkaProducer(bootstrap_servers=own_kafka_bootstrap, acks="all")
    for event in [*GOOD[:3], UNSTORABLE, *GOOD[3:]]:
        producer.send(CLAIMS.name, key=event.article_id.encode(), value=encode(event))
    producer.flush(timeout=30)
    producer.close()
    loop.start()

    # blocked: the loop fails and keeps retrying, writes nothing and commits no offset
    eventually(lambda: "cluster_block_exception" in (consumer.health.last_error or ""), timeout=60,
               what="the store to fail on the blocked index")
    first_failure = consumer.health.failing_since
    eventually(lambda: time.monotonic() - (first_failure or 0) > 5 and consumer.health.failing_since == first_failure,
               timeout=30, what="the failures to go on while the block holds")
    assert loop.is_alive() and not consumer.health.fatal
    committed, ends = claim_offsets(own_kafka_bootstrap)
    assert sum(ends.values()) == len(GOOD) + 1 and set(committed.values()) == {0}
    assert node_count(opensearch_url, alias) == 0

    block_writes(opensearch_url, alias, False)
    eventually(lambda: (offsets := claim_offsets(own_kafka_bootstrap))[0] == offsets[1], timeout=60,
               what="the offsets committed once the block lifts")
    assert node_count(opensearch_url, alias) == len(GOOD)
    stored = {hit["_id"] for hit in httpx.get(f"{opensearch_url}/{alias}/_search", params={"size": 50},
                                              timeout=30).json()["hits"]["hits"]}
    assert stored == {event.claim_id for event in GOOD}

    [letter] = [DeadLetter.model_validate_json(m.value) for m in read_topic(own_kafka_bootstrap, DEAD_LETTERS.name)]
    assert (letter.service, letter.stage, letter.source_topic) == ("store", "index", CLAIMS.name)
    assert letter.article_id == UNSTORABLE.article_id and letter.source_offset is not None
    assert "immense" in letter.error or "illegal_argument" in letter.error
