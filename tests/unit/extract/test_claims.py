"""Drafts -> ClaimEvents (services.extract.claims): metadata, entities, speakers as entities."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from claim_helpers import article

from schemas.models import ClaimKind, Entity, EntityType, RawArticle, Speaker, SpeakerType
from services.extract.claims import EntityIndex, unique_quantities, with_speaker
from services.extract.extractor import EXTRACTOR_VERSION, extract_claims
from services.extract.quantities import find_quantities
from services.ingest.articles import build_articles
from services.ingest.readers import read_path

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


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


def test_evidence_carries_the_rule_of_its_draft() -> None:
    claims = extract_claims(article("The ferry carried 4,000 passengers last year."))
    assert [c.evidence.rule for c in claims] == ["numeric.outlet"]


def test_the_speaker_is_among_the_entities_and_an_unnamed_source_keeps_its_words() -> None:
    unnamed = Speaker(surface="a port official", canonical="unnamed port official", type=SpeakerType.person)
    [entity] = with_speaker([], unnamed)
    assert entity.type is EntityType.person
    assert entity.aliases == ["a port official", "unnamed port official"]
    named = Entity(canonical="Ilse Marten", type=EntityType.person, aliases=[])
    same = Speaker(surface="Marten", canonical="Ilse Marten", type=SpeakerType.person)
    assert with_speaker([named], same) == [named]
    assert with_speaker([named], None) == [named]


def test_entity_index_finds_any_surface_form_whole_words_only() -> None:
    marten = Entity(canonical="Ilse Marten", type=EntityType.person, aliases=["Marten"])
    index = EntityIndex([marten])
    assert index.within("Marten said so.") == [marten]
    assert index.within("Martens said so.") == []
    assert EntityIndex([]).within("anything") == []


def test_repeated_quantities_are_kept_once() -> None:
    [found] = find_quantities("at least 120 homes")
    assert unique_quantities([found.quantity, found.quantity]) == [found.quantity]


def test_a_claim_is_hedged_by_its_own_clause_not_by_another_clause_of_its_sentence() -> None:
    text = ("Harbour engineers said the new pier is sound, although some divers may disagree.\n\n"
            "Harbour engineers said the new pier may need repairs before winter.")
    claims = {c.text: c for c in extract_claims(article(text))}
    sound = next(c for t, c in claims.items() if t.startswith("the new pier is sound"))
    repairs = claims["the new pier may need repairs before winter"]
    assert (sound.hedged, sound.hedges) == (False, [])
    assert (repairs.hedged, repairs.hedges) == (True, ["may need"])


def test_a_claim_dates_a_weekday_on_the_side_of_publication_its_sentence_points() -> None:
    published = datetime(2025, 3, 5, 9, 30, tzinfo=UTC)  # a Wednesday
    text = ("The port authority said the ferries will sail again by Saturday.\n\n"
            "The port authority said the ferries stopped sailing on Saturday.")
    dates = {c.text: c.event_date for c in extract_claims(article(text, published=published))}
    assert dates["the ferries will sail again by Saturday"].resolved == date(2025, 3, 8)
    assert dates["the ferries stopped sailing on Saturday"].resolved == date(2025, 3, 1)


def test_the_coastline_courier_example_dates_its_friday_deadline_after_publication() -> None:
    (page,) = build_articles(read_path(EXAMPLES / "coastline_courier_strike.html"))
    assert isinstance(page, RawArticle)
    assert page.published is not None and page.published.date() == date(2025, 3, 5)  # a Wednesday
    deadline = [c for c in extract_claims(page) if c.event_date is not None and c.event_date.raw == "by Friday"]
    assert deadline
    assert {c.event_date.resolved for c in deadline} == {date(2025, 3, 7)}  # not 28 February
