"""Decoding: empty and binary inputs refused, UTF-8/UTF-16 marks, legacy and declared charsets."""

from __future__ import annotations

import random

import pytest

from services.ingest.decoding import declared_charset, decode_bytes, utf8_text
from services.ingest.documents import ArticleDraft, BadInput
from services.ingest.readers import parse_document
from tests.unit.ingest.reader_docs import doc


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


def test_declared_charset_reads_the_content_type_parameter() -> None:
    assert declared_charset('text/html; charset="ISO-8859-2"') == "ISO-8859-2"
    assert declared_charset("text/html") is None and declared_charset(None) is None


def test_utf8_text_refuses_control_bytes_and_other_encodings() -> None:
    assert utf8_text("Čakovec ferry".encode())
    assert not utf8_text(b"ferry\x01") and not utf8_text("caf\xe9".encode("latin-1"))
