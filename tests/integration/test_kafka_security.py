"""The three services through a broker that only speaks SASL_SSL to clients (SCRAM, mutual TLS), and the CLI's
one line and exit code for refused credentials and for a broker certificate the client does not trust."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from claimwire.cli import EXIT_BAD_CONFIG, EXIT_KAFKA_AUTH_FAILED, EXIT_KAFKA_TLS_FAILED, EXIT_UNREACHABLE
from tests.conftest import EXAMPLES_DIR
from tests.integration.conftest import broker_unavailable
from tests.integration.service_procs import eventually, service_env
from tests.integration.test_services_e2e import embedded_claim_ids, indexed_claim_ids, start_store_and_extract
from tests.tls_certs import issue, make_authority, pem_keystore

pytestmark = pytest.mark.e2e

USER, PASSWORD = "claimwire-svc", "Sc4am-only-for-this-test"
WRONG_PASSWORD = "not-the-" + PASSWORD
MECHANISM = "SCRAM-SHA-512"
ARTICLE = EXAMPLES_DIR / "harbour_gazette_strike.txt"
CLI_TIMEOUT_S = 120  # a refused client gives up after kafka-python's 30 s bootstrap timeout


@dataclass(frozen=True)
class SecureBroker:
    bootstrap: str  # the SASL_SSL listener
    env: dict[str, str]  # what every claimwire process needs to reach it
    untrusted_ca: Path  # a CA that did not sign the broker's certificate


@pytest.fixture(scope="module")
def secure_broker(local_launcher_ready: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecureBroker]:
    from claimwire.devbroker import DevBrokerError, KafkaBroker, SaslSslListener

    tls = tmp_path_factory.mktemp("tls")
    authority = make_authority(tls, "claimwire-test-ca")
    broker_cert, broker_key = issue(authority, tls, "broker", server=True)
    client_cert, client_key = issue(authority, tls, "client", server=False)
    password_file = tls / "kafka-password"
    password_file.write_text(PASSWORD + "\n")  # as a mounted secret usually ends
    listener = SaslSslListener(keystore=pem_keystore(tls, broker_cert, broker_key, authority),
                               truststore=authority.cert_path, scram_users={USER: PASSWORD})
    broker = KafkaBroker(sasl_ssl=listener)
    try:
        broker.start()
    except DevBrokerError as exc:
        broker_unavailable(f"the local launcher failed: {exc}")
    env = {
        "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
        "KAFKA_SASL_MECHANISM": MECHANISM,
        "KAFKA_SASL_USERNAME": USER,
        "KAFKA_SASL_PASSWORD_FILE": str(password_file),
        "KAFKA_SSL_CAFILE": str(authority.cert_path),
        "KAFKA_SSL_CERTFILE": str(client_cert),
        "KAFKA_SSL_KEYFILE": str(client_key),
    }
    untrusted = make_authority(tls / "other", "untrusted-ca")
    try:
        yield SecureBroker(broker.sasl_ssl_bootstrap_servers, env, untrusted.cert_path)
    finally:
        broker.stop()


def publish_command(broker: SecureBroker, data_dir: Path, paths: list[Path], **env: str) -> dict:
    """Popen arguments for `claimwire publish PATHS` through the broker's SASL_SSL listener, `env` overriding."""
    return {"args": [sys.executable, "-m", "claimwire.cli", "publish", *map(str, paths)],
            "env": service_env(broker.bootstrap, data_dir, **{**broker.env, **env})}


