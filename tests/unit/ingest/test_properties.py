"""Properties over arbitrary input: no crash but BadInput, idempotent cleaning, stable ids."""

from __future__ import annotations

import contextlib
import json
import os

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from schemas.models import RawArticle, SourceKind
from services.ingest.articles import article_id_for, build_articles, normalise_url
from services.ingest.cleaning import clean_article_text
from services.ingest.readers import BadInput, document_from_bytes, parse_document

# Text that looks a bit like pages: words, chrome-ish fragments, dates, quotes, look-alike letters,
# line breaks of every kind, plus fully arbitrary unicode.
FRAGMENTS = [
    "Share", "Related Stories", "Read more", "Follow us on Twitter", "newsletter", "Daily at 9am EST",
    "24 October 2022, 10:18 AM", "Oct. 24, 2022", "(Photo: Reuters)", "International", "said", "“", "”", "...",
    "а", "creаted", "Ο", "\n", "\n\n", "\n\n\n", "\r\n", "\u2028", "\u00a0", "\u200b", "â€™", "Ã©", ".", "?",
    "By Jane Doe", "- Sponsor -spot_img", "Editor-In-Chief of X.", "We are fundraising!", "Home > News",
]
pagey_text = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.text(max_size=30),
        st.from_regex(r"[A-Z][a-z]{2,9}( [a-z]{2,9}){0,12}[.]?", fullmatch=True),
    ),
    max_size=40,
).map(" ".join)
any_text = st.one_of(st.text(max_size=400), pagey_text)
PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("INGEST_PROPERTY_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPERTY_SETTINGS
@given(any_text)
@example("¬Ä.\r\x80\rSHARE")  # mojibake that ftfy repairs only once the chrome beside it is gone
@example("SHARE¬Ä.\r\x80\rSHARE")  # ... and a line that is chrome only once repaired
def test_cleaning_never_raises_and_is_idempotent(text: str) -> None:
    once = clean_article_text(text)
    twice = clean_article_text(once.text)
    assert twice.text == once.text
    assert "\n\n\n" not in once.text and once.text == once.text.strip()


@PROPERTY_SETTINGS
@given(any_text, st.sampled_from([None, "text/plain", "text/html", "application/json", "application/x-ndjson",
                                  "application/rss+xml"]))
def test_arbitrary_text_only_ever_raises_bad_input(text: str, content_type: str | None) -> None:
    document = document_from_bytes(text.encode("utf-8", "surrogatepass"), None, SourceKind.stdin, content_type)
    with contextlib.suppress(BadInput):
        parse_document(document)
    for result in build_articles(document):
        assert isinstance(result, RawArticle | BadInput)
        if isinstance(result, RawArticle):
            assert result.text.strip()


@PROPERTY_SETTINGS
@given(st.binary(max_size=600))
def test_arbitrary_bytes_only_ever_give_articles_or_bad_input(content: bytes) -> None:
    for result in build_articles(document_from_bytes(content, None, SourceKind.http)):
        assert isinstance(result, RawArticle | BadInput)


@PROPERTY_SETTINGS
@given(st.lists(st.one_of(st.dictionaries(st.sampled_from(["text", "title", "url", "date", "id", "source", "x"]),
                                           st.one_of(st.text(max_size=40), st.integers(), st.none(), st.floats())),
                          st.integers(), st.text(max_size=10)), max_size=5))
def test_jsonl_records_each_give_one_result(records: list) -> None:
    content = "\n".join(json.dumps(r) for r in records).encode()
    document = document_from_bytes(content, "in.jsonl", SourceKind.file)
    results = build_articles(document)
    if records:
        assert len(results) == len(records)
        assert all(isinstance(r, RawArticle | BadInput) for r in results)


_URLS = st.from_regex(
    r"https?://[a-zA-Z0-9.]{1,20}(/[a-z]{0,8}){0,3}(\?[a-z_]{1,8}=[a-z0-9]{0,5}){0,2}", fullmatch=True
)


@PROPERTY_SETTINGS
@given(st.one_of(st.none(), st.text(max_size=60), _URLS), st.text(max_size=200))
def test_article_id_is_stable(url: str | None, text: str) -> None:
    first = article_id_for(url, text)
    assert first == article_id_for(url, text)
    assert len(first) == 24 and all(c in "0123456789abcdef" for c in first)
    if normalise_url(url) is not None:
        assert first == article_id_for(url, text + " a different body")
    else:
        assert first == article_id_for(None, "  " + "\n".join(text.split()) + " ")
