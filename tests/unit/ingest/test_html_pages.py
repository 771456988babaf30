"""HTML pages and fragments: article text, metadata, blocks as lines."""

from __future__ import annotations

import pytest

from services.ingest.documents import ArticleDraft, BadInput
from services.ingest.html_pages import html_fragment_to_text
from services.ingest.readers import parse_document
from tests.unit.ingest.reader_docs import doc, drafts

HTML_PAGE = """<!doctype html><html><head><title>Storm floods coastal town | Coastline Courier</title>
<meta property="og:site_name" content="Coastline Courier">
<meta property="article:published_time" content="2024-02-11T08:30:00Z"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/weather">Weather</a></li></ul></nav>
<article><h1>Storm floods coastal town</h1>
<p>Storm Edda flooded more than 300 homes in Port Wendell overnight, officials said on Sunday.</p>
<p>"The water came up faster than anyone expected," said fire chief Tomas Berrigan.</p>
<p>Berrigan said that crews had rescued at least 40 people from cars and rooftops.</p></article>
<footer><p>© 2024 Coastline Courier. All rights reserved.</p><p>Subscribe to our newsletter</p></footer>
</body></html>"""


def test_html_extracts_body_paragraphs_and_metadata() -> None:
    (draft,) = drafts(HTML_PAGE, "text/html")
    assert isinstance(draft, ArticleDraft) and draft.is_html
    lines = draft.text.splitlines()
    assert "Storm Edda flooded more than 300 homes in Port Wendell overnight, officials said on Sunday." in lines
    assert any(line.startswith('"The water came up faster') for line in lines)
    assert not any("All rights reserved" in line or line == "Home" for line in lines)
    assert draft.title == "Storm floods coastal town"
    assert draft.outlet == "Coastline Courier"
    assert draft.published is not None and draft.published.date().isoformat() == "2024-02-11"


def test_html_sniffed_without_content_type() -> None:
    (draft,) = drafts(HTML_PAGE)
    assert isinstance(draft, ArticleDraft) and draft.is_html


def test_html_without_text_is_bad() -> None:
    with pytest.raises(BadInput, match="no readable text"):
        parse_document(doc("<html><body><script>var x = 1;</script></body></html>", "text/html"))


def test_html_fragment_to_text_keeps_blocks_as_lines() -> None:
    text = html_fragment_to_text("<p>One <b>bold</b> line.</p><p>Two<br>three</p><script>x()</script>")
    assert text.splitlines() == ["One bold line.", "Two", "three"]
