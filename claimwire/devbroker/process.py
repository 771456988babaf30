"""The broker's JVM: format the storage, start ``kafka.Kafka``, wait until it serves, and end it."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from claimwire.devbroker.errors import DevBrokerError, PortTaken
from claimwire.devbroker.jars import KAFKA_LOG4J2_CONFIG
from claimwire.devbroker.logtail import LOG_TAIL_LINES, log_tail, tail_text
from claimwire.devbroker.ports import port_accepts_connections

if TYPE_CHECKING:
    from kafka import KafkaAdminClient

log = logging.getLogger(__name__)

FORMAT_TIMEOUT_S = 120.0
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent() -> None:
    """Ask the kernel to SIGTERM this process when its parent dies (Linux; elsewhere it does nothing)."""
    # Runs in the child between fork and exec: if the Python process that started the broker dies
    # without cleaning up (SIGKILL, crash), the kernel sends the broker SIGTERM instead of leaving
    # an orphan JVM holding ports.
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def logging_options(logs_dir: Path) -> list[str]:
    """JVM options that send Kafka's log4j output to files in ``logs_dir``, not to the terminal."""
    return [
        f"-Dlog4j2.configurationFile={KAFKA_LOG4J2_CONFIG}",
        f"-Dkafka.logs.dir={logs_dir}",
    ]


def format_storage(
    java: str,
    classpath: str,
    *,
    cluster_id: str,
    properties: Path,
    work_dir: Path,
    extra_args: Sequence[str] = (),
) -> None:
    """Run ``StorageTool format --standalone`` on the log dir that ``properties`` names (``extra_args``:
    e.g. ``--add-scram`` credentials, which only a format can write before the broker's first start)."""
    command = [
        java,
        "-Xmx256m",
        *logging_options(work_dir / "logs"),
        "-cp",
        classpath,
        "kafka.tools.StorageTool",
        "format",
        "--standalone",
        f"--cluster-id={cluster_id}",
        f"--config={properties}",
        *extra_args,
    ]
    try:
        completed = subprocess.run(
            command, capture_output=True, text=True, timeout=FORMAT_TIMEOUT_S, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired as exc:
        raise DevBrokerError(f"formatting Kafka storage took longer than {FORMAT_TIMEOUT_S:.0f} s") from exc
    if completed.returncode != 0:
        output = tail_text(completed.stdout + completed.stderr, LOG_TAIL_LINES)
        raise DevBrokerError(
            f"formatting Kafka storage failed (exit {completed.returncode}); work dir {work_dir}\n"
            f"{output}\n{log_tail(work_dir)}"
        )


def start_jvm(java: str, classpath: str, *, heap: str, properties: Path, work_dir: Path) -> subprocess.Popen[bytes]:
    """Start ``kafka.Kafka`` on ``properties``; its output is appended to ``logs/jvm-output.log``."""
    logs_dir = work_dir / "logs"
    command = [
        java,
        f"-Xmx{heap}",
        "-Xms128m",
        "-XX:+UseG1GC",
        "-XX:MaxGCPauseMillis=20",
        "-XX:+ExitOnOutOfMemoryError",
        "-Djava.awt.headless=true",
        *logging_options(logs_dir),
        "-cp",
        classpath,
        "kafka.Kafka",
        str(properties),
    ]
    with open(logs_dir / "jvm-output.log", "ab") as jvm_output:
        jvm_output.write(f"--- claimwire.devbroker start at {time.strftime('%Y-%m-%d %H:%M:%S')} ---\n".encode())
        jvm_output.flush()
        return subprocess.Popen(
            command,
            cwd=work_dir,
            stdin=subprocess.DEVNULL,
            stdout=jvm_output,
            stderr=subprocess.STDOUT,
            # Own session: a Ctrl-C in the developer's terminal reaches Python, which then stops
            # the broker in order, instead of killing the JVM mid-write.
            start_new_session=True,
            preexec_fn=die_with_parent if sys.platform.startswith("linux") else None,
        )


def wait_until_ready(
    process: subprocess.Popen[bytes],
    *,
    host: str,
    port: int,
    controller_port: int | None,
    timeout: float,
    work_dir: Path,
) -> None:
    """Return once the broker is registered, unfenced and every partition has a leader.

    Raises PortTaken when the JVM died because a port was bound, a DevBrokerError when it died
    otherwise or did not become ready within ``timeout`` seconds.
    """
    # Imported here so `import claimwire.devbroker` stays cheap for CLI start-up.
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaConfigurationError, KafkaError

    deadline = time.monotonic() + timeout
    last_problem = "the broker did not open its port"
    while time.monotonic() < deadline:
        exit_code = process.poll()
        if exit_code is not None:
            raise start_up_failure(exit_code, port=port, controller_port=controller_port, work_dir=work_dir)
        # Wait for the port before building a client: kafka-python logs an error per refused
        # connection, which would flood the test output for the ~10 s the JVM needs.
        if not port_accepts_connections(host, port):
            time.sleep(0.2)
            continue
        remaining_ms = max(1000, int((deadline - time.monotonic()) * 1000))
        admin = None
        try:
            admin = KafkaAdminClient(
                bootstrap_servers=f"{host}:{port}",
                client_id="claimwire-devbroker-probe",
                request_timeout_ms=min(5000, remaining_ms),
                bootstrap_timeout_ms=min(5000, remaining_ms),
            )
            problem = not_ready_reason(admin)
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
        f"the Kafka broker did not become ready within {timeout:.0f} s ({last_problem}); "
        f"work dir {work_dir}\n{log_tail(work_dir)}"
    )


