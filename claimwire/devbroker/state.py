"""What a persistent data dir remembers: ``devbroker-state.json``, and Kafka's own ``meta.properties``."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from claimwire.devbroker.config import DEFAULT_HOST
from claimwire.devbroker.errors import DevBrokerError
from services.shared.files import write_atomically

STATE_FILE_NAME = "devbroker-state.json"  # in a persistent data dir: cluster id, last ports, last pid
STATE_VERSION = 1


@dataclass(frozen=True)
class BrokerState:
    """What a persistent data dir remembers between runs (``devbroker-state.json``).

    ``port``/``controller_port`` are the ports of the last start that became ready (None until
    then); ``formatted`` turns true once StorageTool has formatted ``data/`` with ``cluster_id``;
    ``pid`` is the last JVM started on the folder (to recognise one that is still shutting down).
    """

    cluster_id: str
    host: str = DEFAULT_HOST
    port: int | None = None
    controller_port: int | None = None
    formatted: bool = False
    pid: int | None = None

    def to_json(self) -> str:
        return json.dumps({"version": STATE_VERSION, **asdict(self)}, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str, *, source: Path) -> BrokerState:
        try:
            raw = json.loads(text)
            if not isinstance(raw, dict) or raw.get("version") != STATE_VERSION:
                raise ValueError(f"expected a JSON object with version {STATE_VERSION}")
            ports = {key: raw.get(key) for key in ("port", "controller_port", "pid")}
            for key, value in ports.items():
                if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value <= 0):
                    raise ValueError(f"{key} must be a positive integer or null, not {value!r}")
            cluster_id, host, formatted = raw.get("cluster_id"), raw.get("host", DEFAULT_HOST), raw.get("formatted")
            if not isinstance(cluster_id, str) or not re.fullmatch(r"[A-Za-z0-9_-]{22}", cluster_id):
                raise ValueError(f"cluster_id {cluster_id!r} is not a Kafka cluster id")
            if not isinstance(host, str) or not isinstance(formatted, bool):
                raise ValueError("host must be a string and formatted a boolean")
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            raise DevBrokerError(f"the dev broker state file {source} is damaged ({exc}); fix or delete it") from None
        return cls(cluster_id=cluster_id, host=host, formatted=formatted, **ports)


def read_broker_state(data_dir: Path) -> BrokerState | None:
    """The state remembered in ``data_dir``, None when it has no state file."""
    path = data_dir / STATE_FILE_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise DevBrokerError(f"cannot read the dev broker state file {path}: {exc}") from exc
    return BrokerState.from_json(text, source=path)


def write_broker_state(data_dir: Path, state: BrokerState) -> None:
    """Replace the state file atomically (write a sibling, fsync, rename), so a crash leaves old or new."""
    write_atomically(data_dir / STATE_FILE_NAME, state.to_json().encode("utf-8"))


def read_meta_cluster_id(log_dir: Path) -> str | None:
    """``cluster.id`` from Kafka's ``meta.properties`` in ``log_dir``; None when it is not formatted."""
    try:
        text = (log_dir / "meta.properties").read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise DevBrokerError(f"cannot read {log_dir / 'meta.properties'}: {exc}") from exc
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() == "cluster.id":
            return value.strip()
    raise DevBrokerError(f"{log_dir / 'meta.properties'} names no cluster.id; the Kafka storage is damaged")
