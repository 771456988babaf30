"""LoopHealth and Backoff decide when a loop is alive, ready, or must give up: pure logic on a fake clock."""

from __future__ import annotations

import pytest

from services.shared.supervision import Backoff, LoopHealth


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def running(clock: Clock, **kwargs: float) -> LoopHealth:
    health = LoopHealth("test-loop", clock=clock, **kwargs)
    health.running = True
    health.set_lag({0: 0, 1: 0})
    return health


def test_backoff_grows_to_its_cap_and_restarts_after_a_reset() -> None:
    backoff = Backoff(initial_s=1, max_s=8)
    ceilings = [1, 2, 4, 8, 8, 8]
    for ceiling in ceilings:
        assert ceiling / 2 <= backoff.next() <= ceiling
    backoff.reset()
    assert backoff.next() <= 1


def test_a_loop_gives_up_only_after_failing_for_the_whole_allowed_time(clock: Clock) -> None:
    health = running(clock, give_up_after_s=60)
    assert health.failed(TimeoutError("commit timed out")) is False
    clock.now += 59
    assert health.failed(TimeoutError("commit timed out")) is False
    clock.now += 2
    assert health.failed(TimeoutError("commit timed out")) is True


def test_one_success_between_failures_starts_the_count_again(clock: Clock) -> None:
    health = running(clock, give_up_after_s=60)
    health.failed(OSError("broker gone"))
    clock.now += 50
    health.succeeded(progressed=False)
    clock.now += 50
    assert health.failed(OSError("broker gone")) is False


def test_not_ready_while_failing_and_ready_again_after_a_success(clock: Clock) -> None:
    health = running(clock)
    assert health.ready(120) == (True, "ready")
    health.failed(TimeoutError("commit timed out"))
    ready, why = health.ready(120)
    assert not ready and "commit timed out" in why
    health.succeeded(progressed=True)
    assert health.ready(120)[0]


def test_lag_without_progress_for_too_long_is_not_ready_but_caught_up_is(clock: Clock) -> None:
    health = running(clock)
    health.set_lag({0: 40, 1: 2})
    clock.now += 100
    health.beat()
    assert health.ready(120)[0]
    clock.now += 30
    health.beat()
    ready, why = health.ready(120)
    assert not ready and "42 messages behind" in why
    health.set_lag({0: 0, 1: 0})
    assert health.ready(120)[0]


def test_a_silent_loop_is_not_alive_and_a_stopped_or_given_up_one_neither(clock: Clock) -> None:
    health = running(clock)
    assert health.alive(60)[0]
    clock.now += 61
    assert health.alive(60) == (False, "loop has not turned for 61s")
    health.beat()
    health.fatal = "store consumer failing for 300s"
    assert health.alive(60)[0] is False
    health.fatal = None
    health.running = False
    assert health.alive(60) == (False, "loop is not running")


def test_no_assigned_partition_is_not_ready(clock: Clock) -> None:
    health = running(clock)
    health.set_lag({})
    assert health.ready(120) == (False, "no partitions assigned")
