"""Article ids and build_articles."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from schemas.models import RawArticle, SourceKind
from services.ingest.articles import article_id_for, build_articles, normalise_url, outlet_from_url
from services.ingest.readers import BadInput, document_from_bytes

STORY = (
    "Port strike widens\n\n\n"
    "Dock workers at the Port of Kessler walked off the job on Tuesday, halting cargo traffic.\n\n"
    "“We are not going back until the contract is signed,” said union chair Mara Lindqvist.\n"
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://WWW.Example.COM/News/Story/", "https://www.example.com/News/Story"),
        ("https://example.com:443/a?utm_source=x&utm_medium=y#comments", "https://example.com/a"),
        ("http://example.com:8080/a?b=2&a=1&fbclid=zz&gclid=1", "http://example.com:8080/a?a=1&b=2"),
        ("https://example.com/", "https://example.com"),
        ("https://example.com//a//b/?id=7", "https://example.com/a/b?id=7"),
    ],
)
def test_normalise_url(url: str, expected: str) -> None:
    assert normalise_url(url) == expected


@pytest.mark.parametrize("url", [None, "", "not a url", "/relative/path", "http://[::1", "https://exa mple.com/a"])
def test_unusable_urls_normalise_to_none(url: str | None) -> None:
    assert normalise_url(url) is None


def test_article_id_from_url_ignores_tracking_and_text() -> None:
    a = article_id_for("https://Example.com/story/?utm_campaign=x#top", "one text")
    b = article_id_for("https://example.com/story", "a different text entirely")
    assert a == b and len(a) == 24
    assert a != article_id_for("https://example.com/other-story", "one text")


def test_article_id_from_text_is_case_and_whitespace_insensitive() -> None:
    a = article_id_for(None, "Dock workers  walked out.\n\nThe union said so.")
    b = article_id_for("not a url", "dock workers walked out. the union said so.")
    assert a == b
    assert a != article_id_for(None, "Dock workers walked out. The union said no.")


def test_outlet_from_url() -> None:
    assert outlet_from_url("https://www.HarbourGazette.example/x") == "harbourgazette.example"
    assert outlet_from_url(None) is None


def _build(content: str | bytes, content_type: str | None = None, uri: str | None = None):
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return build_articles(document_from_bytes(raw, uri, SourceKind.file, content_type))


def test_build_articles_from_plain_text() -> None:
    (article,) = _build(STORY, "text/plain", "/data/kessler.txt")
    assert isinstance(article, RawArticle)
    assert article.title == "Port strike widens"
    assert article.text.startswith("Dock workers at the Port of Kessler")
    assert "\n\n“We are not going back" in article.text
    assert article.url is None and article.outlet is None
    assert article.article_id == article_id_for(None, article.text)
    assert (article.source.kind, article.source.uri, article.source.content_type) == (
        SourceKind.file,
        "/data/kessler.txt",
        "text/plain",
    )
    assert "Port strike widens" in article.cleaning.removed_lines


def test_build_articles_record_fields_win_over_cleaning() -> None:
    record = {
        "title": "Kessler dockers strike",
        "text": "24 October 2022, 10:18 AM\n\n" + STORY,
        "url": "https://www.harbourgazette.example/kessler?utm_source=rss",
        "published": "2024-03-05T10:00:00Z",
    }
    (article,) = _build(json.dumps(record), "application/json")
    assert isinstance(article, RawArticle)
    assert article.title == "Kessler dockers strike"
    assert article.published == datetime(2024, 3, 5, 10, tzinfo=UTC)
    assert article.outlet == "harbourgazette.example"
    assert article.article_id == article_id_for("https://www.harbourgazette.example/kessler", "")
    assert article.cleaning.dateline == "24 October 2022, 10:18 AM"


def test_build_articles_dateline_fills_missing_published() -> None:
    (article,) = _build("Oct. 24, 2022\n\nThe council approved the budget on Monday.", "text/plain")
    assert isinstance(article, RawArticle)
    assert article.published == datetime(2022, 10, 24)


def test_build_articles_uses_http_uri_as_url() -> None:
    (article,) = _build(STORY, "text/plain", "https://citydesk.example/kessler")
    assert isinstance(article, RawArticle)
    assert article.url == "https://citydesk.example/kessler" and article.outlet == "citydesk.example"


def test_build_articles_whole_input_problem_is_returned_not_raised() -> None:
    (error,) = _build(b"\x00\x01\x02binary")
    assert isinstance(error, BadInput) and "binary" in error.reason


def test_build_articles_jsonl_keeps_good_records_around_bad_ones() -> None:
    lines = [
        json.dumps({"text": "The storm flooded more than 300 homes, officials said."}),
        "{not json",
        json.dumps({"text": "Share\nTweet\nEmail"}),
        json.dumps({"text": "The council voted 7-2 to approve the budget."}),
    ]
    results = _build("\n".join(lines), "application/x-ndjson")
    assert [type(r).__name__ for r in results] == ["RawArticle", "BadInput", "BadInput", "RawArticle"]
    assert results[1].record == "line 2"
    assert results[2].record == "line 3" and "empty after removing site chrome" in results[2].reason


def test_build_articles_language_from_record() -> None:
    (article,) = _build(json.dumps({"text": "Il sindaco ha detto che il bilancio è approvato.", "lang": "it-IT"}))
    assert isinstance(article, RawArticle) and article.language == "it"


def test_a_document_outlet_names_articles_that_name_none_and_a_record_outlet_wins() -> None:
    from dataclasses import replace

    text = b"The harbour master said on Tuesday that the pier would reopen in May after repairs."
    plain = replace(document_from_bytes(text, "pier.txt", SourceKind.file, "text/plain"), outlet="Harbour Gazette")
    [article] = build_articles(plain)
    assert isinstance(article, RawArticle) and article.outlet == "Harbour Gazette"
    record = json.dumps({"text": text.decode(), "outlet": "Nordwire"}).encode()
    named = replace(document_from_bytes(record, "pier.json", SourceKind.file, "application/json"),
                    outlet="Harbour Gazette")
    [own] = build_articles(named)
    assert isinstance(own, RawArticle) and own.outlet == "Nordwire"


BODY = "The harbour board said on Friday that the new crane would arrive in May."


@pytest.mark.parametrize(("given", "kept"), [
    ('"story-42"', "story-42"),
    ("42", "42"),
    ("42.0", "42"),
    ('"https://news.example/2025/05/crane?id=7"', "https://news.example/2025/05/crane?id=7"),
    ('"  padded-7  "', "padded-7"),
    ("1.5", None),  # a fraction is no id: 1.5 and 1.50 are one number
    ("NaN", None),
    ("Infinity", None),
    ("true", None),
    ('["a", "b"]', None),
    ('"two words"', None),
    ('"line\\nbreak"', None),
    ('"quote\\"d"', None),
    ('"---"', None),  # no letter or digit
    ('"' + "x" * 129 + '"', None),
])
def test_a_callers_id_is_kept_only_when_it_is_a_safe_short_token(given: str, kept: str | None) -> None:
    record = f'{{"id": {given}, "text": "{BODY}"}}'
    [article] = build_articles(document_from_bytes(record.encode(), "batch.json", SourceKind.file))
    assert isinstance(article, RawArticle)
    assert article.article_id == (kept or article_id_for(None, article.text))
