"""The feed poller against a real HTTP server on 127.0.0.1 serving feeds and article pages."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kafka.errors import KafkaTimeoutError

from services.ingest.feeds import FeedPoller
from tests.unit.ingest.memory_sink import MemorySink

TIMEOUT = 0.4  # seconds; the slow page below answers well after it
PAGE_LIMIT = 32 * 1024


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

        def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str | None] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                if value:
                    self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture()
def site() -> Iterator[Site]:
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
    return f"""<!doctype html>
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
<p><a href="/privacy">Privacy policy</a> | <a href="/cookies">Cookie settings</a> | <a href="/contact">Contact us</a></p>
</footer></body></html>""".encode()


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

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Alpine Science Review</title><id>urn:alpine-review</id><updated>2024-03-13T12:00:00Z</updated>
<entry><title>Rhone glacier shrinks again</title><id>urn:alpine-review:glacier</id>
  <link rel="alternate" href="{base}/go/glacier"/>
  <published>2024-03-13T06:00:00Z</published><updated>2024-03-13T07:00:00Z</updated>
  <summary>A new study measures the loss.</summary></entry>
<entry><title>Avalanche risk raised to level four</title><id>urn:alpine-review:avalanche</id>
  <link rel="alternate" href="{base}/features/avalanche.html"/>
  <updated>2024-03-12T18:30:00Z</updated>
  <content type="html">&lt;p&gt;The avalanche warning service raised the risk to level four on Tuesday after 80 centimetres
  of fresh snow fell in 24 hours, forecaster Lea Brunner said.&lt;/p&gt;</content></entry>
</feed>"""


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


def poller(feeds: list[str], sink: MemorySink, tmp_path: Path, **options: object) -> FeedPoller:
    settings = {"timeout": TIMEOUT, "max_page_bytes": PAGE_LIMIT, **options}
    return FeedPoller(feeds, sink, state_path=tmp_path / "state" / "feeds.json", **settings)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- tests


def test_first_poll_publishes_every_entry_with_page_text_or_summary(site: Site, tmp_path: Path) -> None:
    rss, atom = serve_news(site)
    sink = MemorySink()
    with poller([rss, atom], sink, tmp_path) as feeds:
        report = feeds.poll_once()

    assert report.feed_errors == {}
    assert sorted(report.feeds_fetched) == sorted([rss, atom])
    assert len(report.published) == 5 and report.rejected == []

    ferry = sink.by_url(site.url("/news/ferry-strike.html"))
    assert ferry.title == "Ferry crews strike over pay"  # the feed's title wins over the page's
    assert ferry.outlet == "Harbour Times"
    assert ferry.published is not None and ferry.published.isoformat() == "2024-03-12T08:15:00+00:00"
    assert ferry.text.startswith("Ferry services between the mainland")  # not the page's own headline
    assert "stranding hundreds of passengers" in ferry.text
    assert "“Patience has not paid a single bill.”" in ferry.text
    for chrome in ("Cookie settings", "Most read", "Celebrity chef", "Subscribe", "All rights reserved"):
        assert chrome not in ferry.text
    assert ferry.source.kind.value == "feed" and ferry.source.uri == site.url("/news/ferry-strike.html")

    glacier = sink.by_url(site.url("/go/glacier"))  # the entry's link, although the page lives behind a redirect
    assert glacier.title == "Rhone glacier shrinks again" and glacier.outlet == "Alpine Science Review"
    assert glacier.published is not None and glacier.published.isoformat() == "2024-03-13T06:00:00+00:00"
    assert "lost more than 6 per cent of its volume" in glacier.text

    budget, lifeboat, avalanche = (site.url(p) for p in
                                   ("/news/budget.html", "/news/lifeboat.html", "/features/avalanche.html"))
    assert set(report.fallbacks) == {budget, lifeboat, avalanche}
    assert report.fallbacks[budget].startswith("too large")
    assert report.fallbacks[lifeboat] == "HTTP 404 Not Found"
    assert report.fallbacks[avalanche].startswith("timed out")
    # Summaries are HTML: the feed's line wrapping is not a paragraph break, entities are decoded.
    assert sink.by_url(budget).text == ("The island council said on Monday it would spend 12 million pounds on "
                                        "new piers, its treasurer told a public meeting.")
    assert "the charity & the coastguard confirmed on Sunday" in sink.by_url(lifeboat).text
    avalanche_article = sink.by_url(avalanche)
    assert "80 centimetres" in avalanche_article.text  # Atom <content> preferred over <summary>
    assert avalanche_article.published is not None and avalanche_article.published.day == 12  # <updated>


