"""Read inputs (text, HTML, JSON, JSONL, RSS/Atom) into article drafts.

``read_path`` and ``read_stream_documents`` are the only functions here that do I/O; everything else is pure and works on an
``InputDocument`` (bytes plus where they came from), so adapters (CLI, HTTP, Kafka, feed poller)
can build documents their own way and share the parsing.

Error contract of ``parse_document``:
- a problem with the whole input (empty, binary, undecodable, too large, a .json file that is not
  valid JSON, a feed that is not a feed) raises ``BadInput``; nothing else is raised for any bytes,
  however hostile (huge numbers, deep nesting, NUL bytes, lone surrogates, invalid UTF-8);
- a problem with one record of a multi-record input (one JSONL line, one element of a JSON list,
  one feed entry) is returned *in place* as a ``BadInput`` in the result list, so the good records
  of the same input are not lost. Each such error names the record (``line 3``, ``item 2`` ...).
  A JSONL line that cannot even be decoded (a NUL byte, bytes that are not UTF-8) costs only itself.

Publication dates outside what the index can store (``schemas.models.storable_date_problem``) are
dropped, not fatal: an article with an impossible date is still an article. The draft keeps the
reason in ``published_dropped`` and the article's cleaning report carries it.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import charset_normalizer
import dateparser
import feedparser
import lxml.html
import trafilatura

from schemas.models import SourceKind, storable_date_problem

__all__ = [
    "MAX_INPUT_BYTES",
    "SUPPORTED_SUFFIXES",
    "ArticleDraft",
    "BadInput",
    "InputDocument",
    "decode_bytes",
    "document_from_bytes",
    "html_fragment_to_text",
    "iter_input_paths",
    "parse_document",
    "read_path",
    "read_stream_documents",
    "refused_document",
    "too_large_reason",
]

SUPPORTED_SUFFIXES = frozenset(
    {".txt", ".text", ".html", ".htm", ".json", ".jsonl", ".ndjson", ".xml", ".rss", ".atom"}
)
MAX_INPUT_BYTES = 20 * 1024 * 1024  # one news article or feed is far below this; bigger is a mistake
MAX_JSON_DEPTH = 32  # nesting walked inside one JSON field ({"text": [[...]]}); real records use 2 or 3


class BadInput(ValueError):
    """Input that cannot become an article. ``reason`` is a sentence a human can act on;
    ``record`` names the record of a multi-record input ("line 3"), None for the whole input."""

    def __init__(self, reason: str, record: str | None = None) -> None:
        self.reason = reason
        self.record = record
        super().__init__(f"{record}: {reason}" if record else reason)

    def __reduce__(self) -> tuple[Any, ...]:  # keep picklable despite the extra argument
        return (BadInput, (self.reason, self.record))


@dataclass(frozen=True)
class InputDocument:
    """Bytes plus where they came from. ``refusal`` is set by an adapter that already knows the input
    cannot be read (stdin beyond the size limit): parsing then fails with that reason, and
    ``content`` holds nothing (the oversized bytes were never kept)."""

    content: bytes
    uri: str | None
    source_kind: SourceKind
    content_type: str | None = None
    refusal: str | None = None


@dataclass(frozen=True)
class ArticleDraft:
    """One article as the input states it, before cleaning. ``is_html`` is true when ``text`` was
    extracted from HTML (paragraph structure comes from the markup, one paragraph per line)."""

    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    record_id: str | None = None
    language: str | None = None
    is_html: bool = False
    record: str | None = field(default=None, compare=False)
    published_dropped: str | None = None  # a stated publication date that was dropped, and why


# --------------------------------------------------------------------------- paths and bytes


def iter_input_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given (whatever their suffix); directories walked recursively in sorted order,
    keeping files with a supported suffix and skipping hidden files and hidden directories."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if any(part.startswith(".") for part in relative):
                    continue
                if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield child
        else:
            yield path


def too_large_reason(what: str, size: int | None = None) -> str:
    """The one wording for an input over ``MAX_INPUT_BYTES`` ("file is 31457280 bytes, more than ...";
    "stdin is more than ..." when the size is unknown because the rest was never read)."""
    amount = f"{size} bytes, more" if size is not None else "more"
    return f"{what} is {amount} than the {MAX_INPUT_BYTES}-byte limit for one input"


def read_path(path: Path) -> InputDocument:
    """Read one file. Raises OSError for I/O problems and BadInput for a file too large to be an article."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise BadInput(too_large_reason("file", size))
    return document_from_bytes(path.read_bytes(), str(path), SourceKind.file, _content_type_for(path.suffix))


