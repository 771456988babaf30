"""What the extract worker says about itself: /healthz (alive?), /readyz (taking work?) and lag.

`WorkerHealth` is written by the agent (beats, articles begun and finished) and by the lag timer;
the decisions below only read it, plus the sandbox's state and what the consumer reports, so they
can be tested without a broker. Problems are listed in a fixed order, and each says why.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from services.shared.config import Settings
from services.shared.metrics import CONSUMER_LAG

SERVICE = "extract"

class SandboxState(Protocol):
    """The part of `ExtractionSandbox` the health checks read."""

    state: str
    last_error: str | None
    restarts: int

    @property
    def healthy(self) -> bool: ...


class PartitionLike(Protocol):
    @property
    def partition(self) -> int: ...


class WorkerHealth:
    """The worker's state as /healthz, /readyz and the metrics report it."""

    def __init__(self, settings: Settings) -> None:
        now = time.monotonic()
        self.stall_after_s = settings.stall_after_s
        # Every step of the agent is bounded by the extraction timeout except the broker's acks.
        self.stuck_after_s = max(60.0, 3 * settings.extract_timeout_s + 30.0)
        self.agent = "not started"  # running | finished | crashed | cancelled
        self.agent_error: str | None = None
        self.fatal: str | None = None
        self.stopping_since: float | None = None
        self.busy_since: float | None = None
        self.last_beat = now
        self.last_progress = now
        self.lag: dict[int, int] = {}
        self.lag_error: str | None = None
        self.finished = 0

    # ------------------------------------------------------------------ written by the agent
    @property
    def stopping(self) -> bool:
        return self.stopping_since is not None

    def stop(self) -> None:
        """SIGTERM reached the app: the shutdown grace of the article in hand starts now."""
        if self.stopping_since is None:
            self.stopping_since = time.monotonic()

    def seconds_stopping(self) -> float:
        return 0.0 if self.stopping_since is None else time.monotonic() - self.stopping_since

    def beat(self) -> None:
        self.last_beat = time.monotonic()

    def begin(self) -> None:
        self.busy_since = self.last_beat = time.monotonic()

    def done(self) -> None:
        self.busy_since = None
        self.last_beat = self.last_progress = time.monotonic()
        self.finished += 1

    def crashed(self, error: BaseException) -> None:
        self.agent, self.agent_error = "crashed", f"{type(error).__name__}: {error}"

    def seconds_since_progress(self) -> float:
        return time.monotonic() - self.last_progress

    def set_lag(self, lag: dict[int, int]) -> None:
        for partition in set(self.lag) - set(lag):
            with contextlib.suppress(KeyError):
                CONSUMER_LAG.remove(SERVICE, str(partition))
        self.lag = lag
        for partition, value in lag.items():
            CONSUMER_LAG.labels(SERVICE, str(partition)).set(value)
        if not any(lag.values()):
            self.last_progress = time.monotonic()  # nothing waiting: not stalled

    # ------------------------------------------------------------------ read by the endpoints
    def liveness_problems(self, sandbox: SandboxState, rebalancing: bool) -> list[str]:
        """Why /healthz fails: the orchestrator should restart a worker that reports any of these."""
        problems = []
        if self.fatal:
            problems.append(f"fatal: {self.fatal}")
        if self.agent in ("crashed", "cancelled") or (self.agent == "finished" and not self.stopping):
            detail = f": {self.agent_error}" if self.agent_error else ""
            problems.append(f"agent task is not running ({self.agent}{detail})")
        if not sandbox.healthy and not self.stopping:
            problems.append(f"extraction process unavailable: {sandbox.last_error or sandbox.state}")
        has_work = self.busy_since is not None or any(self.lag.values())
        silent = time.monotonic() - self.last_beat
        if has_work and silent > self.stuck_after_s and not rebalancing:
            problems.append(f"agent has work but its loop has not moved for {silent:.0f} s "
                            f"(bound {self.stuck_after_s:g} s)")
        return problems

    def readiness_problems(self, sandbox: SandboxState, consumer_problems: list[str], assigned: list[int],
                           rebalancing: bool) -> list[str]:
        """Why /readyz fails (besides the liveness problems): the worker cannot take work right now."""
        problems = ["stopping"] if self.stopping else []
        problems += consumer_problems
        if rebalancing:
            problems.append("rebalancing")
        if not assigned:
            problems.append("no partitions assigned")
        if sandbox.state in ("new", "starting"):
            problems.append("extraction process is loading the model")
        lag = sum(self.lag.values())
        since = self.seconds_since_progress()
        if lag and since > self.stall_after_s:
            problems.append(f"lag {lag} but no progress for {since:.0f} s (bound {self.stall_after_s:g} s)")
        return problems

    def report(self, sandbox: SandboxState) -> dict[str, Any]:
        """The fields both endpoints show, whatever their status."""
        return {"agent": self.agent, "extraction_process": sandbox.state, "sandbox_restarts": sandbox.restarts,
                "lag": {str(p): n for p, n in sorted(self.lag.items())}, "lag_error": self.lag_error,
                "seconds_since_progress": round(self.seconds_since_progress(), 1),
                "seconds_since_agent_beat": round(time.monotonic() - self.last_beat, 1),
                "busy": self.busy_since is not None, "articles_finished": self.finished}


def partition_lag(partitions: Iterable[PartitionLike], ends: Mapping[Any, int | None],
                  committed: Mapping[Any, int | None], earliest: Mapping[Any, int | None]) -> dict[int, int]:
    """End offset minus the offset still to do, per partition: the committed offset, or the start
    of the log for a partition nothing was committed on yet. A partition with an unknown end or
    start is left out rather than guessed."""
    lag = {}
    for tp in partitions:
        end, done = ends.get(tp), committed.get(tp)
        done = earliest.get(tp) if done is None else done
        if end is not None and done is not None:
            lag[tp.partition] = max(0, end - done)
    return lag
