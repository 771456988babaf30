"""The Kafka jars: fetched from Maven Central once (``deploy/kafka/pom.xml``) into a cache folder.

The cache is ``$CLAIMWIRE_KAFKA_CACHE`` or ``<repo>/.cache/kafka``; its ``lib/`` counts as complete only
when its marker names the pom's hash and every jar, so an interrupted download is never used.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from claimwire.devbroker.errors import DevBrokerError
from claimwire.devbroker.java import require_executable
from claimwire.devbroker.logtail import LOG_TAIL_LINES, tail_text

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
KAFKA_DEPLOY_DIR = REPO_ROOT / "deploy" / "kafka"
KAFKA_POM = KAFKA_DEPLOY_DIR / "pom.xml"
KAFKA_LOG4J2_CONFIG = KAFKA_DEPLOY_DIR / "log4j2.xml"

CACHE_ENV_VAR = "CLAIMWIRE_KAFKA_CACHE"
COMPLETE_MARKER = ".claimwire-complete"
MAVEN_TIMEOUT_S = 900.0


def default_cache_dir() -> Path:
    """Where the Kafka jars are cached: $CLAIMWIRE_KAFKA_CACHE, else <repo>/.cache/kafka."""
    override = os.environ.get(CACHE_ENV_VAR, "").strip()
    return Path(override).expanduser().resolve() if override else REPO_ROOT / ".cache" / "kafka"


def pom_digest(pom: Path) -> str:
    """The SHA-256 of the pom, which a complete cache records (a changed pom means new jars)."""
    return hashlib.sha256(pom.read_bytes()).hexdigest()


def classpath_is_complete(lib_dir: Path, digest: str) -> bool:
    """True when ``lib_dir`` holds every jar of a finished copy made from a pom with ``digest``."""
    marker = lib_dir / COMPLETE_MARKER
    try:
        lines = marker.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return False
    if not lines or lines[0].strip() != digest:
        return False
    jars = [line.strip() for line in lines[1:] if line.strip()]
    return bool(jars) and all((lib_dir / jar).is_file() for jar in jars)


@contextlib.contextmanager
def exclusive_lock(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive flock on ``lock_path`` (created if missing) for the ``with`` block."""
    # Several pytest processes (or a developer's shell and a test run) may fill the cache at once.
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_kafka_classpath(cache_dir: Path | None = None, *, pom: Path = KAFKA_POM) -> Path:
    """Return a folder holding the broker's jars, running Maven only when the cache is missing or stale."""
    return ensure_classpath((cache_dir or default_cache_dir()), pom=pom, what="Kafka")


def ensure_classpath(cache_dir: Path, *, pom: Path, what: str) -> Path:
    """A folder holding the runtime jars of ``pom`` (``what`` names them in messages), fetched by Maven
    into ``cache_dir/lib`` only when the cache is missing or stale.

    The copy goes to a scratch folder first and is renamed into place with a marker listing the
    pom's hash and every jar, so an interrupted download is never mistaken for a complete one.
    """
    cache_dir = cache_dir.resolve()
    lib_dir = cache_dir / "lib"
    digest = pom_digest(pom)
    if classpath_is_complete(lib_dir, digest):
        return lib_dir
    with exclusive_lock(cache_dir / ".lock"):
        if classpath_is_complete(lib_dir, digest):  # another process filled it while we waited
            return lib_dir
        mvn = require_executable(
            "mvn", hint=f"install Apache Maven (e.g. `apt-get install maven`); it fetches the {what} jars once"
        )
        scratch = Path(tempfile.mkdtemp(prefix="lib-partial-", dir=cache_dir))
        log.info("fetching %s jars with Maven into %s (first run only)", what, lib_dir)
        started = time.monotonic()
        jars = _maven_copy_dependencies(mvn, pom, scratch, what)
        (scratch / COMPLETE_MARKER).write_text("\n".join([digest, *jars]) + "\n", encoding="utf-8")
        if lib_dir.exists():
            shutil.rmtree(lib_dir)
        scratch.rename(lib_dir)
        log.info("fetched %d %s jars in %.1f s", len(jars), what, time.monotonic() - started)
    return lib_dir


def _maven_copy_dependencies(mvn: str, pom: Path, scratch: Path, what: str) -> list[str]:
    """Let Maven copy the pom's runtime jars into ``scratch``; their names, sorted. Removes it on failure."""
    command = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(pom),
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={scratch}",
    ]
    try:
        completed = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=MAVEN_TIMEOUT_S,
            stdin=subprocess.DEVNULL,
            cwd=pom.parent,
        )
    except subprocess.TimeoutExpired as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        raise DevBrokerError(f"Maven did not finish fetching the {what} jars within {MAVEN_TIMEOUT_S:.0f} s") from exc
    jars = sorted(path.name for path in scratch.glob("*.jar"))
    if completed.returncode != 0 or not jars:
        shutil.rmtree(scratch, ignore_errors=True)
        output = tail_text(completed.stdout + completed.stderr, LOG_TAIL_LINES)
        raise DevBrokerError(
            f"Maven could not fetch the {what} jars (exit {completed.returncode}): {' '.join(command)}\n{output}"
        )
    return jars