_DRAIN_CHUNK = 1 << 16


def read_stream_documents(
    stream: BinaryIO, *, content_type: str | None = None, uri: str = "stdin", source_kind: SourceKind = SourceKind.stdin
) -> Iterator[InputDocument]:
    """Documents from a byte stream (stdin), with the file size limit and bounded memory.

    JSON Lines (``content_type`` says so, or, undeclared, the first line opens an object) is one
    document per line, named ``uri:N``: a bad line costs only itself, and a line longer than
    ``MAX_INPUT_BYTES`` becomes a refused document for that line while reading goes on at the next
    line (the long line is skipped in small chunks, never held). Anything else is one document;
    beyond the limit it is refused as soon as the limit is passed, without reading the rest."""
    limit = MAX_INPUT_BYTES
    first = stream.readline(limit + 1)
    declared = (content_type or "").split(";", 1)[0].strip().lower()
    jsonl = declared in _JSONL_TYPES if declared else first.lstrip().startswith((b"{", b"\xef\xbb\xbf{"))
    if not jsonl:
        content = first + stream.read(limit + 1 - len(first)) if len(first) <= limit else first
        if len(content) > limit:
            yield refused_document(too_large_reason(uri), uri, source_kind, content_type)
        else:
            yield document_from_bytes(content, uri, source_kind, content_type)
        return
    line_type = content_type or "application/x-ndjson"
    number, line = 1, first
    while line:
        name = f"{uri}:{number}"
        if len(line.rstrip(b"\r\n")) > limit:
            while line and not line.endswith(b"\n"):  # skip the rest of the line
                line = stream.readline(_DRAIN_CHUNK)
            yield refused_document(too_large_reason(f"{uri} line {number}"), name, source_kind, line_type)
        elif line.strip():
            yield document_from_bytes(line, name, source_kind, line_type)
        number += 1
        line = stream.readline(limit + 1)


def refused_document(
    reason: str, uri: str | None, source_kind: SourceKind, content_type: str | None = None
) -> InputDocument:
    """A document that parses to ``BadInput(reason)``, for an adapter that must refuse an input in
    the same stream as the readable ones (an oversized stdin or stdin line)."""
    return InputDocument(content=b"", uri=uri, source_kind=source_kind, content_type=content_type, refusal=reason)


def document_from_bytes(
    content: bytes, uri: str | None, source_kind: SourceKind, content_type: str | None = None
) -> InputDocument:
    if content_type is None and uri:
        content_type = _content_type_for(Path(uri.split("?", 1)[0]).suffix)
    return InputDocument(content=bytes(content), uri=uri, source_kind=source_kind, content_type=content_type)


_SUFFIX_TYPES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".html": "text/html",
    ".htm": "text/html",
    ".json": "application/json",
    ".jsonl": "application/x-ndjson",
    ".ndjson": "application/x-ndjson",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
}


def _content_type_for(suffix: str) -> str | None:
    return _SUFFIX_TYPES.get(suffix.lower())


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"BZh", b"7z\xbc\xaf")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_MAX_CHAOS = 0.2  # charset_normalizer's "mess" ratio above which a guess is not trusted


