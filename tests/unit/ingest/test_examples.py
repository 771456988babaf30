"""The project's own example inputs (examples/) read and clean as documented."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from schemas.models import RawArticle
from services.ingest.articles import build_articles
from services.ingest.readers import iter_input_paths, read_path

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def _articles(name: str) -> list[RawArticle]:
    results = build_articles(read_path(EXAMPLES / name))
    assert all(isinstance(r, RawArticle) for r in results), results
    return results  # type: ignore[return-value]


def test_every_example_builds_articles_without_errors() -> None:
    paths = list(iter_input_paths([EXAMPLES]))
    assert len(paths) >= 4
    for path in paths:
        results = build_articles(read_path(path))
        assert results and all(isinstance(r, RawArticle) for r in results), path


def test_text_example_drops_chrome_and_takes_the_dateline() -> None:
    (article,) = _articles("harbour_gazette_strike.txt")
    assert article.title == "Kessler dockers walk out over pay, halting port traffic"
    assert article.published == datetime(2025, 3, 4, 18, 40, tzinfo=UTC)
    assert article.text.startswith("More than 2,000 workers at the Port of Kessler")
    assert article.text.endswith("according to the city’s labour mediator.")
    for chrome in ["Related Stories", "Weekdays at 7am", "Business", "Harbour Gazette Morning Briefing"]:
        assert chrome in article.cleaning.removed_lines


def test_html_example_metadata() -> None:
    (article,) = _articles("coastline_courier_strike.html")
    assert article.outlet == "Coastline Courier"
    assert article.title == "Port strike enters second day as talks stall"
    assert article.published == datetime(2025, 3, 5, 9, 15, tzinfo=UTC)
    assert article.url == "https://www.coastlinecourier.example/news/2025/03/05/kessler-port-strike-day-two"
    assert "Home" not in article.text and "cookies" not in article.text
    assert len(article.text.split("\n\n")) == 4


def test_jsonl_example_has_two_records_with_distinct_ids() -> None:
    first, second = _articles("nordwire_strike.jsonl")
    assert first.outlet == second.outlet == "Nordwire"
    assert first.article_id != second.article_id
    assert "Reporting by" not in first.text
    assert second.text.count("\n\n") == 2  # HTML paragraphs became paragraphs


def test_homoglyph_and_mojibake_example_is_repaired() -> None:
    (article,) = _articles("kessler_today_explainer.txt")
    assert article.cleaning.mojibake_repaired
    assert {fix.original for fix in article.cleaning.homoglyph_fixes} == {"а", "Mаra"}
    assert "Mara Lindqvist’s phone" in article.text and "café" in article.text
    assert not any("\u0400" <= char <= "\u04ff" for char in article.text)


@pytest.mark.parametrize("name", ["valby_radio_strike.rss"])
def test_feed_example(name: str) -> None:
    (article,) = _articles(name)
    assert article.outlet == "Valby Radio News"
    assert article.url is not None and article.url.endswith("#top")
    assert article.published == datetime(2025, 3, 5, 17, 20, tzinfo=UTC)