def publish(broker: SecureBroker, data_dir: Path, paths: list[Path], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(**publish_command(broker, data_dir, paths, **env), capture_output=True, text=True,
                          timeout=CLI_TIMEOUT_S, stdin=subprocess.DEVNULL)


def test_the_services_run_end_to_end_through_sasl_ssl(secure_broker: SecureBroker, tmp_path: Path) -> None:
    expected = embedded_claim_ids([EXAMPLES_DIR], tmp_path / "embedded")
    assert expected
    services, store_url, _ = start_store_and_extract(secure_broker.bootstrap, tmp_path, shared_env=secure_broker.env)
    try:
        published = publish(secure_broker, tmp_path / "ingest", [EXAMPLES_DIR])
        assert published.returncode == 0, published.stderr[-3000:]
        eventually(lambda: indexed_claim_ids(store_url) >= expected, timeout=240, interval=2,
                   what="the examples' claims indexed through SASL_SSL", services=services)
        assert indexed_claim_ids(store_url) == expected
        hits = httpx.get(f"{store_url}/search", params={"q": "strike", "limit": 5}, timeout=10).json()["hits"]
        assert hits, "a search over the claims indexed through SASL_SSL found nothing"
    finally:
        for service in services:
            service.stop()
    logs = "\n".join(service.log_path.read_text(errors="replace") for service in services)
    assert PASSWORD not in logs and PASSWORD not in published.stdout + published.stderr


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture(scope="module")
def refused_publishes(secure_broker: SecureBroker, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    """`claimwire publish` with a wrong password and with a CA that did not sign the broker's certificate, run
    side by side: each waits out kafka-python's 30 s bootstrap timeout before it can say what failed."""
    root = tmp_path_factory.mktemp("refused")
    (root / "wrong-password").write_text(WRONG_PASSWORD + "\n")
    attempts = {
        "wrong password": {"KAFKA_SASL_PASSWORD_FILE": str(root / "wrong-password")},
        "untrusted certificate": {"KAFKA_SSL_CAFILE": str(secure_broker.untrusted_ca)},
    }
    running = {}
    for name, env in attempts.items():
        command = publish_command(secure_broker, root / name.replace(" ", "-"), [ARTICLE], **env)
        running[name] = subprocess.Popen(**command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                         stdin=subprocess.DEVNULL)
    results = {}
    for name, process in running.items():
        try:
            stdout, stderr = process.communicate(timeout=CLI_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            for other in running.values():  # a test stops what it started
                other.kill()
                other.communicate()
            raise
        results[name] = Result(process.returncode, stdout, stderr)
    return results


def assert_one_clear_line(result: Result | subprocess.CompletedProcess[str], *, code: int, says: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == code, result.stderr[-3000:]
    assert len(lines) == 1 and says in lines[0], result.stderr[-3000:]
    for secret in (PASSWORD, WRONG_PASSWORD):
        assert secret not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_a_wrong_password_is_one_line_and_its_own_exit_code(refused_publishes: dict[str, Result]) -> None:
    result = refused_publishes["wrong password"]
    # kafka-python 3.0.12 often reports the broker's SCRAM refusal only as "socket disconnected": when no
    # refusal was seen within bootstrap's 30 s, the honest answer is "unreachable" (exit 3), never success.
    if result.returncode == EXIT_UNREACHABLE:
        assert_one_clear_line(result, code=EXIT_UNREACHABLE, says="Unable to bootstrap")
        return
    assert_one_clear_line(result, code=EXIT_KAFKA_AUTH_FAILED, says=f"refused the SASL credentials of user '{USER}'")


def test_an_untrusted_broker_certificate_is_one_line_and_its_own_exit_code(
        refused_publishes: dict[str, Result]) -> None:
    assert_one_clear_line(refused_publishes["untrusted certificate"], code=EXIT_KAFKA_TLS_FAILED,
                          says="certificate verify failed")
    assert EXIT_KAFKA_TLS_FAILED != EXIT_KAFKA_AUTH_FAILED


def test_settings_that_do_not_fit_together_stop_the_cli_before_it_connects(secure_broker: SecureBroker,
                                                                           tmp_path: Path) -> None:
    result = publish(secure_broker, tmp_path, [ARTICLE], KAFKA_SECURITY_PROTOCOL="PLAINTEXT")
    assert_one_clear_line(result, code=EXIT_BAD_CONFIG, says="KAFKA_SECURITY_PROTOCOL=PLAINTEXT uses no")
