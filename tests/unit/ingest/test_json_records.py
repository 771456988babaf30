"""JSON and JSON Lines: fields and their aliases, bad records reported in place."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from services.ingest.documents import ArticleDraft, BadInput
from services.ingest.readers import parse_document
from tests.unit.ingest.reader_docs import doc, drafts


def test_json_object_fields_and_aliases() -> None:
    record = {
        "headline": "Council passes budget",
        "body": "The council approved a $41 million budget on Tuesday.",
        "link": "https://example.org/budget",
        "source": {"name": "Valley Ledger"},
        "published_at": "2024-06-04T18:00:00+00:00",
        "id": 17,
    }
    (draft,) = drafts(json.dumps(record))
    assert isinstance(draft, ArticleDraft)
    assert (draft.title, draft.url, draft.outlet, draft.record_id) == (
        "Council passes budget",
        "https://example.org/budget",
        "Valley Ledger",
        "17",
    )
    assert draft.published == datetime(2024, 6, 4, 18, tzinfo=UTC)
    assert draft.text == record["body"]


def test_json_list_reports_bad_items_in_place() -> None:
    results = drafts(json.dumps([{"text": "First story."}, 3, {"title": "no body"}, {"content": "Third."}]))
    assert [type(r).__name__ for r in results] == ["ArticleDraft", "BadInput", "BadInput", "ArticleDraft"]
    assert results[1].record == "item 2" and "expected a JSON object" in results[1].reason
    assert results[2].record == "item 3" and "no article text" in results[2].reason


def test_json_with_html_body_is_stripped() -> None:
    (draft,) = drafts(json.dumps({"text": "<p>Para one.</p><p>Para <em>two</em>.</p>"}))
    assert isinstance(draft, ArticleDraft) and draft.is_html
    assert draft.text == "Para one.\nPara two."


def test_broken_json_names_the_line() -> None:
    with pytest.raises(BadInput, match=r"broken JSON at line 3"):
        parse_document(doc('{\n  "text": "a",\n  "title" "b"\n}', "application/json"))


def test_json_without_text_field_is_reported() -> None:
    (result,) = drafts('{"title": "Only a title", "url": "https://x.org/a"}')
    assert isinstance(result, BadInput)
    assert "no article text" in result.reason and "title" in result.reason


@pytest.mark.parametrize("content", ["[]", '"just a string"', "42"])
def test_json_that_is_not_articles_is_bad(content: str) -> None:
    with pytest.raises(BadInput):
        parse_document(doc(content, "application/json"))


def test_jsonl_one_bad_line_keeps_the_good_lines() -> None:
    content = '{"text": "Alpha story.", "title": "A"}\n\n{"text": "Beta\n{"text": "Gamma story."}\n[1, 2]\n'
    results = drafts(content, "application/x-ndjson")
    assert [r.text for r in results if isinstance(r, ArticleDraft)] == ["Alpha story.", "Gamma story."]
    errors = [r for r in results if isinstance(r, BadInput)]
    assert [e.record for e in errors] == ["line 3", "line 5"]
    assert "broken JSON" in errors[0].reason


def test_jsonl_sniffed_when_declared_as_json() -> None:
    results = drafts('{"text": "One."}\n{"text": "Two."}\n', "application/json")
    assert [r.text for r in results if isinstance(r, ArticleDraft)] == ["One.", "Two."]


def test_epoch_dates_are_understood() -> None:
    (draft,) = drafts('{"text": "x", "date": 1700000000}')
    assert isinstance(draft, ArticleDraft)
    assert draft.published == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)


def test_deeply_nested_json_is_bad_not_a_crash() -> None:
    with pytest.raises(BadInput):
        parse_document(doc("[" * 100_000 + "]" * 100_000, "application/json"))