def decode_bytes(content: bytes, declared_charset: str | None = None) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with a BOM, then the charset the sender
    declared (HTTP ``Content-Type``), then charset detection. Binary data is refused rather than
    decoded into garbage."""
    if not content or not content.strip():
        raise BadInput("the input is empty")
    if content.startswith(_UTF16_BOMS):
        try:
            text = content.decode("utf-16")
        except UnicodeDecodeError as error:
            raise BadInput(
                f"the input starts with a UTF-16 byte-order mark but is not valid UTF-16 ({error.reason})"
            ) from None
        if _garbled(text):
            raise BadInput("the input starts with a UTF-16 byte-order mark but decodes only to unreadable text")
        return text
    if content.startswith(_BINARY_MAGIC) or b"\x00" in content:
        raise BadInput("the input is binary data (NUL bytes or a binary file signature), not text")
    if len(_CONTROL_BYTES.findall(content[:65536])) > max(2, len(content[:65536]) // 100):
        raise BadInput("the input is binary data (many control bytes), not text")
    for encoding in ("utf-8", "utf-8-sig"):
        try:
            return content.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError:
            continue
    if declared_charset:
        try:
            text = content.decode(declared_charset)
        except (LookupError, UnicodeDecodeError):
            text = None
        if text is not None and not _garbled(text):
            return text
    best = _best_guess(charset_normalizer.from_bytes(content))
    if best is None or best.chaos > _MAX_CHAOS:
        raise BadInput("the input is not valid UTF-8 and its encoding cannot be recognised")
    text = str(best)
    if _garbled(text):
        raise BadInput(f"the input is not valid UTF-8 and decodes as {best.encoding} only to unreadable text")
    return text


def _best_guess(matches: charset_normalizer.CharsetMatches) -> charset_normalizer.CharsetMatch | None:
    """charset_normalizer's best guess, except that Windows-1252 wins a tie: it is what undeclared
    legacy web text overwhelmingly is, and short English text fits many single-byte code pages."""
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos + 0.01:
            return match
    return best


def _garbled(text: str) -> bool:
    """Decoded binary shows up as control, private-use, unassigned or replacement characters."""
    bad = sum(
        1
        for char in text
        if char == "\ufffd" or (unicodedata.category(char) in {"Cc", "Co", "Cn", "Cs"} and char not in "\t\n\r")
    )
    return bad > max(2, len(text) // 50)


# --------------------------------------------------------------------------- format detection


def _detect_format(doc: InputDocument, text: str) -> str:
    declared = (doc.content_type or "").split(";", 1)[0].strip().lower()
    head = text.lstrip()[:2000].lower()
    if declared in {"application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines"}:
        return "jsonl"
    if declared == "application/json" or declared.endswith("+json"):
        return "json"
    if declared in {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}:
        return "feed"
    if declared in {"text/html", "application/xhtml+xml"}:
        return "html"
    if declared in {"application/xml", "text/xml"}:
        return "feed" if _looks_like_feed(head) else "html"
    if declared in {"text/plain", "text/markdown"}:
        return "text"
    # Undeclared: sniff.
    if head.startswith(("{", "[")):
        return "json"
    if head.startswith("<"):
        if _looks_like_feed(head):
            return "feed"
        if re.search(r"<(?:!doctype html|html|body|p|div|article)\b", head):
            return "html"
    return "text"


def _declared_charset(content_type: str | None) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.I)
    return match.group(1) if match else None


def _looks_like_feed(head: str) -> bool:
    return bool(re.search(r"<(?:rss|feed|rdf:rdf)\b", head))


def parse_document(doc: InputDocument) -> list[ArticleDraft | BadInput]:
    """Parse an input into article drafts; see the module docstring for the error contract."""
    if doc.refusal:
        raise BadInput(doc.refusal)
    if len(doc.content) > MAX_INPUT_BYTES and len(doc.content.rstrip(b"\r\n")) > MAX_INPUT_BYTES:
        raise BadInput(too_large_reason("the input", len(doc.content)))
    if _jsonl_bytes(doc) and not _utf8_text(doc.content):
        # One NUL byte or one line in another encoding must not cost the other lines: decode each
        # line on its own (a whole-input decode would refuse all of them, or guess one code page
        # for all and garble the UTF-8 ones).
        return _parse_jsonl_bytes(doc.content)
    text = decode_bytes(doc.content, _declared_charset(doc.content_type))
    if not text.strip():
        raise BadInput("the input contains only whitespace")
    kind = _detect_format(doc, text)
    if kind == "jsonl":
        return _parse_jsonl(text)
    if kind == "json":
        return _parse_json(text)
    if kind == "feed":
        return _parse_feed(doc.content)
    if kind == "html":
        return [_parse_html(text, doc.uri)]
    return [ArticleDraft(text=text)]


# --------------------------------------------------------------------------- JSON

_TEXT_FIELDS = ("text", "body", "content", "article", "article_text", "story")
_TITLE_FIELDS = ("title", "headline")
_URL_FIELDS = ("url", "link", "canonical_url", "href")
_OUTLET_FIELDS = ("outlet", "source", "site", "site_name", "publisher", "sitename")
_DATE_FIELDS = ("published", "date", "published_at", "publication_date", "pubdate", "datetime", "created_at")
_ID_FIELDS = ("id", "guid", "article_id", "uuid")
_LANGUAGE_FIELDS = ("language", "lang")
_HTML_TAG = re.compile(r"<(?:p|br|div|span|a|b|i|em|strong|h[1-6]|ul|ol|li|blockquote|figure|img)\b[^>]*>", re.I)


_JSONL_TYPES = frozenset(
    {"application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines"}
)
_NOT_TEXT = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")  # json.loads pairs valid ones, so these are lone


class _JsonProblem(Exception):
    """A JSON value the readers refuse (too deep, lone surrogates); ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _media_type(doc: InputDocument) -> str:
    return (doc.content_type or "").split(";", 1)[0].strip().lower()


