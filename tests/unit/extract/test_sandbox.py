"""The extraction sandbox: a time limit per article, a replaced child after a timeout or a crash,
a fatal error when no child starts, and a close() that is quick and saves the registry."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from schemas.models import ArticleSource, ClaimEvent, RawArticle, SourceKind
from services.extract.registry import EntityRegistry
from services.extract.sandbox import (
    ExtractionCrashed,
    ExtractionFailed,
    ExtractionSandbox,
    ExtractionTimeout,
    SandboxClosed,
    SandboxUnavailable,
)

# Work functions run in the child, which imports them by name from this module.


def quick_work(article: RawArticle, registry: EntityRegistry) -> list[ClaimEvent]:
    if "sleep" in article.text:
        time.sleep(30)
    if "exit" in article.text:
        os._exit(7)
    if "segfault" in article.text:
        os.kill(os.getpid(), signal.SIGSEGV)
    if "raise" in article.text:
        raise ValueError("the test article asked for an error")
    return []


def broken_warmup() -> None:
    raise RuntimeError("no model here")


def article(text: str, article_id: str = "a1") -> RawArticle:
    return RawArticle(article_id=article_id, text=text, source=ArticleSource(kind=SourceKind.stdin))


@pytest.fixture
def sandbox(tmp_path: Path):
    box = ExtractionSandbox(tmp_path / "entities.json", timeout_s=0.5, work=quick_work, warmup=None,
                            start_timeout_s=30)
    box.start()
    try:
        yield box
    finally:
        box.close()


def test_an_article_that_runs_over_the_limit_is_cut_and_the_next_one_is_extracted(sandbox: ExtractionSandbox):
    first_pid = sandbox.pid
    started = time.monotonic()
    with pytest.raises(ExtractionTimeout, match=r"took longer than 0\.5 s"):
        sandbox.extract(article("Please sleep for a long time."))
    assert time.monotonic() - started < 3
    assert sandbox.pid != first_pid and sandbox.restarts == 1
    assert sandbox.extract(article("A short and ordinary sentence.")) == []
    assert sandbox.state == "ready"


@pytest.mark.parametrize(("text", "reason"), [("exit now", "exit code 7"), ("segfault now", "killed by SIGSEGV")])
def test_a_child_that_dies_on_an_article_is_replaced(sandbox: ExtractionSandbox, text: str, reason: str):
    first_pid = sandbox.pid
    with pytest.raises(ExtractionCrashed, match=reason):
        sandbox.extract(article(text))
    assert sandbox.pid != first_pid
    assert sandbox.extract(article("Another ordinary sentence.")) == []


def test_an_error_raised_by_the_extractor_keeps_the_child(sandbox: ExtractionSandbox):
    pid = sandbox.pid
    with pytest.raises(ExtractionFailed, match="ValueError: the test article asked for an error"):
        sandbox.extract(article("raise it"))
    assert sandbox.pid == pid and sandbox.restarts == 0


def test_a_child_killed_between_articles_costs_no_article(sandbox: ExtractionSandbox):
    os.kill(sandbox.pid, signal.SIGKILL)
    time.sleep(0.2)
    assert sandbox.extract(article("An ordinary sentence after the kill.")) == []


def test_a_child_that_never_starts_is_fatal(tmp_path: Path):
    box = ExtractionSandbox(tmp_path / "entities.json", timeout_s=1, work=quick_work, warmup=broken_warmup,
                            start_attempts=3)
    try:
        with pytest.raises(SandboxUnavailable, match="3 times in a row.*RuntimeError: no model here"):
            box.start()
        assert not box.healthy and box.state == "unavailable"
        with pytest.raises(SandboxUnavailable):
            box.extract(article("Anything at all."))
    finally:
        box.close()


def test_close_ends_a_busy_child_without_waiting_for_its_timeout(tmp_path: Path):
    box = ExtractionSandbox(tmp_path / "entities.json", timeout_s=60, work=quick_work, warmup=None)
    box.start()
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            box.extract(article("Please sleep for a long time."))
        except BaseException as error:  # noqa: BLE001
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.3)
    pid = box.pid
    started = time.monotonic()
    box.close()
    # about two seconds of grace on an idle machine; the bound is loose so a busy one passes too
    assert time.monotonic() - started < 10
    thread.join(5)
    assert not thread.is_alive()
    assert isinstance(outcome[0], SandboxClosed)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert not box.healthy


def test_close_saves_the_registry_when_the_child_answers(tmp_path: Path):
    path = tmp_path / "entities.json"
    box = ExtractionSandbox(path, timeout_s=5, save_every=100, work=quick_work, warmup=None)
    box.start()
    box.extract(article("An ordinary sentence."))
    assert not path.exists()  # saved every 100 articles only
    box.close()
    assert EntityRegistry.load(path).to_json() == EntityRegistry().to_json()


def test_real_extraction_in_the_child_learns_names_and_keeps_them_on_disk(tmp_path: Path):
    """The default work: spaCy in the child, the registry saved by close() and reloaded."""
    from services.extract.extractor import extract_claims

    text = ("\u201cThe new bridge will open in the spring,\u201d transport minister Ilse Marwood said on "
            "Monday.\n\nMs Marwood added that the old bridge would close for repairs.\n")
    path = tmp_path / "entities.json"
    box = ExtractionSandbox(path, timeout_s=60, start_timeout_s=120)
    box.start()
    try:
        claims = box.extract(article(text, "bridge"))
    finally:
        box.close(timeout_s=5)
    assert claims == extract_claims(article(text, "bridge"), EntityRegistry())
    assert any(c.speaker is not None and c.speaker.canonical == "Ilse Marwood" for c in claims)
    assert EntityRegistry.load(path).lookup("Marwood") == "Ilse Marwood"
