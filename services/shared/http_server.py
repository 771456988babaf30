"""The HTTP server of the ingest and store services, stoppable by a dying background loop.

A service runs a loop in a thread beside its HTTP API (the store's consumer, the feed poller).
If that loop ends for any reason but a requested stop, `LoopFailed.stop(reason)` tells uvicorn to
shut down, and `serve` then exits with EXIT_LOOP_FAILED: the process never goes on answering HTTP
over a pipeline that has stopped, and the orchestrator restarts it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import uvicorn
from fastapi import FastAPI

from services.shared.logging import get_logger
from services.shared.supervision import EXIT_LOOP_FAILED

log = get_logger(__name__)


@dataclass
class LoopFailed:
    reasons: list[str] = field(default_factory=list)
    server: uvicorn.Server | None = None

    def stop(self, reason: str) -> None:
        self.reasons.append(reason)
        if self.server is not None:
            self.server.should_exit = True

    def serve(self, app: FastAPI, *, host: str, port: int, service: str) -> None:
        self.server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                                    timeout_graceful_shutdown=5))
        self.server.run()
        if self.reasons:
            log.error("service_exiting", service=service, exit_code=EXIT_LOOP_FAILED, reason=self.reasons[0])
            raise SystemExit(EXIT_LOOP_FAILED)
