"""The HTTP server of the ingest and store services, stoppable by a dying background loop.

A service runs a loop in a thread beside its HTTP API (the store's consumer, the feed poller).
If that loop ends for any reason but a requested stop, `LoopFailed.stop(reason)` tells uvicorn to
shut down, and `serve` then exits with EXIT_LOOP_FAILED: the process never goes on answering HTTP
over a pipeline that has stopped, and the orchestrator restarts it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.h11_impl import H11Protocol

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

    def serve(self, app: FastAPI, *, host: str, port: int, service: str, header_timeout_s: float = 10.0) -> None:
        self.server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                                    timeout_graceful_shutdown=5, timeout_keep_alive=5,
                                                    http=with_header_deadline(header_timeout_s)))
        self.server.run()
        if self.reasons:
            log.error("service_exiting", service=service, exit_code=EXIT_LOOP_FAILED, reason=self.reasons[0])
            raise SystemExit(EXIT_LOOP_FAILED)


class HeaderDeadlineProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, closing a connection whose request head has not arrived within
    `header_timeout_s` of the connection opening or of the previous response ending. uvicorn's own
    keep-alive timer stops at the first byte, so a client sending half a head would hold its
    connection for ever; two hundred such clients would hold two hundred. (The body has its own
    deadline, in the app that reads it.)"""

    header_timeout_s = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_deadline: asyncio.TimerHandle | None = None
        self._cycle_waited_for: object = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_head()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._head_deadline is not None and self.cycle is not self._cycle_waited_for:
            self._cancel_head_deadline()  # a new request's head has been parsed

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._await_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_deadline()
        super().connection_lost(exc)

    def _await_head(self) -> None:
        self._cancel_head_deadline()
        self._cycle_waited_for = self.cycle
        self._head_deadline = self.loop.call_later(self.header_timeout_s, self._head_too_slow)

    def _cancel_head_deadline(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_too_slow(self) -> None:
        self._head_deadline = None
        if self.cycle is self._cycle_waited_for and not self.transport.is_closing():
            self.transport.close()


def with_header_deadline(header_timeout_s: float) -> type[HeaderDeadlineProtocol]:
    return type("HeaderDeadlineProtocol", (HeaderDeadlineProtocol,), {"header_timeout_s": header_timeout_s})
