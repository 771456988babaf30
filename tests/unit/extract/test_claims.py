"""Drafts -> ClaimEvents (services.extract.claims): metadata, entities, speakers as entities."""

from __future__ import annotations

from datetime import UTC, datetime

from claim_helpers import article

from schemas.models import ClaimKind
from services.extract.extractor import EXTRACTOR_VERSION, extract_claims


def test_claims_carry_article_metadata_dates_and_version() -> None:
    published = datetime(2022, 10, 24, 10, 18, tzinfo=UTC)
    text = "The ministry announced on Oct. 23 that 9,000 troops would arrive, officials said."
    claims = extract_claims(article(text, outlet="Example Post", url="https://example.org/a", published=published))
    assert claims
    for claim in claims:
        assert claim.outlet == "Example Post" and claim.url == "https://example.org/a"
        assert claim.published == published and claim.extractor_version == EXTRACTOR_VERSION
    dated = next(c for c in claims if c.event_date is not None)
    assert dated.event_date.resolved is not None and dated.event_date.resolved.month == 10


def test_entities_are_canonical_names_from_the_sentence() -> None:
    text = (
        "Prime Minister Jacinda Holm said on Monday that the budget would pass.\n\n"
        "“We have the votes,” Holm said."
    )
    quote = next(c for c in extract_claims(article(text)) if c.kind is ClaimKind.direct_quote)
    assert quote.speaker.canonical == "Jacinda Holm"
    assert "Jacinda Holm" in {e.canonical for e in quote.entities}
