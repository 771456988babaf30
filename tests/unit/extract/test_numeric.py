"""The outlet's numeric claims and reported events (services.extract.numeric)."""

from __future__ import annotations

from claim_helpers import article

from schemas.models import ClaimEvent, ClaimKind
from services.extract.extractor import extract_claims


def test_quantities_ride_on_the_reported_speech_that_carries_them(
    claims_by_sample: dict[str, list[ClaimEvent]],
) -> None:
    claims = claims_by_sample["wire"]
    jobs = next(c for c in claims if "1,500 jobs" in c.text)
    assert jobs.kind is ClaimKind.indirect_quote
    assert [(q.qualifier, q.value) for q in jobs.quantities] == [("at least", 1500.0)]
    assert not any(c.kind is ClaimKind.numeric and "1,500" in c.evidence.sentence for c in claims)


def test_outlet_numeric_statement_has_no_speaker() -> None:
    text = "The storm destroyed at least 120 homes in the valley last week."
    claims = extract_claims(article(text))
    numeric = [c for c in claims if c.kind is ClaimKind.numeric]
    assert len(numeric) == 1 and numeric[0].speaker is None
    assert [(q.qualifier, q.value) for q in numeric[0].quantities] == [("at least", 120.0)]


def test_reported_event_needs_a_named_actor() -> None:
    claims = extract_claims(article(
        "Rebels seized the airport in Goma on Sunday.\n\nIt was a cold and grey morning in the city."))
    events = [c for c in claims if c.kind is ClaimKind.reported_event]
    assert [c.evidence.sentence for c in events] == ["Rebels seized the airport in Goma on Sunday."]
    assert events[0].speaker is None
