"""A real, single-node Apache Kafka broker that claimwire starts by itself.

There is no Docker engine on the development and CI machines, so the integration tests and
developers running the services by hand get their broker from here: Maven fetches the Kafka
jars once (``deploy/kafka/pom.xml``) into a cache folder, and every :class:`KafkaBroker` runs
``kafka.Kafka`` from that classpath as one combined broker+controller in KRaft mode, on free
loopback ports, with its data and logs in a throw-away work directory.

Typical use::

    with KafkaBroker() as broker:
        producer = KafkaProducer(bootstrap_servers=broker.bootstrap_servers)

A broker that survives restarts (fault tests: kill it, bring it back, check nothing was lost)::

    broker = KafkaBroker(data_dir=tmp_path / "kafka")
    bootstrap = broker.start()      # formats the storage the first time only
    broker.kill()                   # SIGKILL, like `kill -9`; the data stays
    broker.start()                  # same data, cluster id and port (also from a new object)
    broker.restart(kill=True)       # the same in one call; restart() alone stops with SIGTERM
    broker.stop()                   # graceful; a data dir is never deleted

The data dir holds ``devbroker-state.json`` (cluster id, ports of the last start, last pid),
``server.properties``, ``data/`` (Kafka's log dir) and ``logs/``. Only one broker at a time may run
on it. A remembered port that another process holds is an error, unless explicit ports are given.

``python -m claimwire.devbroker`` runs one in the foreground until Ctrl-C or SIGTERM and prints
``host:port`` once it is ready; ``--data-dir DIR`` formats the storage in DIR once and restarts on it
on every later run, at the same ports if they are free (``--port``/``--controller-port`` move it).
The broker is tuned for tests: single-replica internal topics, no initial rebalance delay,
messages up to 16 MiB.
"""

from __future__ import annotations

import argparse
import atexit
import base64
import contextlib
import ctypes
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import weakref
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import IO

__all__ = [
    "BrokerState",
    "DevBrokerError",
    "KafkaBroker",
    "choose_ports",
    "default_cache_dir",
    "ensure_kafka_classpath",
    "find_free_port",
    "main",
    "new_cluster_id",
    "port_is_free",
    "read_broker_state",
    "read_meta_cluster_id",
    "render_server_properties",
    "require_executable",
    "write_broker_state",
]

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
KAFKA_DEPLOY_DIR = REPO_ROOT / "deploy" / "kafka"
KAFKA_POM = KAFKA_DEPLOY_DIR / "pom.xml"
KAFKA_LOG4J2_CONFIG = KAFKA_DEPLOY_DIR / "log4j2.xml"

CACHE_ENV_VAR = "CLAIMWIRE_KAFKA_CACHE"
COMPLETE_MARKER = ".claimwire-complete"
MIN_JAVA_MAJOR = 17  # Kafka 4.x brokers refuse to run on older JVMs.

DEFAULT_HOST = "127.0.0.1"
DEFAULT_HEAP = "512m"
DEFAULT_START_TIMEOUT_S = 90.0
DEFAULT_STOP_TIMEOUT_S = 30.0
MAVEN_TIMEOUT_S = 900.0
FORMAT_TIMEOUT_S = 120.0
LOG_TAIL_LINES = 40
# claimwire publishes articles up to 8 MiB (Settings.kafka_max_message_bytes); leave room above that.
MAX_MESSAGE_BYTES = 16 << 20

STATE_FILE_NAME = "devbroker-state.json"  # in a persistent data dir: cluster id, last ports, last pid
LOCK_FILE_NAME = ".devbroker.lock"  # flock()ed while a broker runs on the data dir
STATE_VERSION = 1

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class DevBrokerError(RuntimeError):
    """The development broker could not be prepared, started or stopped."""


# --------------------------------------------------------------------------- tools and cache


def require_executable(name: str, *, hint: str) -> str:
    """Return the absolute path of executable ``name`` or raise a DevBrokerError naming ``hint``."""
    found = shutil.which(name)
    if found is None:
        raise DevBrokerError(f"`{name}` was not found on PATH; {hint}")
    return found


def _java_executable() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return require_executable(
        "java",
        hint=f"install a Java {MIN_JAVA_MAJOR}+ runtime (e.g. `apt-get install openjdk-17-jre-headless`) or set JAVA_HOME",
    )


