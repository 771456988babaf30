"""Free, remembered and requested ports for the broker's two listeners."""

from __future__ import annotations

import socket

import pytest

from claimwire.devbroker import DevBrokerError, KafkaBroker
from claimwire.devbroker.ports import choose_ports, find_free_port, port_accepts_connections, port_is_free


def listening_socket() -> socket.socket:
    squatter = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    squatter.bind(("127.0.0.1", 0))
    squatter.listen()
    return squatter


def test_free_port_can_be_bound() -> None:
    port = find_free_port("127.0.0.1")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", port))


def test_port_is_free_sees_listeners_only() -> None:
    with listening_socket() as squatter:
        port = squatter.getsockname()[1]
        assert not port_is_free("127.0.0.1", port)
        assert port_accepts_connections("127.0.0.1", port)
    assert port_is_free("127.0.0.1", port)
    assert not port_accepts_connections("127.0.0.1", port)


def test_choose_ports_reuses_remembered_ports_when_free() -> None:
    a, b = find_free_port(), find_free_port()
    chosen = choose_ports("127.0.0.1", requested=(None, None), remembered=(a, b), remembered_in="state")
    assert chosen == (a, b, True)


def test_choose_ports_picks_distinct_free_ports_when_nothing_is_known() -> None:
    port, controller_port, fixed = choose_ports(
        "127.0.0.1", requested=(None, None), remembered=(None, None), remembered_in="state"
    )
    assert port != controller_port and not fixed


@pytest.mark.parametrize("which", [0, 1])
def test_a_remembered_port_that_is_taken_fails_clearly(which: int) -> None:
    with listening_socket() as squatter:
        taken = squatter.getsockname()[1]
        remembered: list[int | None] = [find_free_port(), find_free_port()]
        remembered[which] = taken
        option = ["--port", "--controller-port"][which]
        with pytest.raises(DevBrokerError, match=rf"port {taken} that /d/state\.json remembers is in use.*{option}"):
            choose_ports(
                "127.0.0.1",
                requested=(None, None),
                remembered=(remembered[0], remembered[1]),
                remembered_in="/d/state.json",
            )


def test_explicit_ports_win_over_remembered_ones() -> None:
    with listening_socket() as squatter:
        taken = squatter.getsockname()[1]
        free = find_free_port()
        chosen = choose_ports("127.0.0.1", requested=(free, None), remembered=(taken, None), remembered_in="state")
    assert chosen[0] == free and chosen[1] not in (free, taken) and chosen[2]
    with pytest.raises(DevBrokerError, match="must differ"):
        KafkaBroker(port=41001, controller_port=41001)
