"""Accuracy regression guard: the seed gold, scored as bench/seeds_eval.py scores it."""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
if str(REPO / "bench") not in sys.path:
    sys.path.insert(0, str(REPO / "bench"))

from seeds_eval import TARGETS, evaluate  # noqa: E402


def test_seed_gold_targets(seeds_dir: Path) -> None:
    started = time.perf_counter()
    report = evaluate(seeds_dir)
    assert time.perf_counter() - started < 60
    assert report.unlocated == []
    assert report.recall("direct_quote") >= TARGETS["direct_recall"], report.kinds["direct_quote"].misses
    assert report.recall("indirect_quote") >= TARGETS["indirect_recall"], report.kinds["indirect_quote"].misses
    assert report.precision >= TARGETS["precision"], report.false_positives
    assert report.quantity_rate >= TARGETS["quantities"], report.quantity_misses