def _java_major_version(java: str) -> int | None:
    try:
        completed = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.SubprocessError):
        return None
    # e.g. `openjdk version "17.0.15" 2025-04-15` or `java version "1.8.0_402"`.
    match = re.search(r'version "(\d+)(?:\.(\d+))?', completed.stderr + completed.stdout)
    if match is None:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def _check_java(java: str) -> None:
    major = _java_major_version(java)
    if major is not None and major < MIN_JAVA_MAJOR:
        raise DevBrokerError(
            f"{java} is Java {major}; Kafka 4.x needs Java {MIN_JAVA_MAJOR} or newer (set JAVA_HOME to one)"
        )


def default_cache_dir() -> Path:
    """Where the Kafka jars are cached: $CLAIMWIRE_KAFKA_CACHE, else <repo>/.cache/kafka."""
    override = os.environ.get(CACHE_ENV_VAR, "").strip()
    return Path(override).expanduser().resolve() if override else REPO_ROOT / ".cache" / "kafka"


def _pom_digest(pom: Path) -> str:
    return hashlib.sha256(pom.read_bytes()).hexdigest()


def _classpath_is_complete(lib_dir: Path, pom_digest: str) -> bool:
    """True when ``lib_dir`` holds every jar of a finished copy made from a pom with ``pom_digest``."""
    marker = lib_dir / COMPLETE_MARKER
    try:
        lines = marker.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return False
    if not lines or lines[0].strip() != pom_digest:
        return False
    jars = [line.strip() for line in lines[1:] if line.strip()]
    return bool(jars) and all((lib_dir / jar).is_file() for jar in jars)


@contextlib.contextmanager
def _exclusive_lock(lock_path: Path) -> Iterator[None]:
    # Several pytest processes (or a developer's shell and a test run) may fill the cache at once.
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_kafka_classpath(cache_dir: Path | None = None, *, pom: Path = KAFKA_POM) -> Path:
    """Return a folder holding the broker's jars, running Maven only when the cache is missing or stale.

    The copy goes to a scratch folder first and is renamed into place with a marker listing the
    pom's hash and every jar, so an interrupted download is never mistaken for a complete one.
    """
    cache_dir = (cache_dir or default_cache_dir()).resolve()
    lib_dir = cache_dir / "lib"
    digest = _pom_digest(pom)
    if _classpath_is_complete(lib_dir, digest):
        return lib_dir
    with _exclusive_lock(cache_dir / ".lock"):
        if _classpath_is_complete(lib_dir, digest):  # another process filled it while we waited
            return lib_dir
        mvn = require_executable(
            "mvn", hint="install Apache Maven (e.g. `apt-get install maven`); it fetches the Kafka jars once"
        )
        scratch = Path(tempfile.mkdtemp(prefix="lib-partial-", dir=cache_dir))
        command = [
            mvn,
            "-q",
            "-B",
            "-f",
            str(pom),
            "dependency:copy-dependencies",
            "-DincludeScope=runtime",
            f"-DoutputDirectory={scratch}",
        ]
        log.info("fetching Kafka jars with Maven into %s (first run only)", lib_dir)
        started = time.monotonic()
        try:
            completed = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=MAVEN_TIMEOUT_S,
                stdin=subprocess.DEVNULL,
                cwd=pom.parent,
            )
        except subprocess.TimeoutExpired as exc:
            shutil.rmtree(scratch, ignore_errors=True)
            raise DevBrokerError(f"Maven did not finish fetching the Kafka jars within {MAVEN_TIMEOUT_S:.0f} s") from exc
        jars = sorted(path.name for path in scratch.glob("*.jar"))
        if completed.returncode != 0 or not jars:
            shutil.rmtree(scratch, ignore_errors=True)
            output = _tail_text(completed.stdout + completed.stderr, LOG_TAIL_LINES)
            raise DevBrokerError(
                f"Maven could not fetch the Kafka jars (exit {completed.returncode}): {' '.join(command)}\n{output}"
            )
        (scratch / COMPLETE_MARKER).write_text("\n".join([digest, *jars]) + "\n", encoding="utf-8")
        if lib_dir.exists():
            shutil.rmtree(lib_dir)
        scratch.rename(lib_dir)
        log.info("fetched %d Kafka jars in %.1f s", len(jars), time.monotonic() - started)
    return lib_dir


# --------------------------------------------------------------------------- broker configuration


def find_free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port on ``host`` that nothing listens on right now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def new_cluster_id() -> str:
    """A random KRaft cluster id in Kafka's own format (URL-safe base64 of 16 bytes, no padding).

    Like Kafka's ``Uuid.randomUuid()`` it never starts with ``-``: command-line parsers would
    take such an id for an option (1 in 64 random ids would break ``StorageTool format``).
    """
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode("ascii")
        if not cluster_id.startswith("-"):
            return cluster_id


