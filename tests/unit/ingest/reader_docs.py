"""Documents for the reader tests: bytes or text with an optional content type, parsed."""

from __future__ import annotations

from schemas.models import SourceKind
from services.ingest.readers import ArticleDraft, BadInput, InputDocument, document_from_bytes, parse_document


def doc(content: bytes | str, content_type: str | None = None, uri: str | None = None) -> InputDocument:
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return document_from_bytes(raw, uri, SourceKind.stdin, content_type)


def drafts(content: bytes | str, content_type: str | None = None) -> list[ArticleDraft | BadInput]:
    return parse_document(doc(content, content_type))
