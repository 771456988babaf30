"""The SSRF guard sends https requests to the checked IP literal: TLS must still send and verify
the real name (httpcore's ``sni_hostname``). Checked against a TLS server on 127.0.0.1 whose
certificate names news.example.org, signed by a CA made for the test."""

from __future__ import annotations

import datetime
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from services.ingest.fetching import FetchError, fetch
from tests.unit.ingest.feed_site import ALLOW_TEST_SERVER

NAME = "news.example.org"


def _certificate(subject: str, issuer: str, key, signer, *, ca: bool):  # type: ignore[no-untyped-def]
    now = datetime.datetime.now(datetime.UTC)
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
               .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(hours=1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if not ca:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(subject)]), critical=False)
    return builder.sign(signer, hashes.SHA256())


def _pem(tmp_path: Path, server_name: str) -> tuple[Path, Path, Path]:
    """(CA certificate, server certificate, server key) files, the server's certificate for ``server_name``."""
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("claimwire test CA", "claimwire test CA", ca_key, ca_key, ca=True)
    leaf = _certificate(server_name, "claimwire test CA", key, ca_key, ca=False)
    paths = tmp_path / "ca.pem", tmp_path / "server.pem", tmp_path / "server.key"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths


class _Page(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as most servers: the connection could be reused

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        body = f"<p>served for {self.headers.get('host')}</p>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def tls_server(cert: Path, key: Path) -> Iterator[int]:
    """An https server on 127.0.0.1 (a free port) until the block ends; yields the port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    server.daemon_threads = True
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def _resolver(host: str, port: int) -> list[str]:
    assert host in (NAME, OTHER)  # nothing else is resolved: no DNS
    return ["127.0.0.1"]


OTHER = "other.example.org"


@pytest.mark.parametrize(("certified", "verified"), [(NAME, True), ("other.example.org", False)])
def test_the_certificate_is_verified_against_the_name_not_the_address(
        tmp_path: Path, certified: str, verified: bool) -> None:
    ca, cert, key = _pem(tmp_path, certified)
    with tls_server(cert, key) as port, httpx.Client(verify=ssl.create_default_context(cafile=str(ca))) as client:
        url = f"https://{NAME}:{port}/story"
        if verified:
            fetched = fetch(client, url, max_bytes=1000, timeout=2.0, allow=ALLOW_TEST_SERVER, resolver=_resolver)
            assert fetched.body == f"<p>served for {NAME}:{port}</p>".encode() and fetched.url == url
        else:
            with pytest.raises(FetchError, match="certificate verify failed"):
                fetch(client, url, max_bytes=1000, timeout=2.0, allow=ALLOW_TEST_SERVER, resolver=_resolver)


def test_a_connection_verified_for_one_name_is_not_reused_for_another(tmp_path: Path) -> None:
    """The pool keys connections by the IP literal: without closing each https connection, the second
    name would ride on the first name's verified connection and its certificate never be checked."""
    ca, cert, key = _pem(tmp_path, NAME)
    with tls_server(cert, key) as port, httpx.Client(verify=ssl.create_default_context(cafile=str(ca))) as client:
        fetched = fetch(client, f"https://{NAME}:{port}/", max_bytes=1000, timeout=2.0, allow=ALLOW_TEST_SERVER,
                        resolver=_resolver)
        assert fetched.status == 200
        with pytest.raises(FetchError, match="certificate verify failed"):
            fetch(client, f"https://{OTHER}:{port}/", max_bytes=1000, timeout=2.0, allow=ALLOW_TEST_SERVER,
                  resolver=_resolver)
