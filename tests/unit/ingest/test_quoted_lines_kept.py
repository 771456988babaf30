"""Lines that quote someone survive cleaning: a record without a title field whose first line is a
short quotation, and a quotation introduced by a label such as 'Watch:'. Headlines with scare
quotes and real video widgets still go."""

from __future__ import annotations

import json

from schemas.models import RawArticle, SourceKind
from services.ingest.articles import build_articles
from services.ingest.cleaning import clean_article_text
from services.ingest.readers import document_from_bytes


def _article(text: str) -> RawArticle:
    built = build_articles(document_from_bytes(json.dumps({"id": "q", "text": text}).encode(), "stdin",
                                               SourceKind.stdin, "application/x-ndjson"))
    assert len(built) == 1 and isinstance(built[0], RawArticle), built
    return built[0]


def test_a_short_quoted_first_line_is_the_title_and_stays_in_the_body() -> None:
    article = _article("“We go again on Saturday”\n\nThe captain, Noor Siddiqui, said the team was tired.")
    assert article.title == "“We go again on Saturday”"
    assert article.text.startswith("“We go again on Saturday”")


def test_a_name_colon_quotation_headline_stays_in_the_body() -> None:
    article = _article("Okafor: “The budget is dead”\nThe minister spoke after the vote on Friday.")
    assert "Okafor: “The budget is dead”" in article.text


def test_a_headline_with_a_scare_quote_is_still_only_the_title() -> None:
    cleaned = clean_article_text("Council Unveils “Green Corridor” Plan for Ring Road\n\n"
                                 "The council said the corridor would open in May.")
    assert cleaned.title == "Council Unveils “Green Corridor” Plan for Ring Road"
    assert cleaned.text == "The council said the corridor would open in May."


def test_a_quotation_after_a_watch_label_is_body_and_a_video_label_is_chrome() -> None:
    kept = _article("Watch: “Nobody is leaving this club,” chairman Idris Bello said on Monday.")
    assert "Nobody is leaving this club" in kept.text
    cleaned = clean_article_text("Watch: Flood waters reach the high street\n\n"
                                 "Water reached the high street on Monday, the council said.")
    assert "Watch:" not in cleaned.text
