"""devbroker-state.json and Kafka's meta.properties in a persistent data dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimwire.devbroker import DevBrokerError
from claimwire.devbroker.config import new_cluster_id
from claimwire.devbroker.state import (
    STATE_FILE_NAME,
    BrokerState,
    read_broker_state,
    read_meta_cluster_id,
    write_broker_state,
)


def test_state_round_trips_through_an_atomic_write(tmp_path: Path) -> None:
    assert read_broker_state(tmp_path) is None
    state = BrokerState(cluster_id=new_cluster_id(), port=41001, controller_port=41002, formatted=True, pid=7)
    write_broker_state(tmp_path, state)
    assert read_broker_state(tmp_path) == state
    assert sorted(p.name for p in tmp_path.iterdir()) == [STATE_FILE_NAME]  # no scratch file left


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        '{"version": 99, "cluster_id": "AAAAAAAAAAAAAAAAAAAAAA", "formatted": true}',
        '{"version": 1, "cluster_id": "short", "formatted": true}',
        '{"version": 1, "cluster_id": "AAAAAAAAAAAAAAAAAAAAAA", "formatted": true, "port": "9092"}',
        '{"version": 1, "cluster_id": "AAAAAAAAAAAAAAAAAAAAAA", "formatted": "yes"}',
    ],
)
def test_damaged_state_file_is_a_clear_error(tmp_path: Path, text: str) -> None:
    (tmp_path / STATE_FILE_NAME).write_text(text)
    with pytest.raises(DevBrokerError, match=r"state file .* is damaged.*fix or delete it"):
        read_broker_state(tmp_path)


def test_cluster_id_is_read_back_from_meta_properties(tmp_path: Path) -> None:
    assert read_meta_cluster_id(tmp_path) is None
    (tmp_path / "meta.properties").write_text("#\nnode.id=1\ncluster.id=AbCdEfGhIjKlMnOpQrStUv\nversion=1\n")
    assert read_meta_cluster_id(tmp_path) == "AbCdEfGhIjKlMnOpQrStUv"
    (tmp_path / "meta.properties").write_text("node.id=1\n")
    with pytest.raises(DevBrokerError, match="no cluster.id"):
        read_meta_cluster_id(tmp_path)
