"""Extraction with a hard time limit: `extract_claims` runs in a long-lived child process.

Python threads cannot be pre-empted, so an article that keeps spaCy busy for minutes cannot be
stopped from a thread. `ExtractionSandbox` keeps one child process (multiprocessing "spawn": a
fresh interpreter, no forked Kafka sockets or event loop) that loads spaCy once and holds the
worker's `EntityRegistry`. The parent sends one `RawArticle` as JSON and waits up to `timeout_s`
for the claims, which come back as JSON and are validated again on this side.

    sandbox = ExtractionSandbox(data_dir / "entities.json", timeout_s=5)
    sandbox.start()                      # blocks until the child has loaded spaCy
    claims = sandbox.extract(article)    # ExtractionTimeout / ExtractionCrashed / ExtractionFailed
    sandbox.close()                      # saves the registry if the child answers, within ~2 s

Failures, from the article's point of view:

- `ExtractionTimeout`: no answer within `timeout_s`. The child is killed (SIGKILL) and a fresh one
  is started at once (it loads spaCy and the registry while the caller dead-letters the article).
- `ExtractionCrashed`: the child died while extracting (segfault, OOM kill, `os._exit`). It is
  restarted the same way.
- `ExtractionFailed`: `extract_claims` raised, or sent back claims that do not validate; the child
  is fine and stays.
- `SandboxUnavailable`: the child could not be started `start_attempts` times in a row. Fatal:
  the worker cannot extract anything and should exit non-zero.

What a restart forgets: the registry lives in the child and is saved to `<data_dir>/entities.json`
with `RegistryKeeper`'s cadence (every `save_every` articles, at most once per `save_seconds`, and
at `close()`). A killed child takes with it every name learnt since the last save: up to
`save_every - 1` articles (more when the time rule held a save back), and nothing of the article
that was cut. The fresh child reloads the last saved file, so later articles can get a different
corpus name for an entity first seen in those articles. Offsets of articles already committed are
not replayed, so those names are only learnt again when new articles mention them.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from schemas.models import ClaimEvent, RawArticle
from services.extract.registry import EntityRegistry
from services.shared.logging import get_logger
from services.shared.metrics import SANDBOX_RESTARTS

__all__ = [
    "ExtractionCrashed", "ExtractionFailed", "ExtractionSandbox", "ExtractionTimeout", "SandboxClosed",
    "SandboxError", "SandboxUnavailable", "extract_with_registry", "load_nlp",
]

log = get_logger(__name__)

# (article, registry) -> claims; must be importable by name (the child is a fresh interpreter).
WorkFn = Callable[[RawArticle, EntityRegistry], list[ClaimEvent]]

_POLL_S = 0.1  # how often a wait looks at the child's liveness and at close()


class SandboxError(RuntimeError):
    """Base of everything the sandbox raises."""


class ExtractionTimeout(SandboxError):
    """One article took longer than the time limit; the child was killed and replaced."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"extraction took longer than {seconds:g} s")
        self.seconds = seconds


class ExtractionCrashed(SandboxError):
    """The child died while extracting one article; it was replaced."""


