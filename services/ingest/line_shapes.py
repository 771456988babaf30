"""What a single line of an article looks like: a sentence, a headline, a short fragment (pure).

The cleaning steps (chrome rules, layout passes, title detection) judge lines by these shapes.
"""

from __future__ import annotations

import re

from services.ingest.lexicon import REPORTING_VERBS, alternation

__all__ = [
    "CLOSERS",
    "MAX_CHROME_CHARS",
    "QUOTATION",
    "QUOTE_MARKS",
    "REPORTING",
    "SENTENCE_BREAK",
    "TITLE_MAX_WORDS",
    "body_like",
    "ends_sentence",
    "ends_with_ellipsis",
    "headline_like",
    "line_key",
    "same_line",
    "short_fragment",
    "word_count",
]

CLOSERS = r"\"'”’»)\]"  # inside a character class
_SENTENCE_END = re.compile(rf"(?:[.!?…]|\.\.\.)[{CLOSERS}]*$")
_ELLIPSIS_END = re.compile(rf"(?:…|\.\.\.)[{CLOSERS}]*$")
SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]*\s+[\"“‘(]*[A-Z]")
REPORTING = re.compile(rf"\b(?:{alternation(REPORTING_VERBS)})\b", re.I)
QUOTE_MARKS = re.compile(r"[\"“”«»]")
# A line that quotes someone: it opens with a quotation ('“It’s over”', '‘We will not be priced
# out’: tenants march'), or a name and a colon introduce one ('Ruiz: “We will win”'). A scare quote
# inside a headline ('Ready to Deploy “Task Force”') is not a quotation of anyone.
QUOTATION = re.compile(r"^\W{0,3}[“\"«‘']\w|^[^:“”\"]{2,60}:\s*[“\"«‘']\w")
_TOKEN = re.compile(r"\S+")
MAX_CHROME_CHARS = 600  # longer lines are body text; also bounds regex work on hostile input
TITLE_MAX_WORDS = 25


def word_count(line: str) -> int:
    return len(_TOKEN.findall(line))


def ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def ends_with_ellipsis(line: str) -> bool:
    return bool(_ELLIPSIS_END.search(line))


def body_like(line: str) -> bool:
    """A line that reads as running prose rather than a heading, label or widget."""
    return ends_sentence(line) or word_count(line) > TITLE_MAX_WORDS


def headline_like(line: str) -> bool:
    return not body_like(line) and not re.search(r"[:;,\-–—]$", line) and word_count(line) >= 1


def short_fragment(line: str, max_words: int = 6) -> bool:
    """A short line that is no sentence: a widget name, a label, a heading."""
    return not ends_sentence(line) and word_count(line) <= max_words


def line_key(line: str) -> str:
    """A line as compared with another: case and surrounding dots and spaces do not count."""
    return line.casefold().strip(" .")


def same_line(a: str, b: str) -> bool:
    return line_key(a) == line_key(b)
