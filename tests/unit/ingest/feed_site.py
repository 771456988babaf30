"""A small web server for the feed tests, and the feeds and article pages it serves."""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from services.shared.config import parse_fetch_allow

TIMEOUT = 0.4  # seconds; the slow page below answers well after it
PAGE_LIMIT = 32 * 1024
# The test server is on loopback, which the SSRF guard refuses: the tests allow exactly it, as an
# operator would with CLAIMWIRE_FETCH_ALLOW=127.0.0.1/32.
ALLOW_TEST_SERVER = parse_fetch_allow("127.0.0.1/32")


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None
    delay: float = 0.0
    trickle: tuple[int, float] | None = None  # (chunks, seconds between chunks)


@dataclass
class Site:
    """A small web server: routes by path, counts hits and keeps each request's headers."""

    routes: dict[str, Route] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    headers_seen: dict[str, list[dict[str, str]]] = field(default_factory=lambda: defaultdict(list))
    base: str = ""

    def url(self, path: str) -> str:
        return self.base + path


def _handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            path = self.path.split("?", 1)[0]
            site.hits[path] += 1
            site.headers_seen[path].append({k.lower(): v for k, v in self.headers.items()})
            route = site.routes.get(path)
            if route is None:
                self._send(404, b"<html><body>Not found</body></html>", "text/html")
                return
            if route.delay:
                time.sleep(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.end_headers()
                return
            extra = {"ETag": route.etag, "Last-Modified": route.last_modified, "Location": route.location}
            try:
                if route.trickle:
                    chunks, pause = route.trickle
                    self.send_response(route.status)
                    self.send_header("Content-Type", route.content_type)
                    self.end_headers()
                    for _ in range(chunks):
                        self.wfile.write(route.body)
                        self.wfile.flush()
                        time.sleep(pause)
                    return
                self._send(route.status, route.body, route.content_type, extra)
            except (BrokenPipeError, ConnectionResetError):  # the poller gave up on us, as it should
                pass

        def _send(
            self, status: int, body: bytes, content_type: str, extra: dict[str, str | None] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                if value:
                    self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


@contextmanager
def serving() -> Iterator[Site]:
    """A ``Site`` served on 127.0.0.1 (a free port) until the block ends."""
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- content


def news_page(site_name: str, headline: str, paragraphs: list[str]) -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{headline} | {site_name}</title></head>
<body>
<header><a href="/">{site_name}</a>
<nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/weather">Weather</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<main><article><h1>{headline}</h1>
{body}
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Celebrity chef opens third restaurant</a></li>
<li><a href="/b">Ten tips for a greener garden</a></li></ul></aside>
<footer><p>&copy; 2024 {site_name} Media Group. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/cookies">Cookie settings</a>"""
            f""" | <a href="/contact">Contact us</a></p>
</footer></body></html>""").encode()


FERRY_PARAGRAPHS = [
    "Ferry services between the mainland and the outer islands were suspended on Tuesday after crews walked "
    "out in a dispute over pay, stranding hundreds of passengers at the harbour.",
    "&ldquo;We have been patient for two years,&rdquo; said union organiser Calum MacLeod, who represents "
    "about 350 crew members. &ldquo;Patience has not paid a single bill.&rdquo;",
    "The operator said it had offered a 4.5 per cent rise and accused the union of refusing to negotiate.",
]

GLACIER_PARAGRAPHS = [
    "The Rhone glacier lost more than 6 per cent of its volume in the past two summers, according to a study "
    "published on Wednesday by the Swiss Academy of Sciences.",
    "Glaciologist Matthias Huss said the losses were &ldquo;unprecedented in more than a century of "
    "measurements&rdquo; and warned that smaller glaciers could vanish by 2050.",
]

RSS_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Harbour Times</title><link>{base}/</link><description>News from the islands</description>
<item><title>Ferry crews strike over pay</title><link>{base}/news/ferry-strike.html</link>
  <guid>{base}/news/ferry-strike.html</guid><pubDate>Tue, 12 Mar 2024 08:15:00 GMT</pubDate>
  <description>Ferry crews walked out on Tuesday.</description></item>
<item><title>Council publishes full budget</title><link>{base}/news/budget.html</link>
  <pubDate>Mon, 11 Mar 2024 17:00:00 GMT</pubDate>
  <description>&lt;p&gt;The island council said on Monday it would spend 12 million pounds on new piers, its treasurer
  told a public meeting.&lt;/p&gt;</description></item>
<item><title>Lifeboat station to close</title><link>{base}/news/lifeboat.html</link>
  <pubDate>Sun, 10 Mar 2024 10:00:00 GMT</pubDate>
  <description>The lifeboat station at Port Ellen will close in May, the charity &amp;amp; the coastguard
  confirmed on Sunday, citing a shortage of volunteers.</description></item>
</channel></rss>"""

ATOM_FEED = (
    """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Alpine Science Review</title><id>urn:alpine-review</id><updated>2024-03-13T12:00:00Z</updated>
<entry><title>Rhone glacier shrinks again</title><id>urn:alpine-review:glacier</id>
  <link rel="alternate" href="{base}/go/glacier"/>
  <published>2024-03-13T06:00:00Z</published><updated>2024-03-13T07:00:00Z</updated>
  <summary>A new study measures the loss.</summary></entry>
<entry><title>Avalanche risk raised to level four</title><id>urn:alpine-review:avalanche</id>
  <link rel="alternate" href="{base}/features/avalanche.html"/>
  <updated>2024-03-12T18:30:00Z</updated>
  <content type="html">&lt;p&gt;The avalanche warning service raised the risk to level four on Tuesday"""
    """ after 80 centimetres
  of fresh snow fell in 24 hours, forecaster Lea Brunner said.&lt;/p&gt;</content></entry>
</feed>"""
)


def serve_news(site: Site) -> tuple[str, str]:
    """An RSS feed (ETag) and an Atom feed (Last-Modified) whose pages include every failure kind."""
    site.routes["/rss.xml"] = Route(RSS_FEED.format(base=site.base).encode(), "application/rss+xml", etag='"rss-v1"')
    site.routes["/atom.xml"] = Route(ATOM_FEED.format(base=site.base).encode(), "application/atom+xml",
                                     last_modified="Wed, 13 Mar 2024 12:00:00 GMT")
    site.routes["/news/ferry-strike.html"] = Route(
        news_page("Harbour Times", "Ferries halted as crews walk out", FERRY_PARAGRAPHS))
    # Larger than the page limit: the feed's description is published instead.
    site.routes["/news/budget.html"] = Route(
        news_page("Harbour Times", "Budget", ["Line item after line item of the budget, in full."] * 2000))
    # /news/lifeboat.html is not served: 404.
    site.routes["/go/glacier"] = Route(status=301, location="/features/glacier.html")
    site.routes["/features/glacier.html"] = Route(
        news_page("Alpine Science Review", "Swiss glaciers in retreat", GLACIER_PARAGRAPHS))
    site.routes["/features/avalanche.html"] = Route(news_page("Alpine", "Slow", ["Too late."]), delay=TIMEOUT * 3)
    return site.url("/rss.xml"), site.url("/atom.xml")
