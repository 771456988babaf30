from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = (REPO_ROOT / ".." / "shared" / "seeds").resolve()
EXAMPLES_DIR = REPO_ROOT / "examples"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not (SEEDS_DIR / "gold.json").exists():
        pytest.fail(f"seed articles not found at {SEEDS_DIR}: claimwire's tests expect ../shared/seeds beside the repo")
    return SEEDS_DIR
