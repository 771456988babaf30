"""RSS/Atom feed poller: new feed entries in, their article pages handed to ``publish``.

For every feed the poller remembers the ETag / Last-Modified validators (conditional GET, so an
unchanged feed costs a 304) and, across feeds, the entry links already published. Both live in a
small JSON state file replaced atomically. A link is remembered only after ``publish`` returned,
and a feed's validators only after all of its new entries were handed over, so a crash or an
unavailable broker means an entry is published again later (the deduplicator absorbs it), never
that it is skipped.

Each entry's article page is fetched (http/https only, redirects capped, a deadline and a byte
cap enforced while streaming, and only from public addresses or the ``fetch_allow`` networks: the
SSRF guard of ``services.ingest.fetching``; a refused feed is a permanent feed error, a refused page
an entry that falls back to its summary, both with the reason in the log). When the page cannot be
used (timeout, HTTP error, too large, not HTML, no readable text, refused by the guard) the entry's
own content or summary from the feed is published instead, and the report says why.

``run_forever`` is supervised: each feed has its own schedule, and a failed attempt is retried
with capped exponential backoff (never later than the normal interval). A feed's own failures
(network errors, HTTP errors, not a feed) are the feed's problem: logged, counted in
``claimwire_feed_errors_total{kind}``, retried, never fatal. A publisher failure (the broker down
or not acknowledging) that lasts ``give_up_after_s`` without one successful publish ends the loop
with ``PublisherUnavailable``, so that the service can exit non-zero and be restarted. Every feed
entry that yields nothing is counted in ``claimwire_feed_rejections_total{reason}``. ``last_progress``
and ``healthy()`` tell a liveness probe whether the loop still moves; setting the stop event ends the
loop within a moment, also during a backoff (an HTTP request in flight is bounded by ``timeout``).

Memory is bounded: the seen links by ``max_seen`` (oldest forgotten first, at every insertion),
the validators by the configured feeds (those of feeds no longer configured are dropped).
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import feedparser
import httpx
from kafka.errors import KafkaError
from prometheus_client import Counter

from schemas.models import SourceKind
from services.ingest.address_guard import Network
from services.ingest.documents import BadInput, InputDocument
from services.ingest.feed_entries import entry_body, entry_date, entry_key, summary_document
from services.ingest.feed_state import DEFAULT_MAX_SEEN, FeedState
from services.ingest.fetching import DEFAULT_MAX_REDIRECTS, USER_AGENT, FetchError, fetch, utf8_body
from services.ingest.page_documents import HTML_TYPES, document_with_metadata
from services.ingest.readers import MAX_INPUT_BYTES
from services.shared.logging import get_logger

if TYPE_CHECKING:
    from services.ingest.publisher import PublishResult

__all__ = ["FeedPoller", "PollReport", "PublisherUnavailable"]

log = get_logger(__name__)

MiB = 1024 * 1024

Publish = Callable[[InputDocument], "PublishResult"]

FEED_ERRORS = Counter("claimwire_feed_errors_total",
                      "Failed feed poll attempts: transient (retried soon), permanent, publish (publisher failed)",
                      ["kind"])
FEED_REJECTIONS = Counter("claimwire_feed_rejections_total",
                          "Feed entries that yielded no article: no_key, unusable (no page and no summary), "
                          "clean (rejected by cleaning, dead-lettered by the publisher), publish_error",
                          ["reason"])

# Raised by a publisher whose broker is unreachable or does not acknowledge: retried, then fatal.
# Anything else raised by ``publish`` is taken to be that entry's problem.
TRANSIENT_PUBLISH_ERRORS: tuple[type[BaseException], ...] = (KafkaError, TimeoutError, ConnectionError)


class PublisherUnavailable(RuntimeError):
    """Publishing kept failing for longer than ``give_up_after_s``: the feed poller stopped."""


# --------------------------------------------------------------------------- polling


@dataclass
class PollReport:
    feeds_fetched: list[str] = field(default_factory=list)
    feeds_not_modified: list[str] = field(default_factory=list)
    feed_errors: dict[str, str] = field(default_factory=dict)
    entries_seen_before: int = 0
    published: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    fallbacks: dict[str, str] = field(default_factory=dict)
    """Entry link -> why the feed's own summary was published instead of the article page."""
    entry_errors: dict[str, str] = field(default_factory=dict)
    """Entry -> why nothing could be published for it (no usable page and no summary)."""
    publish_failures: dict[str, str] = field(default_factory=dict)
    """Entry link -> publish error; the entry is retried on the next poll."""

    def summary(self) -> dict[str, Any]:
        return {
            "feeds_fetched": len(self.feeds_fetched),
            "feeds_not_modified": len(self.feeds_not_modified),
            "feed_errors": self.feed_errors,
            "entries_seen_before": self.entries_seen_before,
            "published": self.published,
            "duplicates": len(self.duplicates),
            "rejected": self.rejected,
            "fallbacks": self.fallbacks,
            "entry_errors": self.entry_errors,
            "publish_failures": self.publish_failures,
        }