class ExtractionFailed(SandboxError):
    """Extraction raised in the child, or its claims do not validate; the child is fine."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(f"{error_type}: {message}")
        self.error_type = error_type


class SandboxUnavailable(SandboxError):
    """The child cannot be started: nothing can be extracted (fatal for a worker)."""


class SandboxClosed(SandboxError):
    """`close()` was called (or is running): no more extraction."""


class _StartFailed(Exception):
    pass


# --------------------------------------------------------------------------- the child's side


class RegistryKeeper:
    """This worker's entity registry: extraction and saving take turns (the extracting thread
    extracts while shutdown may save). Used inside the sandbox child; also usable in-process."""

    def __init__(self, path: Path, save_every: int, min_seconds: float = 0.0, work: WorkFn | None = None) -> None:
        self.path = path
        self.save_every = max(1, save_every)
        self.min_seconds = max(0.0, min_seconds)
        self.work = work or extract_with_registry
        self.registry = EntityRegistry.open(path)
        self._lock = threading.Lock()
        self._unsaved = 0
        self._saved_at = time.monotonic()

    def extract(self, article: RawArticle) -> list[ClaimEvent]:
        with self._lock:
            claims = self.work(article, self.registry)
            self._unsaved += 1
            if self._unsaved >= self.save_every and time.monotonic() - self._saved_at >= self.min_seconds:
                self._save()
            return claims

    def save(self) -> None:
        with self._lock:
            self._save()

    def _save(self) -> None:
        try:
            self.registry.save(self.path)
            self._unsaved = 0
            self._saved_at = time.monotonic()
        except OSError as error:  # keep extracting; the next save retries
            log.error("entity_registry_save_failed", path=str(self.path), error=str(error))


def extract_with_registry(article: RawArticle, registry: EntityRegistry, limits: Any = None) -> list[ClaimEvent]:
    """The default work: the real extractor (`limits` is passed on only when given)."""
    from services.extract.extractor import extract_claims

    if limits is None:
        return extract_claims(article, registry)
    return extract_claims(article, registry, limits)


def load_nlp() -> None:
    """The default warm-up: load spaCy before saying "ready", so the first article is not slow."""
    from services.extract.nlp import get_nlp

    get_nlp()


def _watch_parent(parent_pid: int) -> None:
    """A child whose parent died (kill -9) must not live on holding memory."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent_pid:
            os._exit(3)


def _child_main(conn: Connection, registry_path: str, save_every: int, save_seconds: float,
                work: WorkFn, warmup: Callable[[], object] | None, parent_pid: int) -> None:
    # The parent decides when this process ends (close(), or SIGKILL on a timeout): a SIGTERM or
    # Ctrl-C sent to the whole process group must not kill it before the parent saved the registry.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True, name="parent-watch").start()
    try:
        if warmup is not None:
            warmup()
        keeper = RegistryKeeper(Path(registry_path), save_every, save_seconds, work=work)
    except BaseException as error:  # noqa: BLE001 - reported to the parent, which retries
        conn.send(("failed", f"{type(error).__name__}: {error}"))
        return
    conn.send(("ready", len(keeper.registry)))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):  # the parent closed the pipe without saying stop
            keeper.save()
            return
        kind, seq = request[0], request[1]
        if kind == "extract":
            try:
                article = RawArticle.model_validate_json(request[2])
                reply: tuple[Any, ...] = ("ok", seq, [claim.model_dump_json() for claim in keeper.extract(article)])
            except Exception as error:  # noqa: BLE001 - one article's failure, reported back
                reply = ("error", seq, type(error).__name__, str(error)[:2000])
            conn.send(reply)
        elif kind == "save":
            keeper.save()
            conn.send(("saved", seq))
        elif kind == "stop":
            keeper.save()
            conn.send(("stopped", seq))
            return


# --------------------------------------------------------------------------- the parent's side


@dataclass
class _Child:
    process: Any  # multiprocessing.context.SpawnProcess
    conn: Connection
    ready: bool = False
    started_at: float = 0.0


def describe_exit(exitcode: int | None) -> str:
    if exitcode is None:
        return "still running"
    if exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


