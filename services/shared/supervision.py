"""Supervised loops: what every long-running claimwire loop uses so it never stops silently.

A loop (the store consumer, the DLQ replay) reports to a `LoopHealth`:

- `beat()` on every turn, so liveness can tell a stuck loop from a slow one;
- `succeeded(progressed)` after a turn that raised nothing; `progressed` when work became durable
  (an offset commit). Being caught up (lag 0, from `set_lag`) also counts as progress;
- `failed(error)` on a failure; it answers whether the loop should give up, which it does once
  failures have lasted `give_up_after_s` with no success in between. The loop then raises
  `GaveUp` and the process exits non-zero, so the orchestrator restarts it.

Between failures the loop sleeps `Backoff.next()`: capped exponential with full jitter, so many
replicas that lost the same broker do not reconnect in lockstep.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from services.shared.metrics import CONSUMER_LAG, LOOP_FAILURES, SECONDS_SINCE_PROGRESS

EXIT_LOOP_FAILED = 70  # EX_SOFTWARE: a service's loop could not recover; the orchestrator restarts it


class GaveUp(RuntimeError):
    """A loop failed for longer than it may; the process must exit non-zero."""


@dataclass
class Backoff:
    initial_s: float = 0.5
    max_s: float = 10.0
    _attempt: int = 0

    def next(self) -> float:
        ceiling = min(self.max_s, self.initial_s * (2**self._attempt))
        self._attempt = min(self._attempt + 1, 30)
        return random.uniform(ceiling / 2, ceiling)

    def reset(self) -> None:
        self._attempt = 0


@dataclass
class LoopHealth:
    """Thread-safe enough for its use: one loop thread writes, HTTP handlers read plain floats."""

    name: str
    give_up_after_s: float = 300.0
    clock: Callable[[], float] = time.monotonic
    started_at: float = field(init=False)
    last_beat: float = field(init=False)
    last_progress: float = field(init=False)
    failing_since: float | None = field(default=None, init=False)
    last_error: str | None = field(default=None, init=False)
    running: bool = field(default=False, init=False)
    fatal: str | None = field(default=None, init=False)
    assigned: int = field(default=0, init=False)
    lag: int | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self.started_at = self.last_beat = self.last_progress = self.clock()
        SECONDS_SINCE_PROGRESS.labels(self.name).set_function(lambda: self.clock() - self.last_progress)

    def beat(self) -> None:
        self.last_beat = self.clock()

    def succeeded(self, progressed: bool) -> None:
        with self._lock:
            self.last_beat = self.clock()
            if progressed:
                self.last_progress = self.last_beat
            self.failing_since = None
            self.last_error = None

    def failed(self, error: BaseException) -> bool:
        """Record a failure; True once failures have lasted longer than give_up_after_s."""
        now = self.clock()
        with self._lock:
            self.last_beat = now
            self.last_error = f"{type(error).__name__}: {error}"[:500]
            if self.failing_since is None:
                self.failing_since = now
            LOOP_FAILURES.labels(self.name, type(error).__name__).inc()
            return now - self.failing_since >= self.give_up_after_s

    def set_lag(self, partitions: dict[int, int]) -> None:
        self.assigned = len(partitions)
        self.lag = sum(partitions.values())
        for partition, behind in partitions.items():
            CONSUMER_LAG.labels(self.name, str(partition)).set(behind)
        if self.lag == 0:  # caught up: nothing to do counts as progress
            self.last_progress = self.clock()

    def alive(self, stuck_after_s: float) -> tuple[bool, str]:
        """Liveness: the loop runs and has turned recently (a turn is a poll of at most a second
        plus one batch write, so a long silence means it hangs)."""
        if self.fatal:
            return False, f"gave up: {self.fatal}"
        if not self.running:
            return False, "loop is not running"
        silent = self.clock() - self.last_beat
        if silent > stuck_after_s:
            return False, f"loop has not turned for {silent:.0f}s"
        return True, "ok"

    def ready(self, stall_after_s: float) -> tuple[bool, str]:
        """Readiness: alive, assigned partitions, no failure going on, and progress while behind."""
        alive, why = self.alive(stall_after_s)
        if not alive:
            return False, why
        if self.failing_since is not None:
            return False, f"failing for {self.clock() - self.failing_since:.0f}s: {self.last_error}"
        if self.assigned == 0:
            return False, "no partitions assigned"
        stalled = self.clock() - self.last_progress
        if self.lag and stalled > stall_after_s:
            return False, f"{self.lag} messages behind and no progress for {stalled:.0f}s"
        return True, "ready"
