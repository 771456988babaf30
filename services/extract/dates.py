"""When did it happen: date expressions in a sentence, resolved against the publication date.

Finding is a cheap regular expression; resolving explicit and relative dates uses dateparser
(slow, so results are cached). Conventions where a phrase names a period rather than a day:
"last week", "earlier this month", "in February", "next week" resolve to the first day of that
period; weekday names resolve to the most recent such day on or before publication ("next Monday"
to the first one after it); "the following day" / "the day before" resolve against `anchor`, the
date mentioned just before, and to nothing without one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

from schemas.models import EventDate, storable_date_problem
from services.extract.lexicon.calendar_words import MONTHS, WEEKDAYS

__all__ = ["FoundDate", "event_date_for", "find_date_expressions", "resolve_date"]


@dataclass(frozen=True)
class FoundDate:
    raw: str
    start: int
    end: int


_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?"
    r"|Aug(?:ust|\.)?|Sept(?:ember|\.)?|Sep\.?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_PERIOD = r"(?:week(?:end)?|month|year|spring|summer|autumn|fall|winter)"
_NUMBER_WORD = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few|\d{1,3})"

_PATTERNS = [
    # ISO and numeric dates: 2022-10-24, 24/10/2022, 10.24.2022
    rf"{_YEAR}-[01]\d-[0-3]\d",
    r"[0-3]?\d[/.][0-3]?\d[/.](?:1[89]|20)\d\d",
    # Month first: Oct. 23, October 24, 2022, Sept 5th
    rf"(?-i:{_MONTH})\s+{_DAY}(?:,?\s+{_YEAR})?(?![\d:])",
    # Day first: 24 October 2022, the 5th of May
    rf"(?:the\s+)?{_DAY}\s+(?:of\s+)?(?-i:{_MONTH})(?:,?\s+{_YEAR})?",
    # Month and year: October 2022
    rf"(?-i:{_MONTH})\s+{_YEAR}",
    # A bare month needs a preposition to be a date ("in May", not "may").
    rf"(?:in|since|by|until|till|during|early|late|mid|from|last|this|next)[\s-]+(?-i:{_MONTH})\b",
    # Weekdays: on Monday, last Friday night
    rf"(?:(?:on|last|this|next|since|by|until|till|from|early|late)\s+)?(?-i:{_WEEKDAY})"
    r"(?:\s+(?:morning|afternoon|evening|night))?",
    # Relative days and periods
    r"(?:the\s+)?(?:day\s+before\s+yesterday|day\s+after\s+tomorrow)",
    r"yesterday|today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)",
    r"(?:earlier|later)\s+(?:today|this\s+" + _PERIOD + r")",
    r"(?:last|this|next|past)\s+" + _PERIOD,
    r"the\s+(?:following|next|previous|preceding)\s+(?:day|week|month|morning|night)",
    r"the\s+day\s+(?:before|after)",
    # Spans of time: "the past several weeks", "in the coming days", "in recent months"
    r"(?:(?:in|over|during|for)\s+)?the\s+(?:past|last|next|coming|previous)\s+"
    r"(?:(?:few|several|couple\s+of|two|three|four|five|six|\d{1,2})\s+)?(?:days|weeks|months|years)",
    r"in\s+recent\s+(?:days|weeks|months|years)",
    rf"{_NUMBER_WORD}\s+(?:days?|weeks?|months?|years?)\s+(?:ago|earlier|later|before)",
]
_DATE_RE = re.compile(
    r"(?<![\w-])(?:as\s+of\s+)?(?:" + "|".join(f"(?:{p})" for p in _PATTERNS) + r")(?![\w])",
    re.IGNORECASE,
)


# Every date expression has a digit, a dash, slash or point and a digit in a row (the numeric
# dates), a month's first three letters (capitalised, as the expression requires) or one of these
# words in any case: a sentence with none is not scanned with the full expression, which tries
# every alternative at every character. Case-blind matching also takes these four letters for i, s
# and k; a text with one of them is always scanned.
_NUMERIC_DATE_RE = re.compile(r"\d[-/.]\d")
_DATE_WORDS = ("day", "night", "morning", "afternoon", "evening", "week", "month", "year", "spring",
               "summer", "autumn", "fall", "winter", "tomorrow")
_MONTH_STARTS = tuple(month[:3].capitalize() for month in MONTHS)  # "Jan" … "Dec", as written
_CASE_TWINS = "\u0130\u0131\u017f\u212a"  # İ ı ſ K


def _may_have_date(text: str) -> bool:
    if any(m in text for m in _MONTH_STARTS) or _NUMERIC_DATE_RE.search(text) is not None:
        return True
    if any(c in text for c in _CASE_TWINS):
        return True
    low = text.lower()
    return any(word in low for word in _DATE_WORDS)


def find_date_expressions(text: str) -> list[FoundDate]:
    """Explicit, weekday and relative date expressions in `text`, in reading order."""
    if not text or not _may_have_date(text):
        return []
    return [FoundDate(m.group(), m.start(), m.end()) for m in _DATE_RE.finditer(text)]


# --------------------------------------------------------------------------- resolution

_LEADING_WORDS_RE = re.compile(r"^(?:as\s+of|on|since|by|until|till|from|in|during|the)\s+", re.I)
_HAS_YEAR_RE = re.compile(rf"\b{_YEAR}\b")
_SPACES_RE = re.compile(r"\s+")
_SETTINGS_BASE = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first",
                  "RETURN_AS_TIMEZONE_AWARE": False}


def resolve_date(raw: str, published: datetime | None, *, anchor: date | None = None) -> date | None:
    """The calendar date `raw` refers to, or None when it cannot be told."""
    if not raw:
        return None
    phrase = _SPACES_RE.sub(" ", raw.strip()).lower()
    offset = _anchor_offset(phrase)
    if offset is not None:
        # "the following day", "three days later" count from the date mentioned before.
        try:
            return anchor + offset if anchor is not None else None
        except OverflowError:
            return None
    published_day = published.date() if published is not None else None
    return _resolve_cached(phrase, published_day)


_SMALL_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                  "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_UNIT_DAYS = {"day": 1, "week": 7}


def _anchor_offset(phrase: str) -> timedelta | None:
    if re.fullmatch(r"(?:the )?(?:following|next) day|(?:the )?day after", phrase):
        return timedelta(days=1)
    if re.fullmatch(r"(?:the )?(?:previous|preceding) day|(?:the )?day before", phrase):
        return timedelta(days=-1)
    if re.fullmatch(r"the (?:following|next) week|following week", phrase):  # not "next week"
        return timedelta(days=7)
    m = re.fullmatch(r"(\w+) (day|week)s? (later|earlier|before)", phrase)
    if m is not None:
        count = _SMALL_NUMBERS.get(m.group(1)) or (int(m.group(1)) if m.group(1).isdigit() else None)
        if count is None:
            return None
        days = count * _UNIT_DAYS[m.group(2)]
        return timedelta(days=days if m.group(3) == "later" else -days)
    return None


@lru_cache(maxsize=4096)
def _resolve_cached(phrase: str, published: date | None) -> date | None:
    stripped = phrase
    while True:
        shorter = _LEADING_WORDS_RE.sub("", stripped)
        if shorter == stripped:
            break
        stripped = shorter
    if published is None:
        # Without a publication date only a date that names its year can be placed.
        if not _HAS_YEAR_RE.search(stripped):
            return None
        return _dateparser(stripped, None)
    fixed = {"today": 0, "tonight": 0, "later today": 0, "earlier today": 0, "yesterday": -1,
             "last night": -1, "tomorrow": 1, "day before yesterday": -2, "day after tomorrow": 2,
             "this morning": 0, "this afternoon": 0, "this evening": 0}
    if stripped in fixed:
        return published + timedelta(days=fixed[stripped])
    weekday = _resolve_weekday(stripped, published)
    if weekday is not None:
        return weekday
    if re.fullmatch(r"(?:(?:earlier|later) )?(?:last|this|past|next) (?:week|weekend|month|year)", stripped):
        return _resolve_period(stripped, published)
    stripped = re.sub(r"^(?:early|late|mid)[\s-]+", "", stripped)
    stripped = re.sub(r" (?:morning|afternoon|evening)$", "", stripped)
    return _dateparser(stripped, published)


def _resolve_weekday(phrase: str, published: date) -> date | None:
    m = re.fullmatch(r"(?:(last|this|next|early|late) )?(\w+day)(?: (?:morning|afternoon|evening|night))?", phrase)
    if m is None or m.group(2) not in WEEKDAYS:
        return None
    target = WEEKDAYS.index(m.group(2))
    if m.group(1) == "next":
        return published + timedelta(days=(target - published.weekday() - 1) % 7 + 1)
    back = (published.weekday() - target) % 7
    if m.group(1) == "last" and back == 0:
        back = 7
    return published - timedelta(days=back)


def _resolve_period(phrase: str, published: date) -> date | None:
    m = re.fullmatch(r"(?:(earlier|later) )?(last|this|past|next) (week|weekend|month|year)", phrase)
    if m is None:
        return None
    when, which, unit = m.groups()
    if when == "later":
        return None  # "later this week": some day of it after publication, which one is not said
    step = {"last": -1, "past": -1, "this": 0, "next": 1}[which]
    try:
        if unit in {"week", "weekend"}:
            start = published - timedelta(days=published.weekday()) + timedelta(days=7 * step)
            return start + timedelta(days=5) if unit == "weekend" else start
        if unit == "month":
            months = published.year * 12 + published.month - 1 + step
            return date(months // 12, months % 12 + 1, 1)
        return date(published.year + step, 1, 1)
    except (OverflowError, ValueError):  # a year before 1 or after 9999
        return None


def _dateparser(phrase: str, published: date | None) -> date | None:
    settings = dict(_SETTINGS_BASE)
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day, 12)
    try:
        parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    except Exception:  # noqa: BLE001 - dateparser's failure modes are undocumented; a date is optional
        return None
    return parsed.date() if parsed is not None else None


def event_date_for(text: str, published: datetime | None, anchor: date | None = None) -> EventDate | None:
    """The first date expression in a sentence, resolved; None if the sentence names no date."""
    if not text or not _may_have_date(text):
        return None
    found = _DATE_RE.search(text)  # the first of `find_date_expressions`, without the rest
    if found is None:
        return None
    resolved = resolve_date(found.group(), published, anchor=anchor)
    if resolved is not None and storable_date_problem(resolved) is not None:
        resolved = None  # "yesterday" in an article of 1800-01-01: a date the index could not store
    return EventDate(raw=found.group(), resolved=resolved)
