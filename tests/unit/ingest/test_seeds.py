"""The seed articles against their gold annotation (a yardstick, not the spec)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from services.ingest.cleaning import clean_article_text
from services.ingest.unicode_repair import normalise_text, repair_homoglyphs, repair_unicode

SEEDS = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not (SEEDS / "gold.json").exists(), reason="seed data not present")


def _gold_articles() -> list[dict]:
    if not (SEEDS / "gold.json").exists():
        return []
    return json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))["articles"]


def _repaired(text: str) -> str:
    """The same unicode + homoglyph repair cleaning applies, without any line removal."""
    return repair_homoglyphs(normalise_text(repair_unicode(text)[0]))[0]


@pytest.mark.parametrize("article", _gold_articles(), ids=lambda a: a["file"][:3])
def test_boilerplate_removed_and_no_body_line_lost(article: dict) -> None:
    raw = (SEEDS / article["file"]).read_text(encoding="utf-8")
    cleaned = clean_article_text(raw)
    body_lines = set(cleaned.text.split("\n\n"))
    boilerplate = {_repaired(line) for line in article["boilerplate_lines"]}
    original = {line for line in _repaired(raw).split("\n") if line}
    metadata = {_repaired(article["title"])} if article["title"] else set()

    assert not body_lines & boilerplate, "chrome left in the body"
    assert original - boilerplate - metadata == body_lines, "a body line was lost or invented"
    assert set(cleaned.report.removed_lines) == boilerplate | (metadata & original)


@pytest.mark.parametrize("article", _gold_articles(), ids=lambda a: a["file"][:3])
def test_title_matches_gold(article: dict) -> None:
    cleaned = clean_article_text((SEEDS / article["file"]).read_text(encoding="utf-8"))
    assert cleaned.title == article["title"]


@pytest.mark.parametrize(
    "article", [a for a in _gold_articles() if a["homoglyph_words"]], ids=lambda a: a["file"][:3]
)
def test_homoglyph_words_repaired_to_latin(article: dict) -> None:
    raw = (SEEDS / article["file"]).read_text(encoding="utf-8")
    cleaned = clean_article_text(raw)
    fixes = {fix.original: fix.repaired for fix in cleaned.report.homoglyph_fixes}
    assert set(fixes) == set(article["homoglyph_words"])
    for word in article["homoglyph_words"]:
        assert fixes[word].isascii() and fixes[word].isalpha()
    assert all(ord(char) < 0x370 or not char.isalpha() for char in cleaned.text if char not in "’“”—–…")


def test_dateline_of_004_gives_published() -> None:
    (article,) = [a for a in _gold_articles() if a["file"].startswith("004")]
    cleaned = clean_article_text((SEEDS / article["file"]).read_text(encoding="utf-8"))
    assert cleaned.published == datetime(2022, 10, 24, 10, 18)
    assert cleaned.dateline == "24 October 2022, 10:18 AM"
    assert cleaned.report.dateline == cleaned.dateline


def test_seed_without_dateline_has_no_published() -> None:
    for article in _gold_articles():
        if article["published"] is None:
            cleaned = clean_article_text((SEEDS / article["file"]).read_text(encoding="utf-8"))
            assert cleaned.published is None, article["file"]
