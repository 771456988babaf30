"""HTML inputs: a whole page through trafilatura, a fragment (a JSON field, a feed entry) block by block (pure)."""

from __future__ import annotations

import re
from datetime import datetime

import lxml.html
import trafilatura

from services.ingest.documents import ArticleDraft, BadInput
from services.ingest.record_fields import parse_date, storable_published

__all__ = ["HTML_TAG", "html_fragment_to_text", "parse_html"]

# A tag that shows a text field holds markup rather than plain text.
HTML_TAG = re.compile(r"<(?:p|br|div|span|a|b|i|em|strong|h[1-6]|ul|ol|li|blockquote|figure|img)\b[^>]*>", re.I)

# Elements that end a line of text.
_BLOCK_TAGS = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article",
    "header", "footer", "figure", "figcaption", "pre", "ul", "ol", "table", "dd", "dt",
}


def html_fragment_to_text(html: str) -> str:
    """Text of an HTML fragment, one block element per line (scripts and styles dropped)."""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml refuses some hostile markup; the tags are then not worth keeping
        return re.sub(r"<[^>]{0,2000}>", " ", html)
    for bad in root.xpath(".//script|.//style|.//noscript|.//template"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() == "br":
                continue
            element.text = "\n" + (element.text or "")
    text = root.text_content()
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


_PUBLISHED_XPATHS = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@property='og:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='parsely-pub-date']/@content",
    "//meta[@name='pubdate']/@content",
    "//time[@itemprop='datePublished']/@datetime",
)


def _published_from_meta(html: str) -> datetime | None:
    """Publication time from the page's structured metadata, when it states one with a time."""
    try:
        root = lxml.html.document_fromstring(html[:500_000])
    except Exception:  # unparseable markup: no metadata
        return None
    for xpath in _PUBLISHED_XPATHS:
        for value in root.xpath(xpath):
            when = parse_date(str(value))
            if when is not None:
                return when
    return None


def parse_html(html: str, uri: str | None) -> ArticleDraft:
    """A whole page: its article text and metadata by trafilatura, else the text of every block."""
    try:
        extracted = trafilatura.bare_extraction(
            html, url=uri if uri and uri.startswith("http") else None, with_metadata=True, include_comments=False
        )
    except Exception:  # trafilatura can choke on hostile markup; fall back to plain block text
        extracted = None
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        text = html_fragment_to_text(html)
        if not text.strip():
            raise BadInput("the HTML page contains no readable text")
        return ArticleDraft(text=text, is_html=True)
    # htmldate (inside trafilatura) keeps only the day; the page's own metadata often has the time.
    published, dropped = storable_published(_published_from_meta(html), parse_date(getattr(extracted, "date", None)))
    return ArticleDraft(
        text=text,
        title=getattr(extracted, "title", None) or None,
        url=getattr(extracted, "url", None) or None,
        outlet=getattr(extracted, "sitename", None) or None,
        published=published,
        language=getattr(extracted, "language", None) or None,
        is_html=True,
        published_dropped=dropped,
    )