def render_server_properties(
    *,
    host: str,
    broker_port: int,
    controller_port: int,
    data_dir: Path,
    node_id: int = 1,
    extra: Mapping[str, str] | None = None,
) -> str:
    """server.properties for one combined broker+controller node in KRaft mode.

    Every internal topic gets replication factor 1 and min ISR 1, since there is only one node;
    ``extra`` entries are appended last and so override the defaults.
    """
    settings: dict[str, str] = {
        "process.roles": "broker,controller",
        "node.id": str(node_id),
        # Kafka 4.x (KIP-853): dynamic quorum; the node finds the quorum through this address.
        "controller.quorum.bootstrap.servers": f"{host}:{controller_port}",
        "listeners": f"PLAINTEXT://{host}:{broker_port},CONTROLLER://{host}:{controller_port}",
        "advertised.listeners": f"PLAINTEXT://{host}:{broker_port},CONTROLLER://{host}:{controller_port}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs": str(data_dir),
        "num.partitions": "1",
        "auto.create.topics.enable": "true",
        "offsets.topic.replication.factor": "1",
        "offsets.topic.num.partitions": "10",  # 50 by default: slower first group join for no gain here
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        "group.initial.rebalance.delay.ms": "0",  # first consumer join (and rejoin after a restart) at once
        # Large articles: the broker's default limit is ~1 MiB. Followers (none here) must fetch as much.
        "message.max.bytes": str(MAX_MESSAGE_BYTES),
        "replica.fetch.max.bytes": str(MAX_MESSAGE_BYTES),
        # After a kill -9 the restarted broker cannot register until the dead incarnation's session
        # expires (DUPLICATE_BROKER_REGISTRATION): 9 s by default, 3 s here.
        "broker.heartbeat.interval.ms": "500",
        "broker.session.timeout.ms": "3000",
        "num.network.threads": "2",
        "num.io.threads": "4",
        "log.retention.hours": "24",
    }
    for key, value in (extra or {}).items():
        settings[str(key)] = str(value)
    for key, value in settings.items():
        if "\n" in key or "\n" in value or "\r" in key or "\r" in value:
            raise DevBrokerError(f"broker property {key!r} contains a line break")
    header = "# Written by claimwire.devbroker for a development broker (rewritten on every start).\n"
    return header + "".join(f"{key}={value}\n" for key, value in settings.items())


def _tail_text(text: str, lines: int) -> str:
    return "\n".join(text.splitlines()[-lines:])


def _tail_file(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 64 * 1024))
            return _tail_text(handle.read().decode("utf-8", errors="replace"), lines)
    except OSError:
        return ""


def _die_with_parent() -> None:
    # Runs in the child between fork and exec: if the Python process that started the broker dies
    # without cleaning up (SIGKILL, crash), the kernel sends the broker SIGTERM instead of leaving
    # an orphan JVM holding ports. Linux only; elsewhere it silently does nothing.
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass

# --------------------------------------------------------------------------- persistent data dirs


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
    path = data_dir / STATE_FILE_NAME
    scratch = path.with_name(path.name + ".tmp")
    with open(scratch, "w", encoding="utf-8") as handle:
        handle.write(state.to_json())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(scratch, path)


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
    for name, asked, known in zip(("PLAINTEXT", "controller"), requested, remembered):
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


