"""Fetching a URL for the feed poller: http(s) only, redirects capped, a deadline and a byte cap
enforced while streaming, and every failure a FetchError that says whether to retry soon."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from services.ingest.documents import media_type

__all__ = ["DEFAULT_MAX_REDIRECTS", "USER_AGENT", "FetchError", "Fetched", "fetch", "utf8_body"]

DEFAULT_MAX_REDIRECTS = 5
USER_AGENT = "claimwire-feed-poller/0.1 (+https://github.com/claimwire)"
_ALLOWED_SCHEMES = {"http", "https"}

class FetchError(Exception):
    """A URL that could not be fetched; the message says why in a few words. ``transient``: worth
    retrying soon (network errors, timeouts, 5xx, 408, 425, 429), not a refusal or a bad resource."""

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


_TRANSIENT_STATUSES = {408, 425, 429}


@dataclass(frozen=True)
class Fetched:
    """A fetched response: the final URL after redirects, the status (200 or 304), headers and body."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes

    @property
    def media_type(self) -> str:
        return media_type(self.headers.get("content-type"))


def fetch(
    client: httpx.Client,
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    headers: Mapping[str, str] | None = None,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
) -> Fetched:
    """GET ``url`` following at most ``max_redirects`` http(s) redirects. ``timeout`` bounds each
    network wait and the whole fetch (so a server trickling bytes cannot hold the poller);
    ``max_bytes`` is enforced on the declared length and again while streaming. A 304 is returned,
    any other status >= 400 raises FetchError."""
    deadline = time.monotonic() + timeout
    try:
        request = client.build_request("GET", url, headers=headers, timeout=httpx.Timeout(timeout))
        for _hop in range(max_redirects + 1):
            if request.url.scheme not in _ALLOWED_SCHEMES:
                raise FetchError(f"refusing the {request.url.scheme or 'missing'} scheme: only http and https")
            response = client.send(request, stream=True, follow_redirects=False)
            try:
                if response.next_request is not None:
                    request = response.next_request
                    continue
                if response.status_code == 304:
                    return Fetched(str(request.url), 304, response.headers, b"")
                if response.status_code >= 400:
                    status = response.status_code
                    raise FetchError(f"HTTP {status} {response.reason_phrase}".strip(),
                                     transient=status >= 500 or status in _TRANSIENT_STATUSES)
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(f"too large: {declared} bytes declared, limit {max_bytes}")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchError(f"too large: more than {max_bytes} bytes")
                    if time.monotonic() > deadline:
                        raise FetchError(f"timed out after {timeout:g}s", transient=True)
                return Fetched(str(request.url), response.status_code, response.headers, bytes(body))
            finally:
                response.close()
        raise FetchError(f"more than {max_redirects} redirects")
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {timeout:g}s", transient=True) from None
    except (httpx.TransportError, httpx.StreamError) as error:  # connection refused, reset, DNS, protocol
        raise FetchError(f"{type(error).__name__}: {error}", transient=True) from None
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        raise FetchError(f"{type(error).__name__}: {error}") from None


def utf8_body(body: bytes, content_type: str | None) -> bytes:
    """``body`` re-encoded as UTF-8 when ``content_type`` names its charset: the readers can only
    guess an encoding, the sender knows it. A wrong or unknown declaration leaves the bytes as they are."""
    charset = httpx.Response(200, headers={"content-type": content_type or ""}).charset_encoding
    if not charset:
        return body
    try:
        return body.decode(charset).encode("utf-8")
    except (LookupError, UnicodeError):
        return body
