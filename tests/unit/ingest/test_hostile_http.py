"""Every hostile-input kind (tests/hostile_inputs.py) POSTed to the ingest HTTP app.

The publisher here is ArticlePublisher's core without Kafka: ``build_articles``, each refused record
recorded as the publisher's dead letter (stage ``clean``, the document's URI as source) and the
outcome as a ``PublishResult``. Never a 500; every 4xx leaves a record with a source (the app's
``on_rejected`` for a refused request, the publisher's letters for a 422); the request counter
counts each status; the app still answers /healthz afterwards."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from services.ingest.articles import build_articles
from services.ingest.http_api import create_app
from services.ingest.publisher import PublishResult
from services.ingest.readers import BadInput, InputDocument
from tests.hostile_inputs import HTML, KINDS, TEXT, XXE_SENTINEL, build_kind, make_xxe_target

MAX_BODY = 5 << 20
COUNTER = "claimwire_http_ingest_requests_total"


@dataclass
class Records:
    # on_rejected(stage, reason, body, source)
    rejected: list[tuple[str, str, bytes, str]] = field(default_factory=list)
    letters: list[tuple[str, str]] = field(default_factory=list)  # the publisher's (reason, source)
    texts: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.rejected.clear()
        self.letters.clear()
        self.texts.clear()


@pytest.fixture(scope="module")
def records() -> Records:
    return Records()


@pytest.fixture(scope="module")
def client(records: Records) -> TestClient:
    make_xxe_target()

    def publish(document: InputDocument) -> PublishResult:
        result = PublishResult()
        for article in build_articles(document):
            if isinstance(article, BadInput):
                records.letters.append((str(article), document.uri or ""))
                result.rejected.append(str(article))
            else:
                records.texts.append(article.text)
                result.published.append(article.article_id)
        return result

    def on_rejected(stage: str, reason: str, body: bytes, source: str) -> None:
        records.rejected.append((stage, reason, body, source))

    app = create_app(publish, max_body_bytes=MAX_BODY, on_rejected=on_rejected)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _count(status: int) -> float:
    return REGISTRY.get_sample_value(COUNTER, {"status": str(status)}) or 0.0


def _post(client: TestClient, records: Records, name: str, params: dict[str, str] | None = None) -> int:
    kind = build_kind(name)
    records.clear()
    before = {status: _count(status) for status in (202, 400, 413, 415, 422, 500)}
    response = client.post("/articles", content=kind.content, headers={"content-type": kind.content_type},
                           params=params or {})
    status = response.status_code
    assert status != 500 and status in {202, 400, 413, 415, 422}, (name, status, response.text[:500])
    assert response.headers["content-type"].startswith("application/json"), (name, response.headers)
    body = response.json()
    assert _count(status) == before[status] + 1, (name, status)
    assert all(_count(s) == before[s] for s in before if s != status), name
    if status == 202:
        assert body["published"] and not records.rejected, (name, body)
        assert len(records.letters) == len(body["rejected"]), name
    else:
        assert body["error"] and body["detail"], (name, body)
        if status == 422:  # the body was readable, each of its records was refused by the publisher
            assert not records.rejected and records.letters, (name, body)
            assert all(reason and source for reason, source in records.letters), records.letters
        else:  # refused as a whole by the app itself
            [(stage, reason, original, source)] = records.rejected
            assert stage == f"http_{status}", records.rejected
            assert reason.startswith(body["error"]) and source.startswith("http client"), records.rejected
            assert original in (b"", kind.content), name
    assert not any(XXE_SENTINEL in text for text in records.texts), name
    return status


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_is_answered_and_every_refusal_recorded(client: TestClient, records: Records, name: str) -> None:
    status = _post(client, records, name)
    expected = {
        "over_input_limit": 413, "empty_body": 400, "binary_png": 415, "json_bracket_flood": 400,
        "json_huge_int": 400, "utf16_bom_garbage": 400, "json_empty_list": 400, "json_empty_object": 422,
        "json_nested_text": 422, "jsonl_bad_among_good": 202, "jsonl_nul_line": 202, "date_0001_plus14": 202,
    }
    if name in expected:
        assert status == expected[name], (name, status)


TEXT_KINDS = [name for name in KINDS if build_kind(name).content_type in {TEXT, HTML}
              and build_kind(name).size <= MAX_BODY]


@pytest.mark.parametrize("name", TEXT_KINDS)
def test_text_and_html_kinds_with_query_metadata(client: TestClient, records: Records, name: str) -> None:
    """With ?title=&url=&published= the body takes the metadata path (document_with_metadata)."""
    _post(client, records, name, {"title": "Hostile " + name, "url": f"https://hostile.example.org/http/{name}",
                                  "published": "0001-01-01T00:00:00+14:00"})


def test_app_still_answers_and_exposes_the_counts(client: TestClient, records: Records) -> None:
    _post(client, records, "empty_body")
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    metrics = client.get("/metrics").text
    assert f'{COUNTER}{{status="400"}}' in metrics