class ExtractionSandbox:
    """One extraction child process with a time limit per article (see the module docstring).

    Thread-safe: `extract` calls are serialised; `close()` may be called from another thread while
    an extraction runs (the child is then killed and that call raises `SandboxClosed`)."""

    def __init__(
        self,
        registry_path: Path,
        *,
        timeout_s: float,
        save_every: int = 20,
        save_seconds: float = 30.0,
        work: WorkFn | None = None,
        warmup: Callable[[], object] | None = load_nlp,
        start_timeout_s: float = 120.0,
        start_attempts: int = 3,
        context: str = "spawn",
    ) -> None:
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self.registry_path = Path(registry_path)
        self.timeout_s = timeout_s
        self.save_every = save_every
        self.save_seconds = save_seconds
        self.work: WorkFn = work or extract_with_registry
        self.warmup = warmup
        self.start_timeout_s = start_timeout_s
        self.start_attempts = max(1, start_attempts)
        self._ctx: Any = multiprocessing.get_context(context)  # typeshed: BaseContext has no Process
        self._lock = threading.Lock()
        self._child: _Child | None = None
        self._seq = 0
        self._closed = False
        self.state = "new"  # new | starting | ready | busy | restarting | unavailable | closed
        self.last_error: str | None = None
        self.restarts = 0

    # ------------------------------------------------------------------ public

    @property
    def healthy(self) -> bool:
        """False once the child could not be started (fatal) or after close()."""
        return self.state not in ("unavailable", "closed")

    @property
    def pid(self) -> int | None:
        child = self._child
        return child.process.pid if child is not None else None

    def start(self) -> None:
        """Start the child and wait until it is ready (spaCy and the registry loaded)."""
        with self._lock:
            self._ensure_ready()

    def extract(self, article: RawArticle) -> list[ClaimEvent]:
        with self._lock:
            child = self._ensure_ready()
            self._seq += 1
            seq = self._seq
            self.state = "busy"
            try:
                child.conn.send(("extract", seq, article.model_dump_json()))
                reply = self._wait_reply(child, seq, self.timeout_s)
            except _Timeout:
                self._replace(child, "timeout")
                raise ExtractionTimeout(self.timeout_s) from None
            except _ChildGone as gone:
                if self._closed:
                    raise SandboxClosed("the extraction sandbox was closed during this article") from None
                self._replace(child, "crash")
                raise ExtractionCrashed(f"extraction process died ({gone}) while extracting this article") from None
            finally:
                if self.state == "busy":
                    self.state = "ready"
            if reply[0] == "error":
                raise ExtractionFailed(reply[2], reply[3])
            try:
                return [ClaimEvent.model_validate_json(payload) for payload in reply[2]]
            except ValueError as error:
                raise ExtractionFailed("InvalidClaim", f"extractor sent back an invalid claim: {error}") from error

    def save(self, timeout_s: float = 30.0) -> bool:
        """Ask the child to save the registry now; False if it is busy, gone or too slow."""
        if not self._lock.acquire(timeout=timeout_s):
            return False
        try:
            child = self._child
            if child is None or not child.ready or self._closed:
                return False
            self._seq += 1
            child.conn.send(("save", self._seq))
            self._wait_reply(child, self._seq, timeout_s)
            return True
        except (_Timeout, _ChildGone, OSError):
            return False
        finally:
            self._lock.release()

    def close(self, timeout_s: float = 2.0) -> None:
        """End the child within ~`timeout_s`: it saves the registry first if it answers in time
        (it cannot while an extraction runs: then it is killed, and that extraction raises
        `SandboxClosed`)."""
        deadline = time.monotonic() + timeout_s
        self._closed = True
        locked = self._lock.acquire(timeout=min(0.25, timeout_s / 4))
        try:
            child = self._child
            if child is None:
                return
            if locked and child.ready and child.process.is_alive():
                try:
                    self._seq += 1
                    child.conn.send(("stop", self._seq))
                    self._wait_reply(child, self._seq, max(0.0, deadline - time.monotonic() - 0.3))
                except (_Timeout, _ChildGone, OSError):
                    log.warning("extract_sandbox_stop_unanswered", pid=child.process.pid)
            child.process.join(max(0.0, deadline - time.monotonic() - 0.2))
            self._kill(child)
            if locked:
                self._child = None
        finally:
            self.state = "closed"
            if locked:
                self._lock.release()

    def __enter__(self) -> ExtractionSandbox:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ------------------------------------------------------------------ internals (lock held)

    def _ensure_ready(self) -> _Child:
        if self._closed:
            raise SandboxClosed("the extraction sandbox is closed")
        if self.state == "unavailable":
            raise SandboxUnavailable(self.last_error or "the extraction process could not be started")
        failures = 0
        while True:
            child = self._child
            if child is not None and child.ready and not child.process.is_alive():
                # Died between two articles (OOM killer, someone's kill): not this article's fault.
                log.warning("extract_sandbox_died_idle", pid=child.process.pid,
                            exit=describe_exit(child.process.exitcode))
                self._replace(child, "died idle")
                child = self._child
            try:
                if child is None:
                    child = self._spawn()
                if not child.ready:
                    self._await_ready(child)
                self.state = "ready"
                return child
            except _StartFailed as error:
                if self._closed:
                    raise SandboxClosed("the extraction sandbox was closed while starting") from None
                failures += 1
                self.last_error = f"extraction process failed to start: {error}"
                log.warning("extract_sandbox_start_failed", attempt=failures, error=str(error))
                if self._child is not None:
                    self._kill(self._child)
                    self._child = None
                if failures >= self.start_attempts:
                    self.state = "unavailable"
                    raise SandboxUnavailable(
                        f"extraction process failed to start {failures} times in a row; last: {error}") from None
                time.sleep(min(0.5 * 2 ** (failures - 1), 5.0))

    def _spawn(self) -> _Child:
        self.state = "starting" if self.restarts == 0 and self.state in ("new", "starting") else "restarting"
        parent_conn, child_conn = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(
            target=_child_main, name="claimwire-extract-sandbox", daemon=True,
            args=(child_conn, str(self.registry_path), self.save_every, self.save_seconds, self.work,
                  self.warmup, os.getpid()),
        )
        try:
            process.start()
        except Exception as error:  # noqa: BLE001 - e.g. out of memory or pids: counts as a failed start
            parent_conn.close()
            child_conn.close()
            raise _StartFailed(f"{type(error).__name__}: {error}") from error
        finally:
            child_conn.close()
        self._child = _Child(process, parent_conn, started_at=time.monotonic())
        log.info("extract_sandbox_started", pid=process.pid)
        return self._child

    def _await_ready(self, child: _Child) -> None:
        try:
            reply = self._wait_reply(child, None, self.start_timeout_s)
        except _Timeout:
            raise _StartFailed(f"not ready within {self.start_timeout_s:g} s") from None
        except _ChildGone as gone:
            raise _StartFailed(str(gone)) from None
        if reply[0] != "ready":
            raise _StartFailed(str(reply[1]) if len(reply) > 1 else repr(reply))
        child.ready = True
        log.info("extract_sandbox_ready", pid=child.process.pid, registry_entities=reply[1],
                 seconds=round(time.monotonic() - child.started_at, 2))

    def _wait_reply(self, child: _Child, seq: int | None, timeout_s: float) -> tuple[Any, ...]:
        """The child's answer to request `seq` (None: the start-up message), in `timeout_s`."""
        deadline = time.monotonic() + timeout_s
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _Timeout()
            try:
                if child.conn.poll(min(_POLL_S, remaining)):
                    reply = child.conn.recv()
                    if seq is None or (len(reply) > 1 and reply[1] == seq):
                        return reply
                    continue  # an answer to an older request: cannot happen, but never mix them up
            except (EOFError, OSError):
                child.process.join(1.0)
                raise _ChildGone(describe_exit(child.process.exitcode)) from None
            if not child.process.is_alive():
                # Its last words may still be in the pipe.
                if child.conn.poll(0):
                    continue
                raise _ChildGone(describe_exit(child.process.exitcode))

    def _replace(self, child: _Child, reason: str) -> None:
        """Kill `child` and start its successor now (it warms up while the caller goes on)."""
        self._kill(child)
        self._child = None
        self.restarts += 1
        SANDBOX_RESTARTS.labels(reason).inc()
        if self._closed:
            return
        try:
            self._spawn()
        except _StartFailed as error:  # the next extract() retries and counts the failures
            self.last_error = f"extraction process failed to start: {error}"
            log.warning("extract_sandbox_start_failed", attempt=1, error=str(error))
        log.warning("extract_sandbox_replaced", reason=reason, old_pid=child.process.pid, new_pid=self.pid)

    @staticmethod
    def _kill(child: _Child) -> None:
        if child.process.is_alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(child.process.pid, signal.SIGKILL)
        child.process.join(2.0)
        with contextlib.suppress(OSError):
            child.conn.close()


class _Timeout(Exception):
    pass


class _ChildGone(Exception):
    pass
