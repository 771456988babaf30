"""Hostile input: readers and cleaning answer with articles or BadInput, never a traceback, in
bounded work; dates the index cannot store are dropped with the reason; bodies and reports are
bounded; stdin has the file size limit."""

from __future__ import annotations

import io
import json
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.models import MAX_REPORTED_FIXES, MAX_REPORTED_LINE_CHARS, MAX_REPORTED_LINES, RawArticle, SourceKind
from services.ingest import readers
from services.ingest.articles import build_articles
from services.ingest.cleaning import clean_article_text, truncate_body
from services.ingest.page_documents import document_with_metadata
from services.ingest.readers import BadInput, document_from_bytes, read_stream_documents

JSONL = "application/x-ndjson"


def built(content: bytes, content_type: str | None = None, **kwargs: int) -> list[RawArticle | BadInput]:
    return build_articles(document_from_bytes(content, None, SourceKind.stdin, content_type), **kwargs)


def only_bad(content: bytes, content_type: str | None = None) -> BadInput:
    [result] = built(content, content_type)
    assert isinstance(result, BadInput), result
    return result


# --------------------------------------------------------------------------- hostile JSON


def test_a_5000_digit_integer_is_bad_input() -> None:
    bad = only_bad(b'{"text": "Workers walked out.", "id": ' + b"7" * 5000 + b"}")
    assert "digits" in bad.reason


def test_a_text_of_600_nested_lists_is_bad_input() -> None:
    bad = only_bad(b'{"text": ' + b"[" * 600 + b'"deep"' + b"]" * 600 + b"}")
    assert "levels deep" in bad.reason


def test_ten_megabytes_of_brackets_is_bad_input() -> None:
    assert "nested too deeply" in only_bad(b"[" * 10_000_000).reason


def test_a_lone_surrogate_is_bad_input() -> None:
    assert "surrogate" in only_bad(b'{"text": "Workers \\ud800 walked out."}').reason
    assert "surrogate" in only_bad(b'{"text": "Workers walked out.", "title": "A \\udc00"}').reason


def test_a_bom_before_the_json_is_read() -> None:
    [article] = built(b'\xef\xbb\xbf{"text": "Workers walked out."}')
    assert isinstance(article, RawArticle)


def test_invalid_utf8_and_nul_whole_inputs_are_bad_input() -> None:
    assert isinstance(only_bad(b"\x00\x01\x02 binary"), BadInput)
    assert isinstance(only_bad(b'{"text": "\xff\xfe\xfa\x00"}', "application/json"), BadInput)


# --------------------------------------------------------------------------- JSONL: a bad line costs itself


def test_each_bad_jsonl_line_costs_only_itself() -> None:
    lines = [
        b'{"text": "Line one is fine."}',
        b'{"text": "Line two has a NUL \x00 byte."}',
        b'{"text": "Line three is not UTF-8: \xff\xfe\x00."}',
        b"[1, 2, 3]",
        b'{"text": "Line five has a ' + b"9" * 5000 + b' number", "n": ' + b"9" * 5000 + b"}",
        b'\xef\xbb\xbf{"text": "Line six starts with a BOM."}',
        b'{"text": "Line seven is caf\xc3\xa9."}',
    ]
    results = built(b"\n".join(lines), JSONL)
    assert len(results) == 7
    texts = {i: r.text for i, r in enumerate(results, start=1) if isinstance(r, RawArticle)}
    assert texts == {1: "Line one is fine.", 6: "Line six starts with a BOM.", 7: "Line seven is café."}
    for number in (2, 3, 4, 5):
        bad = results[number - 1]
        assert isinstance(bad, BadInput) and bad.record == f"line {number}", bad


def test_undeclared_jsonl_with_a_nul_line_keeps_the_other_lines() -> None:
    results = built(b'{"text": "One."}\n{"text": "T\x00wo."}\n{"text": "Three."}')
    assert [type(r).__name__ for r in results] == ["RawArticle", "BadInput", "RawArticle"]
    assert "NUL" in str(results[1]) and results[1].record == "line 2"


def test_a_line_separator_inside_a_json_string_does_not_split_the_line() -> None:
    results = built('{"text": "Workers walked out.\u2028They said so."}\n{"text": "Two."}'.encode(), JSONL)
    assert all(isinstance(r, RawArticle) for r in results) and len(results) == 2


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "stated", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1650-06-01", "1800-01-01T00:00:00+14:00"]
)
def test_an_unstorable_json_date_is_dropped_with_the_reason(stated: str) -> None:
    [article] = built(json.dumps({"text": "Workers walked out.", "published": stated}).encode())
    assert isinstance(article, RawArticle)
    assert article.published is None
    dropped = article.cleaning.published_dropped
    assert dropped and "outside the dates the index can store" in dropped
    assert stated[:10] in article.cleaning.published_dropped


