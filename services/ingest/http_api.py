"""HTTP entry point of the ingest service: POST articles, get back what became of each.

``POST /articles`` accepts one JSON article object, a JSON list of them, JSON Lines
(``application/x-ndjson``), or a bare ``text/plain`` / ``text/html`` body whose title, URL, outlet
and publication date come from query parameters. The body size limit is enforced before the body
is read (declared Content-Length) and while it streams in (chunked uploads), so an oversized
upload never sits in memory. The endpoint answers 202 once ``publish`` has returned, which for the
Kafka publisher means the broker has acknowledged the articles.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response
from kafka.errors import KafkaError
from prometheus_client import CONTENT_TYPE_LATEST, Counter, generate_latest
from starlette.concurrency import run_in_threadpool

from schemas.models import SourceKind
from services.ingest.fetching import utf8_body
from services.ingest.page_documents import document_with_metadata
from services.ingest.readers import BadInput, InputDocument, document_from_bytes, parse_document
from services.shared.http_guard import OPEN_ACCESS, AccessRules, install_refusals
from services.shared.logging import get_logger

if TYPE_CHECKING:
    from services.ingest.publisher import PublishResult

__all__ = ["create_app"]

log = get_logger(__name__)

REQUESTS = Counter("claimwire_http_ingest_requests_total", "POST /articles requests by response status", ["status"])

_JSON_TYPES = {"application/json"}
_JSONL_TYPES = {"application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines"}
_TEXT_TYPES = {"text/plain", "text/markdown"}
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_ACCEPTED_TYPES = _JSON_TYPES | _JSONL_TYPES | _TEXT_TYPES | _HTML_TYPES


class BodyTooLarge(Exception):
    pass


class TooManyArticles(BadInput):
    pass


def _error(status: int, error: str, detail: str, **extra: Any) -> JSONResponse:
    REQUESTS.labels(str(status)).inc()
    return JSONResponse({"error": error, "detail": detail, **extra}, status_code=status)


async def _read_capped(request: Request, max_body_bytes: int, timeout_s: float) -> bytes:
    """The body, read within `timeout_s` (TimeoutError otherwise: a client trickling bytes cannot
    hold a connection) and within `max_body_bytes` (BodyTooLarge)."""
    async with asyncio.timeout(timeout_s):
        return await _read_within(request, max_body_bytes)


async def _read_within(request: Request, max_body_bytes: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise ValueError(f"invalid Content-Length header: {declared[:40]!r}")
        if int(declared) > max_body_bytes:
            raise BodyTooLarge(f"the body is {int(declared)} bytes, the limit is {max_body_bytes} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_body_bytes:
            raise BodyTooLarge(f"the body exceeds the limit of {max_body_bytes} bytes")
    return bytes(body)


Rejected = Callable[[str, str, bytes, str], None]  # (stage, reason, original body, source)
Refuse = Callable[..., JSONResponse]


async def _body_or_refusal(request: Request, source: str, refuse: Refuse, max_body_bytes: int,
                           timeout_s: float) -> bytes | JSONResponse:
    """The request's body, or the answer refusing it: too slow (408), too large (413), malformed
    length or empty (400)."""
    try:
        body = await _read_capped(request, max_body_bytes, timeout_s)
    except TimeoutError:
        log.warning("http_body_too_slow", source=source, timeout_s=timeout_s)
        return refuse(408, "body_too_slow", f"the body did not arrive within {timeout_s:g}s", source)
    except BodyTooLarge as error:
        log.warning("http_body_too_large", detail=str(error), source=source)
        return refuse(413, "body_too_large", str(error), source, limit_bytes=max_body_bytes)
    except ValueError as error:
        return refuse(400, "bad_request", str(error), source)
    if not body.strip():
        return refuse(400, "empty_body", "the request body is empty", source)
    return body


def _published_response(result: PublishResult) -> JSONResponse:
    """The answer to a body that was published: 202 when an article came of it, else why none did."""
    outcome = {"published": result.published, "duplicates": result.duplicates, "rejected": result.rejected}
    log.info("http_articles_received", article_ids=result.published, duplicates=result.duplicates,
             rejected=result.rejected)
    if result.too_large and not result.published and not result.duplicates:
        # The publisher already dead-lettered each one: answer, don't record twice.
        return _error(413, "article_too_large", "; ".join(result.rejected), **outcome)
    if not result.published and not result.duplicates:
        # Nothing usable at all: the client has to fix its input, so say so with an error status.
        return _error(422, "no_articles", "; ".join(result.rejected) or "the body contains no article",
                      **outcome)
    REQUESTS.labels("202").inc()
    return JSONResponse(outcome, status_code=202)


def create_app(
    publish: Callable[[InputDocument], PublishResult],
    *,
    max_body_bytes: int,
    body_timeout_s: float = 30.0,
    max_articles: int = 1000,
    access: AccessRules = OPEN_ACCESS,
    ready: Callable[[], bool] = lambda: True,
    alive: Callable[[], tuple[bool, str]] = lambda: (True, "ok"),
    on_rejected: Rejected | None = None,
) -> FastAPI:
    """The ingest HTTP app. ``publish`` hands one document on (to Kafka in production) and returns
    what became of its articles; ``ready`` backs /readyz (e.g. "the broker is reachable");
    ``alive`` backs /healthz (e.g. "the feed poller's loop still turns"); ``on_rejected`` records
    every request refused with a 4xx as a dead letter (the publisher records refused articles), but
    those refused before any work (401, 403, 429: see services/shared/http_guard.py). ``access``
    holds the tokens and the rate limit; a body must arrive within ``body_timeout_s`` (408) and
    hold at most ``max_articles`` articles (413)."""
    app = FastAPI(title="claimwire ingest", version="0.1.0")
    install_refusals(app)
    guards = access.guards("ingest")

    def refuse(status: int, error: str, detail: str, source: str, body: bytes = b"", **extra: Any) -> JSONResponse:
        if on_rejected is not None:
            on_rejected(f"http_{status}", f"{error}: {detail}", body, source)
        return _error(status, error, detail, **extra)

    @app.post("/articles", status_code=202, dependencies=[Depends(guard) for guard in guards.write])
    async def post_articles(
        request: Request,
        title: str | None = Query(None, max_length=1000, description="Title, for text/plain and text/html bodies"),
        url: str | None = Query(None, max_length=4000, description="Article URL, for text bodies"),
        outlet: str | None = Query(None, max_length=500, description="Outlet name, for text bodies"),
        published: str | None = Query(None, max_length=100, description="Publication date, for text bodies"),
    ) -> Response:
        source = _source(request, url)
        media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media_type and media_type not in _ACCEPTED_TYPES:
            return refuse(415, "unsupported_media_type",
                          f"Content-Type {media_type!r} is not accepted; use one of {sorted(_ACCEPTED_TYPES)}",
                          source)
        body = await _body_or_refusal(request, source, refuse, max_body_bytes, body_timeout_s)
        if isinstance(body, Response):
            return body

        try:
            document = await run_in_threadpool(
                _document_for, body, request.headers.get("content-type"), media_type,
                title=title, url=url, outlet=outlet, published=published, source=source, max_articles=max_articles,
            )
        except TooManyArticles as error:
            return refuse(413, "too_many_articles", str(error), source, body, limit_articles=max_articles)
        except BadInput as error:
            return refuse(400, "bad_input", str(error), source, body)
        try:
            result = await run_in_threadpool(publish, document)
        except (KafkaError, TimeoutError) as error:
            log.error("http_publish_unavailable", error=f"{type(error).__name__}: {error}")
            response = _error(503, "broker_unavailable", "articles could not be published, retry later")
            response.headers["Retry-After"] = "5"
            return response

        return _published_response(result)

    @app.get("/healthz")
    def healthz() -> Response:
        ok, why = alive()
        return JSONResponse({"status": "ok" if ok else "unhealthy", "reason": why}, status_code=200 if ok else 503)

    @app.get("/readyz")
    def readyz() -> Response:
        try:
            is_ready = bool(ready())
        except Exception as error:  # a failing probe means "not ready", never a 500
            log.warning("readiness_probe_failed", error=str(error))
            is_ready = False
        return JSONResponse({"status": "ready" if is_ready else "not ready"}, status_code=200 if is_ready else 503)

    @app.get("/metrics", dependencies=[Depends(guard) for guard in guards.metrics])
    def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app


def _source(request: Request, url: str | None) -> str:
    """Where an HTTP input came from, for dead letters and logs: the client, and the URL it gave.
    Deliberately not a URL itself, so it never becomes an article's URL (and so its id)."""
    client = request.client.host if request.client else "unknown"
    return f"http client {client}" + (f" url {url}" if url else "")


def _document_for(
    body: bytes, content_type: str | None, media_type: str, *, title: str | None, url: str | None,
    outlet: str | None, published: str | None, source: str, max_articles: int,
) -> InputDocument:
    uri = url or source  # ArticleSource.uri: the article's URL, else the HTTP client hint
    body = utf8_body(body, content_type)
    if media_type in _TEXT_TYPES | _HTML_TYPES and any((title, url, outlet, published)):
        return document_with_metadata(body, uri=uri, source_kind=SourceKind.http, content_type=media_type,
                                      title=title, url=url, outlet=outlet, published=published)
    document = document_from_bytes(body, uri, SourceKind.http, content_type or None)
    # Parsing once up front separates a body that is unreadable as a whole (400, raised here) from
    # one whose records are each rejected (422); the publisher's own parse cannot tell them apart.
    drafts = parse_document(document)
    if len(drafts) > max_articles:
        raise TooManyArticles(f"the body holds {len(drafts)} articles, the limit is {max_articles} per request")
    return document

