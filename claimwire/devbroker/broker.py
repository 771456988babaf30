"""KafkaBroker: one single-node broker's lifecycle (start, kill, restart, stop) on a throw-away or kept folder."""

from __future__ import annotations

import atexit
import contextlib
import logging
import re
import shutil
import subprocess
import tempfile
import threading
import weakref
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import TracebackType

from claimwire.devbroker.config import (
    DEFAULT_HOST,
    SaslSslListener,
    new_cluster_id,
    render_server_properties,
    sasl_ssl_properties,
    scram_format_arguments,
)
from claimwire.devbroker.datadir import DataDirLock, prepare_data_dir
from claimwire.devbroker.errors import DevBrokerError, PortTaken
from claimwire.devbroker.jars import ensure_kafka_classpath
from claimwire.devbroker.java import check_java, java_executable
from claimwire.devbroker.logtail import LOG_TAIL_LINES, log_tail
from claimwire.devbroker.ports import choose_ports, find_free_port
from claimwire.devbroker.process import (
    format_storage,
    start_jvm,
    terminate,
    wait_for_earlier_jvm,
    wait_until_ready,
)
from claimwire.devbroker.state import STATE_FILE_NAME, BrokerState, read_meta_cluster_id, write_broker_state

log = logging.getLogger(__name__)

DEFAULT_HEAP = "512m"
DEFAULT_START_TIMEOUT_S = 90.0
DEFAULT_STOP_TIMEOUT_S = 30.0

Ports = tuple[int | None, int | None]

_running_brokers: weakref.WeakSet[KafkaBroker] = weakref.WeakSet()


