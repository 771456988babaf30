"""The extract worker's health decisions, without a broker: what /healthz and /readyz say and why."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pytest
from prometheus_client import REGISTRY

from services.extract.health import WorkerHealth, partition_lag
from services.shared.config import Settings


def lag_gauge(partition: int) -> float | None:
    return REGISTRY.get_sample_value("claimwire_consumer_lag", {"service": "extract", "partition": str(partition)})


@dataclass
class Sandbox:
    state: str = "ready"
    last_error: str | None = None
    restarts: int = 0

    @property
    def healthy(self) -> bool:
        return self.state not in ("unavailable", "closed")


class TP(NamedTuple):
    topic: str
    partition: int


@pytest.fixture
def health(tmp_path: Path) -> WorkerHealth:
    worker = WorkerHealth(Settings(data_dir=tmp_path, extract_timeout_s=5.0, stall_after_s=120.0))
    worker.agent = "running"
    return worker


def ready(health: WorkerHealth, sandbox: Sandbox | None = None, *, consumer: list[str] | None = None,
          assigned: list[int] | None = None, rebalancing: bool = False) -> list[str]:
    return health.readiness_problems(sandbox or Sandbox(), consumer or [], [0] if assigned is None else assigned,
                                     rebalancing)


def test_the_stuck_bound_leaves_room_for_three_timeouts_and_never_drops_below_a_minute(tmp_path: Path):
    assert WorkerHealth(Settings(data_dir=tmp_path, extract_timeout_s=5.0)).stuck_after_s == 60.0
    assert WorkerHealth(Settings(data_dir=tmp_path, extract_timeout_s=30.0)).stuck_after_s == 120.0


def test_a_running_idle_worker_is_alive_and_ready(health: WorkerHealth):
    assert health.liveness_problems(Sandbox(), rebalancing=False) == []
    assert ready(health) == []


def test_an_agent_that_ended_without_a_shutdown_is_not_alive(health: WorkerHealth):
    health.agent = "finished"
    assert health.liveness_problems(Sandbox(), rebalancing=False) == ["agent task is not running (finished)"]
    health.stop()
    assert health.liveness_problems(Sandbox(), rebalancing=False) == []


def test_a_crash_is_reported_with_its_error_and_the_fatal_reason_first(health: WorkerHealth):
    health.crashed(RuntimeError("boom"))
    health.fatal = "agent crashed: RuntimeError: boom"
    assert health.liveness_problems(Sandbox(), rebalancing=False) == [
        "fatal: agent crashed: RuntimeError: boom", "agent task is not running (crashed: RuntimeError: boom)"]


def test_an_unavailable_sandbox_fails_liveness_unless_the_worker_is_stopping(health: WorkerHealth):
    broken = Sandbox(state="unavailable", last_error="extraction process failed to start: no model")
    assert health.liveness_problems(broken, rebalancing=False) == [
        "extraction process unavailable: extraction process failed to start: no model"]
    assert health.liveness_problems(Sandbox(state="closed"), rebalancing=False) == [
        "extraction process unavailable: closed"]
    health.stop()
    assert health.liveness_problems(broken, rebalancing=False) == []


def test_a_silent_loop_with_work_is_stuck_but_not_while_rebalancing_and_not_without_work(health: WorkerHealth):
    health.last_beat = time.monotonic() - 61
    assert health.liveness_problems(Sandbox(), rebalancing=False) == []  # nothing to do: silence is fine
    health.busy_since = health.last_beat
    [problem] = health.liveness_problems(Sandbox(), rebalancing=False)
    assert problem.startswith("agent has work but its loop has not moved for 61 s (bound 60 s)")
    assert health.liveness_problems(Sandbox(), rebalancing=True) == []
    health.busy_since = None
    health.lag = {0: 3}
    assert len(health.liveness_problems(Sandbox(), rebalancing=False)) == 1


def test_a_beat_or_a_finished_article_resets_the_stuck_clock(health: WorkerHealth):
    health.last_beat = time.monotonic() - 100
    health.begin()
    assert health.liveness_problems(Sandbox(), rebalancing=False) == []
    health.done()
    assert (health.busy_since, health.finished) == (None, 1)


def test_readiness_problems_come_in_a_fixed_order(health: WorkerHealth):
    health.stop()
    health.lag = {0: 2, 1: 5}
    health.last_progress = time.monotonic() - 121
    problems = ready(health, Sandbox(state="starting"), consumer=["consumer not running"], assigned=[],
                     rebalancing=True)
    assert problems[:5] == ["stopping", "consumer not running", "rebalancing", "no partitions assigned",
                            "extraction process is loading the model"]
    assert problems[5].startswith("lag 7 but no progress for 121 s (bound 120 s)")
    assert len(problems) == 6


def test_lag_with_recent_progress_is_ready_and_an_old_lag_is_a_stall(health: WorkerHealth):
    health.lag = {0: 4}
    assert ready(health) == []
    health.last_progress = time.monotonic() - 200
    assert ready(health) == ["lag 4 but no progress for 200 s (bound 120 s)"]


def test_set_lag_updates_the_gauges_drops_revoked_partitions_and_zero_lag_counts_as_progress(
        health: WorkerHealth):
    health.last_progress = time.monotonic() - 500
    health.set_lag({0: 3, 7: 1})
    assert (lag_gauge(0), lag_gauge(7)) == (3, 1)
    assert health.seconds_since_progress() > 499
    health.set_lag({0: 0})
    assert health.seconds_since_progress() < 1
    assert (lag_gauge(0), lag_gauge(7)) == (0, None)


def test_the_report_shows_state_lag_and_counts(health: WorkerHealth):
    health.lag = {1: 2, 0: 5}
    health.lag_error = "KafkaTimeoutError: slow"
    report = health.report(Sandbox(state="busy", restarts=2))
    assert report["agent"] == "running" and report["extraction_process"] == "busy"
    assert report["sandbox_restarts"] == 2 and report["articles_finished"] == 0 and report["busy"] is False
    assert list(report["lag"].items()) == [("0", 5), ("1", 2)]
    assert report["lag_error"] == "KafkaTimeoutError: slow"
    assert set(report) >= {"seconds_since_progress", "seconds_since_agent_beat"}


def test_partition_lag_counts_from_the_commit_or_from_the_start_of_the_log():
    first, second, third = TP("raw", 0), TP("raw", 1), TP("raw", 2)
    ends = {first: 10, second: 8, third: 5}
    committed = {first: 4, second: None, third: 9}  # third: committed past a truncated end
    assert partition_lag([first, second, third], ends, committed, {second: 2}) == {0: 6, 1: 6, 2: 0}
    # an unknown end or start is left out, never guessed
    assert partition_lag([first, second], {second: 8}, {}, {}) == {}
