"""The readers' entry: paths, streams, and one draft per plain-text input (each format has its own test file)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from schemas.models import SourceKind
from services.ingest.readers import (
    MAX_INPUT_BYTES,
    ArticleDraft,
    InputDocument,
    iter_input_paths,
    read_path,
    read_stream_documents,
    too_large_reason,
)
from tests.unit.ingest.reader_docs import drafts

# --------------------------------------------------------------------------- paths


def test_iter_input_paths_walks_directories_sorted_and_filters(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ["b/2.html", "a.txt", "c.JSONL", "notes.md", ".secret.txt", ".hidden/x.txt", "b/1.rss", "image.png"]:
        (tmp_path / name).write_text("x")
    explicit = tmp_path / "notes.md"
    found = [p.relative_to(tmp_path).as_posix() for p in iter_input_paths([tmp_path, explicit])]
    assert found == ["a.txt", "b/1.rss", "b/2.html", "c.JSONL", "notes.md"]


def test_read_path_sets_uri_kind_and_content_type(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    path.write_bytes(b"<p>Hi</p>")
    document = read_path(path)
    assert document == InputDocument(b"<p>Hi</p>", str(path), SourceKind.file, "text/html")


def test_read_path_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        read_path(tmp_path / "nope.txt")


# --------------------------------------------------------------------------- plain text


def test_plain_text_is_one_draft() -> None:
    (draft,) = drafts("Harbour workers walked out.\n\nThe union said so.")
    assert isinstance(draft, ArticleDraft)
    assert draft.text == "Harbour workers walked out.\n\nThe union said so."
    assert not draft.is_html


# --------------------------------------------------------------------------- format detection


@pytest.mark.parametrize(
    ("content", "content_type", "is_html"),
    [
        ("<html><body><p>The ferry left at noon, the harbour master said.</p></body></html>", None, True),
        ("<p>The ferry left at noon.</p>", "text/plain", False),  # a declared type wins over sniffing
        ("The ferry left at noon.", None, False),
    ],
)
def test_the_declared_type_decides_and_undeclared_inputs_are_sniffed(
    content: str, content_type: str | None, is_html: bool
) -> None:
    (draft,) = drafts(content, content_type)
    assert isinstance(draft, ArticleDraft) and draft.is_html is is_html


def test_a_stream_of_json_lines_is_one_document_per_line() -> None:
    stream = io.BytesIO(b'{"text": "One."}\n\n{"text": "Two."}\n')
    assert [d.uri for d in read_stream_documents(stream)] == ["stdin:1", "stdin:3"]


def test_a_stream_of_text_is_one_document() -> None:
    (document,) = read_stream_documents(io.BytesIO(b"The ferry left.\nAt noon."), content_type="text/plain")
    assert document.content == b"The ferry left.\nAt noon." and document.uri == "stdin"


def test_too_large_reason_names_the_limit() -> None:
    assert too_large_reason("file", 5) == f"file is 5 bytes, more than the {MAX_INPUT_BYTES}-byte limit for one input"