def _jsonl_bytes(doc: InputDocument) -> bool:
    """JSON Lines by declaration, or undeclared bytes whose every non-blank line opens an object."""
    if doc.content.startswith(_UTF16_BOMS):
        return False
    declared = _media_type(doc)
    if declared in _JSONL_TYPES:
        return True
    if declared:
        return False
    lines = [line for line in doc.content.split(b"\n") if line.strip()]
    return len(lines) > 1 and all(line.lstrip().removeprefix(b"\xef\xbb\xbf").startswith(b"{") for line in lines)


def _utf8_text(content: bytes) -> bool:
    """Valid UTF-8 without NUL or other binary control bytes."""
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not _NOT_TEXT.search(content)


def _loads(text: str) -> Any:
    """json.loads, with every failure a BadInput (without a record) saying what is wrong."""
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


def _parse_json(text: str) -> list[ArticleDraft | BadInput]:
    try:
        data = _loads(text)
    except json.JSONDecodeError as error:
        if _looks_like_jsonl(text):
            return _parse_jsonl(text)
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


def _parse_jsonl(text: str) -> list[ArticleDraft | BadInput]:
    # Lines end at "\n" only: a JSON string may hold U+2028, U+0085 ... that str.splitlines() breaks at.
    results = [
        _jsonl_line(line, f"line {number}")
        for number, line in enumerate(text.split("\n"), start=1)
        if line.strip()
    ]
    if not results:
        raise BadInput("the JSON Lines input has no records")
    return results


def _parse_jsonl_bytes(content: bytes) -> list[ArticleDraft | BadInput]:
    """JSON Lines decoded line by line: a line that cannot be decoded is an error for that line."""
    results: list[ArticleDraft | BadInput] = []
    for number, raw in enumerate(content.split(b"\n"), start=1):
        if not raw.strip():
            continue
        record = f"line {number}"
        if b"\x00" in raw:
            results.append(BadInput("the line contains a NUL byte: binary data, not JSON text", record))
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                line = decode_bytes(raw)
            except BadInput as error:
                results.append(BadInput(f"the line cannot be decoded: {error.reason}", record))
                continue
        results.append(_jsonl_line(line, record))
    if not results:
        raise BadInput("the JSON Lines input has no records")
    return results


