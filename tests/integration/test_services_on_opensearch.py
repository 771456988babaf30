"""The three services on a real broker with the store writing to a real OpenSearch node: publish → extract →
store → search gives exactly the claims the embedded pipeline gives, a replay doubles none, and the search
page (facets, cursor) is the store's over HTTP."""

from __future__ import annotations

import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from services.store.opensearch_index import versioned_index
from tests.conftest import EXAMPLES_DIR
from tests.integration.service_procs import eventually, service_env
from tests.integration.test_services_e2e import embedded_claim_ids, start_store_and_extract

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def services_on_opensearch(own_kafka_bootstrap: str, opensearch_url: str,
                           tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    root = tmp_path_factory.mktemp("services-opensearch")
    alias = f"e2e-{uuid.uuid4().hex[:8]}"
    index = {"CLAIMWIRE_INDEX": f"opensearch://{opensearch_url.split('://', 1)[1]}/{alias}"}
    services, base, _ = start_store_and_extract(own_kafka_bootstrap, root, **index)
    try:
        yield {"store_url": base, "services": services, "bootstrap": own_kafka_bootstrap, "root": root,
               "alias": alias, "opensearch_url": opensearch_url}
    finally:
        codes = {service.name: service.stop() for service in services}
        httpx.delete(f"{opensearch_url}/{versioned_index(alias)}", timeout=30)
        httpx.delete(f"{opensearch_url}/_index_template/{alias}", timeout=30)
        assert codes == {"store": -signal.SIGTERM, "extract": 0}, codes


def page(store_url: str, **params: object) -> dict:
    answer = httpx.get(f"{store_url}/search", params={"limit": 1000, **params}, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_publish_extract_store_search_on_opensearch(services_on_opensearch: dict, tmp_path: Path) -> None:
    expected = embedded_claim_ids([EXAMPLES_DIR], tmp_path / "embedded")
    assert len(expected) > 20
    publish = [sys.executable, "-m", "claimwire.cli", "publish", str(EXAMPLES_DIR)]
    env = service_env(services_on_opensearch["bootstrap"], services_on_opensearch["root"] / "ingest")
    published = subprocess.run(publish, env=env, capture_output=True, text=True, timeout=300)
    assert published.returncode == 0, published.stderr[-3000:]

    store_url = services_on_opensearch["store_url"]

    def indexed() -> set[str]:
        return {hit["claim"]["claim_id"] for hit in page(store_url)["hits"]}

    eventually(lambda: indexed() >= expected, timeout=300, interval=2, what="the claims in OpenSearch",
               services=services_on_opensearch["services"])
    assert indexed() == expected
    # the claims are in the node itself, under the alias the store was given
    node = services_on_opensearch["opensearch_url"]
    httpx.post(f"{node}/{services_on_opensearch['alias']}/_refresh", timeout=30)
    assert httpx.get(f"{node}/{services_on_opensearch['alias']}/_count", timeout=30).json()["count"] == len(expected)

    # a replay of the same input publishes the same articles: the index does not grow
    again = subprocess.run(publish, env=service_env(services_on_opensearch["bootstrap"],
                                                    services_on_opensearch["root"] / "ingest-again"),
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-3000:]
    assert httpx.get(f"{store_url}/count", timeout=5).json()["claims"] == len(expected)

    faceted = page(store_url, facets="true", limit=5)
    assert len(faceted["hits"]) == 5 and faceted["next_cursor"]
    assert sum(f["count"] for f in faceted["facets"]["kind"]) == len(expected)
    following = page(store_url, facets="true", limit=5, cursor=faceted["next_cursor"])
    assert not {h["claim"]["claim_id"] for h in following["hits"]} & {h["claim"]["claim_id"] for h in faceted["hits"]}
    refused = httpx.get(f"{store_url}/search", params={"cursor": "nonsense"}, timeout=10)
    assert refused.status_code == 400
