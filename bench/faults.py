"""Faults on the real stack, large: per fault, articles sent, claims expected, found, lost,
duplicated in the index, and the time to recover: seconds from the fault until every raw-topic
partition has delivered a claim of an article published after the fault to the index (so a dead
worker's partitions count, not only a live worker's). Also the repeats the at-least-once claims
topic carried (read_committed), which downstream consumers drop by claim_id.

    .venv/bin/python bench/faults.py                 # 10,000 articles per fault
    .venv/bin/python bench/faults.py --articles 1000 --only broker worker

Each fault runs on a stack of its own (dev broker with its data directory, store, extract
workers as processes) under a temporary directory, which is deleted afterwards unless --keep.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.integration.fault_harness import (  # noqa: E402
    HEADER,
    add_worker,
    hold_index_lock,
    kill_broker,
    kill_service,
    run_faults,
    sigterm_service,
    synthetic_articles,
)

SCENARIOS = {
    "broker": ("kill -9 broker, restart on its data", lambda: [kill_broker()], 1),
    "worker": ("kill -9 worker x3", lambda: [kill_service("extract-0")] * 3, 1),
    "store": ("kill -9 store", lambda: [kill_service("store")], 1),
    "sigterm": ("SIGTERM store, worker", lambda: [sigterm_service("store"), sigterm_service("extract-0")], 1),
    "rebalance": ("worker joins, first is killed", lambda: [add_worker(1), kill_service("extract-0")], 1),
    "failover": ("kill -9 one of two workers", lambda: [kill_service("extract-0")], 2),
    "engine": ("index writes fail for 15 s", lambda: [hold_index_lock(15)], 1),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--only", nargs="*", choices=sorted(SCENARIOS), default=None)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds to wait for the index per step")
    parser.add_argument("--keep", action="store_true", help="keep the stacks' data and logs")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="claimwire-faults-"))
    print(HEADER)
    failed = False
    try:
        for key in args.only or list(SCENARIOS):
            name, faults, workers = SCENARIOS[key]
            started = time.monotonic()
            articles = synthetic_articles(args.articles, seed=list(SCENARIOS).index(key))
            result = run_faults(root / key, articles, faults(), name=name, workers=workers, timeout=args.timeout)
            print(result.row(), f"  ({time.monotonic() - started:.0f}s)", flush=True)
            failed |= bool(result.lost or result.duplicated)
    finally:
        if args.keep:
            print(f"stacks kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
