"""Configuration from environment variables: containers are configured this way, and the CLI's
flags only override what the environment says."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TypeVar

from services.shared.secrets import Secret, SecretFileError, secret_from_env, value_or_file


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


Number = TypeVar("Number", int, float)


class SettingError(ValueError):
    """A variable holds a value of the wrong kind (a word where a number goes)."""


def _number(kind: Callable[[str], Number], name: str, default: str) -> Number:
    value = _env(name, default)
    try:
        return kind(value)
    except ValueError:
        raise SettingError(f"{name}={value!r} is not {'a whole number' if kind is int else 'a number'}") from None


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


# ---- Kafka transport security (TLS and SASL), for every client: the services' producers, consumers
# and admin clients, the extract worker's Faust app and the DLQ tools. Read from KAFKA_SECURITY_PROTOCOL,
# KAFKA_SASL_* and KAFKA_SSL_*; validated (and secret files read) by resolve_kafka_security, which
# services.shared.kafka_security calls each time it builds a client's options.

SECURITY_PROTOCOLS = ("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")
SASL_MECHANISMS = ("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")


class KafkaSecurityError(ValueError):
    """The KAFKA_SECURITY_PROTOCOL / KAFKA_SASL_* / KAFKA_SSL_* variables do not fit together, or a file
    they name cannot be read. The message names the variables, never a secret's value."""


@dataclass(frozen=True)
class KafkaSecurity:
    """How the Kafka clients connect, as the environment says it. ``*_file`` fields name mounted secrets;
    resolve_kafka_security reads them into ``sasl_username``/``sasl_password``."""

    protocol: str = "PLAINTEXT"
    sasl_mechanism: str = ""
    sasl_username: str = ""
    sasl_password: Secret = field(default_factory=lambda: Secret(""))
    sasl_username_file: str = ""
    sasl_password_file: str = ""
    ssl_cafile: str = ""
    ssl_certfile: str = ""
    ssl_keyfile: str = ""

    @property
    def uses_sasl(self) -> bool:
        return self.protocol.startswith("SASL_")

    @property
    def uses_tls(self) -> bool:
        return self.protocol in ("SSL", "SASL_SSL")

    @classmethod
    def from_env(cls) -> KafkaSecurity:
        # The password keeps its spaces: only an unset or empty variable means "no password".
        return cls(
            protocol=_env("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT").upper(),
            sasl_mechanism=_env("KAFKA_SASL_MECHANISM", "").upper(),
            sasl_username=_env("KAFKA_SASL_USERNAME", ""),
            sasl_password=Secret(os.environ.get("KAFKA_SASL_PASSWORD", "")),
            sasl_username_file=_env("KAFKA_SASL_USERNAME_FILE", ""),
            sasl_password_file=_env("KAFKA_SASL_PASSWORD_FILE", ""),
            ssl_cafile=_env("KAFKA_SSL_CAFILE", ""),
            ssl_certfile=_env("KAFKA_SSL_CERTFILE", ""),
            ssl_keyfile=_env("KAFKA_SSL_KEYFILE", ""),
        )


def resolve_kafka_security(security: KafkaSecurity) -> KafkaSecurity:
    """The settings checked, with the username and password read from their files where given.

    Raises KafkaSecurityError naming what is wrong: an unknown protocol or mechanism, SASL without a
    username or password (or with both a value and a file), SASL or TLS settings given to a protocol
    that would ignore them (a forgotten KAFKA_SECURITY_PROTOCOL must not quietly send in the clear),
    a key without its certificate, or a file that cannot be read."""
    if security.protocol not in SECURITY_PROTOCOLS:
        raise KafkaSecurityError(f"KAFKA_SECURITY_PROTOCOL={security.protocol!r} is not one of "
                                 f"{', '.join(SECURITY_PROTOCOLS)}")
    _check_tls_files(security)
    if not security.uses_sasl:
        given = [name for name, value in _sasl_variables(security) if value]
        if given:
            raise KafkaSecurityError(f"{', '.join(given)} set, but KAFKA_SECURITY_PROTOCOL={security.protocol} "
                                     "uses no SASL: set it to SASL_SSL (or SASL_PLAINTEXT)")
        return security
    if security.sasl_mechanism not in SASL_MECHANISMS:
        raise KafkaSecurityError(f"KAFKA_SASL_MECHANISM={security.sasl_mechanism!r} is not one of "
                                 f"{', '.join(SASL_MECHANISMS)} (required with {security.protocol})")
    username = _value_or_file("KAFKA_SASL_USERNAME", security.sasl_username, security.sasl_username_file)
    password = _value_or_file("KAFKA_SASL_PASSWORD", security.sasl_password.reveal(), security.sasl_password_file)
    return replace(security, sasl_username=username, sasl_password=Secret(password), sasl_username_file="",
                   sasl_password_file="")


