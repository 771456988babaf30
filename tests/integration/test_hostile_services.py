"""The HTTP-relevant hostile kinds POSTed to a real `claimwire serve ingest` process on the test
broker: each refused kind has its dead letter on `claimwire.deadletter.v1` with the reason and a
source, the service's /metrics counts them, and the service stays up."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
from kafka import KafkaConsumer, TopicPartition

from schemas import DeadLetter
from schemas.topics import DEAD_LETTERS
from services.shared.deadletters import original_bytes
from tests.hostile_inputs import XXE_SENTINEL, HostileInput, build_corpus, build_kind, make_xxe_target
from tests.integration.service_procs import Service, eventually, free_port, service_env, start_service

HTTP_LIMIT = 5 << 20


@pytest.fixture(scope="module")
def ingest(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Service, str]]:
    root = tmp_path_factory.mktemp("hostile-ingest")
    port = free_port()
    service = start_service("ingest", ["serve", "ingest", "--port", str(port)],
                            service_env(kafka_bootstrap, root / "data", CLAIMWIRE_HTTP_MAX_BODY_BYTES=str(HTTP_LIMIT)),
                            root)
    base = f"http://127.0.0.1:{port}"
    try:
        eventually(lambda: httpx.get(f"{base}/readyz", timeout=2).status_code == 200, timeout=90,
                   what="ingest readiness", services=[service])
        yield service, base
    finally:
        service.stop()


def _consumer(bootstrap: str) -> tuple[KafkaConsumer, list[TopicPartition]]:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None,
                             consumer_timeout_ms=1000)
    partitions = eventually(lambda: consumer.partitions_for_topic(DEAD_LETTERS.name), timeout=30,
                            what="dead-letter topic partitions")
    tps = [TopicPartition(DEAD_LETTERS.name, p) for p in sorted(partitions)]
    consumer.assign(tps)
    return consumer, tps


def _post(base: str, kind: HostileInput) -> httpx.Response:
    return httpx.post(f"{base}/articles", content=kind.content, headers={"content-type": kind.content_type},
                      timeout=60)


def _matches(letter: DeadLetter, kind: HostileInput, response: httpx.Response, earlier: list[DeadLetter]) -> bool:
    original = original_bytes(letter)
    if response.status_code in (400, 413, 415):  # refused by the app as a whole: on_rejected
        return (letter.stage == f"http_{response.status_code}" and letter.error.startswith(response.json()["error"])
                and original in (b"", kind.content))
    # refused records of a readable body: the publisher's letters. The first carries the whole body;
    # the others carry none and quote the first one's reason (OneCopyOfInput).
    if letter.stage != "clean":
        return False
    if original:
        return not earlier and kind.content.startswith(original)
    return bool(earlier) and repr(earlier[0].error[:200]) in letter.error


@pytest.mark.timeout(180)
def test_refused_hostile_posts_become_dead_letters_with_reason_and_source(ingest: tuple[Service, str],
                                                                          kafka_bootstrap: str) -> None:
    service, base = ingest
    make_xxe_target()
    consumer, tps = _consumer(kafka_bootstrap)
    try:
        start = consumer.end_offsets(tps)
        for tp in tps:
            consumer.seek(tp, start[tp])
        kinds = [kind for kind in build_corpus() if kind.http]
        kinds.append(build_kind("over_input_limit"))  # 21 MB: refused from its Content-Length, unread
        assert len(kinds) >= 15
        responses = {kind.name: _post(base, kind) for kind in kinds}
        for name, response in responses.items():
            assert response.status_code in {202, 400, 413, 415, 422}, (name, response.status_code, response.text[:300])
        statuses = Counter(response.status_code for response in responses.values())
        assert statuses[400] and statuses[413] and statuses[415] and statuses[422] and statuses[202], statuses

        # how many letters each kind must leave: one per app refusal, one per refused record otherwise
        wanted = {}
        for kind in kinds:
            response = responses[kind.name]
            if response.status_code in (400, 413, 415):
                wanted[kind.name] = 1
            elif response.json().get("rejected"):
                wanted[kind.name] = len(response.json()["rejected"])
        by_kind = {kind.name: kind for kind in kinds}
        letters: list[DeadLetter] = []

        def assign() -> dict[str, list[DeadLetter]]:
            # Letters are keyed by id, so they arrive across partitions in any order: match the ones
            # carrying the body first, then those that point at them.
            found: dict[str, list[DeadLetter]] = {name: [] for name in wanted}
            for letter in sorted(letters, key=lambda letter: not letter.original_base64):
                for name in wanted:
                    if (len(found[name]) < wanted[name]
                            and _matches(letter, by_kind[name], responses[name], found[name])):
                        found[name].append(letter)
                        break
            return found

        found = assign()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and any(len(found[n]) < wanted[n] for n in wanted):
            letters.extend(letter for letter in (DeadLetter.model_validate_json(r.value) for r in consumer)
                           if letter.service == "ingest")
            found = assign()
        missing = {name: (wanted[name], len(found[name])) for name in wanted if len(found[name]) < wanted[name]}
        assert not missing, f"kinds without all their dead letters (wanted, found): {missing}"
        for name, letters in found.items():
            for letter in letters:
                assert letter.error.strip() and letter.source_uri and letter.source_uri.startswith("http client"), \
                    (name, letter)
                assert XXE_SENTINEL not in letter.error

        service.assert_running()
        assert httpx.get(f"{base}/healthz", timeout=5).status_code == 200
        metrics = httpx.get(f"{base}/metrics", timeout=5).text
        for status, count in statuses.items():
            match = re.search(rf'claimwire_http_ingest_requests_total{{status="{status}"}} (\S+)', metrics)
            assert match and float(match.group(1)) == count, (status, count, match and match.group(0))
        letters_by_stage = Counter(letter.stage for letters in found.values() for letter in letters)
        for stage, count in letters_by_stage.items():
            match = re.search(rf'claimwire_dead_letters_total{{service="ingest",stage="{stage}"}} (\S+)', metrics)
            assert match and float(match.group(1)) >= count, (stage, count, match and match.group(0))
    finally:
        consumer.close()


@pytest.mark.timeout(180)
def test_an_article_up_to_the_body_limit_publishes_cut_near_the_article_limit_and_flagged(
        ingest: tuple[Service, str], kafka_bootstrap: str) -> None:
    from schemas import RawArticle
    from schemas.topics import RAW_ARTICLES

    service, base = ingest
    paragraphs = [f"Pier {n} of the eastern harbour reopened on Friday after {n % 17 + 2} weeks of repairs, "
                  f"the board said, and {n * 3} containers were unloaded before noon." for n in range(40_000)]
    body = "\n\n".join(paragraphs).encode()
    body = body[: HTTP_LIMIT - 1024]  # just under the body limit, far over the broker's 1 MB default
    assert len(body) > 1 << 20
    response = httpx.post(f"{base}/articles", params={"title": "Harbour repairs, pier by pier"}, content=body,
                          headers={"content-type": "text/plain"}, timeout=120)
    assert response.status_code == 202, response.text[:500]
    (article_id,) = response.json()["published"]
    consumer = KafkaConsumer(RAW_ARTICLES.name, bootstrap_servers=kafka_bootstrap, group_id=None,
                             auto_offset_reset="earliest", enable_auto_commit=False, consumer_timeout_ms=5000)
    try:
        found = [RawArticle.model_validate_json(m.value) for m in consumer if m.key == article_id.encode()]
    finally:
        consumer.close()
    assert found, "the long article is not on the raw topic"
    article = found[-1]
    assert article.cleaning.truncated_from_chars and article.cleaning.truncated_from_chars > len(article.text)
    assert len(article.text) <= 100_000
    service.assert_running()
