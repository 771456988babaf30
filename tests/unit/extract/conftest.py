from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # samples.py is shared with bench/extract_speed.py
    sys.path.insert(0, str(HERE))


import pytest  # noqa: E402
from claim_helpers import article  # noqa: E402
from samples import SAMPLE_ARTICLES  # noqa: E402

from schemas.models import ClaimEvent  # noqa: E402


@pytest.fixture(scope="session")
def claims_by_sample() -> dict[str, list[ClaimEvent]]:
    """The claims of every sample article (tests/unit/extract/samples.py), extracted once."""
    from services.extract.extractor import extract_many

    names = list(SAMPLE_ARTICLES)
    return dict(zip(names, extract_many(article(SAMPLE_ARTICLES[n], n) for n in names), strict=True))
