"""The extract worker's steps without a broker: a fake sandbox, fake topics, real decisions.

What needs Kafka (acks reaching the broker, SIGTERM timing, exit codes of a real process) is in
tests/integration/test_extract_worker.py; this file checks each step of `ExtractAgent` on its own.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pytest

from schemas import ClaimEvent, DeadLetter, RawArticle
from schemas.models import ArticleSource, ClaimKind, Evidence, SourceKind
from services.extract.sandbox import ExtractionTimeout, SandboxClosed
from services.extract.service import EXIT_FATAL, ExtractAgent, ExtractApp, create_app, run
from services.shared.config import Settings
from services.shared.deadletters import DEAD_LETTER_HEADROOM

LIMIT = DEAD_LETTER_HEADROOM + 4000  # room for a whole test article in a dead letter, not for a 4 kB claim


@dataclass
class Sandbox:
    """Stands in for ExtractionSandbox: returns `claims`, or raises `error`, once `release` is set."""

    claims: list[ClaimEvent] = field(default_factory=list)
    error: Exception | None = None
    release: threading.Event = field(default_factory=threading.Event)
    state: str = "ready"
    last_error: str | None = None
    restarts: int = 0

    def __post_init__(self) -> None:
        self.release.set()

    @property
    def healthy(self) -> bool:
        return self.state not in ("unavailable", "closed")

    def extract(self, article: RawArticle) -> list[ClaimEvent]:
        self.release.wait(10)
        if self.error is not None:
            raise self.error
        return self.claims


class Topic:
    def __init__(self) -> None:
        self.sent: list[tuple[bytes, bytes]] = []

    async def send(self, *, key: bytes, value: bytes, headers: Any) -> asyncio.Future[None]:
        self.sent.append((key, value))
        delivered: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        delivered.set_result(None)
        return delivered

    def letters(self) -> list[DeadLetter]:
        return [DeadLetter.model_validate_json(value) for _, value in self.sent]


@dataclass(eq=False)
class Message:
    value: bytes | None
    key: bytes | None = b"k"
    topic: str = "raw-articles"
    partition: int = 0
    offset: int = 7


def article_bytes(article_id: str = "a1") -> bytes:
    text = "Ministers met. \u201cWe agreed,\u201d said Anna Berg."
    return RawArticle(article_id=article_id, text=text, source=ArticleSource(kind=SourceKind.stdin)
                      ).model_dump_json().encode()


def claim(claim_id: str, text: str = "We agreed") -> ClaimEvent:
    return ClaimEvent(claim_id=claim_id, article_id="a1", kind=ClaimKind.direct_quote, text=text, quote=text,
                      evidence=Evidence(start=0, end=len(text), sentence=text), extractor_version="test")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, extract_timeout_s=5.0, kafka_max_message_bytes=LIMIT)


def agent(settings: Settings, sandbox: Sandbox) -> tuple[ExtractAgent, Topic, Topic]:
    app = ExtractApp("test-extract", broker="kafka://127.0.0.1:1", datadir=str(settings.data_dir / "faust"))
    worker = ExtractAgent(app, settings, cast(Any, sandbox))
    worker.claims_topic, worker.dlq_topic = Topic(), Topic()
    return worker, worker.claims_topic, worker.dlq_topic


def test_an_article_s_claims_are_sent_keyed_by_the_article(settings: Settings):
    worker, claims, letters = agent(settings, Sandbox(claims=[claim("c1"), claim("c2")]))
    assert asyncio.run(worker.handle(cast(Any, Message(article_bytes()))))
    assert [key for key, _ in claims.sent] == [b"a1", b"a1"]
    assert [ClaimEvent.model_validate_json(v).claim_id for _, v in claims.sent] == ["c1", "c2"]
    assert letters.sent == []


def test_an_event_that_is_not_an_article_is_dead_lettered_at_validate(settings: Settings):
    worker, claims, letters = agent(settings, Sandbox())
    assert asyncio.run(worker.handle(cast(Any, Message(b"{not json"))))
    [letter] = letters.letters()
    assert (letter.stage, letter.service, letter.source_offset, letter.article_id) == ("validate", "extract", 7, None)
    assert claims.sent == []


def test_an_article_the_sandbox_gives_up_on_is_dead_lettered_at_extract(settings: Settings):
    worker, claims, letters = agent(settings, Sandbox(error=ExtractionTimeout(5.0)))
    assert asyncio.run(worker.handle(cast(Any, Message(article_bytes()))))
    [letter] = letters.letters()
    assert (letter.stage, letter.article_id, letter.error_type) == ("extract", "a1", "ExtractionTimeout")
    assert claims.sent == []


def test_a_claim_over_the_message_limit_is_dead_lettered_and_the_others_still_sent(settings: Settings):
    worker, claims, letters = agent(settings, Sandbox(claims=[claim("c1"), claim("big", "x" * LIMIT)]))
    assert asyncio.run(worker.handle(cast(Any, Message(article_bytes()))))
    assert [ClaimEvent.model_validate_json(v).claim_id for _, v in claims.sent] == ["c1"]
    [letter] = letters.letters()
    assert letter.stage == "publish" and "claim big is" in letter.error
    assert f"{LIMIT}-byte message limit" in letter.error


def test_a_dead_letter_too_big_for_the_topic_keeps_a_cut_original_and_says_so(settings: Settings):
    settings = dataclasses.replace(settings, kafka_max_message_bytes=DEAD_LETTER_HEADROOM + 40)
    worker, _, letters = agent(settings, Sandbox(error=ExtractionTimeout(5.0)))
    asyncio.run(worker.handle(cast(Any, Message(b"{" + b" " * 200))))
    asyncio.run(worker.handle(cast(Any, Message(article_bytes()))))
    invalid, slow = letters.letters()
    assert invalid.error_type == "ValueError" and invalid.error.endswith("to fit the dead-letter topic]")
    # ExtractionTimeout cannot be rebuilt from a message: the note goes into a plain-text error
    assert slow.error.startswith("ExtractionTimeout: extraction took longer than 5 s [original truncated to 30 of")


def test_shutdown_cuts_an_extraction_after_the_grace_and_leaves_the_event_unhandled(settings: Settings):
    sandbox = Sandbox(claims=[claim("c1")])
    sandbox.release.clear()
    worker, claims, letters = agent(settings, sandbox)
    worker.grace_s = 0.0
    worker.health.stop()
    try:
        assert asyncio.run(worker.handle(cast(Any, Message(article_bytes())))) is False
    finally:
        sandbox.release.set()
    assert claims.sent == [] and letters.sent == []


def test_a_closed_sandbox_is_a_cut_while_stopping_and_an_error_otherwise(settings: Settings):
    worker, _, letters = agent(settings, Sandbox(error=SandboxClosed("closed")))
    with pytest.raises(SandboxClosed):
        asyncio.run(worker.handle(cast(Any, Message(article_bytes()))))
    worker.health.stop()
    assert asyncio.run(worker.handle(cast(Any, Message(article_bytes())))) is False
    assert letters.sent == []


@dataclass
class Event:
    message: Message


class Events:
    """Stands in for Faust's noack stream: hands out events, records acks."""

    def __init__(self, events: list[Event]) -> None:
        self.pending = events
        self.acked: list[Event] = []

    def noack(self) -> Events:
        return self

    async def events(self) -> AsyncIterator[Event]:
        for event in self.pending:
            yield event

    async def ack(self, event: Event) -> bool:
        self.acked.append(event)
        return True


