"""Deduplicator: exact ids, near-duplicates by MinHash LSH, bounded memory."""

from __future__ import annotations

from dataclasses import dataclass

from services.ingest.dedup import Deduplicator, shingles

WIRE = (
    "A strike by ferry crews spread to three more ports on Thursday, stranding more than 1,200 passengers, "
    "the operator said. The union has said that crews will stay out until the company withdraws a plan to cut "
    "up to 300 jobs. Jonas Vik, a spokesman for Fjordline Shipping, said the company regretted the disruption "
    "and was ready to talk at any time. Talks could resume as early as next week, Vik said, adding that the "
    "company had offered a two-year pay deal that the union rejected on Monday. Passengers were offered refunds "
    "or seats on later sailings, and the operator said extra buses would run between Halden and Fredrikstad. "
    "Union leader Sigrun Aas told reporters the cuts would fall hardest on seasonal staff who had worked for "
    "the company for more than a decade."
)


@dataclass
class Article:
    article_id: str
    text: str


def test_exact_duplicate_by_id() -> None:
    dedup = Deduplicator()
    assert dedup.seen(Article("a", "first text")) is None
    assert dedup.seen(Article("a", "completely different text")) == "a"
    assert len(dedup) == 1 and "a" in dedup


def test_same_wire_story_with_a_different_footer_is_a_near_duplicate() -> None:
    dedup = Deduplicator()
    assert dedup.seen(Article("gazette", WIRE + " Copyright 2023 Harbour Gazette.")) is None
    assert dedup.seen(Article("courier", WIRE + " Follow the Courier for more.")) == "gazette"
    assert len(dedup) == 1


def test_different_stories_are_not_duplicates() -> None:
    dedup = Deduplicator()
    assert dedup.seen(Article("one", WIRE)) is None
    other = WIRE.replace("ferry crews", "bus drivers").replace("ports", "depots").split(". ")
    rewritten = ". ".join(reversed(other))
    assert dedup.seen(Article("two", rewritten)) is None
    assert dedup.seen(Article("three", "The council approved a budget of $41 million on Tuesday.")) is None
    assert len(dedup) == 3


def test_earliest_article_is_reported() -> None:
    dedup = Deduplicator(threshold=0.5)
    assert dedup.seen(Article("first", WIRE)) is None
    assert dedup.seen(Article("second", WIRE + " Extra line one. Extra line two.")) == "first"


def test_empty_text_only_matches_exactly() -> None:
    dedup = Deduplicator()
    assert dedup.seen(Article("e1", "")) is None
    assert dedup.seen(Article("e2", "")) is None
    assert dedup.seen(Article("e1", "")) == "e1"


def test_capacity_forgets_the_oldest() -> None:
    dedup = Deduplicator(capacity=2)
    for article_id, text in [("a", WIRE), ("b", "short story one"), ("c", "short story two")]:
        assert dedup.seen(Article(article_id, text)) is None
    assert "a" not in dedup and len(dedup) == 2
    assert dedup.seen(Article("d", WIRE)) is None  # "a" was forgotten


def test_shingles() -> None:
    assert shingles("One two THREE four", size=3) == {b"one two three", b"two three four"}
    assert shingles("Just two", size=3) == {b"just two"}
    assert shingles("  ", size=3) == set()
