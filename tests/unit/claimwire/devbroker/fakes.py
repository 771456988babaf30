"""Stand-ins for the devbroker tests that need no JVM: a filled jar cache and a Python `java` that only binds
the broker's ports (and fakes StorageTool)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from claimwire.devbroker import KafkaBroker
from claimwire.devbroker.jars import COMPLETE_MARKER

FAKE_JAVA = """\
import os, pathlib, signal, socket, sys, time
args = sys.argv[1:]
if "-version" in args:
    print('openjdk version "17.0.15" 2025-04-15', file=sys.stderr)
    sys.exit(0)
def props(path):
    lines = pathlib.Path(path).read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))
if "kafka.tools.StorageTool" in args:
    options = dict(a[2:].split("=", 1) for a in args if a.startswith("--") and "=" in a)
    log_dir = pathlib.Path(props(options["config"])["log.dirs"])
    log_dir.mkdir(parents=True, exist_ok=True)
    (log_dir / "meta.properties").write_text(f"cluster.id={options['cluster-id']}\\nnode.id=1\\nversion=1\\n")
    with open(os.environ["FAKE_JAVA_FORMATS"], "a") as formats:
        formats.write(options["cluster-id"] + "\\n")
    sys.exit(0)
config = props(args[-1])
listeners = []
for listener in config["listeners"].split(","):
    host, port = listener.split("://", 1)[1].rsplit(":", 1)
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        server.bind((host, int(port)))
    except OSError:
        print(f"java.net.BindException: Address already in use; failed to bind to {host}:{port}", flush=True)
        sys.exit(1)
    server.listen()
    listeners.append(server)
(pathlib.Path(config["log.dirs"]) / "fake-records").open("a").write("started\\n")
time.sleep(600)
"""


def fill_lib(cache: Path, pom: Path, jars: list[str], digest: str | None = None) -> Path:
    """A jar cache whose marker lists ``jars`` for ``pom`` (or for the given ``digest``)."""
    lib = cache / "lib"
    lib.mkdir(parents=True)
    for jar in jars:
        (lib / jar).write_bytes(b"PK")
    digest = digest or hashlib.sha256(pom.read_bytes()).hexdigest()
    (lib / COMPLETE_MARKER).write_text("\n".join([digest, *jars]) + "\n")
    return lib


def fake_broker(root: Path, **kwargs: object) -> KafkaBroker:
    """A broker on the fake JDK and jar cache that the ``fake_java`` fixture set up under ``root``."""
    return KafkaBroker(cache_dir=root / "jar-cache", stop_timeout=10, **kwargs)  # type: ignore[arg-type]


def formats(root: Path) -> list[str]:
    """The cluster ids the fake StorageTool formatted, in order."""
    return (root / "formats.log").read_text().split()


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False
