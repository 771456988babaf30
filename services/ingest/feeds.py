"""RSS/Atom feed poller: new feed entries in, their article pages handed to ``publish``.

For every feed the poller remembers the ETag / Last-Modified validators (conditional GET, so an
unchanged feed costs a 304) and, across feeds, the entry links already published. Both live in a
small JSON state file replaced atomically. A link is remembered only after ``publish`` returned,
and a feed's validators only after all of its new entries were handed over, so a crash or an
unavailable broker means an entry is published again later (the deduplicator absorbs it), never
that it is skipped.

Each entry's article page is fetched (http/https only, redirects capped, a deadline and a byte
cap enforced while streaming). When the page cannot be used (timeout, HTTP error, too large, not
HTML, no readable text) the entry's own content or summary from the feed is published instead,
and the report says why.
"""

from __future__ import annotations

import calendar
import io
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import feedparser
import httpx

from claimwire.logging import get_logger
from schemas.models import SourceKind
from services.ingest.readers import (
    MAX_INPUT_BYTES,
    ArticleDraft,
    BadInput,
    InputDocument,
    decode_bytes,
    document_from_bytes,
    html_fragment_to_text,
    parse_document,
)

if TYPE_CHECKING:
    from services.ingest.publisher import PublishResult

__all__ = ["FeedPoller", "FetchError", "PollReport", "document_with_metadata", "fetch", "utf8_body"]

log = get_logger(__name__)

MiB = 1024 * 1024
STATE_VERSION = 1
DEFAULT_MAX_SEEN = 50_000
DEFAULT_MAX_REDIRECTS = 5
USER_AGENT = "claimwire-feed-poller/0.1 (+https://github.com/claimwire)"
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_ALLOWED_SCHEMES = {"http", "https"}
_WHITESPACE_RUN = re.compile(r"\s+")

Publish = Callable[[InputDocument], "PublishResult"]


# --------------------------------------------------------------------------- documents


