"""A real, single-node Apache Kafka broker that claimwire starts by itself.

There is no Docker engine on the development and CI machines, so the integration tests and
developers running the services by hand get their broker from here: Maven fetches the Kafka
jars once (``deploy/kafka/pom.xml``) into a cache folder, and every :class:`KafkaBroker` runs
``kafka.Kafka`` from that classpath as one combined broker+controller in KRaft mode, on free
loopback ports, with its data and logs in a throw-away work directory.

Typical use::

    with KafkaBroker() as broker:
        producer = KafkaProducer(bootstrap_servers=broker.bootstrap_servers)

A broker that survives restarts (fault tests: kill it, bring it back, check nothing was lost)::

    broker = KafkaBroker(data_dir=tmp_path / "kafka")
    bootstrap = broker.start()      # formats the storage the first time only
    broker.kill()                   # SIGKILL, like `kill -9`; the data stays
    broker.start()                  # same data, cluster id and port (also from a new object)
    broker.restart(kill=True)       # the same in one call; restart() alone stops with SIGTERM
    broker.stop()                   # graceful; a data dir is never deleted

The data dir holds ``devbroker-state.json`` (cluster id, ports of the last start, last pid),
``server.properties``, ``data/`` (Kafka's log dir) and ``logs/``. Only one broker at a time may run
on it. A remembered port that another process holds is an error, unless explicit ports are given.

``python -m claimwire.devbroker`` runs one in the foreground until Ctrl-C or SIGTERM and prints
``host:port`` once it is ready; ``--data-dir DIR`` formats the storage in DIR once and restarts on it
on every later run, at the same ports if they are free (``--port``/``--controller-port`` move it).
The broker is tuned for tests: single-replica internal topics, no initial rebalance delay,
messages up to 16 MiB.

The modules, in the order a start uses them: ``java`` (the JVM), ``jars`` (the Maven cache),
``datadir`` and ``state`` (a kept folder), ``ports``, ``config`` (server.properties), ``process``
(the JVM's life), ``broker`` (KafkaBroker), ``cli`` (the foreground runner).
"""

from claimwire.devbroker.broker import KafkaBroker
from claimwire.devbroker.cli import main
from claimwire.devbroker.config import SaslSslListener, new_cluster_id, render_server_properties
from claimwire.devbroker.errors import DevBrokerError
from claimwire.devbroker.jars import (
    CACHE_ENV_VAR,
    COMPLETE_MARKER,
    KAFKA_POM,
    REPO_ROOT,
    default_cache_dir,
    ensure_kafka_classpath,
)
from claimwire.devbroker.java import require_executable
from claimwire.devbroker.ports import choose_ports, find_free_port, port_is_free
from claimwire.devbroker.state import (
    STATE_FILE_NAME,
    BrokerState,
    read_broker_state,
    read_meta_cluster_id,
    write_broker_state,
)

__all__ = [
    "CACHE_ENV_VAR",
    "COMPLETE_MARKER",
    "KAFKA_POM",
    "REPO_ROOT",
    "STATE_FILE_NAME",
    "SaslSslListener",
    "BrokerState",
    "DevBrokerError",
    "KafkaBroker",
    "choose_ports",
    "default_cache_dir",
    "ensure_kafka_classpath",
    "find_free_port",
    "main",
    "new_cluster_id",
    "port_is_free",
    "read_broker_state",
    "read_meta_cluster_id",
    "render_server_properties",
    "require_executable",
    "write_broker_state",
]
