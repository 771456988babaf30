"""Running a development server in the foreground (the broker's and the search node's runners): stop
on Ctrl-C or SIGTERM, or report when the server exits on its own."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable


def stop_on_signals() -> threading.Event:
    """An event set by SIGTERM or SIGINT (Ctrl-C)."""
    stop_requested = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        stop_requested.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    return stop_requested


def wait_until_stopped(stop_requested: threading.Event, is_running: Callable[[], bool]) -> bool:
    """Block until a stop is requested (True) or the server exits on its own (False)."""
    while not stop_requested.wait(1.0):
        if not is_running():
            return False
    return True
