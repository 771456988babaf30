"""Feed entries: their key, date and own text, and the summary document published for them."""

from __future__ import annotations

import json
import time

from services.ingest.feed_entries import entry_body, entry_date, entry_key, summary_document


def test_the_key_is_the_link_else_the_id() -> None:
    assert entry_key({"link": " https://f.example/1 ", "id": "x"}) == ("https://f.example/1", "https://f.example/1")
    assert entry_key({"id": " urn:1 "}) == (None, "urn:1")
    assert entry_key({}) == (None, None)


def test_the_date_is_published_else_updated_in_utc() -> None:
    stamp = time.strptime("2021-05-12 08:00:00", "%Y-%m-%d %H:%M:%S")
    assert entry_date({"updated_parsed": stamp}) == "2021-05-12T08:00:00+00:00"
    assert entry_date({}) is None


def test_the_body_is_the_content_else_the_summary_with_html_lines_joined() -> None:
    assert entry_body({"content": [{"value": "<p>The ferry\nleft.</p>", "type": "text/html"}]}) == "The ferry left."
    assert entry_body({"summary_detail": {"value": " Short. ", "type": "text/plain"}}) == "Short."
    assert entry_body({"content": [{"value": "  "}]}) is None


def test_a_summary_document_carries_the_metadata_that_is_set() -> None:
    document = summary_document("Short.", {"title": "Ferry", "url": None}, "https://f.example/1")
    assert json.loads(document.content) == {"text": "Short.", "title": "Ferry"}
    assert document.content_type == "application/json"
