"""Datelines: date-only lines and the wire datelines that open a story."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from services.ingest.cleaning import clean_article_text
from services.ingest.datelines import MAX_DATELINE_PARSES, cut_wire_datelines, parse_dateline, take_datelines
from tests.unit.ingest.article_bodies import BODY, paragraphs


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("24 October 2022, 10:18 AM", datetime(2022, 10, 24, 10, 18)),
        ("Oct. 24, 2022", datetime(2022, 10, 24)),
        ("Monday 24 October 2022 10.18 BST", datetime(2022, 10, 24, 10, 18, tzinfo=timezone(timedelta(hours=1)))),
        ("Published: March 5, 2024 at 3:45 p.m.", datetime(2024, 3, 5, 15, 45)),
        ("Updated 2024-03-05 08:00", datetime(2024, 3, 5, 8, 0)),
        ("Tuesday, 5 March 2024", datetime(2024, 3, 5)),
    ],
)
def test_parse_dateline(line: str, expected: datetime) -> None:
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "— Anna Myroniuk (@AnnaMyroniuk) March 1, 2022",
        "The strike began on March 5, 2024 and lasted a week.",
        "March 5",
        "5 hours ago",
        "2024",
        "",
    ],
)
def test_not_a_dateline(line: str) -> None:
    assert parse_dateline(line) is None


def test_dateline_leaves_the_body_and_sets_published() -> None:
    result = clean_article_text("Port strike widens\n\nPublished: March 5, 2024 at 3:45 p.m.\n\n" + BODY)
    assert result.published == datetime(2024, 3, 5, 15, 45)
    assert result.dateline == "Published: March 5, 2024 at 3:45 p.m."
    assert paragraphs(result.text) == paragraphs(BODY)
    assert "Published: March 5, 2024 at 3:45 p.m." in result.report.removed_lines


@pytest.mark.parametrize("dateline, rest", [
    ("TALLVIK (Nordwire) - ", "The port reopened on Monday, officials said."),
    ("KESSLER, Sept 18 (Reuters) - ", "Dock workers voted to strike."),
    ("PORT ALMA, Veldra (AP) — ", "Protesters gathered outside the ministry."),
    ("WASHINGTON — ", "The Senate passed the bill."),
    ("PORT ALMA--(BUSINESS WIRE)--", "Veldra Biologics today announced results."),
    ("TALLVIK, March 3, 2024 /PRNewswire/ -- ", "Keldan Logistics today announced a merger."),
    ("Port Alma (AFP) - ", "Veldra said no piece of the collection was for sale."),
    ("Rio de Janeiro, Brazil (Reuters) - ", "Dock workers voted to strike."),
])
def test_a_wire_dateline_opening_the_story_leaves_the_body(dateline: str, rest: str) -> None:
    result = clean_article_text(dateline + rest + "\n\nA second paragraph follows here.")
    assert paragraphs(result.text)[0] == rest
    assert dateline.strip() in result.report.removed_lines


@pytest.mark.parametrize("opening", [
    "OKAFOR: We had no money left.",  # a transcript's speaker label
    "NATO said on Monday it would meet.",
    "The UN (in Geneva) - said nothing.",
])
def test_capitals_that_are_not_a_wire_dateline_stay(opening: str) -> None:
    assert paragraphs(clean_article_text(opening).text)[0] == opening


def test_take_datelines_marks_date_lines_and_keeps_the_first_as_the_dateline() -> None:
    lines = ["Ferry fares rise", "12 May 2021", "Riders object.", "13 May 2021"]
    removed = [False, False, False, False]
    dateline, published = take_datelines(lines, removed)
    assert (dateline, published) == ("12 May 2021", datetime(2021, 5, 12))
    assert removed == [False, True, False, True]


def test_take_datelines_judges_a_flood_by_shape_past_the_parse_budget() -> None:
    lines = ["12 May 2021"] * (MAX_DATELINE_PARSES + 5)
    removed = [False] * len(lines)
    take_datelines(lines, removed)
    assert all(removed)


def test_cut_wire_datelines_returns_the_rest_the_cut_and_the_dateline() -> None:
    assert cut_wire_datelines("OSTRAVA (Nordwire) - The tram strike ended.") == (
        "The tram strike ended.", ["OSTRAVA (Nordwire) -"], "OSTRAVA (Nordwire)"
    )
    assert cut_wire_datelines("The tram strike ended.") == ("The tram strike ended.", [], None)
