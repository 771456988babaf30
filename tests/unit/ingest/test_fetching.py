"""Fetching: http(s) only, redirects capped, byte and time limits, failures classified for retry."""

from __future__ import annotations

import socket
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


# --------------------------------------------------------------------------- the SSRF guard


class Recording(httpx.BaseTransport):
    """Wraps a transport and keeps every request that reached it, i.e. every connection attempted."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.sent: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture()
def recording() -> Iterator[tuple[httpx.Client, Recording]]:
    transport = Recording(httpx.HTTPTransport())
    with httpx.Client(transport=transport) as client:
        yield client, transport


def numeric_only(host: str, port: int) -> list[str]:
    """The system's decoding of a numeric host; a name raises instead of asking DNS."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    return [str(info[4][0]) for info in infos]


def table_resolver(table: dict[str, list[str]], calls: list[str] | None = None):  # type: ignore[no-untyped-def]
    """A resolver the test controls: names from ``table``, numeric literals as the system decodes them."""
    def resolver(host: str, port: int) -> list[str]:
        if calls is not None:
            calls.append(host)
        return table[host] if host in table else numeric_only(host, port)
    return resolver


SECRET = b"<p>internal admin: the root password is hunter2</p>"


def test_the_local_server_is_refused_unless_allowed(site: Site, recording: tuple[httpx.Client, Recording]) -> None:
    client, transport = recording
    site.routes["/admin"] = Route(SECRET)
    refused = r"refusing to fetch from 127\.0\.0\.1: not a public address \(loopback\)"
    with pytest.raises(FetchError, match=refused) as raised:
        fetch(client, site.url("/admin"), max_bytes=1000, timeout=1.0)
    assert raised.value.transient is False  # the same URL is refused next time: no retry soon
    assert "hunter2" not in str(raised.value)
    assert transport.sent == [] and site.hits["/admin"] == 0
    fetched = fetch(client, site.url("/admin"), max_bytes=1000, timeout=1.0, allow=ALLOW_TEST_SERVER)
    assert fetched.body == SECRET and site.hits["/admin"] == 1


def _port(site: Site) -> int:
    return int(site.base.rsplit(":", 1)[1])


@pytest.mark.parametrize(("location", "reason"), [
    ("http://{here}/admin", "loopback"),  # the same server, by another name
    ("http://[::1]:{port}/admin", "loopback"),
    ("http://[::ffff:127.0.0.1]:{port}/admin", "loopback"),
    ("http://2130706434:{port}/admin", "loopback"),  # 127.0.0.2
    ("http://0x7f.2:{port}/admin", "loopback"),
    ("http://0.0.0.0:{port}/admin", "unspecified"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://10.0.0.1/", "private"),
    ("http://[fd00::1]/", "private"),
])
def test_a_redirect_to_a_refused_address_is_refused_at_that_hop(
        site: Site, recording: tuple[httpx.Client, Recording], location: str, reason: str) -> None:
    """The first hop is a public-looking name (our resolver says it is 127.0.0.1, which is allowed);
    its redirect names a refused address: refused before any connection to it."""
    client, transport = recording
    site.routes["/go"] = Route(status=302, location=location.format(here="admin.internal", port=_port(site)))
    site.routes["/admin"] = Route(SECRET)
    resolver = table_resolver({"news.example.org": ["127.0.0.1"], "admin.internal": ["127.0.0.2"]})
    with pytest.raises(FetchError, match=rf"refusing to fetch from .*: not a public address \({reason}") as raised:
        fetch(client, f"http://news.example.org:{_port(site)}/go", max_bytes=1000, timeout=1.0,
              allow=ALLOW_TEST_SERVER, resolver=resolver)
    assert raised.value.transient is False
    assert [str(request.url) for request in transport.sent] == [f"{site.base}/go"]  # the first hop only
    assert site.hits["/admin"] == 0


def test_the_request_goes_to_the_checked_address_with_the_real_name_in_host(
        site: Site, recording: tuple[httpx.Client, Recording]) -> None:
    client, transport = recording
    site.routes["/old"] = Route(status=301, location="/new")
    site.routes["/new"] = Route(b"<p>The ferry left.</p>")
    calls: list[str] = []
    resolver = table_resolver({"news.example.org": ["127.0.0.1"]}, calls)
    url = f"http://news.example.org:{_port(site)}/old"
    fetched = fetch(client, url, max_bytes=1000, timeout=1.0, allow=ALLOW_TEST_SERVER, resolver=resolver)
    # The final URL is named as the feed named it, not as the IP literal it was sent to.
    assert (fetched.url, fetched.body) == (f"http://news.example.org:{_port(site)}/new", b"<p>The ferry left.</p>")
    assert [request.url.host for request in transport.sent] == ["127.0.0.1", "127.0.0.1"]
    assert [seen["host"] for seen in (*site.headers_seen["/old"], *site.headers_seen["/new"])] == \
        [f"news.example.org:{_port(site)}"] * 2
    assert calls == ["news.example.org", "news.example.org"]  # once per hop, each hop checked


class Rebinding:
    """A resolver that answers a public address the first time and loopback afterwards (DNS rebinding)."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls += 1
        return ["93.184.215.14"] if self.calls == 1 else ["127.0.0.1"]


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_dns_rebinding_cannot_move_the_connection_after_the_check(scheme: str) -> None:
    """Nothing leaves the machine: a mock transport stands for the network and records the request."""
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, content=b"<p>public</p>", headers={"content-type": "text/html"})

    rebinding = Rebinding()
    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        fetched = fetch(client, f"{scheme}://news.example.org/story", max_bytes=1000, timeout=1.0, resolver=rebinding)
    assert fetched.body == b"<p>public</p>" and fetched.url == f"{scheme}://news.example.org/story"
    [request] = sent
    assert rebinding.calls == 1  # resolved once: nothing left to rebind
    assert request.url.host == "93.184.215.14" and request.headers["host"] == "news.example.org"
    if scheme == "https":  # TLS sends the name and verifies the certificate against it
        assert request.extensions["sni_hostname"] == "news.example.org"
    else:
        assert "sni_hostname" not in request.extensions


def test_a_rebound_redirect_target_is_checked_again() -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(302, headers={"location": "/story"})  # the same name: resolved again

    with httpx.Client(transport=httpx.MockTransport(answer)) as client, \
            pytest.raises(FetchError, match=r"news\.example\.org \(127\.0\.0\.1\): not a public address \(loopback\)"):
        fetch(client, "http://news.example.org/go", max_bytes=1000, timeout=1.0, resolver=Rebinding())
    assert [str(request.url) for request in sent] == ["http://93.184.215.14/go"]


def test_a_url_without_a_host_or_an_unresolvable_one_is_a_fetch_error() -> None:
    def unresolvable(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    with httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(200))) as client:
        with pytest.raises(FetchError, match="without a host"):
            fetch(client, "http:///path", max_bytes=1000, timeout=1.0)
        with pytest.raises(FetchError, match="cannot resolve nowhere.example.org") as raised:
            fetch(client, "http://nowhere.example.org/", max_bytes=1000, timeout=1.0, resolver=unresolvable)
    assert raised.value.transient is True  # DNS may answer next time, as any network error
