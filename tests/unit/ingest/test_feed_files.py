"""RSS/Atom inputs read whole: one draft per entry, empty entries reported."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas.models import SourceKind
from services.ingest.documents import ArticleDraft, BadInput, document_from_bytes
from services.ingest.readers import parse_document
from tests.unit.ingest.reader_docs import doc

RSS = (
    b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>
<item><title>Dockers strike</title><link>https://gazette.example/strike?utm_source=rss</link>
<description>&lt;p&gt;Dock workers &lt;b&gt;walked out&lt;/b&gt; on Tuesday.&lt;/p&gt;"""
    b"""&lt;p&gt;Talks resume Friday.&lt;/p&gt;</description>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate><guid>strike-1</guid></item>
<item><title>Empty</title></item></channel></rss>"""
)

ATOM = (
    b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>City Desk</title>
<entry><title>Budget vote</title><link href="https://citydesk.example/budget"/><id>urn:1</id>
<updated>2024-06-04T18:00:00Z</updated>"""
    b"""<content type="html">&lt;p&gt;The council voted 7-2.&lt;/p&gt;</content></entry></feed>"""
)


def test_rss_entries_become_drafts_and_empty_entries_are_reported() -> None:
    good, bad = parse_document(document_from_bytes(RSS, "feed.rss", SourceKind.feed))
    assert isinstance(good, ArticleDraft) and isinstance(bad, BadInput)
    assert good.text.splitlines() == ["Dock workers walked out on Tuesday.", "Talks resume Friday."]
    assert (good.title, good.outlet, good.record_id) == ("Dockers strike", "Harbour Gazette", "strike-1")
    assert good.published == datetime(2024, 3, 5, 10, tzinfo=UTC)
    assert bad.record == "entry 2"


def test_atom_sniffed_without_type() -> None:
    (entry,) = parse_document(document_from_bytes(ATOM, None, SourceKind.http))
    assert isinstance(entry, ArticleDraft)
    assert (entry.text, entry.url, entry.outlet) == (
        "The council voted 7-2.", "https://citydesk.example/budget", "City Desk"
    )


def test_xml_that_is_not_a_feed_is_bad() -> None:
    with pytest.raises(BadInput, match="not an RSS/Atom feed"):
        parse_document(doc(b"<rss><channel><title>t</title></channel></rss>", "application/rss+xml"))