def _is_broker_jvm_for(pid: int, properties: Path) -> bool:
    """True when ``pid`` is alive and is a ``kafka.Kafka`` JVM started on ``properties`` (Linux /proc)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z" and b"kafka.Kafka" in cmdline and os.fsencode(str(properties)) in cmdline


_running_brokers: weakref.WeakSet[KafkaBroker] = weakref.WeakSet()


@atexit.register
def _stop_running_brokers() -> None:
    # Also brokers that were kill()ed but still own a temporary work dir.
    for broker in list(_running_brokers):
        with contextlib.suppress(Exception):
            broker.stop()


# --------------------------------------------------------------------------- the broker


class KafkaBroker:
    """One single-node Kafka broker (KRaft, broker+controller) on loopback ports.

    ``start()`` fetches the jars if needed, formats storage if it is not formatted yet, starts the
    JVM and returns once the broker is registered, unfenced and every partition has a leader.

    Without ``data_dir`` the storage lives in a throw-away work directory that ``stop()`` deletes
    (unless ``keep_work_dir``); ``kill()`` and ``restart()`` keep it, so the same object comes back
    on the same data and ports until ``stop()``.

    With ``data_dir`` the folder is the broker's home across objects and processes: the storage is
    formatted once, with a cluster id kept in ``devbroker-state.json`` next to ``server.properties``,
    ``data/`` and ``logs/``; later starts reuse it without formatting, at the ports of the last
    successful start when they are free (a DevBrokerError names a remembered port that is taken;
    explicit ``port``/``controller_port`` win over remembered ones). Nothing in it is ever deleted by
    stop() or kill(). One broker at a time may use a data dir (a lock file guards it).

    The JVM is tied to the thread that calls ``start()`` (Linux parent-death signal): start it from
    a thread that lives as long as the broker should.
    """

    def __init__(
        self,
        *,
        data_dir: Path | None = None,
        cache_dir: Path | None = None,
        host: str = DEFAULT_HOST,
        port: int | None = None,
        controller_port: int | None = None,
        heap: str = DEFAULT_HEAP,
        start_timeout: float = DEFAULT_START_TIMEOUT_S,
        stop_timeout: float = DEFAULT_STOP_TIMEOUT_S,
        extra_properties: Mapping[str, str] | None = None,
        keep_work_dir: bool = False,
    ) -> None:
        if not re.fullmatch(r"\d+[kKmMgG]?", heap):
            raise DevBrokerError(f"heap size {heap!r} is not a JVM size such as 512m")
        if port is not None and controller_port is not None and port == controller_port:
            raise DevBrokerError(f"port and controller_port are both {port}; they must differ")
        self._data_dir = None if data_dir is None else Path(data_dir).expanduser().resolve()
        self._cache_dir = cache_dir
        self._host = host
        self._requested_port = port
        self._requested_controller_port = controller_port
        self._heap = heap
        self._start_timeout = start_timeout
        self._stop_timeout = stop_timeout
        self._extra_properties = dict(extra_properties or {})
        self._keep_work_dir = keep_work_dir
        self._process: subprocess.Popen[bytes] | None = None
        self._work_dir: Path | None = self._data_dir
        self._port: int | None = None
        self._controller_port: int | None = None
        # Ports and cluster id of the last start that became ready (a temp broker's kill/restart reuses them).
        self._last_ports: tuple[int | None, int | None] = (None, None)
        self._cluster_id: str | None = None
        self._has_data = False  # a temp work dir that served once holds the broker's data until stop()
        self._dir_lock: IO[bytes] | None = None
        self._lock = threading.Lock()

    # ---- public surface

    @property
    def bootstrap_servers(self) -> str:
        """``host:port`` of the PLAINTEXT listener; only valid while the broker runs."""
        if self._process is None or self._port is None:
            raise DevBrokerError("the broker is not running; call start() first")
        return f"{self._host}:{self._port}"

    @property
    def data_dir(self) -> Path | None:
        """The caller's persistent data dir (absolute), None for a throw-away broker."""
        return self._data_dir

    @property
    def work_dir(self) -> Path | None:
        """The folder holding server.properties, data/ and logs/: the data dir when one was given,
        else the temp dir (None before start / after stop)."""
        return self._work_dir

    @property
    def port(self) -> int | None:
        """The PLAINTEXT port in use, or of the last ready start while stopped or killed."""
        return self._port if self._port is not None else self._last_ports[0]

    @property
    def controller_port(self) -> int | None:
        return self._controller_port if self._controller_port is not None else self._last_ports[1]

    @property
    def cluster_id(self) -> str | None:
        """The KRaft cluster id of the storage (None before the first start)."""
        return self._cluster_id

    @property
    def log_path(self) -> Path | None:
        return None if self._work_dir is None else self._work_dir / "logs" / "server.log"

    @property
    def pid(self) -> int | None:
        """The JVM's pid while it runs (None once stopped or killed)."""
        return None if self._process is None else self._process.pid

    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        """The last lines of the broker log and of the JVM's own output (for error messages)."""
        if self._work_dir is None:
            return ""
        parts = []
        server_log = _tail_file(self._work_dir / "logs" / "server.log", lines)
        if server_log:
            parts.append(f"--- {self._work_dir / 'logs' / 'server.log'} (tail) ---\n{server_log}")
        jvm_output = _tail_file(self._work_dir / "logs" / "jvm-output.log", lines)
        if jvm_output:
            parts.append(f"--- {self._work_dir / 'logs' / 'jvm-output.log'} (tail) ---\n{jvm_output}")
        return "\n".join(parts) if parts else "(the broker wrote no log)"

    def start(self) -> str:
        """Start the broker (again) and wait until it serves requests; returns the bootstrap address.

        A no-op returning the address while it runs. After kill(), restart(), a crash, or (with a
        data dir) stop(), it comes back on the same data at the same ports.
        """
        with self._lock:
            if self._process is not None:
                if self._process.poll() is None:
                    return self.bootstrap_servers
                log.warning("Kafka broker pid %s had exited (code %s); starting it again",
                            self._process.pid, self._process.returncode)
                self._process = None
                self._port = self._controller_port = None
            java = _java_executable()
            _check_java(java)
            lib_dir = ensure_kafka_classpath(self._cache_dir)
            try:
                self._start_locked(java, lib_dir)
            except BaseException:
                if self._process is not None:
                    self._terminate(self._process, hard=True)
                    self._process = None
                self._port = self._controller_port = None
                self._release_data_dir()
                raise
            _running_brokers.add(self)
            log.info("Kafka broker ready at %s (work dir %s)", self.bootstrap_servers, self._work_dir)
            return self.bootstrap_servers

    def stop(self) -> None:
        """Terminate the broker gracefully (SIGTERM, then SIGKILL after stop_timeout).

        A throw-away work dir is deleted (unless keep_work_dir); a caller's data dir is kept.
        """
        with self._lock:
            self._halt(hard=False)
            if self._data_dir is None:
                if self._work_dir is not None and not self._keep_work_dir:
                    shutil.rmtree(self._work_dir, ignore_errors=True)
                    self._work_dir = None
                self._has_data = False
                self._last_ports = (None, None)
                self._cluster_id = None
            _running_brokers.discard(self)

    def kill(self) -> None:
        """SIGKILL the JVM, like ``kill -9``, and wait until it is gone; all data stays in place.

        ``start()`` afterwards (on this object, or with a data dir on a new one) recovers it.
        """
        with self._lock:
            self._halt(hard=True)

    def restart(self, *, kill: bool = False) -> str:
        """Stop the broker (SIGTERM, or SIGKILL with ``kill=True``) and start it again on the same
        data and ports, also for a throw-away broker; returns the bootstrap address."""
        with self._lock:
            self._halt(hard=kill)
        return self.start()

    def __enter__(self) -> KafkaBroker:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = f"{self._host}:{self._port}" if self._port else "not started"
        return f"<KafkaBroker {where} pid={self.pid}>"

    # ---- internals

    def _start_locked(self, java: str, lib_dir: Path) -> None:
        classpath = str(lib_dir / "*")
        if self._data_dir is not None:
            self._acquire_data_dir()
            state = self._prepare_data_dir()
            self._wait_for_earlier_jvm(state)
            remembered: tuple[int | None, int | None] = (state.port, state.controller_port)
            where = f"{self._data_dir / STATE_FILE_NAME}"
        else:
            state = None
            if self._work_dir is not None and not self._has_data:
                # Left by a failed start (kept for its logs) or by stop() with keep_work_dir: not reused.
                if not self._keep_work_dir:
                    shutil.rmtree(self._work_dir, ignore_errors=True)
                self._work_dir = None
            if self._work_dir is None:
                self._work_dir = Path(tempfile.mkdtemp(prefix="claimwire-kafka-"))
                self._cluster_id = new_cluster_id()
            remembered = self._last_ports
            where = "this broker"
        requested = (self._requested_port, self._requested_controller_port)
        port, controller_port, fixed = choose_ports(
            self._host, requested=requested, remembered=remembered, remembered_in=where
        )
        # Free ports are picked by binding port 0 and closing it, so another process can grab one
        # before Kafka binds it: retry with new ports when that is why the broker died. A port the
        # caller asked for, or one the data dir remembers, will not free itself: that fails at once.
        attempts = 1 if fixed else 3
        for attempt in range(1, attempts + 1):
            try:
                self._launch(java, classpath, port, controller_port)
                if state is not None:  # storage formatted (now or earlier), JVM started
                    state = replace(state, formatted=True, pid=self.pid)
                    write_broker_state(self._data_dir, state)  # type: ignore[arg-type]
                self._wait_until_ready()
            except _PortTaken as taken:
                if self._process is not None:
                    self._terminate(self._process, hard=True)
                    self._process = None
                if attempt < attempts:
                    port, controller_port, _ = choose_ports(
                        self._host, requested=requested, remembered=(None, None), remembered_in=where
                    )
                    continue
                message = (
                    f"port {taken.ports} is already in use on {self._host}"
                    if fixed
                    else f"the broker's ports were taken by other processes {attempts} times in a row"
                )
                raise DevBrokerError(f"{message}; work dir {self._work_dir}\n{self.log_tail()}") from None
            break
        self._last_ports = (self._port, self._controller_port)
        self._has_data = True
        if state is not None:
            write_broker_state(
                self._data_dir,  # type: ignore[arg-type]
                replace(state, host=self._host, port=self._port, controller_port=self._controller_port),
            )

    def _acquire_data_dir(self) -> None:
        assert self._data_dir is not None
        if self._dir_lock is not None:
            return
        try:
            self._data_dir.mkdir(parents=True, exist_ok=True)
            handle = open(self._data_dir / LOCK_FILE_NAME, "a+b")
        except OSError as exc:
            raise DevBrokerError(f"cannot use {self._data_dir} as the broker's data dir: {exc}") from exc
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise DevBrokerError(
                f"the data dir {self._data_dir} is in use by another claimwire dev broker; stop it first"
            ) from None
        self._dir_lock = handle

    def _release_data_dir(self) -> None:
        handle, self._dir_lock = self._dir_lock, None
        if handle is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()

    def _prepare_data_dir(self) -> BrokerState:
        """Read (or create) the data dir's state, refusing folders that are not, or no longer, ours."""
        data_dir = self._data_dir
        assert data_dir is not None
        state = read_broker_state(data_dir)
        meta_cluster_id = read_meta_cluster_id(data_dir / "data")
        if state is None:
            if meta_cluster_id is not None:
                log.warning("%s has Kafka storage but no %s; keeping cluster id %s from meta.properties",
                            data_dir, STATE_FILE_NAME, meta_cluster_id)
                state = BrokerState(cluster_id=meta_cluster_id, host=self._host, formatted=True)
            elif any(entry.name != LOCK_FILE_NAME for entry in data_dir.iterdir()):
                raise DevBrokerError(
                    f"{data_dir} is not empty and is not a claimwire dev broker data dir (no {STATE_FILE_NAME}); "
                    "give a new or empty folder"
                )
            else:
                state = BrokerState(cluster_id=new_cluster_id(), host=self._host)
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
        self._cluster_id = state.cluster_id
        return state

    def _wait_for_earlier_jvm(self, state: BrokerState) -> None:
        # A broker whose Python parent died gets SIGTERM from the kernel and may still be shutting
        # down (holding the ports and Kafka's own lock): give it stop_timeout to finish.
        assert self._work_dir is not None
        if state.pid is None:
            return
        properties = self._work_dir / "server.properties"
        deadline = time.monotonic() + self._stop_timeout
        while _is_broker_jvm_for(state.pid, properties):
            if time.monotonic() >= deadline:
                raise DevBrokerError(
                    f"an earlier broker (pid {state.pid}) still runs on {self._work_dir}; stop it first"
                )
            time.sleep(0.2)

    def _launch(self, java: str, classpath: str, port: int, controller_port: int) -> None:
        work_dir = self._work_dir
        assert work_dir is not None and self._cluster_id is not None
        data_dir = work_dir / "data"
        logs_dir = work_dir / "logs"
        data_dir.mkdir(exist_ok=True)
        logs_dir.mkdir(exist_ok=True)
        self._port, self._controller_port = port, controller_port
        properties_path = work_dir / "server.properties"
        properties_path.write_text(
            render_server_properties(
                host=self._host,
                broker_port=port,
                controller_port=controller_port,
                data_dir=data_dir,
                extra=self._extra_properties,
            ),
            encoding="utf-8",
        )
        logging_options = [
            f"-Dlog4j2.configurationFile={KAFKA_LOG4J2_CONFIG}",
            f"-Dkafka.logs.dir={logs_dir}",
        ]
        if read_meta_cluster_id(data_dir) is None:
            self._format_storage(java, classpath, logging_options, properties_path)
            log.info("formatted Kafka storage in %s (cluster id %s)", data_dir, self._cluster_id)
        else:
            log.info("reusing Kafka storage in %s (cluster id %s)", data_dir, self._cluster_id)

        command = [
            java,
            f"-Xmx{self._heap}",
            "-Xms128m",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true",
            *logging_options,
            "-cp",
            classpath,
            "kafka.Kafka",
            str(properties_path),
        ]
        with open(logs_dir / "jvm-output.log", "ab") as jvm_output:
            jvm_output.write(f"--- claimwire.devbroker start at {time.strftime('%Y-%m-%d %H:%M:%S')} ---\n".encode())
            jvm_output.flush()
            self._process = subprocess.Popen(
                command,
                cwd=work_dir,
                stdin=subprocess.DEVNULL,
                stdout=jvm_output,
                stderr=subprocess.STDOUT,
                # Own session: a Ctrl-C in the developer's terminal reaches Python, which then stops
                # the broker in order, instead of killing the JVM mid-write.
                start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
            )

    def _format_storage(self, java: str, classpath: str, logging_options: list[str], properties: Path) -> None:
        command = [
            java,
            "-Xmx256m",
            *logging_options,
            "-cp",
            classpath,
            "kafka.tools.StorageTool",
            "format",
            "--standalone",
            f"--cluster-id={self._cluster_id}",
            f"--config={properties}",
        ]
        try:
            completed = subprocess.run(
                command, capture_output=True, text=True, timeout=FORMAT_TIMEOUT_S, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired as exc:
            raise DevBrokerError(f"formatting Kafka storage took longer than {FORMAT_TIMEOUT_S:.0f} s") from exc
        if completed.returncode != 0:
            output = _tail_text(completed.stdout + completed.stderr, LOG_TAIL_LINES)
            raise DevBrokerError(
                f"formatting Kafka storage failed (exit {completed.returncode}); work dir {self._work_dir}\n"
                f"{output}\n{self.log_tail()}"
            )

    def _wait_until_ready(self) -> None:
        # Imported here so `import claimwire.devbroker` stays cheap for CLI start-up.
        from kafka import KafkaAdminClient
        from kafka.errors import KafkaConfigurationError, KafkaError

        assert self._process is not None and self._port is not None
        deadline = time.monotonic() + self._start_timeout
        last_problem = "the broker did not open its port"
        while time.monotonic() < deadline:
            exit_code = self._process.poll()
            if exit_code is not None:
                tail = self.log_tail()
                if "BindException" in tail or "Address already in use" in tail:
                    bound = re.search(r"failed to bind to \S*?:(\d+)", tail)
                    raise _PortTaken(bound.group(1) if bound else f"{self._port} or {self._controller_port}")
                raise DevBrokerError(
                    f"the Kafka broker exited with code {exit_code} during start-up; work dir {self._work_dir}\n{tail}"
                )
            # Wait for the port before building a client: kafka-python logs an error per refused
            # connection, which would flood the test output for the ~10 s the JVM needs.
            if not self._port_accepts_connections():
                time.sleep(0.2)
                continue
            remaining_ms = max(1000, int((deadline - time.monotonic()) * 1000))
            admin = None
            try:
                admin = KafkaAdminClient(
                    bootstrap_servers=self.bootstrap_servers,
                    client_id="claimwire-devbroker-probe",
                    request_timeout_ms=min(5000, remaining_ms),
                    bootstrap_timeout_ms=min(5000, remaining_ms),
                )
                problem = _not_ready_reason(admin)
                if problem is None:
                    return
                last_problem = problem
                time.sleep(0.2)
            except KafkaConfigurationError:
                raise  # a bug in the probe itself: retrying cannot help
            except (KafkaError, OSError, ValueError) as exc:
                last_problem = f"{type(exc).__name__}: {exc}"
                time.sleep(0.5)
            finally:
                if admin is not None:
                    with contextlib.suppress(Exception):
                        admin.close()
        raise DevBrokerError(
            f"the Kafka broker did not become ready within {self._start_timeout:.0f} s ({last_problem}); "
            f"work dir {self._work_dir}\n{self.log_tail()}"
        )

    def _port_accepts_connections(self) -> bool:
        assert self._port is not None
        try:
            with socket.create_connection((self._host, self._port), timeout=1.0):
                return True
        except OSError:
            return False

    def _halt(self, *, hard: bool) -> None:
        """End the JVM (if any) and release the data dir; keeps every file and the remembered ports."""
        process, self._process = self._process, None
        if process is not None:
            self._terminate(process, hard=hard)
        self._port = None
        self._controller_port = None
        self._release_data_dir()
        if self._data_dir is not None or self._work_dir is None:
            _running_brokers.discard(self)

    def _terminate(self, process: subprocess.Popen[bytes], *, hard: bool = False) -> None:
        if process.poll() is not None:
            return
        if not hard:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=self._stop_timeout)
                return
            except subprocess.TimeoutExpired:
                log.warning(
                    "Kafka broker pid %s ignored SIGTERM for %.0f s; killing it", process.pid, self._stop_timeout
                )
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        try:
            process.wait(timeout=self._stop_timeout)
        except subprocess.TimeoutExpired:
            raise DevBrokerError(
                f"Kafka broker pid {process.pid} still exists {self._stop_timeout:.0f} s after SIGKILL"
            ) from None


