"""claimwire.healthcheck: the image's HEALTHCHECK finds the port of the service in its container and
reports that service's /healthz or /readyz as an exit code."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claimwire import healthcheck
from services.shared.config import Settings


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("CLAIMWIRE_HTTP_PORT", "CLAIMWIRE_EXTRACT_WEB_PORT", "CLAIMWIRE_HTTP_HOST"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize(("argv", "port"), [
    (["/opt/claimwire/bin/python", "/opt/claimwire/bin/claimwire", "serve", "ingest"], 8080),
    (["claimwire", "serve", "ingest", "--port", "9001"], 9001),
    (["claimwire", "serve", "ingest", "--port=9002", "--feed", "https://example.org/rss"], 9002),
    (["claimwire", "serve", "store"], 8081),
    (["claimwire", "serve", "store", "--port", "9003"], 9003),
    (["/sbin/docker-init", "--", "claimwire", "serve", "extract", "-l", "info"], 6066),
])
def test_the_port_is_the_one_the_command_listens_on(clean_env, argv, port):
    assert healthcheck.service_port(argv, Settings()) == port


def test_environment_ports_count_where_the_service_reads_them(clean_env):
    clean_env.setenv("CLAIMWIRE_HTTP_PORT", "7001")
    clean_env.setenv("CLAIMWIRE_EXTRACT_WEB_PORT", "7002")
    settings = Settings()
    assert healthcheck.service_port(["claimwire", "serve", "ingest"], settings) == 7001
    assert healthcheck.service_port(["claimwire", "serve", "ingest", "--port", "7003"], settings) == 7003
    assert healthcheck.service_port(["claimwire", "serve", "extract"], settings) == 7002
    assert healthcheck.service_port(["claimwire", "serve", "store"], settings) == 8081  # store reads --port only


@pytest.mark.parametrize("argv", [["claimwire", "--help"], ["claimwire", "serve"], ["claimwire", "serve", "x"]])
def test_a_container_running_no_service_is_unhealthy(clean_env, argv):
    assert healthcheck.service_port(argv, Settings()) is None
    assert healthcheck.main(argv) == 1


@pytest.mark.parametrize(("bind", "asked"), [("0.0.0.0", "127.0.0.1"), ("::", "127.0.0.1"),
                                             ("127.0.0.1", "127.0.0.1"), ("10.1.2.3", "10.1.2.3")])
def test_a_service_bound_everywhere_is_asked_on_loopback(clean_env, bind, asked):
    clean_env.setenv("CLAIMWIRE_HTTP_HOST", bind)
    assert healthcheck.probe_target(["claimwire", "serve", "store"], Settings()) == (asked, 8081)


@pytest.fixture
def service():
    """A stand-in service: /healthz answers 200, /readyz 503."""
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            self.send_response(200 if self.path == "/healthz" else 503)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_exit_code_is_the_services_answer(clean_env, service):
    argv = ["claimwire", "serve", "store", "--port", str(service)]
    assert healthcheck.main(argv) == 0
    assert healthcheck.main(argv, ready=True) == 1


def test_nothing_listening_is_unhealthy(clean_env, service):
    argv = ["claimwire", "serve", "store", "--port", "1"]
    assert healthcheck.main(argv) == 1


def test_the_main_process_command_line_is_read_from_proc(tmp_path):
    cmdline = tmp_path / "cmdline"
    cmdline.write_bytes(b"/opt/claimwire/bin/python\0/opt/claimwire/bin/claimwire\0serve\0extract\0")
    assert healthcheck.main_process_argv(cmdline) == [
        "/opt/claimwire/bin/python", "/opt/claimwire/bin/claimwire", "serve", "extract"]