def _first_field(data: dict[str, Any], names: Iterable[str]) -> Any:
    lowered = {str(key).lower(): value for key, value in data.items()}
    for name in names:
        value = lowered.get(name)
        if value not in (None, "", [], {}):
            return value
    return None


def _as_text(value: Any, depth: int = 0) -> str | None:
    """A field's value as text: strings, numbers, lists of them (one per line), objects by their
    name/title/value/text... Raises _JsonProblem past MAX_JSON_DEPTH levels or on a lone surrogate."""
    if value is None:
        return None
    if depth > MAX_JSON_DEPTH:
        raise _JsonProblem(f"a field nests lists or objects more than {MAX_JSON_DEPTH} levels deep")
    if isinstance(value, dict):  # {"name": "Reuters"}, {"href": ...}, {"value": ...}
        value = _first_field(value, ("name", "title", "value", "text", "rendered", "href", "url"))
        return _as_text(value, depth + 1)
    if isinstance(value, list):
        parts = [_as_text(item, depth + 1) for item in value]
        joined = "\n".join(part for part in parts if part)
        return joined or None
    if isinstance(value, bool | int | float):
        return str(value)
    text = str(value)
    surrogate = _SURROGATE.search(text)
    if surrogate is not None:
        raise _JsonProblem(
            f"a field contains a lone UTF-16 surrogate (\\u{ord(surrogate.group()):04x} at character "
            f"{surrogate.start()}), which is not valid Unicode text"
        )
    return text.strip() or None


def _draft_or_error(data: Any, record: str | None) -> ArticleDraft | BadInput:
    if not isinstance(data, dict):
        return BadInput(f"expected a JSON object, found {type(data).__name__}", record)
    try:
        return _draft_from(data, record)
    except _JsonProblem as problem:
        return BadInput(problem.reason, record)
    except RecursionError:  # a structure deep enough to exhaust the stack anyway
        return BadInput("JSON nested too deeply to be an article", record)


def _draft_from(data: dict[str, Any], record: str | None) -> ArticleDraft | BadInput:
    body = _as_text(_first_field(data, _TEXT_FIELDS))
    if not body:
        fields = ", ".join(sorted(map(str, data))[:10]) or "none"
        return BadInput(
            f"the JSON object has no article text (looked for {', '.join(_TEXT_FIELDS)}; found fields: {fields})",
            record,
        )
    is_html = bool(_HTML_TAG.search(body))
    if is_html:
        body = html_fragment_to_text(body)
        if not body.strip():
            return BadInput("the article's HTML contains no text", record)
    published, dropped = _storable_published(_parse_date(_first_field(data, _DATE_FIELDS)))
    return ArticleDraft(
        text=body,
        title=_as_text(_first_field(data, _TITLE_FIELDS)),
        url=_as_text(_first_field(data, _URL_FIELDS)),
        outlet=_as_text(_first_field(data, _OUTLET_FIELDS)),
        published=published,
        record_id=_as_text(_first_field(data, _ID_FIELDS)),
        language=_as_text(_first_field(data, _LANGUAGE_FIELDS)),
        is_html=is_html,
        record=record,
        published_dropped=dropped,
    )


def _storable_published(*candidates: datetime | None) -> tuple[datetime | None, str | None]:
    """The first candidate date the index can store, and why an earlier stated one was dropped."""
    dropped = None
    for when in candidates:
        if when is None:
            continue
        problem = storable_date_problem(when)
        if problem is None:
            return when, dropped
        dropped = dropped or f"the stated publication date {problem}"[:400]
    return None, dropped


