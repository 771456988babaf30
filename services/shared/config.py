"""Configuration from environment variables: containers are configured this way, and the CLI's
flags only override what the environment says."""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

from services.shared.secrets import Secret, secret_from_env


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


@dataclass(frozen=True)
class IndexTarget:
    """Which search engine holds the claims: ``tantivy`` and a directory, or ``opensearch``, a URL and
    optionally the alias to keep them under (None: the adapter's default)."""

    engine: str
    location: str
    alias: str | None = None


INDEX_URL_FORMS = ("tantivy:///PATH, opensearch://HOST:PORT[/ALIAS] (http) or opensearchs://HOST:PORT[/ALIAS] "
                   "(https)")
_ALIAS_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}")


class IndexUrlError(ValueError):
    """CLAIMWIRE_INDEX names no engine claimwire knows."""


def parse_index_url(value: str, default_dir: Path) -> IndexTarget:
    """`CLAIMWIRE_INDEX`: empty for Tantivy in the data dir, else one of INDEX_URL_FORMS."""
    if not value:
        return IndexTarget("tantivy", str(default_dir))
    scheme, separator, rest = value.partition("://")
    if separator and scheme == "tantivy" and rest.startswith("/"):
        return IndexTarget("tantivy", rest)
    if separator and scheme in ("opensearch", "opensearchs") and rest.strip("/"):
        protocol = "https" if scheme == "opensearchs" else "http"
        host, _, alias = rest.strip("/").partition("/")
        if not alias or _ALIAS_RE.fullmatch(alias):
            return IndexTarget("opensearch", f"{protocol}://{host}", alias or None)
    raise IndexUrlError(f"CLAIMWIRE_INDEX={value!r} is not one of {INDEX_URL_FORMS}")


class FetchAllowError(ValueError):
    """CLAIMWIRE_FETCH_ALLOW holds something that is not a CIDR network."""


FetchNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_fetch_allow(value: str) -> tuple[FetchNetwork, ...]:
    """`CLAIMWIRE_FETCH_ALLOW`: comma-separated CIDR networks (a bare address is its /32 or /128).
    Host bits set ("10.0.0.1/8") are an error: a typo there would allow more than was meant."""
    networks = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item))
        except ValueError as error:
            raise FetchAllowError(f"CLAIMWIRE_FETCH_ALLOW: {item!r} is not a CIDR network ({error}); "
                                  "expected e.g. 10.0.0.0/8,127.0.0.1/32") from None
    return tuple(networks)


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

    # Who may call the HTTP APIs (README, "Security"). Unset, an endpoint is open, as on a laptop;
    # each token is the value itself or NAME_FILE naming a mounted secret.
    api_token: Secret | None = field(default_factory=lambda: secret_from_env("CLAIMWIRE_API_TOKEN"))
    read_token: Secret | None = field(default_factory=lambda: secret_from_env("CLAIMWIRE_READ_TOKEN"))
    metrics_token: Secret | None = field(default_factory=lambda: secret_from_env("CLAIMWIRE_METRICS_TOKEN"))
    # Limits on what one client can make a service do: writes per second per client address (a token
    # bucket of `burst`; 0 turns it off), seconds to send the request head and the body, articles per request.
    http_write_rate_per_s: float = field(default_factory=lambda: float(_env("CLAIMWIRE_HTTP_WRITE_RATE", "10")))
    http_write_burst: int = field(default_factory=lambda: int(_env("CLAIMWIRE_HTTP_WRITE_BURST", "50")))
    http_header_timeout_s: float = field(
        default_factory=lambda: float(_env("CLAIMWIRE_HTTP_HEADER_TIMEOUT_S", "10")))
    http_body_timeout_s: float = field(default_factory=lambda: float(_env("CLAIMWIRE_HTTP_BODY_TIMEOUT_S", "30")))
    http_max_articles: int = field(default_factory=lambda: int(_env("CLAIMWIRE_HTTP_MAX_ARTICLES", "1000")))

    # Failover: a dead consumer's partitions move to a live one after the session timeout.
    kafka_session_timeout_ms: int = field(
        default_factory=lambda: int(_env("CLAIMWIRE_KAFKA_SESSION_TIMEOUT_MS", "10000"))
    )
    kafka_heartbeat_interval_ms: int = field(
        default_factory=lambda: int(_env("CLAIMWIRE_KAFKA_HEARTBEAT_INTERVAL_MS", "3000"))
    )
    # Large messages: producer request size and the topics' max.message.bytes are set together.
    kafka_max_message_bytes: int = field(
        default_factory=lambda: int(_env("CLAIMWIRE_KAFKA_MAX_MESSAGE_BYTES", str(8 << 20)))
    )
    kafka_compression: str = field(default_factory=lambda: _env("CLAIMWIRE_KAFKA_COMPRESSION", "gzip"))

    # Bounded work: no article may hold a worker for long, whatever its content.
    max_article_chars: int = field(default_factory=lambda: int(_env("CLAIMWIRE_MAX_ARTICLE_CHARS", "100000")))
    max_claims_per_article: int = field(
        default_factory=lambda: int(_env("CLAIMWIRE_MAX_CLAIMS_PER_ARTICLE", "1000"))
    )
    extract_timeout_s: float = field(default_factory=lambda: float(_env("CLAIMWIRE_EXTRACT_TIMEOUT_S", "5")))

    # Honest health: a consumer with lag that made no progress for this long is not ready.
    stall_after_s: float = field(default_factory=lambda: float(_env("CLAIMWIRE_STALL_AFTER_S", "120")))
    # Supervised loops: retry transient failures with capped exponential backoff; give up (and exit
    # non-zero, so the orchestrator restarts the process) after this long without one success.
    retry_max_backoff_s: float = field(default_factory=lambda: float(_env("CLAIMWIRE_RETRY_MAX_BACKOFF_S", "10")))
    give_up_after_s: float = field(default_factory=lambda: float(_env("CLAIMWIRE_GIVE_UP_AFTER_S", "300")))

    # The extract worker: its consumer group, its web port (health, metrics), and how often the
    # extraction child saves the entity registry (every N articles, but at most once per S seconds:
    # a full registry is tens of megabytes).
    extract_group: str = field(default_factory=lambda: _env("CLAIMWIRE_EXTRACT_GROUP", "claimwire-extract"))
    extract_web_port: int = field(default_factory=lambda: int(_env("CLAIMWIRE_EXTRACT_WEB_PORT", "6066")))
    entities_save_every: int = field(default_factory=lambda: int(_env("CLAIMWIRE_ENTITIES_SAVE_EVERY", "20")))
    entities_save_seconds: float = field(
        default_factory=lambda: float(_env("CLAIMWIRE_ENTITIES_SAVE_SECONDS", "30"))
    )

    # Bounded memory: near-duplicate detection remembers this many recent articles.
    dedup_capacity: int = field(default_factory=lambda: int(_env("CLAIMWIRE_DEDUP_CAPACITY", "10000")))

    # Where claims are indexed (see parse_index_url); empty: Tantivy in <data_dir>/index.
    index_url: str = field(default_factory=lambda: _env("CLAIMWIRE_INDEX", ""))

    # The SSRF guard: the feed poller fetches only public addresses, plus these networks (see
    # parse_fetch_allow; empty: none). Validated by ``fetch_allow_networks``, when the ingest service starts.
    fetch_allow: str = field(default_factory=lambda: _env("CLAIMWIRE_FETCH_ALLOW", ""))

    @property
    def fetch_allow_networks(self) -> tuple[FetchNetwork, ...]:
        return parse_fetch_allow(self.fetch_allow)

    @property
    def index_target(self) -> IndexTarget:
        return parse_index_url(self.index_url, self.data_dir / "index")

    @property
    def index_dir(self) -> Path:
        """The Tantivy index directory (the default engine's, when CLAIMWIRE_INDEX names another)."""
        target = self.index_target
        return Path(target.location) if target.engine == "tantivy" else self.data_dir / "index"

    @property
    def dead_letter_file(self) -> Path:
        return self.data_dir / "deadletters.jsonl"

    @classmethod
    def documented(cls) -> list[str]:
        return [f.name for f in fields(cls)]
