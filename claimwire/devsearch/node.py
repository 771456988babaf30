"""One OpenSearch node as a local JVM: start it on a free loopback port, wait until it serves, end it."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

import httpx

from claimwire.devbroker.errors import DevBrokerError
from claimwire.devbroker.java import java_executable, java_major_version
from claimwire.devbroker.logtail import LOG_TAIL_LINES, tail_file
from claimwire.devbroker.ports import port_is_free
from claimwire.devbroker.process import die_with_parent, terminate
from claimwire.devsearch.jars import DevSearchError, ensure_opensearch_classpath

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
RUNNER_MAIN = "org.codelibs.opensearch.runner.OpenSearchRunner"
CLUSTER_NAME = "claimwire-dev"
MIN_JAVA_MAJOR = 11  # OpenSearch 2.x
DEFAULT_HEAP = "512m"  # a test node on a 2-core machine; the JVM's default would take a quarter of RAM
DEFAULT_START_TIMEOUT_S = 120.0
DEFAULT_STOP_TIMEOUT_S = 30.0
READY_STATUSES = frozenset({"green", "yellow"})  # one node: replicas stay unassigned, yellow is ready
# The runner refuses an HTTP port above its maximum (9299), so the node takes a free one below it.
HTTP_PORTS = range(9201, 9300)

__all__ = ["DevSearchError", "OpenSearchNode"]


def runner_command(java: str, lib_dir: Path, *, base_path: Path, http_port: int, heap: str) -> list[str]:
    """The JVM command for one node. The runner gives node n the HTTP port base + n, so base is port - 1;
    the transport port is OpenSearch's default range (9300-9400, the first free), on loopback too."""
    return [
        java,
        f"-Xms{heap}",
        f"-Xmx{heap}",
        "-Djava.awt.headless=true",
        "-cp",
        f"{lib_dir}/*",
        RUNNER_MAIN,
        "-basePath", str(base_path),
        "-numOfNode", "1",
        "-baseHttpPort", str(http_port - 1),
        # a cluster of its own: two nodes on one machine with one cluster name would find each other
        # on the loopback transport ports and join
        "-clusterName", f"{CLUSTER_NAME}-{http_port}",
    ]


class OpenSearchNode:
    """A single-node OpenSearch cluster for tests, on ``http://127.0.0.1:<port>``, security off.

    Its data lives in a temporary work directory that ``stop`` removes (unless ``keep_work_dir``)."""

    def __init__(self, *, port: int | None = None, heap: str = DEFAULT_HEAP, cache_dir: Path | None = None,
                 start_timeout: float = DEFAULT_START_TIMEOUT_S, stop_timeout: float = DEFAULT_STOP_TIMEOUT_S,
                 keep_work_dir: bool = False) -> None:
        self._requested_port = port
        self._heap = heap
        self._cache_dir = cache_dir
        self._start_timeout = start_timeout
        self._stop_timeout = stop_timeout
        self._keep_work_dir = keep_work_dir
        self._process: subprocess.Popen[bytes] | None = None
        self._port: int | None = None
        self._work_dir: Path | None = None

    # ------------------------------------------------------------------ what a caller reads
    @property
    def url(self) -> str:
        if self._port is None:
            raise DevSearchError("the OpenSearch node is not started")
        return f"http://{HOST}:{self._port}"

    @property
    def port(self) -> int | None:
        return self._port

    @property
    def work_dir(self) -> Path | None:
        return self._work_dir

    @property
    def log_path(self) -> Path | None:
        return self._work_dir / "opensearch.log" if self._work_dir is not None else None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        path = self.log_path
        return (tail_file(path, lines) if path is not None else "") or "(the node wrote no log)"

    # ------------------------------------------------------------------ life
    def start(self) -> str:
        """Start the node and wait until the cluster is yellow or green; its URL."""
        if self.is_running():
            return self.url
        java = java_executable_or_error()
        major = java_major_version(java)
        if major is not None and major < MIN_JAVA_MAJOR:
            raise DevSearchError(f"{java} is Java {major}; OpenSearch 2.x needs Java {MIN_JAVA_MAJOR} or newer")
        lib_dir = ensure_opensearch_classpath(self._cache_dir)
        self._port = self._requested_port or free_http_port()
        if self._port not in HTTP_PORTS:
            raise DevSearchError(f"port {self._port} is outside {HTTP_PORTS.start}-{HTTP_PORTS.stop - 1}, "
                                 "the range the node runner serves on")
        self._work_dir = Path(tempfile.mkdtemp(prefix="claimwire-devsearch-"))
        command = runner_command(java, lib_dir, base_path=self._work_dir / "node", http_port=self._port,
                                 heap=self._heap)
        with open(self._work_dir / "opensearch.log", "ab") as output:
            self._process = subprocess.Popen(  # noqa: S603 - a fixed command of our own
                command, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                cwd=self._work_dir, preexec_fn=die_with_parent,  # noqa: PLW1509 - only prctl, no locks taken
            )
        log.info("OpenSearch node starting on %s (pid %s, work dir %s)", self.url, self._process.pid, self._work_dir)
        try:
            self._wait_until_ready()
        except BaseException:
            self._halt(hard=True)
            raise
        return self.url

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after the stop timeout; the work dir is removed unless kept."""
        self._halt(hard=False)

    def kill(self) -> None:
        """SIGKILL, like ``kill -9``."""
        self._halt(hard=True)

    def __enter__(self) -> OpenSearchNode:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.is_running() else "stopped"
        return f"OpenSearchNode(port={self._port}, {state})"

    # ------------------------------------------------------------------ inside
    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self._start_timeout
        last_problem = "no answer yet"
        with httpx.Client(timeout=5.0) as client:
            while time.monotonic() < deadline:
                assert self._process is not None
                code = self._process.poll()
                if code is not None:
                    raise DevSearchError(
                        f"the OpenSearch node exited with code {code} while starting (log {self.log_path}):\n"
                        f"{self.log_tail()}")
                try:
                    answer = client.get(f"{self.url}/_cluster/health",
                                        params={"wait_for_status": "yellow", "timeout": "1s"})
                    status = answer.json().get("status") if answer.status_code == 200 else None
                    if status in READY_STATUSES:
                        return
                    last_problem = f"HTTP {answer.status_code}, status {status}"
                except (httpx.HTTPError, ValueError) as exc:
                    last_problem = type(exc).__name__
                time.sleep(0.5)
        raise DevSearchError(
            f"the OpenSearch node on {self.url} was not ready within {self._start_timeout:.0f} s ({last_problem}); "
            f"log {self.log_path}:\n{self.log_tail()}")

    def _halt(self, *, hard: bool) -> None:
        if self._process is not None:
            try:
                terminate(self._process, hard=hard, stop_timeout=self._stop_timeout)
            except DevBrokerError as exc:
                raise DevSearchError(str(exc)) from exc
            self._process = None
        if self._work_dir is not None and not self._keep_work_dir:
            shutil.rmtree(self._work_dir, ignore_errors=True)
            self._work_dir = None


def free_http_port() -> int:
    """The first port of HTTP_PORTS that nothing listens on."""
    for port in HTTP_PORTS:
        if port_is_free(HOST, port):
            return port
    raise DevSearchError(f"no free port in {HTTP_PORTS.start}-{HTTP_PORTS.stop - 1} for the OpenSearch node")


def java_executable_or_error() -> str:
    try:
        return java_executable()
    except DevBrokerError as exc:
        raise DevSearchError(str(exc)) from exc
