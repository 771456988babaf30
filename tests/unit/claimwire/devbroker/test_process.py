"""Reading the JVM's start-up failures and the readiness probe's answers, without a JVM."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from claimwire.devbroker import DevBrokerError
from claimwire.devbroker.errors import PortTaken
from claimwire.devbroker.process import not_ready_reason, start_up_failure


def write_server_log(work_dir: Path, text: str) -> None:
    (work_dir / "logs").mkdir(parents=True)
    (work_dir / "logs" / "server.log").write_text(text)


def test_a_bind_error_names_the_taken_port(tmp_path: Path) -> None:
    write_server_log(tmp_path, "Socket server failed to bind to 127.0.0.1:41007: Address already in use")
    failure = start_up_failure(1, port=41006, controller_port=41007, work_dir=tmp_path)
    assert isinstance(failure, PortTaken) and failure.ports == "41007"


def test_any_other_exit_is_reported_with_the_log(tmp_path: Path) -> None:
    write_server_log(tmp_path, "ConfigException: Invalid value many for configuration num.io.threads")
    failure = start_up_failure(1, port=41006, controller_port=41007, work_dir=tmp_path)
    assert isinstance(failure, DevBrokerError)
    assert "exited with code 1" in str(failure) and "num.io.threads" in str(failure)


class FakeAdmin:
    def __init__(self, brokers: list[dict[str, Any]], topics: list[dict[str, Any]]) -> None:
        self.brokers, self.topics = brokers, topics

    def describe_cluster(self) -> dict[str, Any]:
        return {"brokers": self.brokers}

    def describe_topics(self) -> list[dict[str, Any]]:
        return self.topics


@pytest.mark.parametrize(
    ("brokers", "topics", "reason"),
    [
        ([], [], "not registered or still fenced"),
        ([{"is_fenced": True}], [], "not registered or still fenced"),
        ([{}], [{"name": "t", "partitions": [{"partition_index": 0, "leader_id": -1}]}], "1 partitions have no leader"),
        ([{}], [{"name": "t", "error_code": 3}], "(e.g. t-None)"),
        ([{}], [{"name": "t", "partitions": [{"partition_index": 0, "leader_id": 1}]}], None),
    ],
)
def test_ready_means_unfenced_and_every_partition_led(
    brokers: list[dict[str, Any]], topics: list[dict[str, Any]], reason: str | None
) -> None:
    answer = not_ready_reason(FakeAdmin(brokers, topics))
    assert answer is None if reason is None else reason in (answer or "")
