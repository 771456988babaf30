"""The one place that turns KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_* and KAFKA_SSL_* into client options:
keyword arguments for kafka-python (producers, consumers, admin clients) and broker credentials for the
extract worker's Faust app (which hands them to aiokafka). Every client is built through one of these."""

from __future__ import annotations

import logging
import re
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from services.shared.config import KafkaSecurity, Settings, resolve_kafka_security

if TYPE_CHECKING:
    from faust.types.auth import CredentialsT


def kafka_python_security(settings: Settings) -> dict[str, Any]:
    """``security_protocol`` and, as the protocol needs them, the ``sasl_*`` and ``ssl_*`` arguments of
    KafkaProducer, KafkaConsumer and KafkaAdminClient. Raises KafkaSecurityError on a bad setting."""
    security = resolve_kafka_security(settings.kafka_security)
    options: dict[str, Any] = {"security_protocol": security.protocol}
    if security.uses_sasl:
        options.update(
            sasl_mechanism=security.sasl_mechanism,
            sasl_plain_username=security.sasl_username,
            sasl_plain_password=security.sasl_password.reveal(),
        )
    if security.uses_tls:
        # Empty means "not given": kafka-python then trusts the system CAs and sends no client certificate.
        options.update(
            ssl_cafile=security.ssl_cafile or None,
            ssl_certfile=security.ssl_certfile or None,
            ssl_keyfile=security.ssl_keyfile or None,
        )
    return options


def faust_broker_credentials(settings: Settings) -> CredentialsT | None:
    """What the Faust app takes as ``broker_credentials``: SASL credentials (with a TLS context for
    SASL_SSL), TLS credentials for SSL, or None for PLAINTEXT. Raises KafkaSecurityError on a bad setting."""
    import faust  # here, not at the top: the store and ingest never load Faust

    security = resolve_kafka_security(settings.kafka_security)
    context = tls_context(security) if security.uses_tls else None
    if security.uses_sasl:
        return faust.SASLCredentials(
            username=security.sasl_username,
            password=security.sasl_password.reveal(),
            mechanism=security.sasl_mechanism,
            ssl_context=context,
        )
    if context is not None:
        return faust.SSLCredentials(context)
    return None


def tls_context(security: KafkaSecurity) -> ssl.SSLContext:
    """aiokafka's context for these files: the broker's certificate and host name are always verified."""
    from aiokafka.helpers import create_ssl_context

    return create_ssl_context(
        cafile=security.ssl_cafile or None,
        certfile=security.ssl_certfile or None,
        keyfile=security.ssl_keyfile or None,
    )


# ---- Why a connection failed. kafka-python logs the cause of each failed connection (refused
# credentials, an untrusted certificate) and then reports only "Unable to bootstrap": this remembers the
# cause so the CLI can say which it was.

_TLS_REASON = re.compile(r"certificate verify failed: ([^(\]]+)")


@dataclass
class ConnectionFailure:
    kind: str  # AUTH_FAILED or TLS_FAILED
    reason: str  # the broker's or the TLS library's words; never a credential


AUTH_FAILED = "authentication"
TLS_FAILED = "tls"


class ConnectionFailureRecorder(logging.Handler):
    """A handler for the ``kafka`` logger that keeps the last authentication or TLS failure it saw."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.last: ConnectionFailure | None = None

    def emit(self, record: logging.LogRecord) -> None:
        failure = classify_connection_failure(record.getMessage())
        if failure is not None:
            self.last = failure


def classify_connection_failure(message: str) -> ConnectionFailure | None:
    """An authentication or TLS failure named in one of kafka-python's log messages, else None."""
    if "SaslAuthenticationFailedError" in message:
        reason = message.rpartition("SaslAuthenticationFailedError: ")[2].split(" (backoff")[0]
        return ConnectionFailure(AUTH_FAILED, reason.strip())
    if "Handshake failed" in message or "CERTIFICATE_VERIFY_FAILED" in message:
        verify = _TLS_REASON.search(message)
        reason = f"certificate verify failed: {verify.group(1).strip()}" if verify else "TLS handshake failed"
        return ConnectionFailure(TLS_FAILED, reason)
    return None


@contextmanager
def recording_connection_failures(*, quiet: bool) -> Iterator[ConnectionFailureRecorder]:
    """Record kafka-python's connection failures while the block runs; ``quiet`` also keeps its log lines
    off the terminal (a one-shot command ends with one line that says what failed)."""
    logger = logging.getLogger("kafka")
    recorder = ConnectionFailureRecorder()
    propagate = logger.propagate
    logger.addHandler(recorder)
    if quiet:
        logger.propagate = False
    try:
        yield recorder
    finally:
        logger.removeHandler(recorder)
        logger.propagate = propagate
