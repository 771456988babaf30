"""The broker's two loopback ports (PLAINTEXT and KRaft controller): free, remembered, or asked for."""

from __future__ import annotations

import socket

from claimwire.devbroker.config import DEFAULT_HOST
from claimwire.devbroker.errors import DevBrokerError


def find_free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port on ``host`` that nothing listens on right now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def port_is_free(host: str, port: int) -> bool:
    """True when nothing listens on ``host:port`` (connections lingering in TIME_WAIT do not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # Kafka binds with SO_REUSEADDR too, so a port that only has TIME_WAIT leftovers is usable.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def port_accepts_connections(host: str, port: int) -> bool:
    """True when something listens on ``host:port`` and accepts a connection within a second."""
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


def choose_ports(
    host: str,
    *,
    requested: tuple[int | None, int | None],
    remembered: tuple[int | None, int | None],
    remembered_in: str,
) -> tuple[int, int, bool]:
    """PLAINTEXT and controller ports for the next start, and whether any of them is fixed.

    A port the caller asked for wins (even when something else is remembered) and is not checked
    here: Kafka's own bind reports it. Otherwise a remembered port is reused and must be free
    (clients and the data expect the broker back at the same address), else a DevBrokerError
    names it. Ports neither asked for nor remembered are picked free and distinct.
    """
    chosen: list[int | None] = []
    for name, asked, known in zip(("PLAINTEXT", "controller"), requested, remembered, strict=True):
        if asked is not None:
            chosen.append(asked)
        elif known is not None:
            if not port_is_free(host, known):
                option = "port" if name == "PLAINTEXT" else "controller_port"
                raise DevBrokerError(
                    f"the {name} port {known} that {remembered_in} remembers is in use on {host} by another "
                    f"process; free it, or pass {option}= (--{option.replace('_', '-')}) to move the broker"
                )
            chosen.append(known)
        else:
            chosen.append(None)
    fixed = any(port is not None for port in chosen)
    port = chosen[0] if chosen[0] is not None else find_free_port(host)
    controller_port = chosen[1]
    while controller_port is None or (controller_port == port and chosen[1] is None):
        controller_port = find_free_port(host)
    if port == controller_port:
        raise DevBrokerError(f"the PLAINTEXT and controller ports are both {port}; they must differ")
    return port, controller_port, fixed
