"""Read inputs (text, HTML, JSON, JSONL, RSS/Atom) into article drafts: the readers' entry.

``read_path`` and ``read_stream_documents`` are the only functions here that do I/O; everything else
is pure and works on an ``InputDocument`` (bytes plus where they came from), so adapters (CLI, HTTP,
Kafka, feed poller) can build documents their own way and share the parsing. ``parse_document``
decodes the bytes (``decoding``), tells the format and hands over to its reader (``json_records``,
``html_pages``, ``feed_files``).

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

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from schemas.models import SourceKind
from services.ingest.decoding import declared_charset, decode_bytes, utf8_text
from services.ingest.documents import (
    JSONL_TYPES,
    SUPPORTED_SUFFIXES,
    ArticleDraft,
    BadInput,
    InputDocument,
    content_type_for,
    document_from_bytes,
    media_type,
    refused_document,
)
from services.ingest.feed_files import parse_feed
from services.ingest.html_pages import html_fragment_to_text, parse_html
from services.ingest.json_records import is_jsonl_bytes, parse_json, parse_jsonl, parse_jsonl_bytes

# The documents and decoding names are re-exported: adapters and tests import them from here.
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
    "skipped_input_paths",
    "refused_document",
    "too_large_reason",
]

MAX_INPUT_BYTES = 20 * 1024 * 1024  # one news article or feed is far below this; bigger is a mistake


# --------------------------------------------------------------------------- paths and streams


def iter_input_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given (whatever their suffix); directories walked recursively in sorted order,
    keeping files with a supported suffix and skipping hidden files and hidden directories."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from (child for child in _visible_files(path) if child.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            yield path


def skipped_input_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """The files inside the given directories that `iter_input_paths` leaves out for their suffix
    (hidden ones aside), so that a caller can name each once instead of skipping it without a word."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from (child for child in _visible_files(path) if child.suffix.lower() not in SUPPORTED_SUFFIXES)


def _visible_files(folder: Path) -> Iterator[Path]:
    """Every file under `folder`, in sorted order, but hidden files and those in hidden directories."""
    for child in sorted(folder.rglob("*")):
        if child.is_file() and not any(part.startswith(".") for part in child.relative_to(folder).parts):
            yield child


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
    return document_from_bytes(path.read_bytes(), str(path), SourceKind.file, content_type_for(path.suffix))


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
    declared = media_type(content_type)
    jsonl = declared in JSONL_TYPES if declared else first.lstrip().startswith((b"{", b"\xef\xbb\xbf{"))
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
            yield replace(document_from_bytes(line, name, source_kind, line_type), first_line=number)
        number += 1
        line = stream.readline(limit + 1)


# --------------------------------------------------------------------------- parsing


def parse_document(doc: InputDocument) -> list[ArticleDraft | BadInput]:
    """Parse an input into article drafts; see the module docstring for the error contract."""
    if doc.refusal:
        raise BadInput(doc.refusal)
    if len(doc.content) > MAX_INPUT_BYTES and len(doc.content.rstrip(b"\r\n")) > MAX_INPUT_BYTES:
        raise BadInput(too_large_reason("the input", len(doc.content)))
    if is_jsonl_bytes(doc) and not utf8_text(doc.content):
        # One NUL byte or one line in another encoding must not cost the other lines: decode each
        # line on its own (a whole-input decode would refuse all of them, or guess one code page
        # for all and garble the UTF-8 ones).
        return parse_jsonl_bytes(doc.content, doc.first_line)
    text = decode_bytes(doc.content, declared_charset(doc.content_type))
    if not text.strip():
        raise BadInput("the input contains only whitespace")
    kind = _detect_format(doc, text)
    if kind == "jsonl":
        return parse_jsonl(text, doc.first_line)
    if kind == "json":
        return parse_json(text)
    if kind == "feed":
        return parse_feed(doc.content)
    if kind == "html":
        return [parse_html(text, doc.uri)]
    return [ArticleDraft(text=text)]


def _detect_format(doc: InputDocument, text: str) -> str:
    """"jsonl", "json", "feed", "html" or "text": by the declared type, else by sniffing the text."""
    declared = media_type(doc.content_type)
    head = text.lstrip()[:2000].lower()
    if declared in JSONL_TYPES:
        return "jsonl"
    if declared == "application/json" or declared.endswith("+json"):
        return "json"
    if declared in {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}:
        return "feed"
    if declared in {"text/html", "application/xhtml+xml"}:
        return "html"
    if declared in {"application/xml", "text/xml"}:
        # XML that is neither a feed nor a page is refused as a feed, not read as a page of text
        return "html" if not _looks_like_feed(head) and _looks_like_html(head) else "feed"
    if declared in {"text/plain", "text/markdown"}:
        return "text"
    # Undeclared: sniff.
    if head.startswith(("{", "[")):
        return "json"
    if head.startswith("<"):
        if _looks_like_feed(head):
            return "feed"
        if _looks_like_html(head):
            return "html"
    return "text"


def _looks_like_html(head: str) -> bool:
    return bool(re.search(r"<(?:!doctype html|html|body|p|div|article)\b", head))


def _looks_like_feed(head: str) -> bool:
    return bool(re.search(r"<(?:rss|feed|rdf:rdf)\b", head))