def _not_ready_reason(admin: object) -> str | None:
    """None when the broker is registered, unfenced and every partition it knows has a leader.

    After a restart on old data the broker answers metadata requests before the controller has
    unfenced it and moved leadership back; clients connecting then would see no leaders.
    """
    cluster = admin.describe_cluster()  # type: ignore[attr-defined]
    brokers = cluster.get("brokers") or []
    if not any(not broker.get("is_fenced", False) for broker in brokers):
        return "the broker is not registered or still fenced"
    leaderless = [
        f"{topic.get('name')}-{partition.get('partition_index')}"
        for topic in admin.describe_topics()  # type: ignore[attr-defined]
        for partition in topic.get("partitions") or [{}]  # no partitions listed: the topic's error says why
        if topic.get("error_code", 0) != 0 or partition.get("error_code", 0) != 0 or partition.get("leader_id", -1) < 0
    ]
    if leaderless:
        return f"{len(leaderless)} partitions have no leader yet (e.g. {leaderless[0]})"
    return None


class _PortTaken(Exception):
    """The broker died because one of its ports was already bound by another process."""

    def __init__(self, ports: str) -> None:
        super().__init__(ports)
        self.ports = ports


# --------------------------------------------------------------------------- foreground runner


def main(argv: list[str] | None = None) -> int:
    """Run a development broker in the foreground until Ctrl-C or SIGTERM."""
    parser = argparse.ArgumentParser(
        prog="python -m claimwire.devbroker",
        description=(
            "Run a single-node Kafka broker on 127.0.0.1 until Ctrl-C or SIGTERM; prints host:port on stdout "
            "once it is ready. Without --data-dir its data is thrown away on exit."
        ),
        epilog=(
            "With --data-dir DIR the storage is formatted once and every later run restarts on it: same "
            "cluster id, same topics and messages, same ports as last time (an error if one of them is "
            "taken, unless --port/--controller-port move it). Nothing in DIR is deleted on exit."
        ),
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="keep the broker's storage, config and logs in DIR across runs (created if missing)",
    )
    parser.add_argument(
        "--port", type=int, default=None, help="PLAINTEXT port (default: the one DIR remembers, else a free one)"
    )
    parser.add_argument(
        "--controller-port",
        type=int,
        default=None,
        help="KRaft controller port (default: the one DIR remembers, else a free one)",
    )
    parser.add_argument("--cache-dir", type=Path, default=None, help=f"jar cache (default: ${CACHE_ENV_VAR} or .cache/kafka)")
    parser.add_argument("--heap", default=DEFAULT_HEAP, help="JVM max heap, e.g. 512m")
    parser.add_argument("--timeout", type=float, default=DEFAULT_START_TIMEOUT_S, help="start-up timeout in seconds")
    parser.add_argument(
        "--keep-work-dir", action="store_true", help="keep data and logs after stopping (implied by --data-dir)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    logging.getLogger("kafka").setLevel(logging.WARNING)  # the readiness probe's client chatter

    stop_requested = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        stop_requested.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)

    try:
        broker = KafkaBroker(
            data_dir=args.data_dir,
            cache_dir=args.cache_dir,
            port=args.port,
            controller_port=args.controller_port,
            heap=args.heap,
            start_timeout=args.timeout,
            keep_work_dir=args.keep_work_dir,
        )
        bootstrap = broker.start()
    except DevBrokerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        print(bootstrap, flush=True)
        print(
            f"Kafka broker running at {bootstrap} (cluster id {broker.cluster_id}, logs: {broker.log_path}); "
            "Ctrl-C to stop.",
            file=sys.stderr,
            flush=True,
        )
        while not stop_requested.wait(1.0):
            if not broker.is_running():
                print(f"error: the broker exited on its own\n{broker.log_tail()}", file=sys.stderr)
                return 1
        return 0
    finally:
        broker.stop()
        print("Kafka broker stopped.", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
