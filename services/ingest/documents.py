"""What the readers take and give: an input document (bytes plus where they came from), the article
drafts parsed from it, and ``BadInput`` for what cannot become an article."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from schemas.models import SourceKind

__all__ = [
    "JSONL_TYPES",
    "SUPPORTED_SUFFIXES",
    "ArticleDraft",
    "BadInput",
    "InputDocument",
    "content_type_for",
    "document_from_bytes",
    "media_type",
    "refused_document",
]


class BadInput(ValueError):
    """Input that cannot become an article. ``reason`` is a sentence a human can act on;
    ``record`` names the record of a multi-record input ("line 3"), None for the whole input."""

    def __init__(self, reason: str, record: str | None = None) -> None:
        self.reason = reason
        self.record = record
        super().__init__(f"{record}: {reason}" if record else reason)

    def __reduce__(self) -> tuple[Any, ...]:  # keep picklable despite the extra argument
        return (BadInput, (self.reason, self.record))


@dataclass(frozen=True)
class InputDocument:
    """Bytes plus where they came from. ``refusal`` is set by an adapter that already knows the input
    cannot be read (stdin beyond the size limit): parsing then fails with that reason, and
    ``content`` holds nothing (the oversized bytes were never kept)."""

    content: bytes
    uri: str | None
    source_kind: SourceKind
    content_type: str | None = None
    refusal: str | None = None
    # the outlet of articles that name none themselves (`--outlet`): a plain text file carries no metadata
    outlet: str | None = None
    # the number of its first line in the stream it came from: one line of JSONL on stdin is line N, not 1
    first_line: int = 1


@dataclass(frozen=True)
class ArticleDraft:
    """One article as the input states it, before cleaning. ``is_html`` is true when ``text`` was
    extracted from HTML (paragraph structure comes from the markup, one paragraph per line)."""

    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    record_id: str | None = None
    language: str | None = None
    is_html: bool = False
    record: str | None = field(default=None, compare=False)
    published_dropped: str | None = None  # a stated publication date that was dropped, and why


# The file suffixes the readers understand, and the media type each stands for.
_SUFFIX_TYPES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".html": "text/html",
    ".htm": "text/html",
    ".json": "application/json",
    ".jsonl": "application/x-ndjson",
    ".ndjson": "application/x-ndjson",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
}
SUPPORTED_SUFFIXES = frozenset(_SUFFIX_TYPES)
JSONL_TYPES = frozenset(
    {"application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines"}
)


def content_type_for(suffix: str) -> str | None:
    return _SUFFIX_TYPES.get(suffix.lower())


def media_type(content_type: str | None) -> str:
    """The media type of a ``Content-Type`` value, lower case, without parameters ("" for none)."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def document_from_bytes(
    content: bytes, uri: str | None, source_kind: SourceKind, content_type: str | None = None
) -> InputDocument:
    """A document; without ``content_type`` the type is guessed from the suffix of ``uri``."""
    if content_type is None and uri:
        content_type = content_type_for(Path(uri.split("?", 1)[0]).suffix)
    return InputDocument(content=bytes(content), uri=uri, source_kind=source_kind, content_type=content_type)


def refused_document(
    reason: str, uri: str | None, source_kind: SourceKind, content_type: str | None = None
) -> InputDocument:
    """A document that parses to ``BadInput(reason)``, for an adapter that must refuse an input in
    the same stream as the readable ones (an oversized stdin or stdin line)."""
    return InputDocument(content=b"", uri=uri, source_kind=source_kind, content_type=content_type, refusal=reason)
