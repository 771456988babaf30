import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.extract.dates import event_date_for, find_date_expressions, points_forward, resolve_date

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


# --------------------------------------------------------------------------- direction


# Against WEDNESDAY (5 March 2025): the Friday before is 28 February, the Friday after 7 March.
@pytest.mark.parametrize(
    ("sentence", "raw", "expected"),
    [
        # the clause looks ahead
        ("The council will vote by Friday.", "by Friday", date(2025, 3, 7)),
        ("The regulator will publish its ruling on Monday.", "on Monday", date(2025, 3, 10)),
        ("We'll know the result on Saturday, the returning officer said.", "on Saturday", date(2025, 3, 8)),
        ("The ferry operator is due to restart sailings on Saturday.", "on Saturday", date(2025, 3, 8)),
        ("Engineers expect to reopen the tunnel before Sunday.", "Sunday", date(2025, 3, 9)),
        ("The mayor urged both unions to “return to the table by Thursday”.", "by Thursday", date(2025, 3, 6)),
        ("The mayor urged both unions to return to the table by Thursday.", "by Thursday", date(2025, 3, 6)),
        ("Talks are expected to resume on Thursday, a mediator said.", "on Thursday", date(2025, 3, 6)),
        ("On Thursday, the two unions will meet in Valby.", "On Thursday", date(2025, 3, 6)),
        ("The board on Tuesday will choose a new chair.", "on Tuesday", date(2025, 3, 11)),
        ("The museum stays closed until Tuesday.", "until Tuesday", date(2025, 3, 11)),
        ("The tribunal has until Friday to rule.", "until Friday", date(2025, 3, 7)),
        ("The festival opens this Saturday.", "this Saturday", date(2025, 3, 8)),
        ("Negotiators said they would reply by Sunday.", "by Sunday", date(2025, 3, 9)),
        ("The landlord said the rent is due by Monday.", "by Monday", date(2025, 3, 10)),
        ("Organisers will have cleared the square by Monday.", "by Monday", date(2025, 3, 10)),
        ("The vote is scheduled for April 2.", "April 2", date(2025, 4, 2)),
        ("The new tariff will take effect in January.", "in January", date(2026, 1, 1)),
        ("The new tariff will take effect in March.", "in March", date(2025, 3, 1)),  # this month
        ("Shareholders will meet next week.", "next week", date(2025, 3, 10)),
        ("Rail fares will rise next month.", "next month", date(2025, 4, 1)),
        # the clause looks back
        ("The council voted on Friday.", "on Friday", date(2025, 2, 28)),
        ("The ferry operator said on Saturday that sailings would resume.", "on Saturday", date(2025, 3, 1)),
        ("The harbour master told reporters on Monday the quay was safe.", "on Monday", date(2025, 3, 3)),
        ("The strike lasted until Monday.", "until Monday", date(2025, 3, 3)),
        ("The gallery remained shut until Tuesday.", "until Tuesday", date(2025, 3, 4)),
        ("Engineers had inspected the bridge by Monday.", "by Monday", date(2025, 3, 3)),
        ("By Tuesday evening, the river had risen two metres.", "By Tuesday evening", date(2025, 3, 4)),
        ("The mayor urged residents on Sunday to stay indoors.", "on Sunday", date(2025, 3, 2)),
        ("The ships have been diverted since Thursday.", "since Thursday", date(2025, 2, 27)),
        ("The lease was signed this Monday.", "this Monday", date(2025, 3, 3)),
        ("Officials will review the storm damage from last Friday.", "last Friday", date(2025, 2, 28)),
        ("A letter from Ms May on Friday set out the terms.", "on Friday", date(2025, 2, 28)),  # a name
        ("The new tariff took effect in January.", "in January", date(2025, 1, 1)),
        # nothing points either way: the most recent such day, as before
        ("The quarterly figures on Tuesday disappointed investors.", "on Tuesday", date(2025, 3, 4)),
    ],
)
def test_a_date_resolves_in_the_direction_its_clause_points(sentence, raw, expected):
    event = event_date_for(sentence, WEDNESDAY)
    assert event is not None
    assert (event.raw, event.resolved) == (raw, expected)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The council will vote on Wednesday.", date(2025, 3, 5)),
        ("The council voted on Wednesday.", date(2025, 3, 5)),
        ("The council meets this Wednesday.", date(2025, 3, 5)),
        ("The council will vote next Wednesday.", date(2025, 3, 12)),
        ("The council voted last Wednesday.", date(2025, 2, 26)),
        ("The council will vote by Wednesday.", date(2025, 3, 5)),
    ],
)
def test_the_weekday_of_publication_is_the_day_itself_either_way(sentence, expected):
    event = event_date_for(sentence, WEDNESDAY)
    assert event is not None and event.resolved == expected


def test_ahead_changes_only_what_names_no_year_or_direction_of_its_own():
    assert resolve_date("on Friday", WEDNESDAY, ahead=True) == date(2025, 3, 7)
    assert resolve_date("on Friday", WEDNESDAY) == date(2025, 2, 28)
    assert resolve_date("Feb. 3", WEDNESDAY, ahead=True) == date(2026, 2, 3)
    assert resolve_date("March 20", WEDNESDAY, ahead=True) == date(2025, 3, 20)
    assert resolve_date("March 20, 2024", WEDNESDAY, ahead=True) == date(2024, 3, 20)
    assert resolve_date("last Friday", WEDNESDAY, ahead=True) == date(2025, 2, 28)
    assert resolve_date("yesterday", WEDNESDAY, ahead=True) == date(2025, 3, 4)
    assert resolve_date("two weeks ago", WEDNESDAY, ahead=True) == date(2025, 2, 19)
    # the 29th of February a year on does not exist: no date rather than a wrong one
    assert resolve_date("Feb. 29", datetime(2024, 3, 1), ahead=True) is None


def test_a_weekday_ahead_past_the_end_of_the_calendar_is_none_not_an_error():
    assert resolve_date("next Friday", datetime(9999, 12, 31)) is None
    assert resolve_date("on Saturday", datetime(9999, 12, 31), ahead=True) is None  # a Friday


def test_points_forward_reads_only_the_clause_of_the_date():
    text = "The minister, who will retire next year, resigned on Friday."
    start = text.index("on Friday")
    assert not points_forward(text, start, start + len("on Friday"))
    text = "Workers downed tools, and the union will ballot members by Friday."
    start = text.index("by Friday")
    assert points_forward(text, start, start + len("by Friday"))


_VERBS = st.sampled_from(["The council will vote on {}.", "The council is due to vote on {}.",
                          "The council voted on {}.", "The council has voted on {}.",
                          "The council will vote next {}.", "The council voted last {}."])


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1990, 1, 8), max_value=date(2090, 12, 24)), st.integers(0, 6), _VERBS)
def test_a_weekday_lands_within_a_week_on_the_side_its_clause_points(published, weekday, template):
    name = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[weekday]
    event = event_date_for(template.format(name), datetime(published.year, published.month, published.day, 12))
    assert event is not None and event.resolved is not None
    days = (event.resolved - published).days
    assert event.resolved.weekday() == weekday
    if "next" in template:
        assert 1 <= days <= 7
    elif "last" in template:
        assert -7 <= days <= -1
    elif "will" in template or "due" in template:
        assert 0 <= days <= 6
    else:
        assert -6 <= days <= 0