def test_a_storable_date_is_kept_and_nothing_is_reported() -> None:
    [article] = built(b'{"text": "Workers walked out.", "published": "2022-10-24T10:18:00+02:00"}')
    assert isinstance(article, RawArticle) and article.published is not None
    assert "published_dropped" not in article.model_dump_json()


def test_huge_epoch_numbers_are_no_date() -> None:
    [article] = built(b'{"text": "Workers walked out.", "published": ' + b"9" * 4000 + b"}")
    assert isinstance(article, RawArticle) and article.published is None


def test_the_http_metadata_path_drops_an_unstorable_date() -> None:
    document = document_with_metadata(
        b"Workers walked out on Monday.", uri=None, source_kind=SourceKind.http, content_type="text/plain",
        published="0001-01-01T00:00:00+14:00",
    )
    [article] = build_articles(document)
    assert isinstance(article, RawArticle) and article.published is None
    assert article.cleaning.published_dropped


def test_an_unstorable_dateline_is_dropped_with_the_reason() -> None:
    [article] = built(b"24 October 0001\n\nWorkers walked out on Monday, the union said.", "text/plain")
    assert isinstance(article, RawArticle) and article.published is None
    assert "dateline" in (article.cleaning.published_dropped or "")


def test_an_unstorable_html_meta_date_is_dropped() -> None:
    page = (b'<html><head><meta property="article:published_time" content="0001-01-01T00:00:00+14:00">'
            b"</head><body><article><p>Workers walked out on Monday, the union said in a statement.</p>"
            b"</article></body></html>")
    [article] = built(page, "text/html")
    assert isinstance(article, RawArticle)
    assert article.published is None or article.published.year >= 1800


def test_an_unstorable_feed_date_is_dropped() -> None:
    feed = (b"<rss><channel><title>T</title><item><title>A</title><description>Workers walked out.</description>"
            b"<pubDate>Mon, 01 Jan 1400 00:00:00 +0000</pubDate></item></channel></rss>")
    [article] = built(feed, "application/rss+xml")
    assert isinstance(article, RawArticle) and article.published is None
    assert article.cleaning.published_dropped


# --------------------------------------------------------------------------- size bounds


PARAGRAPH = "The union said on Monday that workers would stay out until the contract was signed. " * 5


def test_a_long_body_is_truncated_at_a_boundary_and_says_so() -> None:
    text = "\n\n".join([PARAGRAPH.strip()] * 40)
    [article] = built(text.encode(), "text/plain", max_article_chars=5_000)
    assert isinstance(article, RawArticle)
    assert len(article.text) <= 5_000 and len(article.text) >= 4_000
    assert article.text.endswith("signed.")
    assert article.cleaning.truncated_from_chars == len(clean_article_text(text).text)


def test_a_body_far_over_the_limit_is_cut_before_cleaning() -> None:
    text = PARAGRAPH * 400  # one 170,000-character line
    [article] = built(text.encode(), "text/plain", max_article_chars=2_000)
    assert isinstance(article, RawArticle) and len(article.text) <= 2_000
    assert article.text.endswith(".")
    assert article.cleaning.truncated_from_chars == len(text)


def test_a_body_within_the_limit_is_untouched() -> None:
    [article] = built(PARAGRAPH.encode(), "text/plain")
    assert isinstance(article, RawArticle) and "truncated_from_chars" not in article.model_dump_json()


def test_truncate_body_falls_back_to_words_then_characters() -> None:
    assert truncate_body("short", 10) == "short"
    assert truncate_body("word " * 100, 52) == ("word " * 10).strip()
    assert truncate_body("x" * 100, 10) == "x" * 10


def test_the_report_is_bounded() -> None:
    chrome = "\n".join(f"Follow us on Twitter {i}" for i in range(500))
    long_chrome = "Follow us on Twitter " + "and " * 140
    cleaned = clean_article_text(f"{chrome}\n{long_chrome}\nWorkers walked out on Monday, the union said.")
    report = cleaned.report
    assert len(report.removed_lines) <= MAX_REPORTED_LINES
    assert all(len(line) <= MAX_REPORTED_LINE_CHARS for line in report.removed_lines)
    words = " ".join(f"wоrk{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{i}" for i in range(400))  # Cyrillic о
    fixes = clean_article_text(f"The union said {words} on Monday.").report.homoglyph_fixes
    assert 0 < len(fixes) <= MAX_REPORTED_FIXES


