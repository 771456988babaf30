from __future__ import annotations

import json
import socket
import threading
import time

import pytest
import uvicorn
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kafka.errors import KafkaTimeoutError

from services.ingest.http_api import create_app
from tests.unit.ingest.memory_sink import MemorySink

LIMIT = 64 * 1024

WIRE_STORY = {
    "title": "Port strike enters third day as talks stall",
    "url": "https://news.example.org/business/port-strike-day-three?utm_source=rss",
    "outlet": "Example Wire",
    "published": "2024-03-14T09:30:00Z",
    "text": (
        "ROTTERDAM (Example Wire) - Dock workers extended their strike into a third day on Thursday, "
        "leaving more than 40 container ships waiting at anchor.\n\n"
        '"We are not going back until the contract is signed," union spokeswoman Ilse de Vries told reporters.\n\n'
        "The port authority said cargo worth about 300 million euros a day was being delayed."
    ),
}

FEATURE = {
    "headline": "The last lighthouse keeper of the northern isles",
    "link": "https://features.example.com/lighthouse-keeper",
    "body": (
        "For 31 years, Morag Campbell climbed the 140 steps of the Eilean Glas lighthouse every night.\n\n"
        "\"The light never cared whether I was tired,\" she said, laughing, in her kitchen in Scalpay.\n\n"
        "Automation arrived in 1998, and with it the end of a job her family had held for three generations."
    ),
}

INTERVIEW = {
    "title": "Minister defends water plan",
    "url": "https://daily.example.net/politics/water-plan-interview",
    "content": (
        "Environment minister Tomas Lind said on Monday that the new reservoir would supply 200,000 homes.\n\n"
        "Critics argue the project could flood up to 12 square kilometres of farmland, according to a report "
        "by the regional farmers' association."
    ),
}


@pytest.fixture()
def sink() -> MemorySink:
    return MemorySink()


@pytest.fixture()
def client(sink: MemorySink) -> TestClient:
    return TestClient(create_app(sink, max_body_bytes=LIMIT))


def test_single_json_article_is_published_with_its_metadata(client: TestClient, sink: MemorySink) -> None:
    response = client.post("/articles", json=WIRE_STORY)
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["duplicates"] == [] and body["rejected"] == []
    [article] = sink.articles
    assert body["published"] == [article.article_id]
    assert article.title == WIRE_STORY["title"]
    assert article.outlet == "Example Wire"
    assert article.published is not None and article.published.year == 2024
    assert "third day on Thursday" in article.text
    assert article.source.kind.value == "http"


def test_json_list_publishes_every_article(client: TestClient, sink: MemorySink) -> None:
    response = client.post("/articles", json=[WIRE_STORY, FEATURE, INTERVIEW])
    assert response.status_code == 202, response.text
    assert len(response.json()["published"]) == 3
    assert {a.title for a in sink.articles} == {WIRE_STORY["title"], FEATURE["headline"], INTERVIEW["title"]}


def test_json_lines_body(client: TestClient, sink: MemorySink) -> None:
    body = "\n".join(json.dumps(record) for record in (FEATURE, INTERVIEW)) + "\n"
    response = client.post("/articles", content=body, headers={"content-type": "application/x-ndjson"})
    assert response.status_code == 202, response.text
    assert len(response.json()["published"]) == 2
    assert sink.by_url(INTERVIEW["url"]).title == INTERVIEW["title"]


def test_plain_text_takes_metadata_from_query_parameters(client: TestClient, sink: MemorySink) -> None:
    text = "Residents of Kerava voted 61 per cent in favour of the new tram line, the city council said.\n\n" \
           "\"This is a mandate,\" mayor Anni Sorsa said after the count."
    response = client.post(
        "/articles",
        params={"title": "Kerava backs tram line", "url": "https://local.example.fi/tram-vote", "outlet": "Local FI",
                "published": "2023-11-05"},
        content=text.encode("utf-8"),
        headers={"content-type": "text/plain; charset=utf-8"},
    )
    assert response.status_code == 202, response.text
    article = sink.by_url("https://local.example.fi/tram-vote")
    assert (article.title, article.outlet) == ("Kerava backs tram line", "Local FI")
    assert article.published is not None and article.published.date().isoformat() == "2023-11-05"
    assert article.text.startswith("Residents of Kerava voted")


