"""Cleaning as a whole: the steps together, paragraphs, empty inputs (each step has its own test file)."""

from __future__ import annotations

from services.ingest.cleaning import clean_article_text
from tests.unit.ingest.article_bodies import BODY, paragraphs

# --------------------------------------------------------------------------- unicode


def test_clean_reports_mojibake() -> None:
    result = clean_article_text("Officials said the cafÃ© would reopen on Monday after repairs were made.")
    assert result.text == "Officials said the café would reopen on Monday after repairs were made."
    assert result.report.mojibake_repaired


# --------------------------------------------------------------------------- chrome in context


def test_body_paragraph_mentioning_newsletter_survives_cleaning() -> None:
    text = (
        "Port strike widens\n\n"
        + BODY
        + "\n\nThe union's weekly newsletter urged members to follow the picket rota and share updates."
    )
    result = clean_article_text(text)
    assert paragraphs(result.text)[-1].startswith("The union's weekly newsletter")
    assert result.title == "Port strike widens"


# --------------------------------------------------------------------------- layout


def test_paragraphs_are_separated_by_blank_lines() -> None:
    result = clean_article_text("First paragraph here.\nSecond paragraph here.\n\n\n\nThird one here.")
    assert result.text == "First paragraph here.\n\nSecond paragraph here.\n\nThird one here."


def test_empty_and_whitespace_inputs_clean_to_empty() -> None:
    for text in ["", "   ", "\n\n\u200b\n"]:
        result = clean_article_text(text)
        assert result.text == "" and result.title is None
