"""A real, single-node Apache Kafka broker that claimwire starts by itself.

There is no Docker engine on the development and CI machines, so the integration tests and
developers running the services by hand get their broker from here: Maven fetches the Kafka
jars once (``deploy/kafka/pom.xml``) into a cache folder, and every :class:`KafkaBroker` runs
``kafka.Kafka`` from that classpath as one combined broker+controller in KRaft mode, on free
loopback ports, with its data and logs in a throw-away work directory.

Typical use::

    with KafkaBroker() as broker:
        producer = KafkaProducer(bootstrap_servers=broker.bootstrap_servers)

``python -m claimwire.devbroker`` runs one in the foreground until Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import atexit
import base64
import contextlib
import ctypes
import fcntl
import hashlib
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
from pathlib import Path
from types import TracebackType

__all__ = [
    "DevBrokerError",
    "KafkaBroker",
    "default_cache_dir",
    "ensure_kafka_classpath",
    "find_free_port",
    "main",
    "new_cluster_id",
    "render_server_properties",
    "require_executable",
]

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[1]
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
        "group.initial.rebalance.delay.ms": "0",
        "num.network.threads": "2",
        "num.io.threads": "4",
        "log.retention.hours": "24",
    }
    for key, value in (extra or {}).items():
        settings[str(key)] = str(value)
    for key, value in settings.items():
        if "\n" in key or "\n" in value or "\r" in key or "\r" in value:
            raise DevBrokerError(f"broker property {key!r} contains a line break")
    header = "# Written by claimwire.devbroker for a throw-away development broker.\n"
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


_running_brokers: weakref.WeakSet[KafkaBroker] = weakref.WeakSet()


@atexit.register
def _stop_running_brokers() -> None:
    for broker in list(_running_brokers):
        with contextlib.suppress(Exception):
            broker.stop()


# --------------------------------------------------------------------------- the broker


class KafkaBroker:
    """One throw-away single-node Kafka broker (KRaft, broker+controller) on loopback ports.

    ``start()`` fetches the jars if needed, formats fresh storage in a new work directory, starts
    the JVM and returns once an admin client can list topics; ``stop()`` terminates it (SIGTERM,
    then SIGKILL) and deletes the work directory. Also a context manager.

    The JVM is tied to the thread that calls ``start()`` (Linux parent-death signal): start it from
    a thread that lives as long as the broker should.
    """

    def __init__(
        self,
        *,
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
        self._work_dir: Path | None = None
        self._port: int | None = None
        self._controller_port: int | None = None
        self._lock = threading.Lock()

    # ---- public surface

    @property
    def bootstrap_servers(self) -> str:
        """``host:port`` of the PLAINTEXT listener; only valid while the broker runs."""
        if self._process is None or self._port is None:
            raise DevBrokerError("the broker is not running; call start() first")
        return f"{self._host}:{self._port}"

    @property
    def work_dir(self) -> Path | None:
        """The folder holding server.properties, data/ and logs/ (None before start / after stop)."""
        return self._work_dir

    @property
    def log_path(self) -> Path | None:
        return None if self._work_dir is None else self._work_dir / "logs" / "server.log"

    @property
    def pid(self) -> int | None:
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
        """Start the broker and wait until it serves requests; returns the bootstrap address."""
        with self._lock:
            if self._process is not None:
                return self.bootstrap_servers
            java = _java_executable()
            _check_java(java)
            lib_dir = ensure_kafka_classpath(self._cache_dir)
            some_port_fixed = self._requested_port is not None or self._requested_controller_port is not None
            # Free ports are picked by binding port 0 and closing it, so another process can grab one
            # before Kafka binds it: retry with new ports when that is why the broker died. A port the
            # caller asked for will not free itself, so that case fails at once.
            attempts = 1 if some_port_fixed else 3
            for attempt in range(1, attempts + 1):
                try:
                    self._launch(java, lib_dir)
                    self._wait_until_ready()
                except _PortTaken as taken:
                    if attempt < attempts:
                        self._discard(keep_logs=False)
                        continue
                    message = (
                        f"port {taken.ports} is already in use on {self._host}"
                        if some_port_fixed
                        else f"the broker's ports were taken by other processes {attempts} times in a row"
                    )
                    error = DevBrokerError(f"{message}; work dir {self._work_dir}\n{self.log_tail()}")
                    self._discard(keep_logs=True)
                    raise error from None
                except BaseException:
                    self._discard(keep_logs=True)
                    raise
                _running_brokers.add(self)
                log.info("Kafka broker ready at %s (work dir %s)", self.bootstrap_servers, self._work_dir)
                return self.bootstrap_servers
        raise AssertionError("unreachable")  # pragma: no cover

    def stop(self) -> None:
        """Terminate the broker (SIGTERM, then SIGKILL after stop_timeout) and delete its work dir."""
        with self._lock:
            self._discard(keep_logs=self._keep_work_dir)
            _running_brokers.discard(self)

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

    def _launch(self, java: str, lib_dir: Path) -> None:
        work_dir = Path(tempfile.mkdtemp(prefix="claimwire-kafka-"))
        self._work_dir = work_dir
        data_dir = work_dir / "data"
        logs_dir = work_dir / "logs"
        data_dir.mkdir()
        logs_dir.mkdir()
        self._port = self._requested_port or find_free_port(self._host)
        controller_port = self._requested_controller_port or find_free_port(self._host)
        while controller_port == self._port and self._requested_controller_port is None:
            controller_port = find_free_port(self._host)
        self._controller_port = controller_port
        properties_path = work_dir / "server.properties"
        properties_path.write_text(
            render_server_properties(
                host=self._host,
                broker_port=self._port,
                controller_port=self._controller_port,
                data_dir=data_dir,
                extra=self._extra_properties,
            ),
            encoding="utf-8",
        )
        classpath = str(lib_dir / "*")
        logging_options = [
            f"-Dlog4j2.configurationFile={KAFKA_LOG4J2_CONFIG}",
            f"-Dkafka.logs.dir={logs_dir}",
        ]
        self._format_storage(java, classpath, logging_options, properties_path)

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
        with open(logs_dir / "jvm-output.log", "wb") as jvm_output:
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
            f"--cluster-id={new_cluster_id()}",
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
                admin.list_topics()
                return
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

    def _discard(self, *, keep_logs: bool) -> None:
        process, self._process = self._process, None
        if process is not None:
            self._terminate(process)
        if self._work_dir is not None and not keep_logs:
            shutil.rmtree(self._work_dir, ignore_errors=True)
        self._work_dir = None if not keep_logs else self._work_dir
        self._port = None
        self._controller_port = None

    def _terminate(self, process: subprocess.Popen[bytes]) -> None:
        if process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=self._stop_timeout)
            return
        except subprocess.TimeoutExpired:
            log.warning("Kafka broker pid %s ignored SIGTERM for %.0f s; killing it", process.pid, self._stop_timeout)
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        process.wait(timeout=self._stop_timeout)


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
        description="Run a throw-away single-node Kafka broker on 127.0.0.1 until Ctrl-C.",
    )
    parser.add_argument("--port", type=int, default=None, help="PLAINTEXT port (default: a free one)")
    parser.add_argument("--controller-port", type=int, default=None, help="KRaft controller port (default: a free one)")
    parser.add_argument("--cache-dir", type=Path, default=None, help=f"jar cache (default: ${CACHE_ENV_VAR} or .cache/kafka)")
    parser.add_argument("--heap", default=DEFAULT_HEAP, help="JVM max heap, e.g. 512m")
    parser.add_argument("--timeout", type=float, default=DEFAULT_START_TIMEOUT_S, help="start-up timeout in seconds")
    parser.add_argument("--keep-work-dir", action="store_true", help="keep data and logs after stopping")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    logging.getLogger("kafka").setLevel(logging.WARNING)  # the readiness probe's client chatter

    stop_requested = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        stop_requested.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)

    broker = KafkaBroker(
        cache_dir=args.cache_dir,
        port=args.port,
        controller_port=args.controller_port,
        heap=args.heap,
        start_timeout=args.timeout,
        keep_work_dir=args.keep_work_dir,
    )
    try:
        bootstrap = broker.start()
    except DevBrokerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        print(bootstrap, flush=True)
        print(
            f"Kafka broker running at {bootstrap} (logs: {broker.log_path}); Ctrl-C to stop.",
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