def _parse_date(value: Any) -> datetime | None:
    """ISO strings, epoch seconds/milliseconds, or free-form dates; None if it is no date."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            seconds = value / 1000 if value > 1e11 else value
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    try:
        text = _as_text(value)
    except _JsonProblem:
        return None
    if not text or len(text) > 100:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return dateparser.parse(text, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    except Exception:  # dateparser raises assorted errors on odd input: treat as no date
        return None


# --------------------------------------------------------------------------- HTML

_BLOCK_TAGS = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article",
    "header", "footer", "figure", "figcaption", "pre", "ul", "ol", "table", "dd", "dt",
}


def html_fragment_to_text(html: str) -> str:
    """Text of an HTML fragment, one block element per line (scripts and styles dropped)."""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml refuses some hostile markup; the tags are then not worth keeping
        return re.sub(r"<[^>]{0,2000}>", " ", html)
    for bad in root.xpath(".//script|.//style|.//noscript|.//template"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() == "br":
                continue
            element.text = "\n" + (element.text or "")
    text = root.text_content()
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


_PUBLISHED_XPATHS = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@property='og:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='parsely-pub-date']/@content",
    "//meta[@name='pubdate']/@content",
    "//time[@itemprop='datePublished']/@datetime",
)


def _published_from_meta(html: str) -> datetime | None:
    """Publication time from the page's structured metadata, when it states one with a time."""
    try:
        root = lxml.html.document_fromstring(html[:500_000])
    except Exception:  # unparseable markup: no metadata
        return None
    for xpath in _PUBLISHED_XPATHS:
        for value in root.xpath(xpath):
            when = _parse_date(str(value))
            if when is not None:
                return when
    return None


def _parse_html(html: str, uri: str | None) -> ArticleDraft:
    try:
        extracted = trafilatura.bare_extraction(
            html, url=uri if uri and uri.startswith("http") else None, with_metadata=True, include_comments=False
        )
    except Exception:  # trafilatura can choke on hostile markup; fall back to plain block text
        extracted = None
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        text = html_fragment_to_text(html)
        if not text.strip():
            raise BadInput("the HTML page contains no readable text")
        return ArticleDraft(text=text, is_html=True)
    # htmldate (inside trafilatura) keeps only the day; the page's own metadata often has the time.
    published, dropped = _storable_published(_published_from_meta(html), _parse_date(getattr(extracted, "date", None)))
    return ArticleDraft(
        text=text,
        title=getattr(extracted, "title", None) or None,
        url=getattr(extracted, "url", None) or None,
        outlet=getattr(extracted, "sitename", None) or None,
        published=published,
        language=getattr(extracted, "language", None) or None,
        is_html=True,
        published_dropped=dropped,
    )


# --------------------------------------------------------------------------- feeds


def _parse_feed(content: bytes) -> list[ArticleDraft | BadInput]:
    parsed = feedparser.parse(content)
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({problem})" if problem else ""
        raise BadInput(f"the XML is not an RSS/Atom feed with entries{detail}")
    outlet = (parsed.get("feed") or {}).get("title") or None
    language = (parsed.get("feed") or {}).get("language") or None
    results: list[ArticleDraft | BadInput] = []
    for index, entry in enumerate(entries, start=1):
        record = f"entry {index}"
        raw = None
        if entry.get("content"):
            raw = "\n".join(part.get("value", "") for part in entry["content"])
        raw = raw or entry.get("summary") or entry.get("description")
        if not raw or not raw.strip():
            results.append(BadInput("the feed entry has no content or summary", record))
            continue
        text = html_fragment_to_text(raw) if _HTML_TAG.search(raw) or "&" in raw else raw
        if not text.strip():
            results.append(BadInput("the feed entry's content has no text", record))
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        try:
            stated = datetime(*stamp[:6], tzinfo=UTC) if stamp else None
        except (TypeError, ValueError, OverflowError):
            stated = None
        published, dropped = _storable_published(stated)
        source = entry.get("source") or {}
        results.append(
            ArticleDraft(
                text=text,
                title=entry.get("title") or None,
                url=entry.get("link") or None,
                outlet=source.get("title") or outlet,
                published=published,
                record_id=entry.get("id") or None,
                language=language,
                is_html=True,
                record=record,
                published_dropped=dropped,
            )
        )
    return results
