"""claimwire.devbroker pieces that need no JVM: configuration, cache decisions, tool checks."""

from __future__ import annotations

import base64
import hashlib
import socket
from pathlib import Path

import pytest

from claimwire import devbroker
from claimwire.devbroker import (
    DevBrokerError,
    KafkaBroker,
    default_cache_dir,
    ensure_kafka_classpath,
    find_free_port,
    new_cluster_id,
    render_server_properties,
)


def parse_properties(text: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))
    return {key: value for key, value in pairs}


def test_server_properties_describe_a_single_kraft_node(tmp_path: Path) -> None:
    props = parse_properties(
        render_server_properties(host="127.0.0.1", broker_port=41001, controller_port=41002, data_dir=tmp_path)
    )
    assert props["process.roles"] == "broker,controller"
    assert props["node.id"] == "1"
    assert props["controller.quorum.bootstrap.servers"] == "127.0.0.1:41002"
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:41001,CONTROLLER://127.0.0.1:41002"
    assert props["controller.listener.names"] == "CONTROLLER"
    assert props["log.dirs"] == str(tmp_path)
    for single_replica in ("offsets.topic.replication.factor", "transaction.state.log.replication.factor"):
        assert props[single_replica] == "1"
    assert props["transaction.state.log.min.isr"] == "1"
    assert props["group.initial.rebalance.delay.ms"] == "0"
    assert props["auto.create.topics.enable"] == "true"


def test_extra_properties_override_defaults_and_reject_line_breaks(tmp_path: Path) -> None:
    text = render_server_properties(
        host="127.0.0.1",
        broker_port=1,
        controller_port=2,
        data_dir=tmp_path,
        extra={"num.partitions": "6", "message.max.bytes": "2000000"},
    )
    props = parse_properties(text)
    assert props["num.partitions"] == "6" and props["message.max.bytes"] == "2000000"
    assert text.splitlines().count("num.partitions=6") == 1
    assert not any(line == "num.partitions=1" for line in text.splitlines())
    with pytest.raises(DevBrokerError, match="line break"):
        render_server_properties(
            host="127.0.0.1", broker_port=1, controller_port=2, data_dir=tmp_path, extra={"log.dirs": "/a\nnode.id=9"}
        )


def test_cluster_ids_are_kafka_uuids_and_unique() -> None:
    ids = {new_cluster_id() for _ in range(2000)}
    assert len(ids) == 2000
    for cluster_id in ids:
        assert len(cluster_id) == 22 and "=" not in cluster_id
        assert not cluster_id.startswith("-"), "would be parsed as an option by StorageTool"
        assert len(base64.urlsafe_b64decode(cluster_id + "==")) == 16


def test_free_port_can_be_bound() -> None:
    port = find_free_port("127.0.0.1")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", port))


def test_cache_dir_comes_from_env_or_repo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(devbroker.CACHE_ENV_VAR, raising=False)
    assert default_cache_dir() == devbroker.REPO_ROOT / ".cache" / "kafka"
    monkeypatch.setenv(devbroker.CACHE_ENV_VAR, str(tmp_path / "jars"))
    assert default_cache_dir() == (tmp_path / "jars").resolve()


def fill_lib(cache: Path, pom: Path, jars: list[str], digest: str | None = None) -> Path:
    lib = cache / "lib"
    lib.mkdir(parents=True)
    for jar in jars:
        (lib / jar).write_bytes(b"PK")
    digest = digest or hashlib.sha256(pom.read_bytes()).hexdigest()
    (lib / devbroker.COMPLETE_MARKER).write_text("\n".join([digest, *jars]) + "\n")
    return lib


def test_complete_cache_is_used_without_maven(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # Maven unreachable: must not be needed
    lib = fill_lib(tmp_path / "cache", devbroker.KAFKA_POM, ["kafka_2.13-4.4.0.jar", "kafka-clients-4.4.0.jar"])
    assert ensure_kafka_classpath(tmp_path / "cache") == lib


@pytest.mark.parametrize("damage", ["stale-pom", "missing-jar", "no-marker"])
def test_incomplete_cache_needs_maven(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, damage: str) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    lib = fill_lib(
        tmp_path / "cache",
        devbroker.KAFKA_POM,
        ["kafka_2.13-4.4.0.jar"],
        digest="0" * 64 if damage == "stale-pom" else None,
    )
    if damage == "missing-jar":
        (lib / "kafka_2.13-4.4.0.jar").unlink()
    if damage == "no-marker":
        (lib / devbroker.COMPLETE_MARKER).unlink()
    with pytest.raises(DevBrokerError, match=r"`mvn` was not found.*apt-get install maven"):
        ensure_kafka_classpath(tmp_path / "cache")


def test_missing_java_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    broker = KafkaBroker(cache_dir=tmp_path / "cache")
    with pytest.raises(DevBrokerError, match=r"`java` was not found.*Java 17"):
        broker.start()
    assert not broker.is_running() and broker.work_dir is None


def test_broker_address_only_exists_while_running() -> None:
    with pytest.raises(DevBrokerError, match="not running"):
        _ = KafkaBroker().bootstrap_servers


@pytest.mark.parametrize("heap", ["", "lots", "512 m", "-Xmx1g", "5\n12m"])
def test_heap_must_be_a_jvm_size(heap: str) -> None:
    with pytest.raises(DevBrokerError, match="heap size"):
        KafkaBroker(heap=heap)
