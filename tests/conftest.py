from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests hunt for bugs on a developer's machine (random examples, fresh each run); on CI
# they replay a fixed derivation so a red build always means a change, and a loaded 2-core
# machine never fails a test on timing alone.
settings.register_profile("ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI", "").lower() == "true" else "dev")

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = (REPO_ROOT / ".." / "shared" / "seeds").resolve()
EXAMPLES_DIR = REPO_ROOT / "examples"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not (SEEDS_DIR / "gold.json").exists():
        pytest.fail(f"seed articles not found at {SEEDS_DIR}: claimwire's tests expect ../shared/seeds beside the repo")
    return SEEDS_DIR
