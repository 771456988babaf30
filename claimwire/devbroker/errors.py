"""The error every part of the development broker raises, and the start-up failure that is retried."""

from __future__ import annotations


class DevBrokerError(RuntimeError):
    """The development broker could not be prepared, started or stopped."""


class PortTaken(Exception):
    """The broker died because one of its ports was already bound by another process."""

    def __init__(self, ports: str) -> None:
        super().__init__(ports)
        self.ports = ports
