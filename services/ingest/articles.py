"""Readers + cleaning -> RawArticle, with deterministic article ids (pure)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from schemas.models import ArticleSource, RawArticle, stable_id
from services.ingest.cleaning import clean_article_text
from services.ingest.readers import ArticleDraft, BadInput, InputDocument, parse_document

__all__ = ["article_id_for", "build_article", "build_articles", "normalise_url", "outlet_from_url"]

# Query parameters that identify a campaign or a click, not a page.
_TRACKING_PARAMS = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl|_hs\w+|ref|ref_src|ref_url"
    r"|referrer|cmpid|cmp|ocid|icid|ito|smid|sr_share|share|spm|s_cid|src|source|taid|tracking\w*|at_\w+|ns_\w+|__twitter_impression)$",
    re.I,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_WHITESPACE = re.compile(r"\s+")


def normalise_url(url: str | None) -> str | None:
    """Canonical form of an article URL, or None if it is not an absolute http(s)-like URL.

    Lowercases scheme and host, drops default ports, user info, the fragment, tracking parameters
    (utm_*, fbclid, ...) and a trailing slash; sorts the remaining query parameters."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if not scheme or not host or any(c.isspace() for c in url):
        return None
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k))
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def article_id_for(url: str | None, text: str) -> str:
    """Deterministic id: the normalised URL where there is one, else the normalised cleaned text
    (casefolded, whitespace collapsed), so re-ingesting the same article gives the same id."""
    canonical = normalise_url(url)
    if canonical is not None:
        return stable_id("url", canonical)
    return stable_id("text", _WHITESPACE.sub(" ", text.casefold()).strip())


def outlet_from_url(url: str | None) -> str | None:
    """The site's host without "www." ("apnews.com"); None without a usable URL."""
    canonical = normalise_url(url)
    if canonical is None:
        return None
    host = urlsplit(canonical).hostname or ""
    return host.removeprefix("www.") or None


def build_article(draft: ArticleDraft, doc: InputDocument) -> RawArticle | BadInput:
    """Clean one draft into a RawArticle; a BadInput if nothing of the body survives cleaning."""
    cleaned = clean_article_text(draft.text, known_title=draft.title)
    if not cleaned.text.strip():
        return BadInput("the article body is empty after removing site chrome", draft.record)
    url = draft.url or (doc.uri if doc.uri and normalise_url(doc.uri) and "://" in doc.uri else None)
    return RawArticle(
        # A caller's own record id wins, so batch users can join claims back to their input rows.
        article_id=(draft.record_id or "").strip() or article_id_for(url, cleaned.text),
        url=url,
        outlet=draft.outlet or outlet_from_url(url),
        title=draft.title or cleaned.title,
        published=draft.published or cleaned.published,
        language=(draft.language or "en").split("-")[0].lower()[:8] or "en",
        text=cleaned.text,
        source=ArticleSource(kind=doc.source_kind, uri=doc.uri, content_type=doc.content_type),
        cleaning=cleaned.report,
    )


def build_articles(doc: InputDocument) -> list[RawArticle | BadInput]:
    """Every article of an input, or the reason it could not be read, in input order.

    Never raises for bad input: a whole-input problem comes back as a one-element list."""
    try:
        drafts = parse_document(doc)
    except BadInput as error:
        return [error]
    return [draft if isinstance(draft, BadInput) else build_article(draft, doc) for draft in drafts]
