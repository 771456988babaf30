"""Fetching: http(s) only, redirects capped, byte and time limits, failures classified for retry."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from services.ingest.fetching import FetchError, fetch, utf8_body
from tests.unit.ingest.feed_site import ALLOW_TEST_SERVER, Route, Site


@pytest.fixture()
def client() -> Iterator[httpx.Client]:
    with httpx.Client() as client:
        yield client


@pytest.mark.parametrize(("status", "transient"), [(500, True), (503, True), (429, True), (404, False), (403, False)])
def test_http_errors_are_classified(site: Site, client: httpx.Client, status: int, transient: bool) -> None:
    site.routes["/x"] = Route(b"no", "text/plain", status=status)
    with pytest.raises(FetchError) as raised:
        fetch(client, site.url("/x"), max_bytes=1000, timeout=1.0, allow=ALLOW_TEST_SERVER)
    assert raised.value.transient is transient


def test_a_redirect_is_followed_and_the_final_url_kept(site: Site, client: httpx.Client) -> None:
    site.routes["/old"] = Route(status=301, location="/new")
    site.routes["/new"] = Route(b"<p>The ferry left.</p>")
    fetched = fetch(client, site.url("/old"), max_bytes=1000, timeout=1.0, allow=ALLOW_TEST_SERVER)
    assert (fetched.url, fetched.status, fetched.body) == (site.url("/new"), 200, b"<p>The ferry left.</p>")
    assert fetched.media_type == "text/html"


def test_redirect_loops_other_schemes_and_oversized_bodies_are_refused(site: Site, client: httpx.Client) -> None:
    site.routes["/loop"] = Route(status=302, location="/loop")
    site.routes["/big"] = Route(b"x" * 2000)
    with pytest.raises(FetchError, match="redirects"):
        fetch(client, site.url("/loop"), max_bytes=1000, timeout=1.0, allow=ALLOW_TEST_SERVER, max_redirects=2)
    with pytest.raises(FetchError, match="too large"):
        fetch(client, site.url("/big"), max_bytes=1000, timeout=1.0, allow=ALLOW_TEST_SERVER)
    with pytest.raises(FetchError, match="scheme"):
        fetch(client, "ftp://127.0.0.1/feed.xml", max_bytes=1000, timeout=1.0, allow=ALLOW_TEST_SERVER)


def test_utf8_body_re_encodes_a_declared_charset_and_leaves_unknown_ones() -> None:
    assert utf8_body("café".encode("latin-1"), "text/html; charset=iso-8859-1") == "café".encode()
    assert utf8_body(b"caf\xe9", "text/html; charset=no-such-charset") == b"caf\xe9"
    assert utf8_body(b"cafe", None) == b"cafe"
