"""Fetching a URL for the feed poller: http(s) only, redirects capped, a deadline and a byte cap
enforced while streaming, and every failure a FetchError that says whether to retry soon.

Every hop (the URL and each redirect target) passes the SSRF guard (``address_guard``): its host is
resolved once, each address checked, and the request sent to the checked address as an IP literal,
with the real name in the Host header and, for https, as the TLS server name (httpcore's
``sni_hostname`` extension), so that the certificate is still verified against the name. Resolving
once and connecting to what was checked is what keeps DNS rebinding out."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from services.ingest.address_guard import AddressRefused, Network, Resolver, checked_address, resolve
from services.ingest.documents import media_type

__all__ = ["DEFAULT_MAX_REDIRECTS", "USER_AGENT", "FetchError", "Fetched", "fetch", "utf8_body"]

DEFAULT_MAX_REDIRECTS = 5
USER_AGENT = "claimwire-feed-poller/0.1 (+https://github.com/claimwire)"
_ALLOWED_SCHEMES = {"http", "https"}
_DEFAULT_PORTS = {"http": 80, "https": 443}


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
    allow: tuple[Network, ...] = (),
    resolver: Resolver = resolve,
) -> Fetched:
    """GET ``url`` following at most ``max_redirects`` http(s) redirects. ``timeout`` bounds each
    network wait and the whole fetch (so a server trickling bytes cannot hold the poller);
    ``max_bytes`` is enforced on the declared length and again while streaming. A 304 is returned,
    any other status >= 400 raises FetchError. Every hop's host must resolve to public addresses
    only, or to addresses inside the ``allow`` networks (``CLAIMWIRE_FETCH_ALLOW``)."""
    deadline = time.monotonic() + timeout
    try:
        target = httpx.URL(url)
        for _hop in range(max_redirects + 1):
            request = _pinned_request(client, target, headers, timeout, allow, resolver)
            response = client.send(request, stream=True, follow_redirects=False)
            try:
                if response.has_redirect_location:
                    target = _redirect_target(target, response.headers["location"])
                    continue
                return _read(response, str(target), max_bytes, timeout, deadline)
            finally:
                response.close()
        raise FetchError(f"more than {max_redirects} redirects")
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {timeout:g}s", transient=True) from None
    except (httpx.TransportError, httpx.StreamError) as error:  # connection refused, reset, protocol
        raise FetchError(f"{type(error).__name__}: {error}", transient=True) from None
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        raise FetchError(f"{type(error).__name__}: {error}") from None


def _pinned_request(client: httpx.Client, target: httpx.URL, headers: Mapping[str, str] | None, timeout: float,
                    allow: tuple[Network, ...], resolver: Resolver) -> httpx.Request:
    """A GET of ``target`` addressed to the one address of its host that the guard checked."""
    if target.scheme not in _ALLOWED_SCHEMES:
        raise FetchError(f"refusing the {target.scheme or 'missing'} scheme: only http and https")
    host = target.host
    if not host:
        raise FetchError("refusing a URL without a host")
    try:
        address = checked_address(host, target.port or _DEFAULT_PORTS[target.scheme], allow, resolver)
    except AddressRefused as refused:  # not transient: the same host is refused next time too
        raise FetchError(str(refused)) from None
    except (OSError, UnicodeError) as error:  # the name does not resolve (now): as any network error
        raise FetchError(f"cannot resolve {host}: {error}", transient=True) from None
    # Built for the real URL first: the Host header, cookies and the client's headers name the host.
    named = client.build_request("GET", target, headers=headers, timeout=httpx.Timeout(timeout))
    extensions, request_headers = dict(named.extensions), httpx.Headers(named.headers)
    if target.scheme == "https":
        extensions["sni_hostname"] = host  # TLS sends and verifies the name, not the IP literal
        # The pool keys connections by address, not by name: a kept-alive connection verified for one
        # name would carry the next request for another name at the same address unverified.
        request_headers["Connection"] = "close"
    return httpx.Request("GET", target.copy_with(host=address), headers=request_headers, extensions=extensions)


def _redirect_target(current: httpx.URL, location: str) -> httpx.URL:
    """Where a redirect points, resolved against the URL as named (not the IP literal it was sent to),
    so that the next hop's host is checked and named again. The fragment never goes on the wire."""
    return current.join(location).copy_with(fragment=None)


def _read(response: httpx.Response, url: str, max_bytes: int, timeout: float, deadline: float) -> Fetched:
    """The final response as Fetched, its body read within ``max_bytes`` and the fetch's deadline."""
    if response.status_code == 304:
        return Fetched(url, 304, response.headers, b"")
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
    return Fetched(url, response.status_code, response.headers, bytes(body))


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
