"""JSON and JSON Lines inputs: one article per object, one error per bad record (pure).

A JSON object is one article; a list is one per item (``item 2``); JSON Lines is one per line
(``line 3``). A record that cannot be an article is returned in place as a ``BadInput`` naming it,
so the good records of the same input are kept. JSON Lines whose bytes are not all clean UTF-8 are
decoded line by line: one NUL byte or one line in another encoding costs only that line.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from services.ingest.decoding import UTF16_BOMS, decode_bytes
from services.ingest.documents import JSONL_TYPES, ArticleDraft, BadInput, InputDocument, media_type
from services.ingest.html_pages import HTML_TAG, html_fragment_to_text
from services.ingest.record_fields import (
    FieldProblem,
    as_text,
    first_field,
    parse_date,
    record_id_text,
    storable_published,
)

__all__ = ["is_jsonl_bytes", "parse_json", "parse_jsonl", "parse_jsonl_bytes"]

# The field names a record may use for each article field, in order of preference.
_TEXT_FIELDS = ("text", "body", "content", "article", "article_text", "story")
_TITLE_FIELDS = ("title", "headline")
_URL_FIELDS = ("url", "link", "canonical_url", "href")
_OUTLET_FIELDS = ("outlet", "source", "site", "site_name", "publisher", "sitename")
_DATE_FIELDS = ("published", "date", "published_at", "publication_date", "pubdate", "datetime", "created_at")
_ID_FIELDS = ("id", "guid", "article_id", "uuid")
_LANGUAGE_FIELDS = ("language", "lang")


def is_jsonl_bytes(doc: InputDocument) -> bool:
    """JSON Lines by declaration, or undeclared bytes whose every non-blank line opens an object."""
    if doc.content.startswith(UTF16_BOMS):
        return False
    declared = media_type(doc.content_type)
    if declared in JSONL_TYPES:
        return True
    if declared:
        return False
    lines = [line for line in doc.content.split(b"\n") if line.strip()]
    return len(lines) > 1 and all(line.lstrip().removeprefix(b"\xef\xbb\xbf").startswith(b"{") for line in lines)


def _loads(text: str) -> Any:
    """json.loads, with every failure but a syntax error a BadInput (without a record) saying what is wrong."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise BadInput("JSON nested too deeply to be an article") from None
    except ValueError as error:  # Python's int max-str-digits limit on a huge number
        if "digits" in str(error):
            raise BadInput(
                f"a JSON number has more than {sys.get_int_max_str_digits()} digits; no article field needs one"
            ) from None
        raise BadInput(f"unreadable JSON ({str(error)[:200]})") from None


def parse_json(text: str) -> list[ArticleDraft | BadInput]:
    """A JSON object or list of objects; JSON Lines declared as JSON are read as JSON Lines."""
    try:
        data = _loads(text)
    except json.JSONDecodeError as error:
        if _looks_like_jsonl(text):
            return parse_jsonl(text)
        raise BadInput(f"broken JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
    if isinstance(data, dict):
        return [_draft_or_error(data, None)]
    if isinstance(data, list):
        if not data:
            raise BadInput("the JSON list is empty: no articles")
        return [_draft_or_error(item, f"item {index}") for index, item in enumerate(data, start=1)]
    raise BadInput(f"the JSON is a {type(data).__name__}, expected an article object or a list of them")


def _looks_like_jsonl(text: str) -> bool:
    lines = [line for line in text.split("\n") if line.strip()]
    return len(lines) > 1 and all(line.lstrip().removeprefix("\ufeff").startswith("{") for line in lines)


def _jsonl_line(line: str, record: str) -> ArticleDraft | BadInput:
    try:
        data = _loads(line.strip().removeprefix("\ufeff"))  # a BOM per line: concatenated files
    except json.JSONDecodeError as error:
        return BadInput(f"broken JSON at column {error.colno}: {error.msg}", record)
    except BadInput as error:
        return BadInput(error.reason, record)
    return _draft_or_error(data, record)


def parse_jsonl(text: str, first_line: int = 1) -> list[ArticleDraft | BadInput]:
    # Lines end at "\n" only: a JSON string may hold U+2028, U+0085 ... that str.splitlines() breaks at.
    results = [
        _jsonl_line(line, f"line {number}")
        for number, line in enumerate(text.split("\n"), start=first_line)
        if line.strip()
    ]
    if not results:
        raise BadInput("the JSON Lines input has no records")
    return results


def parse_jsonl_bytes(content: bytes, first_line: int = 1) -> list[ArticleDraft | BadInput]:
    """JSON Lines decoded line by line: a line that cannot be decoded is an error for that line."""
    results: list[ArticleDraft | BadInput] = []
    for number, raw in enumerate(content.split(b"\n"), start=first_line):
        if raw.strip():
            results.append(_jsonl_raw_line(raw, f"line {number}"))
    if not results:
        raise BadInput("the JSON Lines input has no records")
    return results


def _jsonl_raw_line(raw: bytes, record: str) -> ArticleDraft | BadInput:
    if b"\x00" in raw:
        return BadInput("the line contains a NUL byte: binary data, not JSON text", record)
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            line = decode_bytes(raw)
        except BadInput as error:
            return BadInput(f"the line cannot be decoded: {error.reason}", record)
    return _jsonl_line(line, record)


def _draft_or_error(data: Any, record: str | None) -> ArticleDraft | BadInput:
    if not isinstance(data, dict):
        return BadInput(f"expected a JSON object, found {type(data).__name__}", record)
    try:
        return _draft_from(data, record)
    except FieldProblem as problem:
        return BadInput(problem.reason, record)
    except RecursionError:  # a structure deep enough to exhaust the stack anyway
        return BadInput("JSON nested too deeply to be an article", record)


def _draft_from(data: dict[str, Any], record: str | None) -> ArticleDraft | BadInput:
    body = as_text(first_field(data, _TEXT_FIELDS))
    if not body:
        fields = ", ".join(sorted(map(str, data))[:10]) or "none"
        return BadInput(
            f"the JSON object has no article text (looked for {', '.join(_TEXT_FIELDS)}; found fields: {fields})",
            record,
        )
    is_html = bool(HTML_TAG.search(body))
    if is_html:
        body = html_fragment_to_text(body)
        if not body.strip():
            return BadInput("the article's HTML contains no text", record)
    published, dropped = storable_published(parse_date(first_field(data, _DATE_FIELDS)))
    return ArticleDraft(
        text=body,
        title=as_text(first_field(data, _TITLE_FIELDS)),
        url=as_text(first_field(data, _URL_FIELDS)),
        outlet=as_text(first_field(data, _OUTLET_FIELDS)),
        published=published,
        record_id=record_id_text(first_field(data, _ID_FIELDS)),
        language=as_text(first_field(data, _LANGUAGE_FIELDS)),
        is_html=is_html,
        record=record,
        published_dropped=dropped,
    )
