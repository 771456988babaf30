"""Input documents: supported suffixes, guessed content types, BadInput."""

from __future__ import annotations

from schemas.models import SourceKind
from services.ingest.documents import SUPPORTED_SUFFIXES, BadInput, document_from_bytes, media_type, refused_document


def test_supported_suffixes_cover_the_documented_formats() -> None:
    assert {".txt", ".html", ".htm", ".json", ".jsonl", ".ndjson", ".xml", ".rss", ".atom", ".text"} == set(
        SUPPORTED_SUFFIXES
    )


def test_document_from_bytes_guesses_type_from_uri_only_when_not_given() -> None:
    assert document_from_bytes(b"x", "feeds/a.rss?x=1", SourceKind.feed).content_type == "application/rss+xml"
    assert document_from_bytes(b"x", "a.rss", SourceKind.feed, "text/plain").content_type == "text/plain"
    assert document_from_bytes(b"x", None, SourceKind.stdin).content_type is None


def test_bad_input_is_a_value_error_with_reason_and_record() -> None:
    error = BadInput("broken JSON", "line 3")
    assert isinstance(error, ValueError)
    assert (error.reason, error.record, str(error)) == ("broken JSON", "line 3", "line 3: broken JSON")


def test_refused_documents_carry_their_reason_and_no_bytes() -> None:
    refused = refused_document("too big", "stdin", SourceKind.stdin)
    assert refused.refusal == "too big" and refused.content == b""


def test_media_type_drops_parameters_and_case() -> None:
    assert media_type("Text/HTML; charset=utf-8") == "text/html"
    assert media_type(None) == ""
