"""Bytes to text: UTF-8 and UTF-16 by their marks, then the declared charset, then detection (pure).

Binary data is refused rather than decoded into garbage, and so is text that decodes only to
unreadable characters.
"""

from __future__ import annotations

import re
import unicodedata

import charset_normalizer

from services.ingest.documents import BadInput

__all__ = ["UTF16_BOMS", "decode_bytes", "declared_charset", "utf8_text"]

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"BZh", b"7z\xbc\xaf")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_MAX_CHAOS = 0.2  # charset_normalizer's "mess" ratio above which a guess is not trusted


def decode_bytes(content: bytes, declared_charset: str | None = None) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with a BOM, then the charset the sender
    declared (HTTP ``Content-Type``), then charset detection. Binary data is refused rather than
    decoded into garbage."""
    if not content or not content.strip():
        raise BadInput("the input is empty")
    if content.startswith(UTF16_BOMS):
        return _utf16(content)
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
        text = _decoded_as(content, declared_charset)
        if text is not None and not _garbled(text):
            return text
    return _detected(content)


def _utf16(content: bytes) -> str:
    try:
        text = content.decode("utf-16")
    except UnicodeDecodeError as error:
        raise BadInput(
            f"the input starts with a UTF-16 byte-order mark but is not valid UTF-16 ({error.reason})"
        ) from None
    if _garbled(text):
        raise BadInput("the input starts with a UTF-16 byte-order mark but decodes only to unreadable text")
    return text


def _decoded_as(content: bytes, charset: str) -> str | None:
    try:
        return content.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return None


def _detected(content: bytes) -> str:
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


def declared_charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` value, if any."""
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.I)
    return match.group(1) if match else None


def utf8_text(content: bytes) -> bool:
    """Valid UTF-8 without NUL or other binary control bytes."""
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not _CONTROL_BYTES.search(content)