def document_with_metadata(
    content: bytes,
    *,
    uri: str | None,
    source_kind: SourceKind,
    content_type: str | None,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: datetime | str | None = None,
) -> InputDocument:
    """An article body plus what the transport knows about it (a feed entry's title and date, an
    HTTP client's query parameters) as one JSON record the readers understand.

    HTML is reduced to its article text here, with the same extraction the readers apply to an
    HTML input, because a JSON record's text field is read as a fragment, not as a whole page
    with navigation and footer. Metadata given by the caller wins over what the page states.
    Raises BadInput when the body has no readable text."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    draft: ArticleDraft | None = None
    if media_type in _HTML_TYPES:
        drafts = parse_document(InputDocument(content, uri, source_kind, "text/html"))
        first = drafts[0] if drafts else BadInput("the HTML page contains no readable text")
        if isinstance(first, BadInput):
            raise first
        draft = first
        text = draft.text
        if title and draft.title and title.strip() != draft.title.strip():
            # Cleaning removes the known title from the body, but it will know the caller's title,
            # not the page's own headline, which the extracted text still starts with.
            text = "\n".join(line for line in text.split("\n") if line.strip() != draft.title.strip())
    else:
        text = decode_bytes(content)
    if isinstance(published, datetime):
        published = published.isoformat()
    record: dict[str, Any] = {
        "text": text,
        "title": title or (draft.title if draft else None),
        "url": url or (draft.url if draft else None),
        "outlet": outlet or (draft.outlet if draft else None),
        "published": published or (draft.published.isoformat() if draft and draft.published else None),
        "language": draft.language if draft else None,
    }
    payload = json.dumps({key: value for key, value in record.items() if value})
    return document_from_bytes(payload.encode("utf-8"), uri, source_kind, "application/json")


# --------------------------------------------------------------------------- fetching


class FetchError(Exception):
    """A URL that could not be fetched; the message says why in a few words."""


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    headers: httpx.Headers
    body: bytes

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def fetch(
    client: httpx.Client,
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    headers: Mapping[str, str] | None = None,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
) -> Fetched:
    """GET ``url`` following at most ``max_redirects`` http(s) redirects. ``timeout`` bounds each
    network wait and the whole fetch (so a server trickling bytes cannot hold the poller);
    ``max_bytes`` is enforced on the declared length and again while streaming. A 304 is returned,
    any other status >= 400 raises FetchError."""
    deadline = time.monotonic() + timeout
    try:
        request = client.build_request("GET", url, headers=headers, timeout=httpx.Timeout(timeout))
        for _hop in range(max_redirects + 1):
            if request.url.scheme not in _ALLOWED_SCHEMES:
                raise FetchError(f"refusing the {request.url.scheme or 'missing'} scheme: only http and https")
            response = client.send(request, stream=True, follow_redirects=False)
            try:
                if response.next_request is not None:
                    request = response.next_request
                    continue
                if response.status_code == 304:
                    return Fetched(str(request.url), 304, response.headers, b"")
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(f"too large: {declared} bytes declared, limit {max_bytes}")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchError(f"too large: more than {max_bytes} bytes")
                    if time.monotonic() > deadline:
                        raise FetchError(f"timed out after {timeout:g}s")
                return Fetched(str(request.url), response.status_code, response.headers, bytes(body))
            finally:
                response.close()
        raise FetchError(f"more than {max_redirects} redirects")
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {timeout:g}s") from None
    except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as error:
        raise FetchError(f"{type(error).__name__}: {error}") from None


# --------------------------------------------------------------------------- state


@dataclass
class FeedState:
    """What the poller remembers between polls: validators per feed and the links already published
    (oldest first, bounded)."""

    validators: dict[str, dict[str, str]] = field(default_factory=dict)
    seen: dict[str, None] = field(default_factory=dict)  # an ordered set

    @classmethod
    def load(cls, path: Path) -> FeedState:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return cls()
        try:
            data = json.loads(raw)
            validators = {
                str(url): {str(k): str(v) for k, v in values.items() if k in ("etag", "last_modified")}
                for url, values in data.get("feeds", {}).items()
                if isinstance(values, dict)
            }
            seen = dict.fromkeys(str(link) for link in data.get("seen", []))
        except (ValueError, AttributeError, TypeError) as error:
            # A damaged state file must not stop ingestion: keep it for inspection and start over
            # (links published before then are caught again by the deduplicator).
            aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
            os.replace(path, aside)
            log.error("feed_state_corrupt", path=str(path), moved_to=str(aside), error=str(error))
            return cls()
        return cls(validators=validators, seen=seen)

    def save(self, path: Path, max_seen: int) -> None:
        self.trim(max_seen)
        data = {"version": STATE_VERSION, "feeds": self.validators, "seen": list(self.seen)}
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.",
                                             suffix=".tmp", delete=False)
        try:
            with handle:
                json.dump(data, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(handle.name, path)
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise

    def remember(self, link: str) -> None:
        self.seen.pop(link, None)
        self.seen[link] = None

    def trim(self, max_seen: int) -> None:
        excess = len(self.seen) - max_seen
        if excess > 0:
            for link in list(self.seen)[:excess]:
                del self.seen[link]


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
    ) -> None:
        self.feed_urls = list(dict.fromkeys(url.strip() for url in feed_urls if url and url.strip()))
        self.publish = publish
        self.state_path = Path(state_path)
        self.timeout = timeout
        self.max_page_bytes = min(max_page_bytes, MAX_INPUT_BYTES)
        self.max_feed_bytes = max_feed_bytes
        self.max_redirects = max_redirects
        self.max_seen = max_seen
        self._owns_client = client is None
        self.client = client or httpx.Client(headers={"User-Agent": USER_AGENT})
        self.state = FeedState.load(self.state_path)

    def close(self) -> None:
        if self._owns_client:
            self.client.close()

    def __enter__(self) -> FeedPoller:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run_forever(self, interval_s: float, stop: threading.Event) -> None:
        """Poll every ``interval_s`` seconds until ``stop`` is set (checked between polls and
        while waiting, so a shutdown never waits a whole interval)."""
        while not stop.is_set():
            try:
                self.poll_once()
            except Exception:  # e.g. the state file cannot be written: log, keep the loop alive
                log.exception("feed_poll_failed")
            stop.wait(interval_s)

    def poll_once(self) -> PollReport:
        report = PollReport()
        for feed_url in self.feed_urls:
            self._poll_feed(feed_url, report)
        log.info("feed_poll_done", **report.summary())
        return report

    def _poll_feed(self, feed_url: str, report: PollReport) -> None:
        known = self.state.validators.get(feed_url, {})
        conditional = {}
        if known.get("etag"):
            conditional["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            conditional["If-Modified-Since"] = known["last_modified"]
        try:
            fetched = fetch(self.client, feed_url, max_bytes=self.max_feed_bytes, timeout=self.timeout,
                            headers=conditional, max_redirects=self.max_redirects)
        except FetchError as error:
            self._feed_failed(feed_url, str(error), report)
            return
        if fetched.status == 304:
            report.feeds_not_modified.append(feed_url)
            return
        # A stream, not bytes: feedparser treats a bytes argument as a possible file name first.
        parsed = feedparser.parse(
            io.BytesIO(fetched.body),
            response_headers={"content-location": fetched.url, "content-type": fetched.headers.get("content-type", "")},
        )
        entries = parsed.get("entries") or []
        if not parsed.get("version") and not entries:
            problem = parsed.get("bozo_exception")
            self._feed_failed(feed_url, f"not an RSS/Atom feed{f' ({problem})' if problem else ''}", report)
            return
        report.feeds_fetched.append(feed_url)
        outlet = (parsed.get("feed") or {}).get("title") or None
        handed_over = self._publish_entries(feed_url, entries, outlet, report)
        if handed_over:
            validators = {"etag": fetched.headers.get("etag"), "last_modified": fetched.headers.get("last-modified")}
            self.state.validators[feed_url] = {k: v for k, v in validators.items() if v}
        self.state.save(self.state_path, self.max_seen)

    def _feed_failed(self, feed_url: str, reason: str, report: PollReport) -> None:
        report.feed_errors[feed_url] = reason
        log.warning("feed_failed", feed=feed_url, reason=reason)

    def _publish_entries(self, feed_url: str, entries: list[Any], outlet: str | None, report: PollReport) -> bool:
        """Publish the new entries of one feed; False if publishing failed (the rest wait for the next poll)."""
        for number, entry in enumerate(entries, start=1):
            link = (entry.get("link") or "").strip() or None
            key = link or (entry.get("id") or "").strip() or None
            if key is None:
                report.entry_errors[f"{feed_url} entry {number}"] = "the entry has neither a link nor an id"
                continue
            if key in self.state.seen:
                report.entries_seen_before += 1
                continue
            document = self._document_for(entry, link, outlet, report)
            if document is None:
                self.state.remember(key)  # nothing to publish now or later: do not fetch it every poll
                continue
            try:
                result = self.publish(document)
            except Exception as error:  # broker down or timing out: keep the entry for the next poll
                report.publish_failures[key] = f"{type(error).__name__}: {error}"
                log.error("feed_entry_publish_failed", feed=feed_url, link=key, error=str(error))
                return False
            self.state.remember(key)
            report.published.extend(result.published)
            report.duplicates.extend(result.duplicates)
            report.rejected.extend(f"{key}: {reason}" for reason in result.rejected)
            log.info("feed_entry_published", feed=feed_url, link=key, article_ids=result.published,
                     duplicates=result.duplicates, rejected=result.rejected)
        return True

    def _document_for(self, entry: Any, link: str | None, outlet: str | None, report: PollReport) -> InputDocument | None:
        key = link or entry.get("id")
        metadata = {"title": entry.get("title") or None, "url": link, "outlet": outlet, "published": _entry_date(entry)}
        page_problem = "the entry has no link"
        if link:
            try:
                page = fetch(self.client, link, max_bytes=self.max_page_bytes, timeout=self.timeout,
                             max_redirects=self.max_redirects)
                if page.media_type and page.media_type not in _HTML_TYPES:
                    raise FetchError(f"not an HTML page ({page.media_type})")
                body = utf8_body(page.body, page.headers.get("content-type"))
                return document_with_metadata(body, uri=link, source_kind=SourceKind.feed,
                                              content_type="text/html", **metadata)
            except (FetchError, BadInput) as error:
                page_problem = str(error)
        summary = _entry_body(entry)
        if summary is None:
            report.entry_errors[key] = f"page unusable ({page_problem}) and the entry has no summary"
            log.warning("feed_entry_unusable", link=key, reason=page_problem)
            return None
        report.fallbacks[key] = page_problem
        log.info("feed_entry_summary_fallback", link=key, reason=page_problem)
        record = {"text": summary, **metadata}
        payload = json.dumps({k: v for k, v in record.items() if v}).encode("utf-8")
        return document_from_bytes(payload, link or key, SourceKind.feed, "application/json")


def utf8_body(body: bytes, content_type: str | None) -> bytes:
    """``body`` re-encoded as UTF-8 when ``content_type`` names its charset: the readers can only
    guess an encoding, the sender knows it. A wrong or unknown declaration leaves the bytes as they are."""
    charset = httpx.Response(200, headers={"content-type": content_type or ""}).charset_encoding
    if not charset:
        return body
    try:
        return body.decode(charset).encode("utf-8")
    except (LookupError, UnicodeError):
        return body


def _entry_date(entry: Any) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(stamp), tz=UTC).isoformat()
    except (OverflowError, ValueError, OSError):
        return None


def _entry_body(entry: Any) -> str | None:
    """The entry's full content if the feed carries it, else its summary."""
    parts = [part for part in entry.get("content") or [] if isinstance(part, dict) and (part.get("value") or "").strip()]
    if not parts:
        summary = entry.get("summary_detail") or {}
        parts = [summary] if (summary.get("value") or "").strip() else []
    if not parts:
        return None
    text = "\n".join(_as_text(part.get("value", ""), part.get("type", "")) for part in parts)
    return text if text.strip() else None


def _as_text(value: str, media_type: str) -> str:
    if "html" not in media_type.lower():
        return value.strip()
    # In HTML a line break inside a paragraph is just a space: feeds wrap summaries at arbitrary
    # columns, and a newline left in would split a sentence into two paragraphs.
    return html_fragment_to_text(_WHITESPACE_RUN.sub(" ", value))