@atexit.register
def _stop_running_brokers() -> None:
    # Also brokers that were kill()ed but still own a temporary work dir.
    for broker in list(_running_brokers):
        with contextlib.suppress(Exception):
            broker.stop()


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
        sasl_ssl: SaslSslListener | None = None,
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
        self._sasl_ssl = sasl_ssl
        self._sasl_port: int | None = None  # the SASL_SSL port, kept across kill/restart of this object
        self._process: subprocess.Popen[bytes] | None = None
        self._work_dir: Path | None = self._data_dir
        self._port: int | None = None
        self._controller_port: int | None = None
        # Ports and cluster id of the last start that became ready (a temp broker's kill/restart reuses them).
        self._last_ports: Ports = (None, None)
        self._cluster_id: str | None = None
        self._has_data = False  # a temp work dir that served once holds the broker's data until stop()
        self._dir_lock = None if self._data_dir is None else DataDirLock(self._data_dir)
        self._lock = threading.Lock()

    # ---- public surface

    @property
    def bootstrap_servers(self) -> str:
        """``host:port`` of the PLAINTEXT listener; only valid while the broker runs."""
        if self._process is None or self._port is None:
            raise DevBrokerError("the broker is not running; call start() first")
        return f"{self._host}:{self._port}"

    @property
    def sasl_ssl_bootstrap_servers(self) -> str:
        """``host:port`` of the SASL_SSL client listener; only valid while a broker given one runs."""
        if self._sasl_ssl is None:
            raise DevBrokerError("this broker has no SASL_SSL listener; pass sasl_ssl=SaslSslListener(...)")
        self.bootstrap_servers  # noqa: B018  # raises when the broker is not running
        return f"{self._host}:{self._sasl_port}"

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
        return "" if self._work_dir is None else log_tail(self._work_dir, lines)

    def start(self) -> str:
        """Start the broker (again) and wait until it serves requests; returns the bootstrap address.

        A no-op returning the address while it runs. After kill(), restart(), a crash, or (with a
        data dir) stop(), it comes back on the same data at the same ports.
        """
        with self._lock:
            if self._process is not None:
                if self._process.poll() is None:
                    return self.bootstrap_servers
                log.warning(
                    "Kafka broker pid %s had exited (code %s); starting it again",
                    self._process.pid,
                    self._process.returncode,
                )
                self._process = None
                self._port = self._controller_port = None
            java = java_executable()
            check_java(java)
            lib_dir = ensure_kafka_classpath(self._cache_dir)
            try:
                self._start_locked(java, lib_dir)
            except BaseException:
                if self._process is not None:
                    terminate(self._process, hard=True, stop_timeout=self._stop_timeout)
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
                self._sasl_port = None
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
        state, remembered, where = self._claim_storage()
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
                    self._save_state(state)
                self._wait_until_ready()
            except PortTaken as taken:
                if self._process is not None:
                    terminate(self._process, hard=True, stop_timeout=self._stop_timeout)
                    self._process = None
                if attempt < attempts:
                    self._sasl_port = None  # it may be the port that was taken
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
            self._save_state(replace(state, host=self._host, port=self._port, controller_port=self._controller_port))

    def _claim_storage(self) -> tuple[BrokerState | None, Ports, str]:
        """The data dir's state (None without one), the ports remembered for this start, and who remembers them."""
        if self._data_dir is not None:
            assert self._dir_lock is not None
            self._dir_lock.acquire()
            state = prepare_data_dir(self._data_dir, self._host)
            self._cluster_id = state.cluster_id
            wait_for_earlier_jvm(state.pid, self._data_dir, self._stop_timeout)
            return state, (state.port, state.controller_port), f"{self._data_dir / STATE_FILE_NAME}"
        if self._work_dir is not None and not self._has_data:
            # Left by a failed start (kept for its logs) or by stop() with keep_work_dir: not reused.
            if not self._keep_work_dir:
                shutil.rmtree(self._work_dir, ignore_errors=True)
            self._work_dir = None
        if self._work_dir is None:
            self._work_dir = Path(tempfile.mkdtemp(prefix="claimwire-kafka-"))
            self._cluster_id = new_cluster_id()
        return None, self._last_ports, "this broker"

    def _save_state(self, state: BrokerState) -> None:
        assert self._data_dir is not None
        write_broker_state(self._data_dir, state)

    def _launch(self, java: str, classpath: str, port: int, controller_port: int) -> None:
        """Write server.properties for these ports, format the storage if it is new, and start the JVM."""
        work_dir = self._work_dir
        assert work_dir is not None and self._cluster_id is not None
        data_dir = work_dir / "data"
        data_dir.mkdir(exist_ok=True)
        (work_dir / "logs").mkdir(exist_ok=True)
        self._port, self._controller_port = port, controller_port
        properties = work_dir / "server.properties"
        properties.write_text(
            render_server_properties(
                host=self._host,
                broker_port=port,
                controller_port=controller_port,
                data_dir=data_dir,
                extra={**self._listener_properties(port, controller_port), **self._extra_properties},
            ),
            encoding="utf-8",
        )
        if read_meta_cluster_id(data_dir) is None:
            format_storage(java, classpath, cluster_id=self._cluster_id, properties=properties, work_dir=work_dir,
                           extra_args=scram_format_arguments(self._sasl_ssl) if self._sasl_ssl else ())
            log.info("formatted Kafka storage in %s (cluster id %s)", data_dir, self._cluster_id)
        else:
            log.info("reusing Kafka storage in %s (cluster id %s)", data_dir, self._cluster_id)
        self._process = start_jvm(java, classpath, heap=self._heap, properties=properties, work_dir=work_dir)

    def _listener_properties(self, port: int, controller_port: int) -> dict[str, str]:
        """The SASL_SSL listener's entries (none without one), on its asked-for port, else the port of this
        object's last start, else a free one."""
        if self._sasl_ssl is None:
            return {}
        sasl_port = self._sasl_ssl.port or self._sasl_port
        while sasl_port is None or sasl_port in (port, controller_port):
            sasl_port = find_free_port(self._host)
        self._sasl_port = sasl_port
        return sasl_ssl_properties(self._sasl_ssl, host=self._host, broker_port=port,
                                   controller_port=controller_port, sasl_port=sasl_port)

    def _wait_until_ready(self) -> None:
        assert self._process is not None and self._port is not None and self._work_dir is not None
        wait_until_ready(
            self._process,
            host=self._host,
            port=self._port,
            controller_port=self._controller_port,
            timeout=self._start_timeout,
            work_dir=self._work_dir,
        )

    def _halt(self, *, hard: bool) -> None:
        """End the JVM (if any) and release the data dir; keeps every file and the remembered ports."""
        process, self._process = self._process, None
        if process is not None:
            terminate(process, hard=hard, stop_timeout=self._stop_timeout)
        self._port = None
        self._controller_port = None
        self._release_data_dir()
        if self._data_dir is not None or self._work_dir is None:
            _running_brokers.discard(self)

    def _release_data_dir(self) -> None:
        if self._dir_lock is not None:
            self._dir_lock.release()
