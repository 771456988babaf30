"""Configuration from environment variables: containers are configured this way, and the CLI's
flags only override what the environment says."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(default_factory=lambda: Path(_env("CLAIMWIRE_DATA_DIR", "./claimwire-data")))
    log_level: str = field(default_factory=lambda: _env("CLAIMWIRE_LOG_LEVEL", "INFO").upper())
    log_format: str = field(default_factory=lambda: _env("CLAIMWIRE_LOG_FORMAT", "json"))
    kafka_bootstrap_servers: str = field(default_factory=lambda: _env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"))
    topic_partitions: int = field(default_factory=lambda: int(_env("CLAIMWIRE_TOPIC_PARTITIONS", "3")))
    topic_replication: int = field(default_factory=lambda: int(_env("CLAIMWIRE_TOPIC_REPLICATION", "1")))
    topic_retention_ms: int = field(
        default_factory=lambda: int(_env("CLAIMWIRE_TOPIC_RETENTION_MS", str(7 * 24 * 3600 * 1000)))
    )
    http_host: str = field(default_factory=lambda: _env("CLAIMWIRE_HTTP_HOST", "127.0.0.1"))
    http_port: int = field(default_factory=lambda: int(_env("CLAIMWIRE_HTTP_PORT", "8080")))
    http_max_body_bytes: int = field(default_factory=lambda: int(_env("CLAIMWIRE_HTTP_MAX_BODY_BYTES", str(5 << 20))))
    metrics_port: int = field(default_factory=lambda: int(_env("CLAIMWIRE_METRICS_PORT", "0")))

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def dead_letter_file(self) -> Path:
        return self.data_dir / "deadletters.jsonl"

    @classmethod
    def documented(cls) -> list[str]:
        return [f.name for f in fields(cls)]