def test_each_event_is_acked_only_after_it_was_handled(settings: Settings):
    worker, claims, _ = agent(settings, Sandbox(claims=[claim("c1")]))
    stream = Events([Event(Message(article_bytes("a1"))), Event(Message(b"", offset=8))])
    asyncio.run(worker.consume(stream))
    assert stream.acked == stream.pending
    assert (worker.health.agent, worker.health.finished, worker.health.busy_since) == ("finished", 2, None)
    assert len(claims.sent) == 1


def test_a_stopping_worker_takes_no_more_events(settings: Settings):
    worker, claims, _ = agent(settings, Sandbox(claims=[claim("c1")]))
    worker.health.stop()
    stream = Events([Event(Message(article_bytes()))])
    asyncio.run(worker.consume(stream))
    assert stream.acked == [] and claims.sent == []
    assert worker.health.agent == "finished"


def test_an_unexpected_error_in_the_agent_is_fatal_and_the_event_stays_unacked(settings: Settings,
                                                                              monkeypatch: pytest.MonkeyPatch):
    signals: list[int] = []
    monkeypatch.setattr(os, "kill", lambda pid, sig: signals.append(sig))
    worker, _, _ = agent(settings, Sandbox(error=RuntimeError("bug in a rule")))
    stream = Events([Event(Message(article_bytes()))])
    asyncio.run(worker.consume(stream))
    assert stream.acked == []
    assert worker.health.agent == "crashed" and worker.health.agent_error == "RuntimeError: bug in a rule"
    assert worker.health.fatal == "agent failed: RuntimeError: bug in a rule"
    assert len(signals) == 1  # one SIGTERM, however many fatal errors follow
    worker.fatal("again")
    assert len(signals) == 1 and worker.health.fatal == "agent failed: RuntimeError: bug in a rule"


def test_a_fresh_worker_is_alive_but_not_ready(settings: Settings):
    worker, _, _ = agent(settings, Sandbox(state="new"))
    body, status = worker.healthz()
    assert (status, body["status"], body["agent"]) == (200, "ok", "not started")
    body, status = worker.readyz()
    assert (status, body["status"], body["partitions"]) == (503, "not ready", [])
    assert {"consumer not running", "no partitions assigned", "extraction process is loading the model"} == set(
        body["problems"])


def test_create_app_wires_one_agent_two_tasks_and_the_crash_hook(settings: Settings):
    app = create_app(settings, sandbox=cast(Any, Sandbox()))
    assert list(app.agents) == ["services.extract.service.extract"]
    assert app.health is not None and app.on_agent_crash is not None
    assert isinstance(app.on_agent_crash.__self__, ExtractAgent)


class Main:
    def __init__(self, code: int | None, fatal: str | None) -> None:
        self.code, self.health = code, type("Health", (), {"fatal": fatal})()

    def main(self) -> None:
        raise SystemExit(self.code)


@pytest.mark.parametrize(("code", "fatal", "expected"), [
    (0, None, 0), (None, None, None), (0, "agent crashed", EXIT_FATAL), (None, "no model", EXIT_FATAL), (2, "x", 2)])
def test_run_turns_a_clean_exit_after_a_fatal_error_into_exit_fatal(code, fatal, expected):
    with pytest.raises(SystemExit) as exit_:
        run(cast(Any, Main(code, fatal)))
    assert exit_.value.code == expected
