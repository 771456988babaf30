"""KafkaBroker's lifecycle (start, kill, restart, stop) on a throw-away or persistent folder, against the fake
`java` of conftest.py that only binds the ports."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from claimwire.devbroker import DevBrokerError, KafkaBroker
from claimwire.devbroker.ports import find_free_port
from claimwire.devbroker.state import read_broker_state
from tests.unit.claimwire.devbroker.fakes import fake_broker, formats, gone


def test_broker_address_only_exists_while_running() -> None:
    with pytest.raises(DevBrokerError, match="not running"):
        _ = KafkaBroker().bootstrap_servers


@pytest.mark.parametrize("heap", ["", "lots", "512 m", "-Xmx1g", "5\n12m"])
def test_heap_must_be_a_jvm_size(heap: str) -> None:
    with pytest.raises(DevBrokerError, match="heap size"):
        KafkaBroker(heap=heap)


def test_data_dir_is_formatted_once_and_restarted_at_the_same_ports(fake_java: Path) -> None:
    data_dir = fake_java / "kafka"
    broker = fake_broker(fake_java, data_dir=data_dir)
    other = None
    try:
        bootstrap = broker.start()
        first_pid, port, controller_port = broker.pid, broker.port, broker.controller_port
        assert bootstrap == f"127.0.0.1:{port}" and broker.work_dir == data_dir
        assert formats(fake_java) == [broker.cluster_id]
        state = read_broker_state(data_dir)
        assert state is not None and state.formatted and state.cluster_id == broker.cluster_id
        assert (state.port, state.controller_port, state.pid) == (port, controller_port, first_pid)

        broker.kill()
        assert first_pid is not None and gone(first_pid)
        assert not broker.is_running() and broker.pid is None
        assert (data_dir / "data" / "meta.properties").is_file() and broker.port == port  # data and ports kept

        assert broker.start() == bootstrap  # same object, same data
        assert broker.pid != first_pid and formats(fake_java) == [broker.cluster_id]
        assert broker.restart(kill=True) == bootstrap
        assert broker.restart() == bootstrap
        broker.stop()
        assert data_dir.is_dir() and (data_dir / "data" / "meta.properties").is_file()  # stop keeps a data dir

        other = fake_broker(fake_java, data_dir=data_dir)  # a new object (or process) on the same folder
        assert other.start() == bootstrap
        assert other.cluster_id == broker.cluster_id and other.controller_port == controller_port
        assert formats(fake_java) == [broker.cluster_id]  # formatted exactly once
        assert (data_dir / "data" / "fake-records").read_text().count("started") == 5
    finally:
        broker.stop()
        if other is not None:
            other.stop()


def test_a_taken_remembered_port_fails_and_explicit_ports_move_the_broker(fake_java: Path) -> None:
    data_dir = fake_java / "kafka"
    broker = fake_broker(fake_java, data_dir=data_dir)
    try:
        broker.start()
        port = broker.port
        assert port is not None
        broker.kill()
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
            squatter.bind(("127.0.0.1", port))
            squatter.listen()
            with pytest.raises(DevBrokerError, match=rf"PLAINTEXT port {port} that .*devbroker-state.json remembers"):
                broker.start()
            assert not broker.is_running()
            with pytest.raises(DevBrokerError, match="remembers is in use"):
                fake_broker(fake_java, data_dir=data_dir).start()  # the lock was released by the failure

            new_port = find_free_port()
            moved = fake_broker(fake_java, data_dir=data_dir, port=new_port)
            try:
                assert moved.start() == f"127.0.0.1:{new_port}"
            finally:
                moved.kill()
        state = read_broker_state(data_dir)
        assert state is not None and state.port == new_port  # remembered for the next start
        assert broker.start() == f"127.0.0.1:{new_port}"
        assert len(formats(fake_java)) == 1
    finally:
        broker.stop()


def test_a_throw_away_broker_survives_kill_until_stop(fake_java: Path) -> None:
    broker = fake_broker(fake_java)
    try:
        bootstrap = broker.start()
        work_dir, cluster_id = broker.work_dir, broker.cluster_id
        assert work_dir is not None and broker.data_dir is None
        broker.kill()
        assert work_dir.is_dir()  # kill keeps the data, also without a data dir
        assert broker.start() == bootstrap and broker.work_dir == work_dir and broker.cluster_id == cluster_id
        assert broker.restart() == bootstrap and broker.work_dir == work_dir
        assert formats(fake_java) == [cluster_id]
        broker.stop()
        assert not work_dir.exists() and broker.work_dir is None and broker.port is None  # as before: discarded

        broker.start()  # after stop(): a fresh broker, as before
        assert broker.work_dir != work_dir and broker.cluster_id != cluster_id and len(formats(fake_java)) == 2
    finally:
        broker.stop()
