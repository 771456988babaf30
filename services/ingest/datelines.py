"""Datelines: a line that is only a date, and the wire dateline that opens a story (pure).

A date-only line ("24 October 2022, 10:18 AM") leaves the body and the first one gives the
publication time. A wire dateline ("DOHA (AFP) - ") is cut from the head of the first paragraph:
a capitalised place there would pass for the actor of the first sentence. At most
``MAX_DATELINE_PARSES`` date-only lines per pass go to dateparser; past that budget a line is
judged by its shape alone, so a flood of dates costs linear time.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

import dateparser

from services.ingest.lexicon import PLACE_NAME_PARTICLES, alternation

__all__ = ["MAX_DATELINE_PARSES", "cut_wire_datelines", "parse_dateline", "take_datelines"]

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?"
_TIME = (
    r"\d{1,2}(?:[:.]\d{2}){1,2}\s*(?:[ap]\.?\s?m\.?)?(?:\s*(?:[A-Z]{2,5}|[+-]\d{2}:?\d{2}|GMT[+-]\d{1,2}))?"
    r"|\d{1,2}\s*[ap]\.?\s?m\.?(?:\s*[A-Z]{2,5})?"
)
_DATE = (
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4}"
)
_SEP = r"\s*(?:[,|•–—-]|\bat\b|\bon\b)?\s*"
_LABEL = r"(?:published|updated|posted|last updated|first published|date|dated|created)\s*(?:on|at)?\s*:?\s*"
_DATELINE = re.compile(
    rf"^(?:{_LABEL})?"
    rf"(?:(?:{_TIME}){_SEP})?(?:{_WEEKDAY}{_SEP})?(?:{_DATE})(?:{_SEP}(?:{_TIME}))?"
    rf"(?:\s*[|,•]\s*(?:updated|last updated)\s*:?\s*.{{0,40}})?\W*$",
    re.I,
)
_DATELINE_PREFIX = re.compile(rf"^{_LABEL}", re.I)
# "DOHA (AFP) - ", "LONDON, Sept 18 (Reuters) - ", "BEIRUT, Lebanon (AP) — ", "WASHINGTON — ",
# "SAN DIEGO--(BUSINESS WIRE)--", "NEW YORK, March 3, 2024 /PRNewswire/ --": a place in capitals,
# optionally a region or country and a date, then an agency or a dash
_WIRE_DATELINE = re.compile(
    # 'Paris (AFP) - ' in title case, with the agency; or the place in capitals
    rf"(?:[A-Z][a-z]+(?:[ -](?:(?:{alternation(PLACE_NAME_PARTICLES)}) )?[A-Z][a-z]+){{0,2}}"
    r"(?=(?:,\s*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2})?\s*\([A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?\)\s*[-–—])"
    r"|[A-Z][A-Z.'’]{2,}(?:[ -][A-Z][A-Z.'’]+){0,3})(?:,\s*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2})?"
    rf"(?:,\s*(?i:{_MONTH})\s+\d{{1,2}}(?:,\s*\d{{4}})?)?"
    r"(?:\s*[-–—]{0,2}\s*\([A-Z][\w .&/-]{0,30}\)\s*(?:[-–—]{1,2}|:)\s*|\s*/[A-Z][\w .-]{0,30}/\s*[-–—]{1,2}\s*"
    r"|\s+[-–—]{1,2}\s+)(?=\S)"
)
_DOTTED_TIME = re.compile(r"\b(\d{1,2})\.(\d{2})\b(?=\s*(?:[ap]\.?\s?m\b|[A-Z]{2,5}\b|$))", re.I)
_DATEPARSER_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]}

MAX_DATELINE_PARSES = 32  # dateparser calls per cleaning pass (~1-2 ms each); real articles use 1-3


def _dateline_shaped(line: str) -> bool:
    return len(line) <= 120 and bool(_DATELINE.match(line))


def parse_dateline(line: str) -> datetime | None:
    """Parse a line that is only a date/time ("24 October 2022, 10:18 AM", "Oct. 24, 2022",
    "Monday 24 October 2022 10.18 BST"); None for anything else, including lines that merely
    contain a date among other words."""
    if not _dateline_shaped(line):
        return None
    return _parse_dateline_cached(line)


@lru_cache(maxsize=1024)
def _parse_dateline_cached(line: str) -> datetime | None:
    candidate = _DATELINE_PREFIX.sub("", line)
    candidate = re.split(r"\s*[|•]\s*(?:updated|last updated)", candidate, flags=re.I)[0]
    candidate = _DOTTED_TIME.sub(r"\1:\2", candidate.replace("|", " ").replace("•", " "))
    candidate = re.sub(r"\b([ap])\.\s?m\.", r"\1m", candidate, flags=re.I).strip(" ,-–—")
    try:
        return dateparser.parse(candidate, languages=["en"], settings=_DATEPARSER_SETTINGS)
    except Exception:  # dateparser raises assorted errors on odd input; a non-date is simply not a dateline
        return None


def take_datelines(lines: list[str], removed: list[bool]) -> tuple[str | None, datetime | None]:
    """Mark the lines that are only a date as removed; the first that parses is the dateline and
    gives the publication time. Past the parse budget a date-shaped line is taken on its shape
    alone (only floods get that far)."""
    dateline: str | None = None
    published: datetime | None = None
    parses = 0
    for i, line in enumerate(lines):
        if removed[i] or not line or not _dateline_shaped(line):
            continue
        if parses >= MAX_DATELINE_PARSES:
            removed[i] = True
            continue
        parses += 1
        when = _parse_dateline_cached(line)
        if when is not None:
            removed[i] = True
            if dateline is None:
                dateline, published = line, when
    return dateline, published


def cut_wire_datelines(first: str) -> tuple[str, list[str], str | None]:
    """``first`` (the first kept paragraph) without the wire datelines that open it ('DOHA (AFP) - ',
    'LONDON, Sept 18 (Reuters) - '), the datelines cut, and the first as the article's dateline.

    Matched at a moving position, so a line of many datelines is not copied once per dateline."""
    cut: list[str] = []
    dateline: str | None = None
    start = 0
    wire = _WIRE_DATELINE.match(first)
    while wire is not None and wire.end() < len(first):
        cut.append(wire.group(0).strip())
        dateline = dateline or wire.group(0).strip(" -–—")
        start = wire.end()
        wire = _WIRE_DATELINE.match(first, start)
    return first[start:], cut, dateline