def test_plain_text_in_a_declared_legacy_charset(client: TestClient, sink: MemorySink) -> None:
    text = "Le maire de Besançon a annoncé que la rénovation du théâtre coûterait 4 millions d'euros."
    response = client.post("/articles", params={"title": "Théâtre"}, content=text.encode("latin-1"),
                           headers={"content-type": "text/plain; charset=ISO-8859-1"})
    assert response.status_code == 202, response.text
    assert "Besançon" in sink.articles[0].text and "rénovation" in sink.articles[0].text


def test_html_page_drops_navigation_and_keeps_query_metadata(client: TestClient, sink: MemorySink) -> None:
    page = """<!doctype html><html><head><title>Site | Flood warning</title></head><body>
      <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
      <article><h1>Flood warning issued for the Severn</h1>
      <p>The Environment Agency issued a severe flood warning for the River Severn on Sunday, saying water levels
      at Shrewsbury could peak at 5.2 metres overnight.</p>
      <p>"People should move valuables upstairs now," duty manager Karen Hollis said.</p></article>
      <footer>Copyright 2024 Example Media. All rights reserved. Privacy policy. Cookie settings.</footer>
      </body></html>"""
    response = client.post("/articles", params={"outlet": "Severn Post", "url": "https://severn.example/flood"},
                           content=page, headers={"content-type": "text/html"})
    assert response.status_code == 202, response.text
    article = sink.by_url("https://severn.example/flood")
    assert article.outlet == "Severn Post"
    assert "severe flood warning" in article.text
    assert "Cookie settings" not in article.text and "Sport" not in article.text


def test_partial_batch_publishes_the_good_records_and_lists_the_bad(client: TestClient, sink: MemorySink) -> None:
    batch = [WIRE_STORY, {"title": "no body at all"}, "just a string", INTERVIEW]
    response = client.post("/articles", json=batch)
    assert response.status_code == 202, response.text
    body = response.json()
    assert len(body["published"]) == 2
    assert len(body["rejected"]) == 2
    assert body["rejected"][0].startswith("item 2") and "no article text" in body["rejected"][0]
    assert body["rejected"][1].startswith("item 3")
    assert {a.url for a in sink.articles} == {WIRE_STORY["url"], INTERVIEW["url"]}


def test_jsonl_with_a_broken_line_keeps_the_others(client: TestClient, sink: MemorySink) -> None:
    body = json.dumps(FEATURE) + "\n{\"title\": \"cut off mid-\n" + json.dumps(INTERVIEW) + "\n"
    response = client.post("/articles", content=body, headers={"content-type": "application/x-ndjson"})
    assert response.status_code == 202, response.text
    assert len(response.json()["published"]) == 2
    assert any(reason.startswith("line 2") for reason in response.json()["rejected"])


def test_repeated_article_is_reported_as_duplicate(client: TestClient) -> None:
    first = client.post("/articles", json=WIRE_STORY).json()
    second = client.post("/articles", json=WIRE_STORY)
    assert second.status_code == 202
    assert second.json()["published"] == [] and second.json()["duplicates"] == first["published"]


