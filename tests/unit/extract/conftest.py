from __future__ import annotations

import logging
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


class _ErrorRecords(logging.Handler):
    """Collects ERROR records of the extractor. The walk catches an exception per sentence so one bad
    sentence does not lose an article's other claims; in tests, that must not hide a bug."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_EXTRACT_ERRORS = _ErrorRecords()
logging.getLogger("services.extract").addHandler(_EXTRACT_ERRORS)


@pytest.fixture(autouse=True)
def no_swallowed_extraction_errors(request: pytest.FixtureRequest):
    """Fail a test during which the extractor logged an exception it swallowed, unless the test is
    marked `allow_extraction_errors` (a test of that very safety net)."""
    before = len(_EXTRACT_ERRORS.records)
    yield
    new = _EXTRACT_ERRORS.records[before:]
    if new and request.node.get_closest_marker("allow_extraction_errors") is None:
        first = new[0]
        pytest.fail(f"the extractor logged {len(new)} error(s), first: {first.getMessage()}"
                    + (f"\n{logging.Formatter().formatException(first.exc_info)}" if first.exc_info else ""))
