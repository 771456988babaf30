"""Start claimwire's services as real separate processes against the test broker."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import httpx

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def service_env(bootstrap: str, data_dir: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "CLAIMWIRE_DATA_DIR": str(data_dir),
        "CLAIMWIRE_LOG_LEVEL": "INFO",
        "CLAIMWIRE_TOPIC_PARTITIONS": "3",
        **extra,
    }


@dataclass
class Service:
    name: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def assert_running(self) -> None:
        code = self.process.poll()
        assert code is None, f"{self.name} exited with {code}:\n{self.log_tail()}"

    def stop(self, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        return self.process.returncode


def start_service(name: str, args: list[str], env: dict[str, str], log_dir: Path) -> Service:
    log_path = log_dir / f"{name}.log"
    handle = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "claimwire.cli", *args], env=env, stdout=handle, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    return Service(name, process, log_path)


def eventually(check: Callable[[], T], *, timeout: float, interval: float = 0.5, what: str = "condition",
               services: list[Service] | None = None) -> T:
    """Poll until `check` returns something truthy; fail with the services' logs otherwise."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        for service in services or []:
            service.assert_running()
        try:
            last = check()
        except (httpx.HTTPError, OSError, json.JSONDecodeError):
            last = None
        if last:
            return last
        time.sleep(interval)
    logs = "\n".join(f"--- {s.name}\n{s.log_tail()}" for s in services or [])
    raise AssertionError(f"timed out after {timeout}s waiting for {what} (last: {last!r})\n{logs}")


def listening_addresses(port: int) -> set[str]:
    """The local addresses a socket listens on at `port`, from the kernel's own tables (Linux):
    '127.0.0.1' for loopback, '0.0.0.0' or '::' for every interface."""
    import ipaddress

    found: set[str] = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text(encoding="ascii").splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state != "0A" or int(port_hex, 16) != port or len(address) != width:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address)
            # the kernel writes each 32-bit word in host (little-endian) order
            words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            found.add(str(ipaddress.ip_address(words)))
    return found
