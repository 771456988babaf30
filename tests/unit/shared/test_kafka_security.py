"""KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_* and KAFKA_SSL_*: validation, secret files, and the options every
Kafka client gets from them (kafka-python keyword arguments, Faust broker credentials)."""

from __future__ import annotations

import ssl
from pathlib import Path

import faust
import pytest

from services.shared.config import KafkaSecurity, KafkaSecurityError, Secret, Settings, resolve_kafka_security
from services.shared.kafka_security import (
    AUTH_FAILED,
    TLS_FAILED,
    classify_connection_failure,
    faust_broker_credentials,
    kafka_python_security,
)
from tests.tls_certs import issue, make_authority

PASSWORD = "s3cr3t-Pa55"
SECURITY_VARIABLES = ("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD",
                      "KAFKA_SASL_USERNAME_FILE", "KAFKA_SASL_PASSWORD_FILE", "KAFKA_SSL_CAFILE", "KAFKA_SSL_CERTFILE",
                      "KAFKA_SSL_KEYFILE")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SECURITY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("tls")
    authority = make_authority(folder, "unit-ca")
    cert, key = issue(authority, folder, "client", server=False)
    return {"KAFKA_SSL_CAFILE": str(authority.cert_path), "KAFKA_SSL_CERTFILE": str(cert),
            "KAFKA_SSL_KEYFILE": str(key)}


def settings_with(monkeypatch: pytest.MonkeyPatch, **variables: str) -> Settings:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return Settings()


