"""server.properties for one KRaft node, and cluster ids in Kafka's format."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from claimwire.devbroker import DevBrokerError
from claimwire.devbroker.config import new_cluster_id, render_server_properties


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
