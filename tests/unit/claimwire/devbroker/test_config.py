"""server.properties for one KRaft node, and cluster ids in Kafka's format."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from claimwire.devbroker import DevBrokerError
from claimwire.devbroker.config import (
    SaslSslListener,
    new_cluster_id,
    render_server_properties,
    sasl_ssl_properties,
    scram_format_arguments,
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


def test_server_properties_suit_large_messages_and_fast_recovery(tmp_path: Path) -> None:
    props = parse_properties(
        render_server_properties(host="127.0.0.1", broker_port=41001, controller_port=41002, data_dir=tmp_path)
    )
    assert int(props["message.max.bytes"]) == 16 << 20 >= 2 * (8 << 20)  # claimwire articles up to 8 MiB
    assert int(props["replica.fetch.max.bytes"]) >= int(props["message.max.bytes"])
    # A killed broker re-registers only once its old session expired: keep that short.
    assert int(props["broker.heartbeat.interval.ms"]) < int(props["broker.session.timeout.ms"]) <= 3000


def test_cluster_ids_are_kafka_uuids_and_unique() -> None:
    ids = {new_cluster_id() for _ in range(2000)}
    assert len(ids) == 2000
    for cluster_id in ids:
        assert len(cluster_id) == 22 and "=" not in cluster_id
        assert not cluster_id.startswith("-"), "would be parsed as an option by StorageTool"
        assert len(base64.urlsafe_b64decode(cluster_id + "==")) == 16


def test_a_sasl_ssl_listener_joins_the_plaintext_one_with_scram_and_pem_stores(tmp_path: Path) -> None:
    listener = SaslSslListener(keystore=tmp_path / "keystore.pem", truststore=tmp_path / "ca.pem",
                               scram_users={"alice": "alice-secret"})
    props = sasl_ssl_properties(listener, host="127.0.0.1", broker_port=41001, controller_port=41002,
                                sasl_port=41003)
    assert props["listeners"] == ("PLAINTEXT://127.0.0.1:41001,CONTROLLER://127.0.0.1:41002,"
                                  "SASL_SSL://127.0.0.1:41003")
    assert props["listener.security.protocol.map"] == "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL"
    assert props["listener.name.sasl_ssl.sasl.enabled.mechanisms"] == "SCRAM-SHA-256,SCRAM-SHA-512"
    assert props["listener.name.sasl_ssl.ssl.keystore.type"] == "PEM"
    assert props["listener.name.sasl_ssl.ssl.keystore.location"] == str(tmp_path / "keystore.pem")
    assert props["listener.name.sasl_ssl.ssl.truststore.location"] == str(tmp_path / "ca.pem")
    assert props["listener.name.sasl_ssl.ssl.client.auth"] == "required"
    assert "ScramLoginModule" in props["listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config"]
    rendered = parse_properties(render_server_properties(host="127.0.0.1", broker_port=41001, controller_port=41002,
                                                         data_dir=tmp_path, extra=props))
    assert rendered["inter.broker.listener.name"] == "PLAINTEXT"  # the broker's own traffic stays internal
    assert "alice-secret" not in repr(listener)


def test_scram_users_are_added_at_format_time_for_each_mechanism(tmp_path: Path) -> None:
    listener = SaslSslListener(keystore=tmp_path / "k.pem", scram_users={"alice": "a1", "bob": "b2"},
                               mechanisms=("SCRAM-SHA-256",))
    assert scram_format_arguments(listener) == ["--add-scram=SCRAM-SHA-256=[name=alice,password=a1]",
                                                "--add-scram=SCRAM-SHA-256=[name=bob,password=b2]"]
    props = sasl_ssl_properties(listener, host="127.0.0.1", broker_port=1, controller_port=2, sasl_port=3)
    assert props["listener.name.sasl_ssl.ssl.client.auth"] == "none"
    assert "listener.name.sasl_ssl.ssl.truststore.location" not in props


@pytest.mark.parametrize(("users", "mechanisms"), [
    ({}, ("SCRAM-SHA-256",)),
    ({"alice": "has,comma"}, ("SCRAM-SHA-256",)),
    ({"al ice": "secret"}, ("SCRAM-SHA-256",)),
    ({"alice": "secret"}, ("PLAIN",)),
])
def test_a_listener_the_storage_tool_could_not_take_is_refused(tmp_path: Path, users: dict[str, str],
                                                               mechanisms: tuple[str, ...]) -> None:
    with pytest.raises(DevBrokerError):
        SaslSslListener(keystore=tmp_path / "k.pem", scram_users=users, mechanisms=mechanisms)