# --------------------------------------------------------------------------- cleaning in linear time


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "text",
    [
        " " * 100_000,
        "," * 50_000,
        '"' * 10_000,
        "“" * 10_000,
        "a\u200b" * 50_000,
        "a" + "\u0301" * 50_000,
        "crеаtеd пеw wоrds " * 2_000,
        "Share Tweet Email\nRead more\nRelated\nAdvertisement\n" * 5_000,
        "Related stories\n" + "A headline here\n" * 5_000 + "Body text ends here.",
        "Headline here.\n\n\n" * 5_000 + "Body text. It goes on.",
        "24 October 2022\n" * 2_000 + "\n".join(f"{d} October 2022" for d in range(1, 29)),
        "DOHA (AFP) - " * 10_000 + "Workers walked out.",
    ],
    ids=["spaces", "commas", "quotes", "curly-quotes", "zero-width", "combining", "homoglyphs", "chrome-lines",
         "teaser-block", "period-titles", "datelines", "wire-datelines"],
)
def test_hostile_text_cleans_in_bounded_work(text: str) -> None:
    cleaned = clean_article_text(text)
    assert clean_article_text(cleaned.text).text == cleaned.text or len(cleaned.text) > 0
    for result in built(text.encode(), "text/plain"):
        assert isinstance(result, RawArticle | BadInput)


# --------------------------------------------------------------------------- stdin


class _Endless(io.RawIOBase):
    """A stream that never ends, counting what was read from it."""

    def __init__(self, chunk: bytes) -> None:
        self.chunk, self.read_bytes = chunk, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        n = len(buffer)
        data = (self.chunk * (n // len(self.chunk) + 1))[:n]
        buffer[:n] = data
        self.read_bytes += n
        return n


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(readers, "MAX_INPUT_BYTES", 10_000)
    return 10_000


def test_an_oversized_stdin_document_is_refused_without_reading_it_all(small_limit: int) -> None:
    raw = _Endless(b"Workers walked out. ")
    [document] = list(read_stream_documents(io.BufferedReader(raw)))
    assert raw.read_bytes < 4 * small_limit + 65536  # an endless stdin is refused, not drained
    [bad] = build_articles(document)
    assert isinstance(bad, BadInput)
    assert bad.reason == f"stdin is more than the {small_limit}-byte limit for one input"
    assert document.content == b""


def test_a_stdin_document_within_the_limit_is_read(small_limit: int) -> None:
    [document] = list(read_stream_documents(io.BytesIO(b"Workers walked out. " * 400)))
    assert isinstance(build_articles(document)[0], RawArticle)


def test_an_oversized_jsonl_line_costs_only_itself(small_limit: int) -> None:
    data = b'{"text": "One."}\n{"text": "' + b"x" * (3 * small_limit) + b'"}\n\n{"text": "Four."}\n'
    documents = list(read_stream_documents(io.BytesIO(data)))
    assert [d.uri for d in documents] == ["stdin:1", "stdin:2", "stdin:4"]
    results = [build_articles(d)[0] for d in documents]
    assert isinstance(results[0], RawArticle) and isinstance(results[2], RawArticle)
    assert isinstance(results[1], BadInput) and "line 2 is more than" in results[1].reason


def test_the_cli_reads_stdin_through_the_bounded_reader(small_limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimwire import cli

    data = b'{"text": "One."}\n{"text": "' + b"x" * (2 * small_limit) + b'"}\n{"text": "Three."}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    documents = list(cli.stdin_documents())
    assert [d.uri for d in documents] == ["stdin:1", "stdin:2", "stdin:3"]
    assert documents[1].refusal and not documents[1].content


# --------------------------------------------------------------------------- properties

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=40),
              st.sampled_from(["0001-01-01T00:00:00+14:00", "9999-12-31", "\ud800", "24 October 2022"])),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(
        st.sampled_from(["text", "title", "published", "url", "id", "outlet", "name", "value"]), inner, max_size=4)),
    max_leaves=30,
)
HOSTILE_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HOSTILE_SETTINGS
@given(st.binary(max_size=600), st.sampled_from([None, JSONL, "application/json", "text/plain", "text/html",
                                                 "application/rss+xml"]))
def test_hostile_bytes_never_raise(content: bytes, content_type: str | None) -> None:
    for result in built(content, content_type):
        assert isinstance(result, RawArticle | BadInput)


@HOSTILE_SETTINGS
@given(st.lists(st.one_of(json_values.map(lambda v: json.dumps(v).encode("utf-8", "surrogatepass")),
                          st.binary(max_size=40)), min_size=1, max_size=6))
def test_hostile_json_lines_never_raise_and_keep_their_numbers(lines: list[bytes]) -> None:
    results = built(b"\n".join(lines), JSONL)
    for result in results:
        assert isinstance(result, RawArticle | BadInput)
        if isinstance(result, RawArticle):
            result.model_dump_json()  # serialisable: no surrogates, storable dates
