"""What the broker is told: ``server.properties`` for one KRaft node tuned for tests, and its cluster id."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Mapping
from pathlib import Path

from claimwire.devbroker.errors import DevBrokerError

DEFAULT_HOST = "127.0.0.1"
# claimwire publishes articles up to 8 MiB (Settings.kafka_max_message_bytes); leave room above that.
MAX_MESSAGE_BYTES = 16 << 20


def new_cluster_id() -> str:
    """A random KRaft cluster id in Kafka's own format (URL-safe base64 of 16 bytes, no padding).

    Like Kafka's ``Uuid.randomUuid()`` it never starts with ``-``: command-line parsers would
    take such an id for an option (1 in 64 random ids would break ``StorageTool format``).
    """
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode("ascii")
        if not cluster_id.startswith("-"):
            return cluster_id


def render_server_properties(
    *,
    host: str,
    broker_port: int,
    controller_port: int,
    data_dir: Path,
    node_id: int = 1,
    extra: Mapping[str, str] | None = None,
) -> str:
    """server.properties for one combined broker+controller node in KRaft mode.

    Every internal topic gets replication factor 1 and min ISR 1, since there is only one node;
    ``extra`` entries are appended last and so override the defaults.
    """
    settings: dict[str, str] = {
        "process.roles": "broker,controller",
        "node.id": str(node_id),
        # Kafka 4.x (KIP-853): dynamic quorum; the node finds the quorum through this address.
        "controller.quorum.bootstrap.servers": f"{host}:{controller_port}",
        "listeners": f"PLAINTEXT://{host}:{broker_port},CONTROLLER://{host}:{controller_port}",
        "advertised.listeners": f"PLAINTEXT://{host}:{broker_port},CONTROLLER://{host}:{controller_port}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs": str(data_dir),
        "num.partitions": "1",
        "auto.create.topics.enable": "true",
        "offsets.topic.replication.factor": "1",
        "offsets.topic.num.partitions": "10",  # 50 by default: slower first group join for no gain here
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        "group.initial.rebalance.delay.ms": "0",  # first consumer join (and rejoin after a restart) at once
        # Large articles: the broker's default limit is ~1 MiB. Followers (none here) must fetch as much.
        "message.max.bytes": str(MAX_MESSAGE_BYTES),
        "replica.fetch.max.bytes": str(MAX_MESSAGE_BYTES),
        # After a kill -9 the restarted broker cannot register until the dead incarnation's session
        # expires (DUPLICATE_BROKER_REGISTRATION): 9 s by default, 3 s here.
        "broker.heartbeat.interval.ms": "500",
        "broker.session.timeout.ms": "3000",
        "num.network.threads": "2",
        "num.io.threads": "4",
        "log.retention.hours": "24",
    }
    for key, value in (extra or {}).items():
        settings[str(key)] = str(value)
    for key, value in settings.items():
        if "\n" in key or "\n" in value or "\r" in key or "\r" in value:
            raise DevBrokerError(f"broker property {key!r} contains a line break")
    header = "# Written by claimwire.devbroker for a development broker (rewritten on every start).\n"
    return header + "".join(f"{key}={value}\n" for key, value in settings.items())
