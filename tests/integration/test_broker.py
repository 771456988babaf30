"""Round trip through a real Kafka broker with kafka-python, the client the services use."""

from __future__ import annotations

import time
import uuid
from collections import defaultdict
from collections.abc import Iterator

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic

PARTITIONS = 3
POLL_DEADLINE_S = 30.0

# Varied keys (ASCII, accents, CJK, emoji) so the hash partitioner spreads them.
KEYS = ["reuters-001", "ap-17", "afp-ü-3", "新华社-9", "bbc-🗞-4", "guardian-x", "nyt-2024-11", "dpa-42"]
MESSAGES_PER_KEY = 6


def unique_name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def admin(kafka_bootstrap: str) -> Iterator[KafkaAdminClient]:
    client = KafkaAdminClient(bootstrap_servers=kafka_bootstrap, client_id="claimwire-it-admin")
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
def topic(admin: KafkaAdminClient) -> Iterator[str]:
    name = unique_name("claimwire-it")
    admin.create_topics([NewTopic(name=name, num_partitions=PARTITIONS, replication_factor=1)])
    wait_for_partitions(admin, name, PARTITIONS)
    yield name
    admin.delete_topics([name])


def wait_for_partitions(admin: KafkaAdminClient, topic: str, expected: int, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        described = admin.describe_topics([topic])
        if described and len(described[0].get("partitions", [])) == expected:
            return
        time.sleep(0.2)
    raise AssertionError(f"topic {topic} did not get {expected} partitions within {timeout_s} s")


def make_producer(bootstrap: str) -> KafkaProducer:
    return KafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        enable_idempotence=True,
        key_serializer=lambda key: key.encode("utf-8"),
        value_serializer=lambda value: value.encode("utf-8"),
    )


def make_consumer(bootstrap: str, group_id: str, topic: str) -> KafkaConsumer:
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=group_id,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        key_deserializer=lambda raw: raw.decode("utf-8"),
        value_deserializer=lambda raw: raw.decode("utf-8"),
    )
    consumer.subscribe([topic])
    return consumer


def poll_exactly(consumer: KafkaConsumer, count: int, deadline_s: float = POLL_DEADLINE_S) -> list:
    """Poll until ``count`` records arrived (fails on timeout), then a little more to catch extras."""
    records: list = []
    deadline = time.monotonic() + deadline_s
    while len(records) < count and time.monotonic() < deadline:
        for batch in consumer.poll(timeout_ms=500).values():
            records.extend(batch)
    assert len(records) >= count, f"got {len(records)} of {count} records within {deadline_s} s"
    for batch in consumer.poll(timeout_ms=1000).values():
        records.extend(batch)
    return records


def produce(producer: KafkaProducer, topic: str, pairs: list[tuple[str, str]]) -> list[tuple[str, str, int, int]]:
    """Send in order and return (key, value, partition, offset) as the broker acknowledged them."""
    futures = [(key, value, producer.send(topic, key=key, value=value)) for key, value in pairs]
    producer.flush(timeout=30)
    acknowledged = []
    for key, value, future in futures:
        metadata = future.get(timeout=30)
        acknowledged.append((key, value, metadata.partition, metadata.offset))
    return acknowledged


def test_keyed_round_trip_keeps_partition_order_and_commits_offsets(kafka_bootstrap: str, topic: str) -> None:
    pairs = [(key, f"{key}#{sequence}") for sequence in range(MESSAGES_PER_KEY) for key in KEYS]
    producer = make_producer(kafka_bootstrap)
    try:
        acknowledged = produce(producer, topic, pairs)
    finally:
        producer.close(timeout=10)

    # The partitioner sends one key to one partition; the keys must spread or order means nothing.
    partition_of_key = {key: partition for key, _, partition, _ in acknowledged}
    assert all(partition == partition_of_key[key] for key, _, partition, _ in acknowledged)
    assert len(set(partition_of_key.values())) > 1

    group_id = unique_name("claimwire-it-group")
    consumer = make_consumer(kafka_bootstrap, group_id, topic)
    try:
        records = poll_exactly(consumer, len(pairs))
        consumer.commit()
    finally:
        consumer.close()

    # Exactly what was sent, no duplicates (idempotent producer, acks=all), keys intact.
    assert sorted((r.key, r.value) for r in records) == sorted(pairs)
    assert len({(r.partition, r.offset) for r in records}) == len(pairs)

    by_partition: dict[int, list] = defaultdict(list)
    for record in records:
        assert record.partition == partition_of_key[record.key]
        by_partition[record.partition].append(record)
    for partition, partition_records in by_partition.items():
        offsets = [r.offset for r in partition_records]
        assert offsets == sorted(offsets), f"partition {partition} delivered out of order"
        expected_values = [value for _, value, p, _ in sorted(acknowledged, key=lambda a: a[3]) if p == partition]
        assert [r.value for r in partition_records] == expected_values
    for key in KEYS:
        values_for_key = [r.value for r in records if r.key == key]
        assert values_for_key == [f"{key}#{sequence}" for sequence in range(MESSAGES_PER_KEY)]

    # A new member of the same group starts at the committed offsets: it sees only what came after.
    end_offsets = {partition: max(r.offset for r in rs) + 1 for partition, rs in by_partition.items()}
    later_pairs = [(key, f"{key}#late") for key in KEYS[:3]]
    producer = make_producer(kafka_bootstrap)
    try:
        produce(producer, topic, later_pairs)
    finally:
        producer.close(timeout=10)

    successor = make_consumer(kafka_bootstrap, group_id, topic)
    try:
        for partition, end_offset in end_offsets.items():
            assert successor.committed(TopicPartition(topic, partition)) == end_offset
        later_records = poll_exactly(successor, len(later_pairs))
    finally:
        successor.close()
    assert sorted((r.key, r.value) for r in later_records) == sorted(later_pairs)


def test_fresh_group_reads_from_the_beginning_independently(kafka_bootstrap: str, topic: str) -> None:
    pairs = [(key, f"{key}@{n}") for n in range(2) for key in KEYS]
    producer = make_producer(kafka_bootstrap)
    try:
        produce(producer, topic, pairs)
    finally:
        producer.close(timeout=10)

    first = make_consumer(kafka_bootstrap, unique_name("claimwire-it-a"), topic)
    try:
        poll_exactly(first, len(pairs))
        first.commit()
    finally:
        first.close()

    # Another group's commits must not move this group's position.
    second = make_consumer(kafka_bootstrap, unique_name("claimwire-it-b"), topic)
    try:
        records = poll_exactly(second, len(pairs))
    finally:
        second.close()
    assert sorted((r.key, r.value) for r in records) == sorted(pairs)