def test_by_default_the_clients_speak_plaintext(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_with(monkeypatch)
    assert kafka_python_security(settings) == {"security_protocol": "PLAINTEXT"}
    assert faust_broker_credentials(settings) is None


def test_sasl_ssl_gives_kafka_python_every_option(monkeypatch: pytest.MonkeyPatch, tls_files: dict[str, str]) -> None:
    settings = settings_with(monkeypatch, KAFKA_SECURITY_PROTOCOL="sasl_ssl", KAFKA_SASL_MECHANISM="scram-sha-512",
                             KAFKA_SASL_USERNAME="alice", KAFKA_SASL_PASSWORD=PASSWORD, **tls_files)
    assert kafka_python_security(settings) == {
        "security_protocol": "SASL_SSL", "sasl_mechanism": "SCRAM-SHA-512", "sasl_plain_username": "alice",
        "sasl_plain_password": PASSWORD, "ssl_cafile": tls_files["KAFKA_SSL_CAFILE"],
        "ssl_certfile": tls_files["KAFKA_SSL_CERTFILE"], "ssl_keyfile": tls_files["KAFKA_SSL_KEYFILE"],
    }


def test_sasl_ssl_gives_faust_scram_credentials_with_a_verifying_tls_context(
        monkeypatch: pytest.MonkeyPatch, tls_files: dict[str, str]) -> None:
    settings = settings_with(monkeypatch, KAFKA_SECURITY_PROTOCOL="SASL_SSL", KAFKA_SASL_MECHANISM="SCRAM-SHA-256",
                             KAFKA_SASL_USERNAME="alice", KAFKA_SASL_PASSWORD=PASSWORD, **tls_files)
    credentials = faust_broker_credentials(settings)
    assert isinstance(credentials, faust.SASLCredentials)
    assert (credentials.protocol.value, credentials.mechanism.value) == ("SASL_SSL", "SCRAM-SHA-256")
    assert (credentials.username, credentials.password) == ("alice", PASSWORD)
    assert credentials.ssl_context is not None
    assert credentials.ssl_context.verify_mode == ssl.CERT_REQUIRED and credentials.ssl_context.check_hostname


def test_sasl_plaintext_has_no_tls(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_with(monkeypatch, KAFKA_SECURITY_PROTOCOL="SASL_PLAINTEXT", KAFKA_SASL_MECHANISM="PLAIN",
                             KAFKA_SASL_USERNAME="alice", KAFKA_SASL_PASSWORD=PASSWORD)
    assert kafka_python_security(settings) == {"security_protocol": "SASL_PLAINTEXT", "sasl_mechanism": "PLAIN",
                                               "sasl_plain_username": "alice", "sasl_plain_password": PASSWORD}
    credentials = faust_broker_credentials(settings)
    assert isinstance(credentials, faust.SASLCredentials)
    assert credentials.protocol.value == "SASL_PLAINTEXT" and credentials.ssl_context is None


def test_ssl_alone_gives_faust_tls_credentials_and_no_sasl(monkeypatch: pytest.MonkeyPatch,
                                                           tls_files: dict[str, str]) -> None:
    settings = settings_with(monkeypatch, KAFKA_SECURITY_PROTOCOL="SSL", KAFKA_SSL_CAFILE=tls_files["KAFKA_SSL_CAFILE"])
    assert kafka_python_security(settings) == {"security_protocol": "SSL", "ssl_cafile": tls_files["KAFKA_SSL_CAFILE"],
                                               "ssl_certfile": None, "ssl_keyfile": None}
    credentials = faust_broker_credentials(settings)
    assert isinstance(credentials, faust.SSLCredentials) and credentials.protocol.value == "SSL"


def test_mounted_secret_files_are_read_without_their_trailing_newline(monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:
    (tmp_path / "user").write_text("alice\n")
    (tmp_path / "password").write_text(f"{PASSWORD}\n")
    settings = settings_with(monkeypatch, KAFKA_SECURITY_PROTOCOL="SASL_PLAINTEXT",
                             KAFKA_SASL_MECHANISM="SCRAM-SHA-256", KAFKA_SASL_USERNAME_FILE=str(tmp_path / "user"),
                             KAFKA_SASL_PASSWORD_FILE=str(tmp_path / "password"))
    options = kafka_python_security(settings)
    assert (options["sasl_plain_username"], options["sasl_plain_password"]) == ("alice", PASSWORD)


@pytest.mark.parametrize(("variables", "complaint"), [
    ({"KAFKA_SECURITY_PROTOCOL": "TLS"}, "KAFKA_SECURITY_PROTOCOL='TLS' is not one of PLAINTEXT, SSL"),
    ({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_USERNAME": "alice", "KAFKA_SASL_PASSWORD": PASSWORD},
     "KAFKA_SASL_MECHANISM='' is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512"),
    ({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "GSSAPI"}, "KAFKA_SASL_MECHANISM='GSSAPI'"),
    ({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "PLAIN", "KAFKA_SASL_PASSWORD": PASSWORD},
     r"KAFKA_SASL_USERNAME \(or KAFKA_SASL_USERNAME_FILE\) is required"),
    ({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "PLAIN", "KAFKA_SASL_USERNAME": "alice"},
     r"KAFKA_SASL_PASSWORD \(or KAFKA_SASL_PASSWORD_FILE\) is required"),
    ({"KAFKA_SASL_USERNAME": "alice", "KAFKA_SASL_PASSWORD": PASSWORD},
     "KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD set, but KAFKA_SECURITY_PROTOCOL=PLAINTEXT uses no SASL"),
    ({"KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM": "PLAIN", "KAFKA_SASL_USERNAME": "alice",
      "KAFKA_SASL_PASSWORD": PASSWORD, "KAFKA_SSL_CAFILE": "/etc/ssl/ca.pem"},
     "KAFKA_SSL_CAFILE set, but KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT uses no TLS"),
    ({"KAFKA_SECURITY_PROTOCOL": "SSL", "KAFKA_SSL_CAFILE": "/nonexistent/ca.pem"},
     "KAFKA_SSL_CAFILE=/nonexistent/ca.pem cannot be read"),
    ({"KAFKA_SECURITY_PROTOCOL": "SSL", "KAFKA_SSL_KEYFILE": "/nonexistent/key.pem"},
     "KAFKA_SSL_KEYFILE set without KAFKA_SSL_CERTFILE"),
    ({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "PLAIN", "KAFKA_SASL_USERNAME": "alice",
      "KAFKA_SASL_PASSWORD": PASSWORD, "KAFKA_SASL_PASSWORD_FILE": "/run/secrets/kafka"},
     "both KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are set"),
    ({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "PLAIN", "KAFKA_SASL_USERNAME": "alice",
      "KAFKA_SASL_PASSWORD_FILE": "/nonexistent/password"},
     "KAFKA_SASL_PASSWORD_FILE=/nonexistent/password cannot be read: No such file"),
])
def test_settings_that_do_not_fit_together_are_one_clear_error(monkeypatch: pytest.MonkeyPatch,
                                                               variables: dict[str, str], complaint: str) -> None:
    settings = settings_with(monkeypatch, **variables)
    with pytest.raises(KafkaSecurityError, match=complaint) as raised:
        kafka_python_security(settings)
    assert PASSWORD not in str(raised.value)


def test_an_empty_password_file_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "password").write_text("\n")
    settings = settings_with(monkeypatch, KAFKA_SECURITY_PROTOCOL="SASL_SSL", KAFKA_SASL_MECHANISM="PLAIN",
                             KAFKA_SASL_USERNAME="alice", KAFKA_SASL_PASSWORD_FILE=str(tmp_path / "password"))
    with pytest.raises(KafkaSecurityError, match="KAFKA_SASL_PASSWORD_FILE=.* is empty"):
        resolve_kafka_security(settings.kafka_security)


def test_the_password_never_shows_in_a_repr(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "password").write_text(PASSWORD)
    from_value = settings_with(monkeypatch, KAFKA_SECURITY_PROTOCOL="SASL_SSL", KAFKA_SASL_MECHANISM="PLAIN",
                               KAFKA_SASL_USERNAME="alice", KAFKA_SASL_PASSWORD=PASSWORD)
    resolved = resolve_kafka_security(
        KafkaSecurity(protocol="SASL_SSL", sasl_mechanism="PLAIN", sasl_username="alice",
                      sasl_password_file=str(tmp_path / "password")))
    assert resolved.sasl_password.reveal() == PASSWORD
    for shown in (repr(from_value), str(from_value), repr(resolved), f"{resolved.sasl_password}"):
        assert PASSWORD not in shown
        assert "Secret('***')" in shown


def test_a_secret_compares_by_value_and_is_false_when_empty() -> None:
    assert Secret("a") == Secret("a") and Secret("a") != Secret("b")
    assert not Secret("") and Secret("x")


@pytest.mark.parametrize(("message", "kind", "reason"), [
    ("Bootstrap connection to bootstrap-0 failed: [Error 58] SaslAuthenticationFailedError: "
     "SaslAuthenticationFailedError: Authentication failed during authentication due to invalid credentials with "
     "SASL mechanism SCRAM-SHA-256 (backoff 0.47 secs)", AUTH_FAILED,
     "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256"),
    ("Connection failed: KafkaConnectionError: Handshake failed: [SSL: CERTIFICATE_VERIFY_FAILED] certificate "
     "verify failed: self-signed certificate in certificate chain (_ssl.c:1006)", TLS_FAILED,
     "certificate verify failed: self-signed certificate in certificate chain"),
    ("Connection failed: KafkaConnectionError: Handshake failed: [SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED]",
     TLS_FAILED, "TLS handshake failed"),
])
def test_kafka_pythons_connection_failures_are_told_apart(message: str, kind: str, reason: str) -> None:
    failure = classify_connection_failure(message)
    assert failure is not None and (failure.kind, failure.reason) == (kind, reason)


def test_a_refused_connection_is_neither_an_authentication_nor_a_tls_failure() -> None:
    refused = "Connection failed: KafkaConnectionError: [Errno 111] Connection refused"
    assert classify_connection_failure(refused) is None
