import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.extract.dates import event_date_for, find_date_expressions, resolve_date

SEEDS = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds"

# A Thursday.
PUBLISHED = datetime(2023, 3, 16, 14, 5, tzinfo=UTC)


def raws(text: str) -> list[str]:
    return [f.raw for f in find_date_expressions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The bank cut rates on Jan. 5 and again on March 1, 2023.", ["Jan. 5", "March 1, 2023"]),
        ("The flood peaked on 12 February 2023, officials said.", ["12 February 2023"]),
        ("Filed 2023-03-14 by our correspondent.", ["2023-03-14"]),
        ("The striker was injured on Saturday and missed training the following day.",
         ["on Saturday", "the following day"]),
        ("Shares fell yesterday after the earnings call last week.", ["yesterday", "last week"]),
        ("The ceasefire, agreed earlier this week, held until late Wednesday night.",
         ["earlier this week", "late Wednesday night"]),
        ("Prices have risen in recent months and may fall in the coming weeks.",
         ["in recent months", "in the coming weeks"]),
        ("As of Sept. 30, the fund held $2bn.", ["As of Sept. 30"]),
        ("The protests began in February and spread three days later.", ["in February", "three days later"]),
        ("Talks may resume soon; the mayor may speak.", []),
        ("He scored 24 goals in 30 games at 17:00.", []),
    ],
)
def test_date_expressions_in_varied_prose(text, expected):
    assert raws(text) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jan. 5", date(2023, 1, 5)),
        ("March 1, 2022", date(2022, 3, 1)),
        ("12 February 2023", date(2023, 2, 12)),
        ("2023-03-14", date(2023, 3, 14)),
        ("yesterday", date(2023, 3, 15)),
        ("on Monday", date(2023, 3, 13)),
        ("on Thursday", date(2023, 3, 16)),  # the day of publication
        ("last Thursday", date(2023, 3, 9)),
        ("next Monday", date(2023, 3, 20)),
        ("late Wednesday night", date(2023, 3, 15)),
        ("last week", date(2023, 3, 6)),
        ("earlier this week", date(2023, 3, 13)),
        ("earlier this year", date(2023, 1, 1)),
        ("last month", date(2023, 2, 1)),
        ("in February", date(2023, 2, 1)),
        ("As of Sept. 30", date(2022, 9, 30)),  # prefer the past: the last Sept. 30 before March
        ("two weeks ago", date(2023, 3, 2)),
        ("later this week", None),
    ],
)
def test_resolution_against_the_publication_date(raw, expected):
    assert resolve_date(raw, PUBLISHED) == expected


def test_anchor_relative_expressions_need_an_anchor():
    anchor = date(2023, 2, 27)
    assert resolve_date("the following day", PUBLISHED, anchor=anchor) == date(2023, 2, 28)
    assert resolve_date("the day before", PUBLISHED, anchor=anchor) == date(2023, 2, 26)
    assert resolve_date("three days later", PUBLISHED, anchor=anchor) == date(2023, 3, 2)
    assert resolve_date("the following day", PUBLISHED) is None


def test_without_a_publication_date_only_dated_years_resolve():
    assert resolve_date("October 24, 2022", None) == date(2022, 10, 24)
    assert resolve_date("Oct. 24", None) is None
    assert resolve_date("yesterday", None) is None
    assert resolve_date("on Monday", None) is None


def test_event_date_for_takes_the_first_expression():
    event = event_date_for("Officials said on Tuesday that the bridge, closed on March 2, reopened.", PUBLISHED)
    assert event is not None
    assert (event.raw, event.resolved) == ("on Tuesday", date(2023, 3, 14))
    assert event_date_for("No date here.", PUBLISHED) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_raises_and_spans_slice(text):
    found = find_date_expressions(text)
    for f in found:
        assert text[f.start : f.end] == f.raw
        resolve_date(f.raw, PUBLISHED)
    assert find_date_expressions(text) == found


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.one_of(st.none(), st.datetimes(min_value=datetime(1, 1, 8))))
def test_resolving_any_string_never_raises(raw, published):
    result = resolve_date(raw, published, anchor=date.max)
    assert result is None or isinstance(result, date)


def _gold_dated_claims():
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    for article in gold["articles"]:
        published = datetime.fromisoformat(article["published"]) if article.get("published") else None
        for claim in article["claims"]:
            if claim.get("event_date"):
                yield published, claim["evidence"], claim["event_date"]


@pytest.mark.skipif(not (SEEDS / "gold.json").exists(), reason="seed annotation not present")
def test_gold_event_dates_written_in_the_evidence_are_found_and_resolved():
    checked = 0
    for published, evidence, gold in _gold_dated_claims():
        if re.fullmatch(r"\d{4}-\d\d-\d\d", gold):
            found = find_date_expressions(evidence)
            if found:  # the date is often in a neighbouring clause, outside the evidence
                checked += 1
                assert resolve_date(found[0].raw, published) == date.fromisoformat(gold), evidence
        elif gold.lower() in evidence.lower():
            checked += 1
            assert any(gold.lower() in raw.lower() for raw in raws(evidence)), (gold, evidence)
    assert checked >= 5


def test_a_relative_date_resolved_outside_the_storable_range_keeps_its_words_but_no_date() -> None:

    from services.extract.dates import event_date_for

    found = event_date_for("The mill closed yesterday.", datetime(1800, 1, 1, 6, tzinfo=UTC))
    assert found is not None and found.raw.lower() == "yesterday" and found.resolved is None


# A Wednesday.
WEDNESDAY = datetime(2025, 3, 5, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("next week", date(2025, 3, 10)),
        ("next weekend", date(2025, 3, 15)),
        ("next month", date(2025, 4, 1)),
        ("next year", date(2026, 1, 1)),
        ("later this week", None),
    ],
)
def test_the_next_period_is_its_first_day(raw, expected):
    assert resolve_date(raw, WEDNESDAY) == expected


def test_a_period_past_either_end_of_the_calendar_is_none_not_an_error():
    assert resolve_date("next year", datetime(9999, 6, 1)) is None
    assert resolve_date("last year", datetime(1, 6, 1)) is None