def start_up_failure(exit_code: int, *, port: int, controller_port: int | None, work_dir: Path) -> Exception:
    """Why a JVM that exited during start-up failed: PortTaken for a bind error, else a DevBrokerError."""
    tail = log_tail(work_dir)
    if "BindException" in tail or "Address already in use" in tail:
        bound = re.search(r"failed to bind to \S*?:(\d+)", tail)
        return PortTaken(bound.group(1) if bound else f"{port} or {controller_port}")
    return DevBrokerError(
        f"the Kafka broker exited with code {exit_code} during start-up; work dir {work_dir}\n{tail}"
    )


def not_ready_reason(admin: KafkaAdminClient) -> str | None:
    """None when the broker is registered, unfenced and every partition it knows has a leader.

    After a restart on old data the broker answers metadata requests before the controller has
    unfenced it and moved leadership back; clients connecting then would see no leaders.
    """
    cluster = admin.describe_cluster()
    brokers = cluster.get("brokers") or []
    if not any(not broker.get("is_fenced", False) for broker in brokers):
        return "the broker is not registered or still fenced"
    leaderless = [
        f"{topic.get('name')}-{partition.get('partition_index')}"
        for topic in admin.describe_topics()
        for partition in topic.get("partitions") or [{}]  # no partitions listed: the topic's error says why
        if topic.get("error_code", 0) != 0 or partition.get("error_code", 0) != 0 or partition.get("leader_id", -1) < 0
    ]
    if leaderless:
        return f"{len(leaderless)} partitions have no leader yet (e.g. {leaderless[0]})"
    return None


def terminate(process: subprocess.Popen[bytes], *, hard: bool, stop_timeout: float) -> None:
    """End the JVM: SIGTERM and up to ``stop_timeout`` s to exit (unless ``hard``), then SIGKILL."""
    if process.poll() is not None:
        return
    if not hard:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=stop_timeout)
            return
        except subprocess.TimeoutExpired:
            log.warning("Kafka broker pid %s ignored SIGTERM for %.0f s; killing it", process.pid, stop_timeout)
    with contextlib.suppress(ProcessLookupError):
        process.kill()
    try:
        process.wait(timeout=stop_timeout)
    except subprocess.TimeoutExpired:
        raise DevBrokerError(
            f"Kafka broker pid {process.pid} still exists {stop_timeout:.0f} s after SIGKILL"
        ) from None


def is_broker_jvm_for(pid: int, properties: Path) -> bool:
    """True when ``pid`` is alive and is a ``kafka.Kafka`` JVM started on ``properties`` (Linux /proc)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z" and b"kafka.Kafka" in cmdline and os.fsencode(str(properties)) in cmdline


def wait_for_earlier_jvm(pid: int | None, work_dir: Path, timeout: float) -> None:
    """Wait up to ``timeout`` s for the broker JVM ``pid`` last started on ``work_dir`` to be gone."""
    # A broker whose Python parent died gets SIGTERM from the kernel and may still be shutting
    # down (holding the ports and Kafka's own lock).
    if pid is None:
        return
    properties = work_dir / "server.properties"
    deadline = time.monotonic() + timeout
    while is_broker_jvm_for(pid, properties):
        if time.monotonic() >= deadline:
            raise DevBrokerError(f"an earlier broker (pid {pid}) still runs on {work_dir}; stop it first")
        time.sleep(0.2)
