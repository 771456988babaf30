"""The local OpenSearch launcher itself: a node that serves on loopback only, indexes and searches, and
leaves nothing behind; a start-up failure that says why; the foreground runner printing its URL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from claimwire.devsearch import DevSearchError, OpenSearchNode
from tests.integration.test_devbroker_lifecycle import port_is_free, wait_until_gone

pytestmark = pytest.mark.usefixtures("local_launcher_ready")

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_a_node_serves_on_loopback_only_then_leaves_nothing_behind(opensearch_url: str) -> None:
    # another node already runs (the session's): this one must not join it
    with OpenSearchNode() as node:
        assert node.url != opensearch_url
        assert httpx.get(f"{node.url}/_cluster/health", timeout=10).json()["number_of_nodes"] == 1
        pid, work_dir, port = node.pid, node.work_dir, node.port
        assert pid is not None and work_dir is not None and work_dir.is_dir() and port is not None
        [info] = httpx.get(f"{node.url}/_nodes/http", timeout=10).json()["nodes"].values()
        bound = info["http"]["bound_address"]
        assert bound and all(address.startswith(("127.0.0.1:", "[::1]:")) for address in bound), bound
        created = httpx.put(f"{node.url}/lifecycle/_doc/one", params={"refresh": "true"},
                            json={"text": "the ferry runs every hour"}, timeout=30)
        assert created.status_code == 201, created.text
        found = httpx.get(f"{node.url}/lifecycle/_search", params={"q": "ferry"}, timeout=30).json()
        assert found["hits"]["total"]["value"] == 1
    assert wait_until_gone(pid), "the node's JVM outlived stop()"
    assert not work_dir.exists()
    assert port_is_free("127.0.0.1", port)


def test_a_port_the_runner_cannot_serve_is_refused_before_any_jvm_starts() -> None:
    with pytest.raises(DevSearchError, match="outside 9201-9299"):
        OpenSearchNode(port=45000).start()


def test_a_node_that_dies_while_starting_reports_its_log() -> None:
    node = OpenSearchNode(heap="1k")  # the JVM refuses a heap this small and exits at once
    with pytest.raises(DevSearchError, match="exited with code"):
        node.start()
    assert not node.is_running() and node.work_dir is None


def test_the_foreground_runner_prints_its_url_and_stops_on_sigterm() -> None:
    runner = subprocess.Popen(
        [sys.executable, "-m", "claimwire.devsearch", "--timeout", "150"],
        cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    try:
        assert runner.stdout is not None
        url = runner.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), runner.stderr.read() if runner.stderr else url
        assert httpx.get(f"{url}/_cluster/health", timeout=10).json()["status"] in {"green", "yellow"}
        runner.send_signal(signal.SIGTERM)
        assert runner.wait(timeout=60) == 0
    finally:
        if runner.poll() is None:
            runner.kill()
            runner.wait(timeout=30)
    deadline = time.monotonic() + 30
    port = int(url.rsplit(":", 1)[1])
    while not port_is_free("127.0.0.1", port) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert port_is_free("127.0.0.1", port)


def test_the_session_fixture_gives_a_ready_node(opensearch_url: str) -> None:
    health = httpx.get(f"{opensearch_url}/_cluster/health", timeout=10).json()
    assert health["status"] in {"green", "yellow"} and health["number_of_nodes"] == 1
