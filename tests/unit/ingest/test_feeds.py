"""The feed poller against a real HTTP server on 127.0.0.1 serving feeds and article pages."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kafka.errors import KafkaTimeoutError
from prometheus_client import REGISTRY

from services.ingest.feeds import FeedPoller
from services.shared.config import FetchAllowError, Settings
from tests.unit.ingest.feed_site import (
    ALLOW_TEST_SERVER,
    PAGE_LIMIT,
    RSS_FEED,
    TIMEOUT,
    Route,
    Site,
    news_page,
    serve_news,
)
from tests.unit.ingest.memory_sink import MemorySink


def poller(feeds: list[str], sink: MemorySink, tmp_path: Path, **options: object) -> FeedPoller:
    settings = {"timeout": TIMEOUT, "max_page_bytes": PAGE_LIMIT, "fetch_allow": ALLOW_TEST_SERVER, **options}
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


# --------------------------------------------------------------------------- the SSRF guard

ADMIN_SECRET = "The internal admin token is 7f3e-secret-9a1b."


def _feed_of(site: Site, links: list[str]) -> bytes:
    items = "".join(f"<item><title>Entry {number}</title><link>{escape(link)}</link>"
                    f"<description>Summary {number} of the entry, as the feed itself tells it.</description></item>"
                    for number, link in enumerate(links))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title>'
            f"<link>{site.base}/</link>{items}</channel></rss>").encode()


def test_entry_links_to_internal_addresses_are_refused_and_the_summary_published(site: Site, tmp_path: Path) -> None:
    """The feed is on the allowed 127.0.0.1; its entries point elsewhere on loopback, directly, encoded
    or through a redirect, and at the cloud metadata address: none is fetched, each says why."""
    port = site.base.rsplit(":", 1)[1]
    site.routes["/admin"] = Route(news_page("Admin", "Secrets", [ADMIN_SECRET] * 3))
    site.routes["/go"] = Route(status=302, location=f"http://[::ffff:127.0.0.1]:{port}/admin")
    links = [f"http://[::ffff:127.0.0.1]:{port}/admin", f"http://[::1]:{port}/admin", f"http://0x7f000002:{port}/admin",
             "http://169.254.169.254/latest/meta-data/", f"{site.base}/go"]
    site.routes["/hostile.xml"] = Route(_feed_of(site, links), "application/rss+xml")
    sink = MemorySink()
    with poller([site.url("/hostile.xml")], sink, tmp_path) as feeds:
        report = feeds.poll_once()

    assert report.feed_errors == {} and len(report.published) == len(links)
    assert set(report.fallbacks) == set(links)
    for link, reason in report.fallbacks.items():
        assert reason.startswith("refusing to fetch from ") and "not a public address" in reason, (link, reason)
    assert "link-local" in report.fallbacks["http://169.254.169.254/latest/meta-data/"]
    assert site.hits["/admin"] == 0 and site.hits["/go"] == 1
    assert not any(ADMIN_SECRET in article.text for article in sink.articles)


def test_a_refused_feed_is_a_permanent_feed_error(site: Site, tmp_path: Path) -> None:
    rss, _ = serve_news(site)
    before = REGISTRY.get_sample_value("claimwire_feed_errors_total", {"kind": "permanent"}) or 0.0
    with poller([rss], MemorySink(), tmp_path, fetch_allow=()) as feeds:
        feeds.attempt(rss, interval_s=60.0)
        report = feeds.poll_once()
    assert REGISTRY.get_sample_value("claimwire_feed_errors_total", {"kind": "permanent"}) == before + 1
    assert report.feed_errors[rss].startswith("refusing to fetch from 127.0.0.1: not a public address (loopback)")
    assert site.hits["/rss.xml"] == 0


def test_settings_allow_the_local_server_through_claimwire_fetch_allow(
        site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rss, _ = serve_news(site)
    monkeypatch.setenv("CLAIMWIRE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CLAIMWIRE_FETCH_ALLOW", raising=False)
    sink = MemorySink()
    with FeedPoller.from_settings(Settings(), [rss], sink, timeout=TIMEOUT, max_page_bytes=PAGE_LIMIT) as feeds:
        assert "not a public address (loopback)" in feeds.poll_once().feed_errors[rss]
    monkeypatch.setenv("CLAIMWIRE_FETCH_ALLOW", "10.0.0.0/8, 127.0.0.1/32")
    with FeedPoller.from_settings(Settings(), [rss], sink, timeout=TIMEOUT, max_page_bytes=PAGE_LIMIT) as feeds:
        report = feeds.poll_once()
    assert report.feed_errors == {} and len(report.published) == 3
    monkeypatch.setenv("CLAIMWIRE_FETCH_ALLOW", "127.0.0.1/8")
    with pytest.raises(FetchAllowError, match="CLAIMWIRE_FETCH_ALLOW: '127.0.0.1/8' is not a CIDR network"):
        FeedPoller.from_settings(Settings(), [rss], sink)
