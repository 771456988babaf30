"""A body fetched over HTTP plus what the transport knows about it, as one document the readers take.

Used by the feed poller (an entry's article page with the entry's title and date) and the HTTP
API (a posted body with the client's query parameters). Pure: the HTTP edges fetch, this reads.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from schemas.models import SourceKind
from services.ingest.decoding import decode_bytes
from services.ingest.documents import ArticleDraft, BadInput, InputDocument, document_from_bytes, media_type
from services.ingest.readers import parse_document

__all__ = ["HTML_TYPES", "document_with_metadata"]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


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
    draft: ArticleDraft | None = None
    if media_type(content_type) in HTML_TYPES:
        draft = _page_draft(content, uri, source_kind)
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


def _page_draft(content: bytes, uri: str | None, source_kind: SourceKind) -> ArticleDraft:
    drafts = parse_document(InputDocument(content, uri, source_kind, "text/html"))
    first = drafts[0] if drafts else BadInput("the HTML page contains no readable text")
    if isinstance(first, BadInput):
        raise first
    return first