def test_unchanged_feed_costs_a_304_and_publishes_nothing(site: Site, tmp_path: Path) -> None:
    rss, _ = serve_news(site)
    sink = MemorySink()
    with poller([rss], sink, tmp_path) as feeds:
        first = feeds.poll_once()
        second = feeds.poll_once()

    assert len(first.published) == 3
    assert site.hits["/rss.xml"] == 2
    assert "if-none-match" not in site.headers_seen["/rss.xml"][0]
    assert site.headers_seen["/rss.xml"][1]["if-none-match"] == '"rss-v1"'
    assert second.feeds_not_modified == [rss] and second.feeds_fetched == []
    assert second.published == [] and len(sink.documents) == 3
    assert site.hits["/news/ferry-strike.html"] == 1


def test_state_survives_a_restart_and_last_modified_is_sent(site: Site, tmp_path: Path) -> None:
    rss, atom = serve_news(site)
    with poller([rss, atom], MemorySink(), tmp_path) as feeds:
        feeds.poll_once()
    state = json.loads((tmp_path / "state" / "feeds.json").read_text())
    assert state["feeds"][rss] == {"etag": '"rss-v1"'}
    assert state["feeds"][atom] == {"last_modified": "Wed, 13 Mar 2024 12:00:00 GMT"}
    assert site.url("/news/ferry-strike.html") in state["seen"]
    assert [p.name for p in (tmp_path / "state").iterdir()] == ["feeds.json"]  # no temp file left behind

    # The atom server ignores If-Modified-Since and sends the feed again: the links are known already.
    restarted_sink = MemorySink()
    with poller([rss, atom], restarted_sink, tmp_path) as feeds:
        report = feeds.poll_once()
    assert site.headers_seen["/atom.xml"][1]["if-modified-since"] == "Wed, 13 Mar 2024 12:00:00 GMT"
    assert report.feeds_not_modified == [rss]
    assert report.entries_seen_before == 2
    assert restarted_sink.documents == []


def test_new_entry_in_a_changed_feed_is_the_only_one_published(site: Site, tmp_path: Path) -> None:
    rss, _ = serve_news(site)
    sink = MemorySink()
    with poller([rss], sink, tmp_path) as feeds:
        feeds.poll_once()
        extra_item = (
            f"<item><title>Harbour master retires</title><link>{site.base}/news/harbour-master.html</link>"
            "<description>After 40 years, harbour master Iain Gray said on Friday he would retire.</description></item>"
        )
        site.routes["/rss.xml"] = Route(RSS_FEED.format(base=site.base).replace("</channel>", extra_item + "</channel>")
                                        .encode(), "application/rss+xml", etag='"rss-v2"')
        report = feeds.poll_once()
    assert report.entries_seen_before == 3
    assert len(report.published) == 1
    assert sink.articles[-1].title == "Harbour master retires"


def test_broken_feeds_are_reported_and_the_others_go_on(site: Site, tmp_path: Path) -> None:
    rss, _ = serve_news(site)
    site.routes["/not-xml"] = Route(b"{\"error\": \"this is JSON, not a feed\"}", "application/json")
    site.routes["/html-page"] = Route(news_page("Blog", "Welcome", ["This is a home page, not a feed."]))
    site.routes["/server-error"] = Route(b"oops", "text/plain", status=500)
    site.routes["/slow-feed"] = Route(RSS_FEED.encode(), "application/rss+xml", delay=TIMEOUT * 3)
    refused = "http://127.0.0.1:1/feed.xml"  # nothing listens on port 1
    broken = [site.url(p) for p in ("/not-xml", "/html-page", "/server-error", "/slow-feed")] + [refused]
    sink = MemorySink()
    with poller([*broken[:2], rss, *broken[2:]], sink, tmp_path) as feeds:
        report = feeds.poll_once()

    assert report.feeds_fetched == [rss] and len(report.published) == 3
    assert set(report.feed_errors) == set(broken)
    assert report.feed_errors[site.url("/not-xml")].startswith("not an RSS/Atom feed")
    assert report.feed_errors[site.url("/html-page")].startswith("not an RSS/Atom feed")
    assert report.feed_errors[site.url("/server-error")] == "HTTP 500 Internal Server Error"
    assert report.feed_errors[site.url("/slow-feed")].startswith("timed out")
    assert report.feed_errors[refused].startswith("ConnectError")


