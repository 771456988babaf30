"""A feed entry as the poller sees it: its key, its date, and its own text for when its page fails (pure)."""

from __future__ import annotations

import calendar
import json
import re
from datetime import UTC, datetime
from typing import Any

from schemas.models import SourceKind
from services.ingest.documents import InputDocument, document_from_bytes
from services.ingest.html_pages import html_fragment_to_text

__all__ = ["entry_body", "entry_date", "entry_key", "summary_document"]

_WHITESPACE_RUN = re.compile(r"\s+")


def entry_key(entry: Any) -> tuple[str | None, str | None]:
    """(the entry's link, the key it is remembered by: the link, else its id); None for what it lacks."""
    link = (entry.get("link") or "").strip() or None
    return link, link or (entry.get("id") or "").strip() or None


def entry_date(entry: Any) -> str | None:
    """The entry's publication (else update) time as ISO text, None when absent or impossible."""
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(stamp), tz=UTC).isoformat()
    except (OverflowError, ValueError, OSError):
        return None


def entry_body(entry: Any) -> str | None:
    """The entry's full content if the feed carries it, else its summary."""
    parts = [
        part for part in entry.get("content") or [] if isinstance(part, dict) and (part.get("value") or "").strip()
    ]
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


def summary_document(summary: str, metadata: dict[str, Any], uri: str | None) -> InputDocument:
    """The entry's own text with its metadata, as the JSON record published instead of its page."""
    record = {"text": summary, **metadata}
    payload = json.dumps({k: v for k, v in record.items() if v}).encode("utf-8")
    return document_from_bytes(payload, uri, SourceKind.feed, "application/json")
