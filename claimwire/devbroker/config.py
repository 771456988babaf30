"""What the broker is told: ``server.properties`` for one KRaft node tuned for tests, and its cluster id."""

from __future__ import annotations

import base64
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
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


# ---- The optional SASL_SSL client listener (a broker that tests claimwire's TLS and SASL settings).

SCRAM_MECHANISMS = ("SCRAM-SHA-256", "SCRAM-SHA-512")
SASL_SSL_LISTENER = "SASL_SSL"
# StorageTool reads a credential as [name=NAME,password=PASSWORD]: these would end a field early.
_SCRAM_FORBIDDEN = re.compile(r"[\s,=\[\]\"]")


@dataclass(frozen=True)
class SaslSslListener:
    """A client listener ``SASL_SSL://host:port`` next to the internal PLAINTEXT one.

    ``keystore`` is a PEM file holding the broker's private key (PKCS#8, unencrypted) and then its
    certificate chain. With ``truststore`` (PEM CA certificates) clients must also present a certificate
    one of them signed (mutual TLS). ``scram_users`` (name -> password) are written into the storage when
    it is formatted, for each of ``mechanisms``; a data dir formatted earlier keeps the users it has.
    ``port`` None picks a free one. Inter-broker traffic and the readiness probe stay on PLAINTEXT.
    """

    keystore: Path
    scram_users: Mapping[str, str] = field(repr=False)  # passwords: never in a repr
    truststore: Path | None = None
    mechanisms: tuple[str, ...] = SCRAM_MECHANISMS
    port: int | None = None

    def __post_init__(self) -> None:
        unknown = [m for m in self.mechanisms if m not in SCRAM_MECHANISMS]
        if unknown or not self.mechanisms:
            raise DevBrokerError(f"SASL mechanisms must be some of {', '.join(SCRAM_MECHANISMS)}, not {unknown}")
        if not self.scram_users:
            raise DevBrokerError("a SASL_SSL listener needs at least one SCRAM user")
        for name, password in self.scram_users.items():
            if not name or not password or _SCRAM_FORBIDDEN.search(name) or _SCRAM_FORBIDDEN.search(password):
                raise DevBrokerError(f"SCRAM user {name!r}: name and password must be non-empty, without "
                                     "spaces, commas, '=', brackets or quotes")


def sasl_ssl_properties(
    listener: SaslSslListener, *, host: str, broker_port: int, controller_port: int, sasl_port: int
) -> dict[str, str]:
    """The server.properties entries that add the SASL_SSL listener (they override the listener defaults)."""
    prefix = f"listener.name.{SASL_SSL_LISTENER.lower()}"
    listeners = (f"PLAINTEXT://{host}:{broker_port},CONTROLLER://{host}:{controller_port},"
                 f"{SASL_SSL_LISTENER}://{host}:{sasl_port}")
    properties = {
        "listeners": listeners,
        "advertised.listeners": listeners,
        "listener.security.protocol.map": f"CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,{SASL_SSL_LISTENER}:SASL_SSL",
        f"{prefix}.sasl.enabled.mechanisms": ",".join(listener.mechanisms),
        f"{prefix}.ssl.keystore.type": "PEM",
        f"{prefix}.ssl.keystore.location": str(listener.keystore),
        f"{prefix}.ssl.client.auth": "none" if listener.truststore is None else "required",
    }
    for mechanism in listener.mechanisms:
        # The broker's side of SCRAM needs a login module, though it logs in nowhere.
        properties[f"{prefix}.{mechanism.lower()}.sasl.jaas.config"] = (
            "org.apache.kafka.common.security.scram.ScramLoginModule required;")
    if listener.truststore is not None:
        properties[f"{prefix}.ssl.truststore.type"] = "PEM"
        properties[f"{prefix}.ssl.truststore.location"] = str(listener.truststore)
    return properties


def scram_format_arguments(listener: SaslSslListener) -> list[str]:
    """``--add-scram`` arguments for StorageTool format: every user, for every mechanism (Kafka 3.5+)."""
    return [
        f"--add-scram={mechanism}=[name={name},password={password}]"
        for mechanism in listener.mechanisms
        for name, password in listener.scram_users.items()
    ]
