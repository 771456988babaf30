"""RSS/Atom inputs read as files: one article per feed entry, from the entry's own content (pure).

The feed poller (``services.ingest.feeds``) fetches each entry's article page instead; this reader
is for a feed handed over whole (a file, stdin, an HTTP body), where the entry text is all there is.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import feedparser

from services.ingest.documents import ArticleDraft, BadInput
from services.ingest.html_pages import HTML_TAG, html_fragment_to_text
from services.ingest.record_fields import storable_published

__all__ = ["parse_feed"]


def parse_feed(content: bytes) -> list[ArticleDraft | BadInput]:
    """Every entry of the feed, in order; an entry without text is a ``BadInput`` named ``entry N``."""
    parsed = feedparser.parse(content)
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({problem})" if problem else ""
        raise BadInput(f"the XML is not an RSS/Atom feed with entries{detail}")
    outlet = (parsed.get("feed") or {}).get("title") or None
    language = (parsed.get("feed") or {}).get("language") or None
    return [_entry_draft(entry, f"entry {index}", outlet, language) for index, entry in enumerate(entries, start=1)]


def _entry_draft(entry: Any, record: str, outlet: str | None, language: str | None) -> ArticleDraft | BadInput:
    raw = None
    if entry.get("content"):
        raw = "\n".join(part.get("value", "") for part in entry["content"])
    raw = raw or entry.get("summary") or entry.get("description")
    if not raw or not raw.strip():
        return BadInput("the feed entry has no content or summary", record)
    text = html_fragment_to_text(raw) if HTML_TAG.search(raw) or "&" in raw else raw
    if not text.strip():
        return BadInput("the feed entry's content has no text", record)
    published, dropped = storable_published(_stated_date(entry))
    source = entry.get("source") or {}
    return ArticleDraft(
        text=text,
        title=entry.get("title") or None,
        url=entry.get("link") or None,
        outlet=source.get("title") or outlet,
        published=published,
        record_id=entry.get("id") or None,
        language=language,
        is_html=True,
        record=record,
        published_dropped=dropped,
    )


def _stated_date(entry: Any) -> datetime | None:
    """The entry's publication (else update) time, None when absent or impossible."""
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return datetime(*stamp[:6]).replace(tzinfo=UTC) if stamp else None
    except (TypeError, ValueError, OverflowError):
        return None
