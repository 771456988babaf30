"""Titles: detected from the layout or given, with the section labels above them."""

from __future__ import annotations

import pytest

from services.ingest.cleaning import clean_article_text
from services.ingest.titles import is_period_title, section_label
from tests.unit.ingest.article_bodies import BODY, paragraphs


def test_title_detected_and_removed_with_section_label_and_repeats() -> None:
    text = "Business\n\nPort strike widens\n\nPort strike widens\n\n" + BODY
    result = clean_article_text(text)
    assert result.title == "Port strike widens"
    assert paragraphs(result.text) == paragraphs(BODY)
    assert result.report.removed_lines == ["Business", "Port strike widens", "Port strike widens"]


def test_no_title_when_text_starts_with_prose() -> None:
    result = clean_article_text(BODY)
    assert result.title is None
    assert result.text == BODY


def test_period_title_needs_a_wider_gap() -> None:
    title = "Dockers walk out as talks collapse."
    assert clean_article_text(f"{title}\n\n\n{BODY}").title == title
    assert clean_article_text(f"{title}\n{BODY}").title is None
    assert paragraphs(clean_article_text(f"{title}\n{BODY}").text)[0] == title


def test_header_with_unexplained_lines_keeps_them() -> None:
    text = "Port strike widens\nA standfirst without a full stop\n\n" + BODY
    result = clean_article_text(text)
    assert result.title is None
    assert paragraphs(result.text)[:2] == ["Port strike widens", "A standfirst without a full stop"]


def test_known_title_is_removed_even_if_it_ends_in_a_period() -> None:
    result = clean_article_text("Dockers walk out.\n" + BODY, known_title="Dockers walk out.")
    assert result.title == "Dockers walk out."
    assert paragraphs(result.text) == paragraphs(BODY)


@pytest.mark.parametrize("line", ["International", "World News", "City Hall Watch", "Arts & Culture"])
def test_section_labels(line: str) -> None:
    assert section_label(line)


@pytest.mark.parametrize("line", ["Ferry fares rise again", "Top 10 walks", "The ferry left at noon.", "Harbour:"])
def test_not_section_labels(line: str) -> None:
    assert not section_label(line)


def test_a_period_title_is_one_sentence_before_two_blank_lines() -> None:
    assert is_period_title(["Ferry fares rise again.", "", "", "Body."], 0)
    assert not is_period_title(["Ferry fares rise again.", "", "Body."], 0)
    assert not is_period_title(["Fares rise. Riders object.", "", "", "Body."], 0)
    assert not is_period_title(["Fares will rise, the mayor said.", "", "", "Body."], 0)
