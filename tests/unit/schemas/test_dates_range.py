"""The storable date range: one bound in schemas.models, inside what the index engines store."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import tantivy
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from schemas.models import (
    STORABLE_FROM,
    STORABLE_UNTIL,
    ClaimEvent,
    EventDate,
    Evidence,
    RawArticle,
    storable_date_problem,
)
from services.store.documents import as_utc

PLUS_14 = timezone(timedelta(hours=14))
MINUS_14 = timezone(timedelta(hours=-14))


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1, 1, 1, tzinfo=PLUS_14),  # converting it to UTC overflows in Python itself
        datetime(1, 1, 1, tzinfo=MINUS_14),
        datetime(1, 1, 1),
        datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=MINUS_14),  # ... and so does this one
        datetime(9999, 12, 31, 23, 59, 59),
        datetime(1650, 6, 1, tzinfo=UTC),
        datetime(1800, 1, 1, tzinfo=PLUS_14),  # 1799-12-31T10:00Z once converted
        datetime(2200, 12, 31, 23, 0, tzinfo=MINUS_14),  # 2201-01-01T13:00Z once converted
        datetime(2262, 4, 12, tzinfo=UTC),
        date(1, 1, 1),
        date(1799, 12, 31),
        date(2201, 1, 1),
        date(9999, 12, 31),
    ],
)
def test_outside_the_bound_is_a_reason_never_an_overflow(moment: date | datetime) -> None:
    problem = storable_date_problem(moment)
    assert problem is not None and "outside the dates the index can store" in problem


@pytest.mark.parametrize(
    "moment",
    [
        STORABLE_FROM,
        STORABLE_UNTIL,
        datetime(1800, 1, 1, 10, 0, tzinfo=timezone(timedelta(hours=10))),  # exactly the bound in UTC
        datetime(2201, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))),  # 2200-12-31T23:30Z
        datetime(1800, 1, 1),  # naive counts as UTC, as the store reads it
        datetime(2022, 10, 24, 10, 18, tzinfo=timezone(timedelta(hours=2))),
        date(1800, 1, 1),
        date(2200, 12, 31),
    ],
)
def test_inside_the_bound(moment: date | datetime) -> None:
    assert storable_date_problem(moment) is None


def test_the_bound_sits_well_inside_tantivys_range() -> None:
    margin = timedelta(days=365 * 60)
    assert tantivy.MIN_DATETIME + margin < STORABLE_FROM
    assert STORABLE_UNTIL + margin < tantivy.MAX_DATETIME


def test_the_engine_stores_both_ends_in_any_offset(tmp_path) -> None:  # type: ignore[no-untyped-def]
    builder = tantivy.SchemaBuilder()
    builder.add_date_field("d", stored=True, indexed=True, fast=True)
    index = tantivy.Index(builder.build(), path=str(tmp_path))
    writer = index.writer(heap_size=15_000_000, num_threads=1)
    for moment in (
        STORABLE_FROM,
        STORABLE_UNTIL,
        datetime(1800, 1, 1, 14, 0, tzinfo=PLUS_14),
        datetime(2200, 12, 31, 9, 59, tzinfo=MINUS_14),
    ):
        assert storable_date_problem(moment) is None
        writer.add_document(tantivy.Document(d=[as_utc(moment)]))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    assert index.searcher().num_docs == 4


@settings(max_examples=200, deadline=None)
@given(st.datetimes(timezones=st.one_of(st.none(), st.timedeltas(min_value=timedelta(hours=-23, minutes=-59),
                                                                 max_value=timedelta(hours=23, minutes=59))
                                        .map(timezone))))
def test_any_datetime_gets_an_answer_and_storable_ones_convert(moment: datetime) -> None:
    if storable_date_problem(moment) is None:
        utc = as_utc(moment)  # never OverflowError for a storable date
        assert utc is not None and tantivy.MIN_DATETIME < utc < tantivy.MAX_DATETIME


def _article(published: object) -> RawArticle:
    return RawArticle(article_id="a", text="Body.", source={"kind": "file"}, published=published)  # type: ignore[arg-type]


def test_models_refuse_unstorable_dates_with_a_clear_message() -> None:
    with pytest.raises(ValidationError, match="outside the dates the index can store"):
        _article("0001-01-01T00:00:00+14:00")
    with pytest.raises(ValidationError, match="outside the dates the index can store"):
        EventDate(raw="in 1650", resolved=date(1650, 1, 1))
    with pytest.raises(ValidationError, match="outside the dates the index can store"):
        ClaimEvent(
            claim_id="c", article_id="a", kind="numeric", text="t", extractor_version="x",
            evidence=Evidence(start=0, end=1, sentence="t"), published=datetime(9999, 1, 1, tzinfo=UTC),
        )
    assert _article("2022-10-24T10:18:00+02:00").published is not None
    assert EventDate(raw="on Monday", resolved=date(2022, 10, 24)).resolved == date(2022, 10, 24)


def test_new_report_fields_are_absent_from_the_json_when_unset() -> None:
    dumped = _article(None).model_dump_json()
    assert "truncated_from_chars" not in dumped and "published_dropped" not in dumped
