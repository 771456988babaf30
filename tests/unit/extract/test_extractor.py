"""The flow (services.extract.extractor): public entry points, on invented articles."""

from __future__ import annotations

from claim_helpers import article

from services.extract.extractor import extract_claims


def test_empty_and_quote_free_texts_give_no_attributed_claims() -> None:
    assert extract_claims(article("")) == []
    assert all(c.speaker is None for c in extract_claims(article("Rain fell. The river rose.\n\n\n")))
