"""The embedded run and `claimwire search` with CLAIMWIRE_INDEX naming an OpenSearch node: the same
claims as on the embedded Tantivy index, and a second run upserts instead of doubling."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from services.store.opensearch_index import ALIAS, versioned_index
from tests.conftest import EXAMPLES_DIR

pytestmark = pytest.mark.usefixtures("local_launcher_ready")


def claimwire(*args: str, data_dir: Path, index: str = "") -> subprocess.CompletedProcess[bytes]:
    env = {"CLAIMWIRE_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin", "COLUMNS": "200"}
    if index:
        env["CLAIMWIRE_INDEX"] = index
    return subprocess.run([sys.executable, "-m", "claimwire.cli", *args], capture_output=True, timeout=600, env=env)


def claim_ids(result: subprocess.CompletedProcess[bytes]) -> set[str]:
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    return {json.loads(line)["claim_id"] for line in result.stdout.decode().splitlines()}


@pytest.fixture
def node_index(opensearch_url: str) -> Iterator[str]:
    """CLAIMWIRE_INDEX for the session node; the default alias and its index are removed afterwards."""
    yield "opensearch://" + opensearch_url.split("://", 1)[1]
    httpx.delete(f"{opensearch_url}/{versioned_index(ALIAS)}", timeout=30)
    httpx.delete(f"{opensearch_url}/_index_template/{ALIAS}", timeout=30)


def test_the_embedded_run_indexes_the_same_claims_in_opensearch(node_index: str, tmp_path: Path,
                                                                 opensearch_url: str) -> None:
    on_tantivy, on_opensearch = tmp_path / "tantivy", tmp_path / "opensearch"
    assert claimwire("run", str(EXAMPLES_DIR), data_dir=on_tantivy).returncode == 0
    ran = claimwire("run", str(EXAMPLES_DIR), data_dir=on_opensearch, index=node_index)
    assert ran.returncode == 0, ran.stderr.decode()[-3000:]
    assert not (on_opensearch / "index").exists()  # nothing went to the embedded engine
    search = ("search", "--json", "--limit", "1000")
    expected = claim_ids(claimwire(*search, data_dir=on_tantivy))
    assert expected and claim_ids(claimwire(*search, data_dir=on_opensearch, index=node_index)) == expected
    for extra in (("--kind", "direct_quote"), ("--type", "speech")):
        assert claim_ids(claimwire(*search, *extra, data_dir=on_opensearch, index=node_index)) == \
            claim_ids(claimwire(*search, *extra, data_dir=on_tantivy))
    # a second run upserts by claim_id: the count stays
    assert claimwire("run", str(EXAMPLES_DIR), data_dir=on_opensearch, index=node_index).returncode == 0
    httpx.post(f"{opensearch_url}/{ALIAS}/_refresh", timeout=30)
    assert httpx.get(f"{opensearch_url}/{ALIAS}/_count", timeout=30).json()["count"] == len(expected)
