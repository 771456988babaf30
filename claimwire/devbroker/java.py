"""The host tools the broker needs: a Java 17+ runtime (JAVA_HOME or PATH), and executables on PATH."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from claimwire.devbroker.errors import DevBrokerError

MIN_JAVA_MAJOR = 17  # Kafka 4.x brokers refuse to run on older JVMs.


def require_executable(name: str, *, hint: str) -> str:
    """Return the absolute path of executable ``name`` or raise a DevBrokerError naming ``hint``."""
    found = shutil.which(name)
    if found is None:
        raise DevBrokerError(f"`{name}` was not found on PATH; {hint}")
    return found


def java_executable() -> str:
    """``$JAVA_HOME/bin/java`` when it is an executable file, else ``java`` from PATH."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return require_executable(
        "java",
        hint=(
            f"install a Java {MIN_JAVA_MAJOR}+ runtime (e.g. `apt-get install openjdk-17-jre-headless`) "
            "or set JAVA_HOME"
        ),
    )


def java_major_version(java: str) -> int | None:
    """The major version ``java -version`` reports (8 for ``1.8``), None when it cannot be told."""
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


def check_java(java: str) -> None:
    """Refuse a JVM older than Kafka needs; one whose version cannot be told is given its chance."""
    major = java_major_version(java)
    if major is not None and major < MIN_JAVA_MAJOR:
        raise DevBrokerError(
            f"{java} is Java {major}; Kafka 4.x needs Java {MIN_JAVA_MAJOR} or newer (set JAVA_HOME to one)"
        )
