"""Record fields: values in many shapes as text, dates, and dates the index can store."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.ingest.record_fields import (
    MAX_JSON_DEPTH,
    FieldProblem,
    as_text,
    first_field,
    parse_date,
    storable_published,
)


def test_first_field_takes_the_first_non_empty_name_in_any_case() -> None:
    assert first_field({"Headline": "Ferry fares rise", "title": ""}, ("title", "headline")) == "Ferry fares rise"
    assert first_field({"title": []}, ("title",)) is None


def test_as_text_reads_lists_objects_and_numbers() -> None:
    assert as_text(["One.", {"text": "Two."}, None, 3]) == "One.\nTwo.\n3"
    assert as_text({"name": " Tidewater Post "}) == "Tidewater Post"
    assert as_text("   ") is None


def test_as_text_refuses_deep_nesting_and_lone_surrogates() -> None:
    nested: object = "x"
    for _ in range(MAX_JSON_DEPTH + 2):
        nested = [nested]
    with pytest.raises(FieldProblem, match="levels deep"):
        as_text(nested)
    with pytest.raises(FieldProblem, match="surrogate"):
        as_text("ferry \ud800")


def test_parse_date_reads_iso_epochs_and_words() -> None:
    assert parse_date("2021-05-12T08:00:00Z") == datetime(2021, 5, 12, 8, tzinfo=UTC)
    assert parse_date(1_620_806_400_000) == datetime(2021, 5, 12, 8, tzinfo=UTC)
    assert parse_date("12 May 2021") == datetime(2021, 5, 12)
    assert parse_date(True) is None and parse_date("next spring") is None


def test_storable_published_skips_what_the_index_cannot_store_and_says_why() -> None:
    fine = datetime(2021, 5, 12, tzinfo=UTC)
    assert storable_published(None, fine) == (fine, None)
    when, dropped = storable_published(datetime(1, 1, 1, tzinfo=UTC), fine)
    assert when == fine and dropped and dropped.startswith("the stated publication date")