def _sasl_variables(security: KafkaSecurity) -> list[tuple[str, object]]:
    return [("KAFKA_SASL_MECHANISM", security.sasl_mechanism), ("KAFKA_SASL_USERNAME", security.sasl_username),
            ("KAFKA_SASL_PASSWORD", security.sasl_password), ("KAFKA_SASL_USERNAME_FILE", security.sasl_username_file),
            ("KAFKA_SASL_PASSWORD_FILE", security.sasl_password_file)]


def _check_tls_files(security: KafkaSecurity) -> None:
    files = [("KAFKA_SSL_CAFILE", security.ssl_cafile), ("KAFKA_SSL_CERTFILE", security.ssl_certfile),
             ("KAFKA_SSL_KEYFILE", security.ssl_keyfile)]
    given = [name for name, value in files if value]
    if given and not security.uses_tls:
        raise KafkaSecurityError(f"{', '.join(given)} set, but KAFKA_SECURITY_PROTOCOL={security.protocol} "
                                 "uses no TLS: set it to SSL or SASL_SSL")
    if security.ssl_keyfile and not security.ssl_certfile:
        raise KafkaSecurityError("KAFKA_SSL_KEYFILE set without KAFKA_SSL_CERTFILE: mutual TLS needs the "
                                 "client certificate too")
    for name, value in files:
        if value and not os.access(value, os.R_OK):
            raise KafkaSecurityError(f"{name}={value} cannot be read (no such file, or no permission)")


