"""The local broker launcher itself: lifecycle, failure reports, clean-up of the JVM, and restarts
(kill -9, a new object) on a persistent data dir without losing a message."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic

from claimwire.devbroker import DevBrokerError, KafkaBroker

pytestmark = pytest.mark.usefixtures("local_launcher_ready")

REPO_ROOT = Path(__file__).resolve().parents[2]


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0); count it as gone, since it holds no ports or memory.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


def wait_until_gone(pid: int, timeout_s: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not process_alive(pid):
            return True
        time.sleep(0.2)
    return False


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def test_context_manager_serves_requests_then_leaves_nothing_behind() -> None:
    with KafkaBroker() as broker:
        pid, work_dir = broker.pid, broker.work_dir
        host, port = broker.bootstrap_servers.rsplit(":", 1)
        assert pid is not None and process_alive(pid)
        assert work_dir is not None and (work_dir / "server.properties").is_file()
        assert f"PLAINTEXT://{host}:{port}" in (work_dir / "server.properties").read_text()

        admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap_servers)
        try:
            admin.create_topics([NewTopic(name="lifecycle-check", num_partitions=2, replication_factor=1)])
            assert "lifecycle-check" in admin.list_topics()
        finally:
            admin.close()
        # The broker logs to its work dir, not to the terminal.
        assert "Kafka Server started" in (work_dir / "logs" / "server.log").read_text()

    assert not process_alive(pid)
    assert not work_dir.exists()
    assert port_is_free(host, int(port))
    with pytest.raises(DevBrokerError, match="not running"):
        _ = broker.bootstrap_servers


def test_port_already_in_use_is_reported_with_the_broker_log() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken_port = squatter.getsockname()[1]
        broker = KafkaBroker(port=taken_port, start_timeout=60)
        try:
            with pytest.raises(DevBrokerError) as failure:
                broker.start()
            message = str(failure.value)
            assert f"port {taken_port} is already in use" in message
            assert "server.log (tail)" in message and "Address already in use" in message
            assert not broker.is_running()
            kept = broker.work_dir  # kept for diagnosis until stop()
            assert kept is not None and kept.exists()
        finally:
            broker.stop()
    assert not kept.exists()


def test_invalid_broker_setting_fails_fast_with_kafka_reason() -> None:
    broker = KafkaBroker(extra_properties={"num.io.threads": "many"})
    started = time.monotonic()
    try:
        with pytest.raises(DevBrokerError, match=r"num\.io\.threads"):
            broker.start()
    finally:
        broker.stop()
    assert time.monotonic() - started < 60


def test_foreground_runner_prints_address_and_stops_on_sigterm() -> None:
    runner = subprocess.Popen(
        [sys.executable, "-m", "claimwire.devbroker"],
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        bootstrap = runner.stdout.readline().strip()  # blocks until ready or the runner exits
        assert bootstrap.startswith("127.0.0.1:"), runner.stderr.read() if runner.poll() is not None else bootstrap
        admin = KafkaAdminClient(bootstrap_servers=bootstrap)
        try:
            assert isinstance(admin.list_topics(), list)
        finally:
            admin.close()
        runner.send_signal(signal.SIGTERM)
        assert runner.wait(timeout=60) == 0
        assert port_is_free("127.0.0.1", int(bootstrap.rsplit(":", 1)[1]))
        assert "Kafka broker stopped." in runner.stderr.read()
    finally:
        if runner.poll() is None:
            runner.kill()
            runner.wait()


def test_broker_dies_with_a_killed_parent() -> None:
    # A test run that is SIGKILLed cannot clean up; the JVM must not outlive it.
    script = (
        "from claimwire.devbroker import KafkaBroker\n"
        "import sys, time\n"
        "b = KafkaBroker(); b.start()\n"
        "print(b.pid, b.work_dir, flush=True)\n"
        "time.sleep(600)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script], cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True
    )
    java_pid = None
    work_dir = None
    try:
        line = parent.stdout.readline().split()
        assert len(line) == 2, "the parent did not start a broker"
        java_pid, work_dir = int(line[0]), Path(line[1])
        assert process_alive(java_pid)
        parent.kill()
        parent.wait()
        assert wait_until_gone(java_pid), f"broker pid {java_pid} outlived its killed parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if java_pid is not None and process_alive(java_pid):
            os.kill(java_pid, signal.SIGKILL)
        if work_dir is not None:
            shutil.rmtree(work_dir, ignore_errors=True)


# --------------------------------------------------------------------------- restarts on the same data

TOPIC = "restart-check"
LARGE = 8 << 20  # claimwire publishes articles up to 8 MiB


def cluster_id_of(bootstrap: str) -> str:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        return admin.describe_cluster()["cluster_id"]
    finally:
        admin.close()


def produce(bootstrap: str, values: list[bytes]) -> None:
    producer = KafkaProducer(
        bootstrap_servers=bootstrap, acks="all", max_request_size=LARGE + 4096, linger_ms=5
    )
    try:
        for value in values:
            producer.send(TOPIC, value=value, key=value[:16])
        producer.flush(timeout=60)
    finally:
        producer.close(timeout=10)


def read_all(bootstrap: str, expected: int, timeout_s: float = 60.0) -> list[bytes]:
    """Every value in TOPIC from the beginning (no consumer group), in (partition, offset) order."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, consumer_timeout_ms=1000)
    try:
        partitions = [TopicPartition(TOPIC, p) for p in sorted(consumer.partitions_for_topic(TOPIC) or [])]
        assert partitions, f"{TOPIC} has no partitions on {bootstrap}"
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        records = []
        deadline = time.monotonic() + timeout_s
        while len(records) < expected and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=1000).values():
                records.extend(batch)
        return [r.value for r in sorted(records, key=lambda r: (r.partition, r.offset))]
    finally:
        consumer.close()