@dataclass
class _Schedule:
    due: float = 0.0  # monotonic time of the next attempt
    failures: int = 0  # consecutive failed attempts


_OK, _FEED_FAILED, _FEED_TRANSIENT, _PUBLISH_FAILED, _STOPPED = "ok", "feed", "feed_transient", "publish", "stopped"


class FeedPoller:
    def __init__(
        self,
        feed_urls: Iterable[str],
        publish: Publish,
        *,
        state_path: Path,
        client: httpx.Client | None = None,
        timeout: float = 10.0,
        max_page_bytes: int = 5 * MiB,
        max_feed_bytes: int = 10 * MiB,
        max_redirects: int = DEFAULT_MAX_REDIRECTS,
        max_seen: int = DEFAULT_MAX_SEEN,
        retry_initial_backoff_s: float = 0.5,
        retry_max_backoff_s: float = 10.0,
        give_up_after_s: float = 300.0,
        stall_after_s: float = 120.0,
        fetch_allow: Iterable[Network] = (),
    ) -> None:
        self.feed_urls = list(dict.fromkeys(url.strip() for url in feed_urls if url and url.strip()))
        self.publish = publish
        self.state_path = Path(state_path)
        self.timeout = timeout
        self.max_page_bytes = min(max_page_bytes, MAX_INPUT_BYTES)
        self.max_feed_bytes = max_feed_bytes
        self.max_redirects = max_redirects
        self.fetch_allow = tuple(fetch_allow)  # private networks the operator lets the poller fetch from
        self.max_seen = max_seen
        self.retry_initial_backoff_s = retry_initial_backoff_s
        self.retry_max_backoff_s = retry_max_backoff_s
        self.give_up_after_s = give_up_after_s
        self.stall_after_s = stall_after_s
        self._owns_client = client is None
        self.client = client or httpx.Client(headers={"User-Agent": USER_AGENT})
        self.state = FeedState.load(self.state_path)
        # Validators of feeds no longer configured would otherwise stay in the state file for ever.
        self.state.validators = {url: v for url, v in self.state.validators.items() if url in self.feed_urls}
        self.state.trim(self.max_seen)
        self._schedule = {url: _Schedule() for url in self.feed_urls}
        self._stop: threading.Event | None = None
        self._alive = False
        self.sleeping_until = 0.0
        """Monotonic time the loop's current wait ends (0 before its first wait)."""
        self._publish_failing_since: float | None = None
        self._publish_failing_feeds: set[str] = set()
        self._last_publish_error = ""
        self.last_progress = time.monotonic()
        """Monotonic time of the loop's last step: a feed attempt or an entry finished, whatever its outcome."""

    @classmethod
    def from_settings(cls, settings: Any, feed_urls: Iterable[str], publish: Publish, **options: Any) -> FeedPoller:
        """A poller with the supervision limits and state file of ``services.shared.config.Settings``."""
        return cls(feed_urls, publish, state_path=settings.data_dir / "feeds-state.json",
                   retry_max_backoff_s=settings.retry_max_backoff_s, give_up_after_s=settings.give_up_after_s,
                   stall_after_s=settings.stall_after_s, fetch_allow=settings.fetch_allow_networks, **options)

    def close(self) -> None:
        if self._owns_client:
            self.client.close()

    def __enter__(self) -> FeedPoller:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ supervision

    @property
    def alive(self) -> bool:
        """True while ``run_forever`` runs (False before it starts and after it ended or gave up)."""
        return self._alive

    def healthy(self) -> bool:
        """For a liveness probe: the loop runs and has made progress within ``stall_after_s`` (counted
        from the end of a deliberate wait, so a long poll interval is not a stall)."""
        if not self._alive:
            return False
        return time.monotonic() <= max(self.last_progress, self.sleeping_until) + self.stall_after_s

    def publisher_failing_for(self) -> float:
        """Seconds since publishing started failing without a success since (0 when it works)."""
        since = self._publish_failing_since
        return 0.0 if since is None else time.monotonic() - since

    def _backoff(self, failures: int) -> float:
        return min(self.retry_max_backoff_s, self.retry_initial_backoff_s * 2 ** max(0, failures - 1))

    def run_forever(self, interval_s: float, stop: threading.Event) -> None:
        """Poll each feed every ``interval_s`` seconds until ``stop`` is set; a failed attempt is retried
        after a capped exponential backoff. Raises PublisherUnavailable when publishing has failed for
        ``give_up_after_s`` without a success. Returns promptly once ``stop`` is set."""
        self._stop = stop
        self._alive = True
        self.last_progress = time.monotonic()
        try:
            while not stop.is_set():
                for feed_url in self.feed_urls:
                    if stop.is_set():
                        return
                    if self._schedule[feed_url].due <= time.monotonic():
                        self.attempt(feed_url, interval_s)
                wake = min((s.due for s in self._schedule.values()), default=time.monotonic() + interval_s)
                self.sleeping_until = wake
                stop.wait(max(0.0, wake - time.monotonic()))
        finally:
            self._alive = False
            self._stop = None

    def attempt(self, feed_url: str, interval_s: float) -> None:
        """One attempt at one feed, and its next attempt scheduled: after ``interval_s`` when it went
        well, sooner (with backoff) when it failed. Raises PublisherUnavailable past ``give_up_after_s``."""
        report = PollReport()
        try:
            outcome = self._poll_feed(feed_url, report)
        except Exception as error:  # e.g. the state file cannot be written: the loop stays alive
            log.exception("feed_poll_failed", feed=feed_url)
            report.feed_errors[feed_url] = f"{type(error).__name__}: {error}"
            outcome = _FEED_TRANSIENT
        now = time.monotonic()
        self.last_progress = now
        schedule = self._schedule[feed_url]
        if outcome == _OK:
            # Every entry of this feed is handed over: a publish failure streak that no feed still
            # waits on is over even without a publish (the entries it failed on left the feed).
            self._publish_failing_feeds.discard(feed_url)
            if not self._publish_failing_feeds:
                self._publish_failing_since = None
        elif outcome == _PUBLISH_FAILED:
            self._publish_failing_feeds.add(feed_url)
        if outcome in (_OK, _STOPPED):
            schedule.failures, schedule.due = 0, now + interval_s
        else:
            schedule.failures += 1
            FEED_ERRORS.labels("publish" if outcome == _PUBLISH_FAILED else
                               "transient" if outcome == _FEED_TRANSIENT else "permanent").inc()
            # A feed that is broken for good waits the normal interval; anything else is retried soon.
            delay = interval_s if outcome == _FEED_FAILED else min(interval_s, self._backoff(schedule.failures))
            schedule.due = now + delay
            log.warning("feed_retry_scheduled", feed=feed_url, failures=schedule.failures, delay_s=round(delay, 2),
                        kind=outcome)
        if report.published or report.duplicates or report.rejected or report.feed_errors or report.publish_failures:
            log.info("feed_poll_done", feed=feed_url, **report.summary())
        if outcome == _PUBLISH_FAILED:
            failing_for = self.publisher_failing_for()
            if failing_for >= self.give_up_after_s:
                log.error("feed_poller_giving_up", failing_for_s=round(failing_for, 1), error=self._last_publish_error)
                raise PublisherUnavailable(
                    f"publishing has failed for {failing_for:.0f}s (limit {self.give_up_after_s:g}s): "
                    f"{self._last_publish_error}"
                )

    # ------------------------------------------------------------------ polling

    def poll_once(self) -> PollReport:
        """Every feed once, now, whatever its schedule; failures are in the report, never raised."""
        report = PollReport()
        for feed_url in self.feed_urls:
            self._poll_feed(feed_url, report)
        log.info("feed_poll_done", **report.summary())
        return report

    def _poll_feed(self, feed_url: str, report: PollReport) -> str:
        known = self.state.validators.get(feed_url, {})
        conditional = {}
        if known.get("etag"):
            conditional["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            conditional["If-Modified-Since"] = known["last_modified"]
        try:
            fetched = fetch(self.client, feed_url, max_bytes=self.max_feed_bytes, timeout=self.timeout,
                            headers=conditional, max_redirects=self.max_redirects, allow=self.fetch_allow)
        except FetchError as error:
            self._feed_failed(feed_url, str(error), report)
            return _FEED_TRANSIENT if error.transient else _FEED_FAILED
        if fetched.status == 304:
            report.feeds_not_modified.append(feed_url)
            return _OK
        # A stream, not bytes: feedparser treats a bytes argument as a possible file name first.
        parsed = feedparser.parse(
            io.BytesIO(fetched.body),
            response_headers={"content-location": fetched.url, "content-type": fetched.headers.get("content-type", "")},
        )
        entries = parsed.get("entries") or []
        if not parsed.get("version") and not entries:
            problem = parsed.get("bozo_exception")
            self._feed_failed(feed_url, f"not an RSS/Atom feed{f' ({problem})' if problem else ''}", report)
            return _FEED_FAILED
        report.feeds_fetched.append(feed_url)
        outlet = (parsed.get("feed") or {}).get("title") or None
        outcome = self._publish_entries(feed_url, entries, outlet, report)
        if outcome == _OK:
            validators = {"etag": fetched.headers.get("etag"), "last_modified": fetched.headers.get("last-modified")}
            self.state.validators[feed_url] = {k: v for k, v in validators.items() if v}
        self.state.save(self.state_path, self.max_seen)
        return outcome

    def _feed_failed(self, feed_url: str, reason: str, report: PollReport) -> None:
        report.feed_errors[feed_url] = reason
        log.warning("feed_failed", feed=feed_url, reason=reason)

    def _reject(self, reason: str, count: int = 1) -> None:
        FEED_REJECTIONS.labels(reason).inc(count)

    def _publish_entries(self, feed_url: str, entries: list[Any], outlet: str | None, report: PollReport) -> str:
        """Publish the new entries of one feed. On a publisher failure (or a stop) the rest wait for the
        next attempt, and so do the feed's validators (or that attempt would get a 304)."""
        for number, entry in enumerate(entries, start=1):
            if self._stop is not None and self._stop.is_set():
                return _STOPPED
            link, key = entry_key(entry)
            if key is None:
                report.entry_errors[f"{feed_url} entry {number}"] = "the entry has neither a link nor an id"
                self._reject("no_key")
                log.warning("feed_entry_without_key", feed=feed_url, entry=number)
                continue
            if key in self.state.seen:
                report.entries_seen_before += 1
                continue
            document = self._document_for(entry, link, outlet, report)
            self.last_progress = time.monotonic()
            if document is None:
                self._reject("unusable")
                self.state.remember(key, self.max_seen)  # nothing to publish now or later: do not fetch it every poll
                continue
            try:
                result = self.publish(document)
            except TRANSIENT_PUBLISH_ERRORS as error:  # broker down or timing out: keep the entry for later
                self._last_publish_error = f"{type(error).__name__}: {error}"
                report.publish_failures[key] = self._last_publish_error
                if self._publish_failing_since is None:
                    self._publish_failing_since = time.monotonic()
                log.error("feed_entry_publish_failed", feed=feed_url, link=key, error=self._last_publish_error)
                return _PUBLISH_FAILED
            except Exception as error:  # not the broker: this entry cannot be published, the others can
                report.entry_errors[key] = f"publish failed: {type(error).__name__}: {error}"
                self._reject("publish_error")
                log.exception("feed_entry_publish_error", feed=feed_url, link=key)
                self.state.remember(key, self.max_seen)
                continue
            self._publish_failing_since = None
            self.state.remember(key, self.max_seen)
            self.last_progress = time.monotonic()
            report.published.extend(result.published)
            report.duplicates.extend(result.duplicates)
            report.rejected.extend(f"{key}: {reason}" for reason in result.rejected)
            if result.rejected:
                self._reject("clean", len(result.rejected))
            log.info("feed_entry_published", feed=feed_url, link=key, article_ids=result.published,
                     duplicates=result.duplicates, rejected=result.rejected)
        return _OK

    def _document_for(
        self, entry: Any, link: str | None, outlet: str | None, report: PollReport
    ) -> InputDocument | None:
        """The entry's article page as a document, else (saying why in the report) its own summary."""
        key = link or entry.get("id")
        metadata = {"title": entry.get("title") or None, "url": link, "outlet": outlet, "published": entry_date(entry)}
        page_problem = "the entry has no link"
        if link:
            try:
                page = fetch(self.client, link, max_bytes=self.max_page_bytes, timeout=self.timeout,
                             max_redirects=self.max_redirects, allow=self.fetch_allow)
                if page.media_type and page.media_type not in HTML_TYPES:
                    raise FetchError(f"not an HTML page ({page.media_type})")
                body = utf8_body(page.body, page.headers.get("content-type"))
                return document_with_metadata(body, uri=link, source_kind=SourceKind.feed,
                                              content_type="text/html", **metadata)
            except (FetchError, BadInput) as error:
                page_problem = str(error)
        summary = entry_body(entry)
        if summary is None:
            report.entry_errors[key] = f"page unusable ({page_problem}) and the entry has no summary"
            log.warning("feed_entry_unusable", link=key, reason=page_problem)
            return None
        report.fallbacks[key] = page_problem
        log.info("feed_entry_summary_fallback", link=key, reason=page_problem)
        return summary_document(summary, metadata, link or key)
