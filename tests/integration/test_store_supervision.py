"""The store's consumer loop on a broker that goes away: /readyz says so, and once failing has
lasted CLAIMWIRE_GIVE_UP_AFTER_S the process exits 70 for the orchestrator to restart it, instead
of answering searches over an index that has stopped filling."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from claimwire.devbroker import KafkaBroker
from services.shared.supervision import EXIT_LOOP_FAILED
from tests.integration.service_procs import eventually, free_port, service_env, start_service

pytestmark = pytest.mark.usefixtures("local_launcher_ready")


@pytest.mark.timeout(240)
def test_a_store_that_loses_its_broker_turns_unready_then_exits_70(tmp_path: Path) -> None:
    broker = KafkaBroker(data_dir=tmp_path / "kafka")
    broker.start()
    port = free_port()
    store = start_service("store", ["serve", "store", "--port", str(port)],
                          service_env(broker.bootstrap_servers, tmp_path / "store", CLAIMWIRE_GIVE_UP_AFTER_S="20",
                                      CLAIMWIRE_STALL_AFTER_S="10", CLAIMWIRE_RETRY_MAX_BACKOFF_S="2"), tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        eventually(lambda: httpx.get(f"{base}/readyz", timeout=2).status_code == 200, timeout=120,
                   what="store readiness", services=[store])
        assert httpx.get(f"{base}/healthz", timeout=2).status_code == 200
        broker.kill()
        lost_at = time.monotonic()
        unready = eventually(lambda: (r := httpx.get(f"{base}/readyz", timeout=2)).status_code == 503 and r.json(),
                             timeout=60, what="/readyz to report the lost broker", services=[store])
        assert unready["status"] == "not ready" and unready["reason"]
        code = store.process.wait(timeout=120)
        assert code == EXIT_LOOP_FAILED, store.log_tail()
        assert time.monotonic() - lost_at >= 20  # not before it has failed for the whole allowed time
        assert "store_consumer_gave_up" in store.log_tail(200)
    finally:
        store.stop()
        broker.stop()
