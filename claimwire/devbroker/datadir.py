"""Claiming a persistent data dir: one broker at a time (a lock file), and only folders that are ours."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
from dataclasses import replace
from pathlib import Path

from claimwire.devbroker.config import new_cluster_id
from claimwire.devbroker.errors import DevBrokerError
from claimwire.devbroker.state import (
    STATE_FILE_NAME,
    BrokerState,
    read_broker_state,
    read_meta_cluster_id,
    write_broker_state,
)

log = logging.getLogger(__name__)

LOCK_FILE_NAME = ".devbroker.lock"  # flock()ed while a broker runs on the data dir


class DataDirLock:
    """An exclusive, non-blocking flock on ``<data_dir>/.devbroker.lock``, held from acquire() to release()."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock (creating the folder); a no-op while held; a DevBrokerError if another holds it."""
        if self._fd is not None:
            return
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            # A bare descriptor, since the lock outlives this call (the kernel drops it when it closes).
            fd = os.open(self.data_dir / LOCK_FILE_NAME, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o666)
        except OSError as exc:
            raise DevBrokerError(f"cannot use {self.data_dir} as the broker's data dir: {exc}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise DevBrokerError(
                f"the data dir {self.data_dir} is in use by another claimwire dev broker; stop it first"
            ) from None
        self._fd = fd

    def release(self) -> None:
        """Give the lock up (a no-op when not held)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def prepare_data_dir(data_dir: Path, host: str) -> BrokerState:
    """Read (or create) the data dir's state, refusing folders that are not, or no longer, ours."""
    state = read_broker_state(data_dir)
    meta_cluster_id = read_meta_cluster_id(data_dir / "data")
    if state is None:
        state = _first_state(data_dir, host, meta_cluster_id)
        write_broker_state(data_dir, state)
    elif meta_cluster_id is None and state.formatted:
        raise DevBrokerError(
            f"{data_dir / 'data' / 'meta.properties'} is missing although the storage was formatted; "
            "refusing to format over existing data (delete the folder to start afresh)"
        )
    elif meta_cluster_id is not None and meta_cluster_id != state.cluster_id:
        raise DevBrokerError(
            f"{data_dir / 'data'} belongs to cluster {meta_cluster_id}, but {STATE_FILE_NAME} "
            f"names cluster {state.cluster_id}; the data dir is inconsistent"
        )
    elif meta_cluster_id is not None and not state.formatted:
        state = replace(state, formatted=True)  # formatting finished, the state write did not
        write_broker_state(data_dir, state)
    if not state.formatted:
        # Never formatted completely, so never served: whatever a cut-short format left goes.
        shutil.rmtree(data_dir / "data", ignore_errors=True)
    return state


def _first_state(data_dir: Path, host: str, meta_cluster_id: str | None) -> BrokerState:
    """The state of a folder that has no state file: a new broker's, or one recovered from Kafka's storage."""
    if meta_cluster_id is not None:
        log.warning(
            "%s has Kafka storage but no %s; keeping cluster id %s from meta.properties",
            data_dir,
            STATE_FILE_NAME,
            meta_cluster_id,
        )
        return BrokerState(cluster_id=meta_cluster_id, host=host, formatted=True)
    if any(entry.name != LOCK_FILE_NAME for entry in data_dir.iterdir()):
        raise DevBrokerError(
            f"{data_dir} is not empty and is not a claimwire dev broker data dir (no {STATE_FILE_NAME}); "
            "give a new or empty folder"
        )
    return BrokerState(cluster_id=new_cluster_id(), host=host)