def test_publish_failure_keeps_the_entries_for_the_next_poll(site: Site, tmp_path: Path) -> None:
    rss, _ = serve_news(site)
    with poller([rss], MemorySink(fail_with=KafkaTimeoutError("no ack")), tmp_path) as feeds:
        report = feeds.poll_once()
    assert report.published == []
    assert list(report.publish_failures) == [site.url("/news/ferry-strike.html")]
    state = json.loads((tmp_path / "state" / "feeds.json").read_text())
    assert state["seen"] == [] and rss not in state["feeds"]  # no ETag either, or the next poll would get a 304

    sink = MemorySink()
    with poller([rss], sink, tmp_path) as feeds:
        report = feeds.poll_once()
    assert "if-none-match" not in site.headers_seen["/rss.xml"][1]
    assert len(report.published) == 3 and len(sink.articles) == 3


def test_unsafe_links_and_redirect_loops_fall_back_to_the_summary(site: Site, tmp_path: Path) -> None:
    site.routes["/loop"] = Route(status=302, location="/loop")
    site.routes["/to-file"] = Route(status=302, location="file:///etc/passwd")
    site.routes["/trickle.html"] = Route(b"<p>" + b"slow words " * 20 + b"</p>", trickle=(40, TIMEOUT / 8))
    site.routes["/report.pdf"] = Route(b"%PDF-1.7 binary", "application/pdf")
    # No Content-Length: the size limit has to be enforced while the body streams in.
    site.routes["/endless.html"] = Route(b"<p>" + b"word " * 1000 + b"</p>", trickle=(20, 0.0))
    links = {
        site.url("/loop"): "more than 3 redirects",
        site.url("/to-file"): "refusing the file scheme",
        "ftp://files.example.org/story.txt": "refusing the ftp scheme",
        site.url("/trickle.html"): "timed out",
        site.url("/report.pdf"): "not an HTML page (application/pdf)",
        site.url("/endless.html"): f"too large: more than {PAGE_LIMIT} bytes",
    }
    items = "".join(
        f"<item><title>Story {n}</title><link>{link.replace('&', '&amp;')}</link>"
        f"<description>Summary number {n}: the mayor said on Monday that {n} bridges would be repaired.</description>"
        "</item>"
        for n, link in enumerate(links, start=1)
    )
    site.routes["/feed"] = Route(f"<rss version='2.0'><channel><title>T</title>{items}</channel></rss>".encode(),
                                 "application/rss+xml")
    sink = MemorySink()
    with poller([site.url("/feed")], sink, tmp_path, max_redirects=3) as feeds:
        report = feeds.poll_once()
    assert len(report.published) == len(links)
    for link, reason in links.items():
        assert report.fallbacks[link].startswith(reason), (link, report.fallbacks[link])
    assert site.hits["/loop"] == 4  # the first request and three redirects
    assert "Summary number 2" in sink.by_url(site.url("/to-file")).text


def test_entry_without_link_page_or_summary_is_reported_once(site: Site, tmp_path: Path) -> None:
    feed = (f"<rss version='2.0'><channel><title>T</title>"
            f"<item><title>Only a title</title><link>{site.base}/gone</link></item>"
            "<item><title>No link, but an id</title><guid isPermaLink='false'>story-42</guid>"
            "<description>The bridge will reopen on Friday, engineers said.</description></item>"
            "<item><title>Nothing at all</title></item>"
            "</channel></rss>")
    site.routes["/feed"] = Route(feed.encode(), "application/rss+xml")
    sink = MemorySink()
    with poller([site.url("/feed")], sink, tmp_path) as feeds:
        first = feeds.poll_once()
        second = feeds.poll_once()
    assert set(first.entry_errors) == {site.url("/gone"), f"{site.url('/feed')} entry 3"}
    assert first.fallbacks == {"story-42": "the entry has no link"}
    assert "bridge will reopen" in sink.articles[0].text
    assert site.hits["/gone"] == 1  # remembered as unusable, not fetched on every poll
    assert second.entries_seen_before == 2 and second.published == []


