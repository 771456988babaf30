"""The supervised feed poller: backoff and retry, giving up on the publisher, health, prompt stop,
counted rejections and bounded state, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from kafka.errors import KafkaConnectionError, KafkaTimeoutError
from prometheus_client import REGISTRY

from services.ingest.feeds import FeedPoller, PublisherUnavailable
from services.ingest.readers import InputDocument
from tests.unit.ingest.feed_site import ALLOW_TEST_SERVER, Route, Site, serve_news
from tests.unit.ingest.memory_sink import MemorySink

FAST = {"timeout": 0.4, "retry_initial_backoff_s": 0.05, "retry_max_backoff_s": 0.2, "fetch_allow": ALLOW_TEST_SERVER}


class FlakyPublisher:
    """Raises ``error`` for the first ``failures`` calls (all of them with None), then publishes."""

    def __init__(self, failures: int | None, error: BaseException | None = None) -> None:
        self.failures = failures
        self.error = error or KafkaTimeoutError("no ack from the broker")
        self.sink = MemorySink()
        self.calls: list[float] = []

    def __call__(self, document: InputDocument):  # type: ignore[no-untyped-def]
        self.calls.append(time.monotonic())
        if self.failures is None or len(self.calls) <= self.failures:
            raise self.error
        return self.sink(document)


def make(feeds: list[str], publish: object, tmp_path: Path, **options: object) -> FeedPoller:
    return FeedPoller(feeds, publish, state_path=tmp_path / "feeds.json", **{**FAST, **options})  # type: ignore[arg-type]


class Running:
    """run_forever in a thread; remembers what it raised; always stopped and joined."""

    def __init__(self, poller: FeedPoller, interval: float = 60.0) -> None:
        self.poller = poller
        self.stop = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(interval,), daemon=True)

    def _run(self, interval: float) -> None:
        try:
            self.poller.run_forever(interval, self.stop)
        except BaseException as error:  # noqa: BLE001 (the test inspects it)
            self.error = error

    def __enter__(self) -> Running:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.poller.close()
        assert not self.thread.is_alive()


def wait_for(check, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def metric(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_publisher_failing_a_few_times_is_retried_with_growing_backoff(site: Site, tmp_path: Path) -> None:
    rss, _ = serve_news(site)
    publish = FlakyPublisher(failures=4)
    before = metric("claimwire_feed_errors_total", kind="publish")
    with Running(make([rss], publish, tmp_path)) as running:
        wait_for(lambda: len(publish.sink.articles) == 3)
        assert running.poller.healthy() and running.poller.publisher_failing_for() == 0.0
    assert running.error is None
    assert metric("claimwire_feed_errors_total", kind="publish") - before == 4
    gaps = [later - earlier for earlier, later in zip(publish.calls, publish.calls[1:5], strict=False)]
    assert gaps[0] >= 0.045 and gaps[1] >= 0.09 and gaps[2] >= 0.19 and gaps[3] >= 0.19  # 0.05, 0.1, 0.2, capped
    assert max(gaps) < 1.5
    assert site.hits["/rss.xml"] == 5  # the feed again for each attempt: no ETag was kept while failing
    state = json.loads((tmp_path / "feeds.json").read_text())
    assert len(state["seen"]) == 3 and state["feeds"][rss] == {"etag": '"rss-v1"'}


def test_a_publisher_down_for_longer_than_give_up_ends_the_loop(site: Site, tmp_path: Path) -> None:
    rss, _ = serve_news(site)
    publish = FlakyPublisher(failures=None, error=KafkaConnectionError())
    started = time.monotonic()
    with Running(make([rss], publish, tmp_path, give_up_after_s=0.6)) as running:
        running.thread.join(timeout=10)
        assert not running.thread.is_alive()
    assert isinstance(running.error, PublisherUnavailable)
    assert "KafkaConnectionError" in str(running.error)
    assert 0.6 <= time.monotonic() - started < 5
    assert not running.poller.alive and not running.poller.healthy()
    assert publish.sink.articles == []
    assert json.loads((tmp_path / "feeds.json").read_text())["seen"] == []  # nothing was skipped


def test_a_broken_feed_is_retried_but_never_fatal(site: Site, tmp_path: Path) -> None:
    rss, _ = serve_news(site)
    site.routes["/flaky.xml"] = Route(b"overloaded", "text/plain", status=503)
    gone = site.url("/gone.xml")  # 404: permanent, waits the normal interval
    sink = MemorySink()
    transient_before = metric("claimwire_feed_errors_total", kind="transient")
    permanent_before = metric("claimwire_feed_errors_total", kind="permanent")
    with Running(make([site.url("/flaky.xml"), gone, rss], sink, tmp_path, give_up_after_s=0.1)) as running:
        wait_for(lambda: site.hits["/flaky.xml"] >= 5)
        assert len(sink.articles) == 3  # the healthy feed went on
        site.routes["/flaky.xml"] = Route(b"<rss version='2.0'><channel><title>F</title></channel></rss>",
                                          "application/rss+xml")
        hits = site.hits["/flaky.xml"]
        time.sleep(0.6)
        assert site.hits["/flaky.xml"] <= hits + 1  # recovered: back to the 60 s interval
        assert running.poller.healthy() and running.error is None
    assert site.hits["/gone.xml"] == 1
    assert metric("claimwire_feed_errors_total", kind="transient") - transient_before >= 4
    assert metric("claimwire_feed_errors_total", kind="permanent") - permanent_before == 1


def test_stop_ends_a_backoff_within_a_second(site: Site, tmp_path: Path) -> None:
    rss, _ = serve_news(site)
    publish = FlakyPublisher(failures=None)
    poller = make([rss], publish, tmp_path, retry_initial_backoff_s=30, retry_max_backoff_s=30)
    with Running(poller) as running:
        wait_for(lambda: len(publish.calls) == 1)
        time.sleep(0.1)  # now in the 30 s backoff
        stopped = time.monotonic()
        running.stop.set()
        running.thread.join(timeout=5)
        assert time.monotonic() - stopped < 1.0
    assert running.error is None and len(publish.calls) == 1


def test_health_follows_the_loop(site: Site, tmp_path: Path) -> None:
    rss, _ = serve_news(site)
    sink = MemorySink()
    poller = make([rss], sink, tmp_path, stall_after_s=0.05)
    assert not poller.alive and not poller.healthy()
    with Running(poller, interval=2.0) as running:
        wait_for(lambda: poller.sleeping_until > 0)  # the first poll is done, the loop waits
        first = poller.last_progress
        assert len(sink.articles) == 3
        time.sleep(0.3)  # longer than stall_after_s, but the loop is waiting for its interval on purpose
        assert poller.alive and poller.healthy()
        wait_for(lambda: poller.last_progress > first)
        running.stop.set()
        running.thread.join(timeout=2)
    assert not poller.alive and not poller.healthy()


def test_every_rejected_entry_is_counted(site: Site, tmp_path: Path) -> None:
    feed = ("<rss version='2.0'><channel><title>T</title>"
            f"<item><title>Only a title</title><link>{site.base}/gone</link></item>"
            "<item><title>Nothing at all</title></item>"
            "<item><title>Poison</title><guid isPermaLink='false'>poison</guid>"
            "<description>The mayor said on Monday the bridge would reopen.</description></item>"
            "<item><title>Fine</title><guid isPermaLink='false'>fine</guid>"
            "<description>The council said on Tuesday the budget had passed.</description></item>"
            "</channel></rss>")
    site.routes["/feed"] = Route(feed.encode(), "application/rss+xml")
    sink = MemorySink()

    def publish(document: InputDocument):  # type: ignore[no-untyped-def]
        if b"bridge" in document.content:
            raise ValueError("a bug in the cleaning of this one entry")
        return sink(document)

    before = {reason: metric("claimwire_feed_rejections_total", reason=reason)
              for reason in ("no_key", "unusable", "publish_error")}
    with make([site.url("/feed")], publish, tmp_path) as poller:
        report = poller.poll_once()
    after = {reason: metric("claimwire_feed_rejections_total", reason=reason) for reason in before}
    assert {reason: after[reason] - before[reason] for reason in before} == {
        "no_key": 1, "unusable": 1, "publish_error": 1}
    assert report.entry_errors["poison"].startswith("publish failed: ValueError")
    assert len(sink.articles) == 1 and report.publish_failures == {}


def test_state_is_bounded_while_polling_and_forgets_unconfigured_feeds(site: Site, tmp_path: Path) -> None:
    rss, atom = serve_news(site)
    with make([rss, atom], MemorySink(), tmp_path) as poller:
        poller.poll_once()
    with make([rss], MemorySink(), tmp_path, max_seen=2) as poller:
        assert list(poller.state.validators) == [rss] and len(poller.state.seen) == 2
        poller.state.remember("x", poller.max_seen)
        assert len(poller.state.seen) == 2 and list(poller.state.seen)[-1] == "x"


def test_a_failure_streak_ends_when_no_feed_waits_on_it(site: Site, tmp_path: Path) -> None:
    rss, _ = serve_news(site)
    publish = FlakyPublisher(failures=None)
    with make([rss], publish, tmp_path, give_up_after_s=0.3) as poller:
        poller.attempt(rss, 60)
        assert poller.publisher_failing_for() > 0
        site.routes["/rss.xml"] = Route(b"<rss version='2.0'><channel><title>T</title></channel></rss>",
                                        "application/rss+xml")  # the failed entries left the feed
        time.sleep(0.35)
        poller.attempt(rss, 60)  # nothing to publish: no give-up, and the streak is over
        assert poller.publisher_failing_for() == 0.0
