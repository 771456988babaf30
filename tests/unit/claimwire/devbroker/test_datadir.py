"""A persistent data dir: one broker at a time, only folders that are ours, recovery of a lost state file
(against the fake `java` of conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from claimwire.devbroker import DevBrokerError
from claimwire.devbroker.datadir import LOCK_FILE_NAME, DataDirLock, prepare_data_dir
from claimwire.devbroker.ports import find_free_port
from claimwire.devbroker.process import is_broker_jvm_for
from claimwire.devbroker.state import STATE_FILE_NAME, read_broker_state
from tests.unit.claimwire.devbroker.fakes import fake_broker, formats


def test_one_broker_at_a_time_per_data_dir(fake_java: Path) -> None:
    data_dir = fake_java / "kafka"
    first = fake_broker(fake_java, data_dir=data_dir)
    second = fake_broker(fake_java, data_dir=data_dir, port=find_free_port())
    try:
        first.start()
        assert first.pid is not None and is_broker_jvm_for(first.pid, data_dir / "server.properties")
        assert not is_broker_jvm_for(os.getpid(), data_dir / "server.properties")
        with pytest.raises(DevBrokerError, match="in use by another claimwire dev broker"):
            second.start()
        first.stop()
        second.start()
        assert second.is_running()
    finally:
        first.stop()
        second.stop()


def test_the_lock_is_exclusive_until_released(tmp_path: Path) -> None:
    first, second = DataDirLock(tmp_path / "kafka"), DataDirLock(tmp_path / "kafka")
    first.acquire()
    first.acquire()  # held already: a no-op
    assert (tmp_path / "kafka" / LOCK_FILE_NAME).is_file()
    with pytest.raises(DevBrokerError, match="in use by another claimwire dev broker"):
        second.acquire()
    first.release()
    second.acquire()
    second.release()
    second.release()  # not held: a no-op


def test_an_empty_folder_gets_a_new_unformatted_state(tmp_path: Path) -> None:
    state = prepare_data_dir(tmp_path, "127.0.0.1")
    assert not state.formatted and state.port is None and read_broker_state(tmp_path) == state


def test_foreign_or_damaged_data_dirs_are_refused(fake_java: Path) -> None:
    foreign = fake_java / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(DevBrokerError, match="not empty and is not a claimwire dev broker data dir"):
        fake_broker(fake_java, data_dir=foreign).start()
    assert (foreign / "notes.txt").read_text() == "mine"

    data_dir = fake_java / "kafka"
    broker = fake_broker(fake_java, data_dir=data_dir)
    broker.start()
    broker.stop()
    assert broker.cluster_id is not None
    meta = data_dir / "data" / "meta.properties"
    meta_text = meta.read_text()
    meta.write_text(meta_text.replace(broker.cluster_id, "ZZZZZZZZZZZZZZZZZZZZZZ"))
    with pytest.raises(DevBrokerError, match="belongs to cluster ZZZZ.*inconsistent"):
        broker.start()
    meta.unlink()
    with pytest.raises(DevBrokerError, match="meta.properties is missing.*refusing to format"):
        broker.start()
    assert len(formats(fake_java)) == 1 and (data_dir / "data" / "fake-records").exists()
    assert not broker.is_running()


def test_lost_state_file_is_recovered_from_meta_properties(fake_java: Path) -> None:
    data_dir = fake_java / "kafka"
    broker = fake_broker(fake_java, data_dir=data_dir)
    try:
        broker.start()
        cluster_id = broker.cluster_id
        broker.kill()
        (data_dir / STATE_FILE_NAME).unlink()
        broker.start()  # no ports remembered any more: fresh ones, but the same storage
        assert broker.cluster_id == cluster_id and formats(fake_java) == [cluster_id]
    finally:
        broker.stop()