def test_data_dir_broker_comes_back_after_kill_with_every_message(tmp_path: Path) -> None:
    data_dir = tmp_path / "kafka"
    broker = KafkaBroker(data_dir=data_dir)
    second = None
    try:
        bootstrap = broker.start()
        cluster_id = cluster_id_of(bootstrap)
        admin = KafkaAdminClient(bootstrap_servers=bootstrap)
        try:
            admin.create_topics([NewTopic(name=TOPIC, num_partitions=3, replication_factor=1)])
        finally:
            admin.close()
        sent = [f"message-{i:03d}".encode() for i in range(60)] + [b"L" * LARGE]  # broker takes 8 MiB messages
        produce(bootstrap, sent)

        # kill -9 and back on the same object: same port, same cluster, nothing lost.
        pid = broker.pid
        broker.kill()
        assert pid is not None and not process_alive(pid) and not broker.is_running()
        assert port_is_free("127.0.0.1", int(bootstrap.rsplit(":", 1)[1]))
        assert (data_dir / "data" / "meta.properties").is_file()
        assert broker.start() == bootstrap
        assert broker.pid != pid and cluster_id_of(bootstrap) == cluster_id
        assert sorted(read_all(bootstrap, len(sent))) == sorted(sent)

        # kill -9 again; a NEW object on the same data dir comes back the same way.
        more = [f"after-restart-{i:02d}".encode() for i in range(20)]
        produce(bootstrap, more)
        broker.kill()
        second = KafkaBroker(data_dir=data_dir)
        assert second.start() == bootstrap
        assert second.cluster_id == broker.cluster_id and cluster_id_of(bootstrap) == cluster_id
        assert sorted(read_all(bootstrap, len(sent) + len(more))) == sorted(sent + more)
        second.stop()
        assert (data_dir / "data" / "meta.properties").is_file()  # a caller's data dir survives stop()
    finally:
        broker.stop()
        if second is not None:
            second.stop()