def test_body_over_the_limit_with_content_length_is_refused(client: TestClient, sink: MemorySink) -> None:
    huge = {**WIRE_STORY, "text": WIRE_STORY["text"] + " filler" * (LIMIT // 6)}
    payload = json.dumps(huge).encode()
    response = client.post("/articles", content=payload, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"] == "body_too_large"
    assert response.json()["detail"] == f"the body is {len(payload)} bytes, the limit is {LIMIT} bytes"
    assert sink.documents == []


def test_chunked_body_over_the_limit_is_cut_off_while_streaming(client: TestClient, sink: MemorySink) -> None:
    def chunks():
        yield b'{"title": "endless", "text": "'
        for _ in range(1000):
            yield b"a" * 4096
        yield b'"}'

    response = client.post("/articles", content=chunks(), headers={"content-type": "application/json"})
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert response.json()["detail"] == f"the body exceeds the limit of {LIMIT} bytes"
    assert sink.documents == []


def test_chunked_body_under_the_limit_is_accepted(client: TestClient, sink: MemorySink) -> None:
    encoded = json.dumps(FEATURE).encode()

    def chunks():
        for start in range(0, len(encoded), 100):
            yield encoded[start:start + 100]

    response = client.post("/articles", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 202, response.text
    assert sink.articles[0].title == FEATURE["headline"]


@pytest.mark.parametrize(
    ("content", "content_type", "reason"),
    [
        (b"", "application/json", "empty"),
        (b"   \n\t ", "text/plain", "empty"),
        (b'{"title": "broken", "text": ', "application/json", "broken JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, "binary"),
        (b"42", "application/json", "expected an article object"),
        (b"[]", "application/json", "empty"),
    ],
)
def test_garbage_is_a_400_with_the_reason(client: TestClient, sink: MemorySink, content: bytes,
                                          content_type: str | None, reason: str) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/articles", content=content, headers=headers)
    assert response.status_code == 400, response.text
    assert reason in response.json()["detail"]


def test_only_bad_records_is_a_422_listing_them(client: TestClient) -> None:
    response = client.post("/articles", json=[{"title": "a"}, {"headline": "b", "body": ""}])
    assert response.status_code == 422
    assert response.json()["published"] == []
    assert len(response.json()["rejected"]) == 2


def test_unsupported_media_type(client: TestClient) -> None:
    response = client.post("/articles", content=b"GIF89a", headers={"content-type": "image/gif"})
    assert response.status_code == 415


@pytest.mark.parametrize("error", [KafkaTimeoutError("no ack within 60s"), TimeoutError("broker gone")])
def test_broker_unavailable_is_a_503(error: Exception) -> None:
    client = TestClient(create_app(MemorySink(fail_with=error), max_body_bytes=LIMIT))
    response = client.post("/articles", json=WIRE_STORY)
    assert response.status_code == 503
    assert response.json()["error"] == "broker_unavailable"
    assert response.headers["retry-after"]


def test_health_readiness_and_metrics() -> None:
    readiness = {"ready": False}
    client = TestClient(create_app(MemorySink(), max_body_bytes=LIMIT, ready=lambda: readiness["ready"]))
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 503
    readiness["ready"] = True
    assert client.get("/readyz").json() == {"status": "ready"}
    client.post("/articles", json=FEATURE)
    metrics = client.get("/metrics")
    assert metrics.status_code == 200
    assert 'claimwire_http_ingest_requests_total{status="202"}' in metrics.text


def test_readiness_probe_that_raises_means_not_ready() -> None:
    def probe() -> bool:
        raise ConnectionError("broker unreachable")

    client = TestClient(create_app(MemorySink(), max_body_bytes=LIMIT, ready=probe))
    assert client.get("/readyz").status_code == 503


def test_default_app_is_ready(client: TestClient) -> None:
    assert client.get("/readyz").status_code == 200


def test_real_server_refuses_an_endless_chunked_upload_without_waiting_for_its_end() -> None:
    """Over a real socket: the client keeps the chunked body open, the server must answer 413 as soon
    as the limit is passed rather than wait for a last chunk that never comes."""
    sink = MemorySink()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(sink, max_body_bytes=LIMIT), log_level="error", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.01)
        with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
            connection.sendall(b"POST /articles HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                               b"Transfer-Encoding: chunked\r\n\r\n")
            chunk = b"a" * 8192
            for _ in range(LIMIT // len(chunk) + 2):
                connection.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            received = b""  # no terminating chunk was sent: the answer must come anyway
            while not received.endswith(b"}"):
                data = connection.recv(65536)
                if not data:
                    break
                received += data
        head, _, body = received.decode("latin-1").partition("\r\n\r\n")
        assert head.startswith("HTTP/1.1 413"), head
        assert json.loads(body)["error"] == "body_too_large"
        assert sink.documents == []
    finally:
        server.should_exit = True
        thread.join(timeout=5)


_BODIES = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(
            st.sampled_from(["text", "title", "url", "outlet", "published", "id", "body", "x"]), children, max_size=5),
        max_leaves=12,
    ).map(lambda value: json.dumps(value).encode()),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=_BODIES,
    content_type=st.sampled_from([None, "application/json", "application/x-ndjson", "text/plain", "text/html",
                                  "text/plain; charset=utf-16", "text/plain; charset=nonsense"]),
    title=st.none() | st.text(max_size=30),
)
def test_hostile_bodies_get_a_clear_status_never_a_crash(client: TestClient, body: bytes, content_type: str | None,
                                                         title: str | None) -> None:
    headers = {"content-type": content_type} if content_type else {}
    params = {"title": title} if title else {}
    response = client.post("/articles", content=body, headers=headers, params=params)
    assert response.status_code in {202, 400, 413, 422}, response.text
    if response.status_code != 202:
        assert response.json().get("detail")
