"""Readers: paths, decoding, format detection and per-record error reporting."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from schemas.models import SourceKind
from services.ingest.readers import (
    SUPPORTED_SUFFIXES,
    ArticleDraft,
    BadInput,
    InputDocument,
    decode_bytes,
    document_from_bytes,
    html_fragment_to_text,
    iter_input_paths,
    parse_document,
    read_path,
)


def doc(content: bytes | str, content_type: str | None = None, uri: str | None = None) -> InputDocument:
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return document_from_bytes(raw, uri, SourceKind.stdin, content_type)


def drafts(content: bytes | str, content_type: str | None = None) -> list[ArticleDraft | BadInput]:
    return parse_document(doc(content, content_type))


# --------------------------------------------------------------------------- paths


def test_iter_input_paths_walks_directories_sorted_and_filters(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ["b/2.html", "a.txt", "c.JSONL", "notes.md", ".secret.txt", ".hidden/x.txt", "b/1.rss", "image.png"]:
        (tmp_path / name).write_text("x")
    explicit = tmp_path / "notes.md"
    found = [p.relative_to(tmp_path).as_posix() for p in iter_input_paths([tmp_path, explicit])]
    assert found == ["a.txt", "b/1.rss", "b/2.html", "c.JSONL", "notes.md"]


def test_supported_suffixes_cover_the_documented_formats() -> None:
    assert {".txt", ".html", ".htm", ".json", ".jsonl", ".ndjson", ".xml", ".rss", ".atom", ".text"} == set(
        SUPPORTED_SUFFIXES
    )


def test_read_path_sets_uri_kind_and_content_type(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    path.write_bytes(b"<p>Hi</p>")
    document = read_path(path)
    assert document == InputDocument(b"<p>Hi</p>", str(path), SourceKind.file, "text/html")


def test_read_path_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        read_path(tmp_path / "nope.txt")


def test_document_from_bytes_guesses_type_from_uri_only_when_not_given() -> None:
    assert document_from_bytes(b"x", "feeds/a.rss?x=1", SourceKind.feed).content_type == "application/rss+xml"
    assert document_from_bytes(b"x", "a.rss", SourceKind.feed, "text/plain").content_type == "text/plain"
    assert document_from_bytes(b"x", None, SourceKind.stdin).content_type is None


# --------------------------------------------------------------------------- decoding and garbage


@pytest.mark.parametrize("content", [b"", b"   \n\t  \r\n"])
def test_empty_input_is_bad(content: bytes) -> None:
    with pytest.raises(BadInput, match="empty"):
        parse_document(doc(content))


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary",
        b"plain start\x00then nul",
        bytes(range(1, 256)) * 3,
        random.Random(7).randbytes(4096).replace(b"\x00", b"\x01"),  # seeded: the same bytes every run
    ],
)
def test_binary_input_is_bad(content: bytes) -> None:
    with pytest.raises(BadInput, match="binary|not valid UTF-8|unreadable"):
        parse_document(doc(content))


def test_utf16_bom_with_garbage_is_bad() -> None:
    with pytest.raises(BadInput, match="UTF-16"):
        # Unpaired high surrogates: bytes no UTF-16 decoder can accept (random bytes sometimes can).
        decode_bytes(b"\xff\xfe" + b"\x00\xd8A\x00" * 16)


def test_utf8_bom_and_utf16_text_decode() -> None:
    assert decode_bytes("\ufeffThe mayor said so.".encode()) == "The mayor said so."
    assert decode_bytes("The café reopened.".encode("utf-16")) == "The café reopened."


def test_legacy_single_byte_text_is_decoded_not_refused() -> None:
    raw = b"The caf\xe9 owner said the na\xefve r\xe9sum\xe9 was \x93quoted\x94 in the text here."
    assert decode_bytes(raw) == "The café owner said the naïve résumé was “quoted” in the text here."
    assert decode_bytes("Глава города заявил, что бюджет вырастет.".encode("cp1251")) == (
        "Глава города заявил, что бюджет вырастет."
    )


def test_declared_charset_is_used_when_not_utf8() -> None:
    raw = "Жители сообщили о наводнении.".encode("koi8-r")
    (draft,) = parse_document(doc(raw, "text/plain; charset=KOI8-R"))
    assert isinstance(draft, ArticleDraft) and draft.text == "Жители сообщили о наводнении."


def test_bad_input_is_a_value_error_with_reason_and_record() -> None:
    error = BadInput("broken JSON", "line 3")
    assert isinstance(error, ValueError)
    assert (error.reason, error.record, str(error)) == ("broken JSON", "line 3", "line 3: broken JSON")


# --------------------------------------------------------------------------- plain text and HTML


def test_plain_text_is_one_draft() -> None:
    (draft,) = drafts("Harbour workers walked out.\n\nThe union said so.")
    assert isinstance(draft, ArticleDraft)
    assert draft.text == "Harbour workers walked out.\n\nThe union said so."
    assert not draft.is_html


HTML_PAGE = """<!doctype html><html><head><title>Storm floods coastal town | Coastline Courier</title>
<meta property="og:site_name" content="Coastline Courier">
<meta property="article:published_time" content="2024-02-11T08:30:00Z"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/weather">Weather</a></li></ul></nav>
<article><h1>Storm floods coastal town</h1>
<p>Storm Edda flooded more than 300 homes in Port Wendell overnight, officials said on Sunday.</p>
<p>"The water came up faster than anyone expected," said fire chief Tomas Berrigan.</p>
<p>Berrigan said that crews had rescued at least 40 people from cars and rooftops.</p></article>
<footer><p>© 2024 Coastline Courier. All rights reserved.</p><p>Subscribe to our newsletter</p></footer>
</body></html>"""


def test_html_extracts_body_paragraphs_and_metadata() -> None:
    (draft,) = drafts(HTML_PAGE, "text/html")
    assert isinstance(draft, ArticleDraft) and draft.is_html
    lines = draft.text.splitlines()
    assert "Storm Edda flooded more than 300 homes in Port Wendell overnight, officials said on Sunday." in lines
    assert any(line.startswith('"The water came up faster') for line in lines)
    assert not any("All rights reserved" in line or line == "Home" for line in lines)
    assert draft.title == "Storm floods coastal town"
    assert draft.outlet == "Coastline Courier"
    assert draft.published is not None and draft.published.date().isoformat() == "2024-02-11"


def test_html_sniffed_without_content_type() -> None:
    (draft,) = drafts(HTML_PAGE)
    assert isinstance(draft, ArticleDraft) and draft.is_html


def test_html_without_text_is_bad() -> None:
    with pytest.raises(BadInput, match="no readable text"):
        parse_document(doc("<html><body><script>var x = 1;</script></body></html>", "text/html"))


def test_html_fragment_to_text_keeps_blocks_as_lines() -> None:
    text = html_fragment_to_text("<p>One <b>bold</b> line.</p><p>Two<br>three</p><script>x()</script>")
    assert text.splitlines() == ["One bold line.", "Two", "three"]


# --------------------------------------------------------------------------- JSON and JSONL


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


# --------------------------------------------------------------------------- feeds

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>
<item><title>Dockers strike</title><link>https://gazette.example/strike?utm_source=rss</link>
<description>&lt;p&gt;Dock workers &lt;b&gt;walked out&lt;/b&gt; on Tuesday.&lt;/p&gt;&lt;p&gt;Talks resume Friday.&lt;/p&gt;</description>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate><guid>strike-1</guid></item>
<item><title>Empty</title></item></channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>City Desk</title>
<entry><title>Budget vote</title><link href="https://citydesk.example/budget"/><id>urn:1</id>
<updated>2024-06-04T18:00:00Z</updated><content type="html">&lt;p&gt;The council voted 7-2.&lt;/p&gt;</content></entry></feed>"""


def test_rss_entries_become_drafts_and_empty_entries_are_reported() -> None:
    good, bad = parse_document(document_from_bytes(RSS, "feed.rss", SourceKind.feed))
    assert isinstance(good, ArticleDraft) and isinstance(bad, BadInput)
    assert good.text.splitlines() == ["Dock workers walked out on Tuesday.", "Talks resume Friday."]
    assert (good.title, good.outlet, good.record_id) == ("Dockers strike", "Harbour Gazette", "strike-1")
    assert good.published == datetime(2024, 3, 5, 10, tzinfo=UTC)
    assert bad.record == "entry 2"


def test_atom_sniffed_without_type() -> None:
    (entry,) = parse_document(document_from_bytes(ATOM, None, SourceKind.http))
    assert isinstance(entry, ArticleDraft)
    assert (entry.text, entry.url, entry.outlet) == ("The council voted 7-2.", "https://citydesk.example/budget", "City Desk")


def test_xml_that_is_not_a_feed_is_bad() -> None:
    with pytest.raises(BadInput, match="not an RSS/Atom feed"):
        parse_document(doc(b"<rss><channel><title>t</title></channel></rss>", "application/rss+xml"))
