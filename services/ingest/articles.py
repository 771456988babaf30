"""Readers + cleaning -> RawArticle, with deterministic article ids (pure)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import ValidationError

from schemas.models import ArticleSource, RawArticle, stable_id, storable_date_problem
from services.ingest.cleaning import clean_article_text, truncate_body
from services.ingest.readers import ArticleDraft, BadInput, InputDocument, parse_document

__all__ = [
    "MAX_ARTICLE_CHARS",
    "article_id_for",
    "build_article",
    "build_articles",
    "normalise_url",
    "outlet_from_url",
    "usable_record_id",
]

MAX_ARTICLE_CHARS = 100_000  # default body limit; the services pass Settings.max_article_chars
# A body more than this many times the limit is cut (at a line break) before cleaning: cleaning only
# removes text, so the cleaned body of the first part still fills the limit, and the work stays bounded.
_CLEAN_AT_MOST = 2
_SURROGATE = re.compile("[\ud800-\udfff]")

# Query parameters that identify a campaign or a click, not a page.
_TRACKING_PARAMS = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl|_hs\w+|ref|ref_src|ref_url"
    r"|referrer|cmpid|cmp|ocid|icid|ito|smid|sr_share|share|spm|s_cid|src|source|taid|tracking\w*|at_\w+|ns_\w+|__twitter_impression)$",
    re.I,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
# A caller's own article id: URL-safe characters (so it also works as a Kafka key, a path segment
# and a log field: no spaces, quotes or line breaks), at least one letter or digit, and short.
MAX_RECORD_ID_CHARS = 128
_RECORD_ID = re.compile(r"[A-Za-z0-9._~:/?#@!$&'()*+,;=%-]+")
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


def usable_record_id(record_id: str | None) -> str | None:
    """The caller's id if it is one claimwire can carry everywhere, else None (the derived id is used)."""
    candidate = (record_id or "").strip()
    if (candidate and len(candidate) <= MAX_RECORD_ID_CHARS and _RECORD_ID.fullmatch(candidate)
            and any(c.isalnum() for c in candidate)):
        return candidate
    return None


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


def _cut_for_cleaning(text: str, limit: int) -> str:
    """The head of an over-long body, ending at a line break (else a space) near the cut."""
    head = text[:limit]
    for separator in ("\n", " "):
        end = head.rfind(separator)
        if end >= limit // 2:
            return head[:end]
    return head


def build_article(
    draft: ArticleDraft, doc: InputDocument, *, max_article_chars: int = MAX_ARTICLE_CHARS
) -> RawArticle | BadInput:
    """Clean one draft into a RawArticle; a BadInput if nothing of the body survives cleaning.

    A cleaned body longer than ``max_article_chars`` is cut at a paragraph, sentence or word
    boundary near the limit, and ``cleaning.truncated_from_chars`` says how long it was. A stated
    publication date the index cannot store is dropped, and ``cleaning.published_dropped`` says why."""
    for name, value in (("text", draft.text), ("title", draft.title), ("url", draft.url), ("outlet", draft.outlet)):
        if value and _SURROGATE.search(value):
            return BadInput(f"the article's {name} contains a lone UTF-16 surrogate, which is not valid Unicode text",
                            draft.record)
    body = draft.text
    received = len(body)
    if received > _CLEAN_AT_MOST * max_article_chars:
        body = _cut_for_cleaning(body, _CLEAN_AT_MOST * max_article_chars)
    cleaned = clean_article_text(body, known_title=draft.title)
    if not cleaned.text.strip():
        return BadInput("the article body is empty after removing site chrome", draft.record)
    text = cleaned.text
    truncated_from = None
    if len(text) > max_article_chars:
        truncated_from = len(text) if len(body) == received else received
        text = truncate_body(text, max_article_chars)
    elif len(body) < received:
        truncated_from = received
    published, dropped = draft.published, draft.published_dropped
    if published is None and cleaned.published is not None:
        problem = storable_date_problem(cleaned.published)
        if problem is None:
            published = cleaned.published
        else:
            dropped = dropped or f"the dateline's date {problem}"[:400]
    report = cleaned.report
    if truncated_from is not None or dropped is not None:
        report = report.model_copy(update={"truncated_from_chars": truncated_from, "published_dropped": dropped})
    url = draft.url or (doc.uri if doc.uri and normalise_url(doc.uri) and "://" in doc.uri else None)
    try:
        return RawArticle(
            # A caller's own record id wins, so batch users can join claims back to their input rows.
            article_id=usable_record_id(draft.record_id) or article_id_for(url, text),
            url=url,
            outlet=draft.outlet or doc.outlet or outlet_from_url(url),
            title=draft.title or cleaned.title,
            published=published,
            language=(draft.language or "en").split("-")[0].lower()[:8] or "en",
            text=text,
            source=ArticleSource(kind=doc.source_kind, uri=doc.uri, content_type=doc.content_type),
            cleaning=report,
        )
    except ValidationError as error:  # the contract refuses what the checks above did not foresee
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()[:3])
        return BadInput(f"the article does not fit the contract ({problems[:400]})", draft.record)


def build_articles(doc: InputDocument, *, max_article_chars: int = MAX_ARTICLE_CHARS) -> list[RawArticle | BadInput]:
    """Every article of an input, or the reason it could not be read, in input order.

    Never raises for bad input: a whole-input problem comes back as a one-element list. Bodies are
    bounded by ``max_article_chars`` (see ``build_article``)."""
    try:
        drafts = parse_document(doc)
    except BadInput as error:
        return [error]
    return [
        draft if isinstance(draft, BadInput) else build_article(draft, doc, max_article_chars=max_article_chars)
        for draft in drafts
    ]