def test_page_in_a_declared_legacy_charset(site: Site, tmp_path: Path) -> None:
    page = news_page("Le Courrier", "Théâtre", [
        "Le maire de Besançon a annoncé mardi que la rénovation du théâtre coûterait 4 millions d'euros.",
        "« C'est un investissement pour des décennies », a-t-il déclaré devant le conseil municipal.",
    ]).decode().replace('<meta charset="utf-8">', "").encode("cp1252")
    site.routes["/fr.html"] = Route(page, "text/html; charset=windows-1252")
    site.routes["/feed"] = Route(
        f"<rss version='2.0'><channel><title>Le Courrier</title><item><title>Théâtre</title>"
        f"<link>{site.base}/fr.html</link></item></channel></rss>".encode(), "application/rss+xml")
    sink = MemorySink()
    with poller([site.url("/feed")], sink, tmp_path) as feeds:
        report = feeds.poll_once()
    assert report.fallbacks == {}
    assert "Le maire de Besançon a annoncé mardi que la rénovation" in sink.articles[0].text


def test_seen_links_are_bounded_oldest_first(site: Site, tmp_path: Path) -> None:
    rss, _ = serve_news(site)
    with poller([rss], MemorySink(), tmp_path, max_seen=2) as feeds:
        feeds.poll_once()
    state = json.loads((tmp_path / "state" / "feeds.json").read_text())
    assert state["seen"] == [site.url("/news/budget.html"), site.url("/news/lifeboat.html")]


def test_corrupt_state_file_is_set_aside(site: Site, tmp_path: Path) -> None:
    rss, _ = serve_news(site)
    state_path = tmp_path / "state" / "feeds.json"
    state_path.parent.mkdir()
    state_path.write_text('{"feeds": {"half-written')
    sink = MemorySink()
    with poller([rss], sink, tmp_path) as feeds:
        report = feeds.poll_once()
    assert len(report.published) == 3
    assert len(list(state_path.parent.glob("feeds.json.corrupt-*"))) == 1
    assert json.loads(state_path.read_text())["feeds"][rss] == {"etag": '"rss-v1"'}


def test_run_forever_polls_until_stopped(site: Site, tmp_path: Path) -> None:
    rss, _ = serve_news(site)
    sink = MemorySink()
    stop = threading.Event()
    with poller([rss], sink, tmp_path) as feeds:
        worker = threading.Thread(target=feeds.run_forever, args=(0.05, stop))
        worker.start()
        deadline = time.monotonic() + 10
        while site.hits["/rss.xml"] < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        stop.set()
        worker.join(timeout=5)
    assert not worker.is_alive()
    assert site.hits["/rss.xml"] >= 3
    assert len(sink.articles) == 3  # polled repeatedly, published once


_FEED_BODIES = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.lists(
        st.tuples(st.text(max_size=20), st.sampled_from(["", "/gone", "javascript:alert(1)", "http://[::1", "//x"]),
                  st.text(max_size=40)),
        max_size=3,
    ).map(lambda items: (
        "<rss version='2.0'><channel><title>F</title>" + "".join(
            f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
            f"<description>{escape(text)}</description></item>" for title, link, text in items
        ) + "</channel></rss>"
    ).encode("utf-8", "surrogatepass")),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_FEED_BODIES)
def test_hostile_feed_content_is_reported_never_raised(site: Site, tmp_path: Path, body: bytes) -> None:
    site.routes["/feed"] = Route(body, "application/rss+xml")
    with poller([site.url("/feed")], MemorySink(), tmp_path, timeout=2.0) as feeds:
        report = feeds.poll_once()
    assert report.publish_failures == {}
    assert report.feeds_fetched or report.feed_errors
