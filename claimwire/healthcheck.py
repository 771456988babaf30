"""`python -m claimwire.healthcheck [--ready]`: the container image's HEALTHCHECK. It asks the service
running in this container for its own /healthz (alive; with --ready: /readyz, taking work) and exits 0
(healthy) or 1, as Docker expects. docker-compose.yml uses --ready, so `docker compose up --wait` returns
once every service takes work; the image's default is liveness.

One image runs three services on three ports, so the port is found the way the service itself finds it:
from the command line of the container's main process (`serve ingest --port N`, `serve store --port N`)
and the environment (CLAIMWIRE_HTTP_PORT for ingest, CLAIMWIRE_EXTRACT_WEB_PORT for extract), with the
services' own defaults. Standard library only, plus Settings: it runs every few seconds."""

from __future__ import annotations

import http.client
import ipaddress
import sys
from pathlib import Path

from services.shared.config import Settings

STORE_DEFAULT_PORT = 8081  # `claimwire serve store --port` defaults to this (claimwire/cli.py)


def service_port(argv: list[str], settings: Settings) -> int | None:
    """The port the `claimwire serve SERVICE` command in argv listens on; None if argv runs no service."""
    if "serve" not in argv:
        return None
    rest = argv[argv.index("serve") + 1:]
    if not rest:
        return None
    service, options = rest[0], rest[1:]
    flag = _option(options, "--port")
    if service == "ingest":
        return int(flag) if flag else settings.http_port
    if service == "store":
        return int(flag) if flag else STORE_DEFAULT_PORT
    if service == "extract":
        return settings.extract_web_port
    return None


def _option(options: list[str], name: str) -> str | None:
    for at, option in enumerate(options):
        if option == name and at + 1 < len(options):
            return options[at + 1]
        if option.startswith(name + "="):
            return option.split("=", 1)[1]
    return None


def probe_target(argv: list[str], settings: Settings) -> tuple[str, int] | None:
    """(host, port) of the service's /healthz: loopback when it binds every interface."""
    port = service_port(argv, settings)
    if port is None:
        return None
    return _reachable_host(settings.http_host), port


def _reachable_host(bind: str) -> str:
    """A service bound to every interface (0.0.0.0, ::) answers on loopback; else ask the address it binds."""
    try:
        unspecified = not bind or ipaddress.ip_address(bind).is_unspecified
    except ValueError:  # a host name
        return bind
    return "127.0.0.1" if unspecified else bind


def main_process_argv(proc: Path = Path("/proc/1/cmdline")) -> list[str]:
    """PID 1's arguments: in the container that is `claimwire serve ...` (the image's ENTRYPOINT)."""
    return [part for part in proc.read_bytes().decode(errors="replace").split("\0") if part]


def main(argv: list[str] | None = None, *, ready: bool = False) -> int:
    path = "/readyz" if ready else "/healthz"
    target = probe_target(argv if argv is not None else main_process_argv(), Settings())
    if target is None:
        print("healthcheck: the container runs no `claimwire serve` command", file=sys.stderr)
        return 1
    host, port = target
    connection = http.client.HTTPConnection(host, port, timeout=4)
    try:
        connection.request("GET", path)
        status = connection.getresponse().status
    except OSError as error:
        print(f"healthcheck: {host}:{port}{path}: {error}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    if status != 200:
        print(f"healthcheck: {host}:{port}{path} answered {status}", file=sys.stderr)
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main(ready="--ready" in sys.argv[1:]))