def _value_or_file(name: str, value: str, path: str) -> str:
    """The value of NAME or the content of NAME_FILE (a mounted secret), required with SASL."""
    try:
        value = value_or_file(name, value, path)
    except SecretFileError as error:
        raise KafkaSecurityError(str(error)) from None
    if not value:
        raise KafkaSecurityError(f"{name} (or {name}_FILE) is required with KAFKA_SECURITY_PROTOCOL=SASL_*")
    return value


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(default_factory=lambda: Path(_env("CLAIMWIRE_DATA_DIR", "./claimwire-data")))
    log_level: str = field(default_factory=lambda: _env("CLAIMWIRE_LOG_LEVEL", "INFO").upper())
    log_format: str = field(default_factory=lambda: _env("CLAIMWIRE_LOG_FORMAT", "json"))
    kafka_bootstrap_servers: str = field(default_factory=lambda: _env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"))
    topic_partitions: int = field(default_factory=lambda: _number(int, "CLAIMWIRE_TOPIC_PARTITIONS", "3"))
    topic_replication: int = field(default_factory=lambda: _number(int, "CLAIMWIRE_TOPIC_REPLICATION", "1"))
    topic_retention_ms: int = field(
        default_factory=lambda: _number(int, "CLAIMWIRE_TOPIC_RETENTION_MS", str(7 * 24 * 3600 * 1000))
    )
    http_host: str = field(default_factory=lambda: _env("CLAIMWIRE_HTTP_HOST", "127.0.0.1"))
    http_port: int = field(default_factory=lambda: _number(int, "CLAIMWIRE_HTTP_PORT", "8080"))
    http_max_body_bytes: int = field(
        default_factory=lambda: _number(int, "CLAIMWIRE_HTTP_MAX_BODY_BYTES", str(5 << 20)))

    # Who may call the HTTP APIs (README, "Security"). Unset, an endpoint is open, as on a laptop;
    # each token is the value itself or NAME_FILE naming a mounted secret.
    api_token: Secret | None = field(default_factory=lambda: secret_from_env("CLAIMWIRE_API_TOKEN"))
    read_token: Secret | None = field(default_factory=lambda: secret_from_env("CLAIMWIRE_READ_TOKEN"))
    metrics_token: Secret | None = field(default_factory=lambda: secret_from_env("CLAIMWIRE_METRICS_TOKEN"))
    # Limits on what one client can make a service do: writes per second per client address (a token
    # bucket of `burst`; 0 turns it off), seconds to send the request head and the body, articles per request.
    http_write_rate_per_s: float = field(default_factory=lambda: _number(float, "CLAIMWIRE_HTTP_WRITE_RATE", "10"))
    http_write_burst: int = field(default_factory=lambda: _number(int, "CLAIMWIRE_HTTP_WRITE_BURST", "50"))
    http_header_timeout_s: float = field(
        default_factory=lambda: _number(float, "CLAIMWIRE_HTTP_HEADER_TIMEOUT_S", "10"))
    http_body_timeout_s: float = field(default_factory=lambda: _number(float, "CLAIMWIRE_HTTP_BODY_TIMEOUT_S", "30"))
    http_max_articles: int = field(default_factory=lambda: _number(int, "CLAIMWIRE_HTTP_MAX_ARTICLES", "1000"))

    # Failover: a dead consumer's partitions move to a live one after the session timeout.
    kafka_session_timeout_ms: int = field(
        default_factory=lambda: _number(int, "CLAIMWIRE_KAFKA_SESSION_TIMEOUT_MS", "10000")
    )
    kafka_heartbeat_interval_ms: int = field(
        default_factory=lambda: _number(int, "CLAIMWIRE_KAFKA_HEARTBEAT_INTERVAL_MS", "3000")
    )
    # Large messages: producer request size and the topics' max.message.bytes are set together.
    kafka_max_message_bytes: int = field(
        default_factory=lambda: _number(int, "CLAIMWIRE_KAFKA_MAX_MESSAGE_BYTES", str(8 << 20))
    )
    kafka_compression: str = field(default_factory=lambda: _env("CLAIMWIRE_KAFKA_COMPRESSION", "gzip"))

    # Bounded work: no article may hold a worker for long, whatever its content.
    max_article_chars: int = field(default_factory=lambda: _number(int, "CLAIMWIRE_MAX_ARTICLE_CHARS", "100000"))
    max_claims_per_article: int = field(
        default_factory=lambda: _number(int, "CLAIMWIRE_MAX_CLAIMS_PER_ARTICLE", "1000")
    )
    extract_timeout_s: float = field(default_factory=lambda: _number(float, "CLAIMWIRE_EXTRACT_TIMEOUT_S", "5"))

    # Honest health: a consumer with lag that made no progress for this long is not ready.
    stall_after_s: float = field(default_factory=lambda: _number(float, "CLAIMWIRE_STALL_AFTER_S", "120"))
    # Supervised loops: retry transient failures with capped exponential backoff; give up (and exit
    # non-zero, so the orchestrator restarts the process) after this long without one success.
    retry_max_backoff_s: float = field(default_factory=lambda: _number(float, "CLAIMWIRE_RETRY_MAX_BACKOFF_S", "10"))
    give_up_after_s: float = field(default_factory=lambda: _number(float, "CLAIMWIRE_GIVE_UP_AFTER_S", "300"))

    # The extract worker: its consumer group, its web port (health, metrics), and how often the
    # extraction child saves the entity registry (every N articles, but at most once per S seconds:
    # a full registry is tens of megabytes).
    extract_group: str = field(default_factory=lambda: _env("CLAIMWIRE_EXTRACT_GROUP", "claimwire-extract"))
    extract_web_port: int = field(default_factory=lambda: _number(int, "CLAIMWIRE_EXTRACT_WEB_PORT", "6066"))
    entities_save_every: int = field(default_factory=lambda: _number(int, "CLAIMWIRE_ENTITIES_SAVE_EVERY", "20"))
    entities_save_seconds: float = field(
        default_factory=lambda: _number(float, "CLAIMWIRE_ENTITIES_SAVE_SECONDS", "30")
    )

    # Bounded memory: near-duplicate detection remembers this many recent articles.
    dedup_capacity: int = field(default_factory=lambda: _number(int, "CLAIMWIRE_DEDUP_CAPACITY", "10000"))

    # Where claims are indexed (see parse_index_url); empty: Tantivy in <data_dir>/index.
    index_url: str = field(default_factory=lambda: _env("CLAIMWIRE_INDEX", ""))

    # The SSRF guard: the feed poller fetches only public addresses, plus these networks (see
    # parse_fetch_allow; empty: none). Validated by ``fetch_allow_networks``, when the ingest service starts.
    fetch_allow: str = field(default_factory=lambda: _env("CLAIMWIRE_FETCH_ALLOW", ""))

    @property
    def fetch_allow_networks(self) -> tuple[FetchNetwork, ...]:
        return parse_fetch_allow(self.fetch_allow)


    # TLS and SASL for every Kafka client (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_SSL_*): see
    # KafkaSecurity. The password is a Secret, so printing the settings never shows it.
    kafka_security: KafkaSecurity = field(default_factory=KafkaSecurity.from_env)

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
