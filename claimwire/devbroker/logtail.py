"""The last lines of the broker's logs, for error messages that show why Kafka failed."""

from __future__ import annotations

import os
from pathlib import Path

LOG_TAIL_LINES = 40


def tail_text(text: str, lines: int) -> str:
    """The last ``lines`` lines of ``text``."""
    return "\n".join(text.splitlines()[-lines:])


def tail_file(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    """The last ``lines`` lines of the file (read from its last 64 KiB only), "" when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 64 * 1024))
            return tail_text(handle.read().decode("utf-8", errors="replace"), lines)
    except OSError:
        return ""


def log_tail(work_dir: Path, lines: int = LOG_TAIL_LINES) -> str:
    """The last lines of the broker log and of the JVM's own output in ``work_dir/logs``."""
    parts = []
    server_log = tail_file(work_dir / "logs" / "server.log", lines)
    if server_log:
        parts.append(f"--- {work_dir / 'logs' / 'server.log'} (tail) ---\n{server_log}")
    jvm_output = tail_file(work_dir / "logs" / "jvm-output.log", lines)
    if jvm_output:
        parts.append(f"--- {work_dir / 'logs' / 'jvm-output.log'} (tail) ---\n{jvm_output}")
    return "\n".join(parts) if parts else "(the broker wrote no log)"
