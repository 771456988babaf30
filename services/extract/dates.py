"""When did it happen: date expressions in a sentence, resolved against the publication date.

Finding is a cheap regular expression; resolving explicit and relative dates uses dateparser
(slow, so results are cached). Conventions where a phrase names a period rather than a day:
"last week", "earlier this month", "in February", "next week" resolve to the first day of that
period; "the following day" / "the day before" resolve against `anchor`, the date mentioned just
before, and to nothing without one.

A weekday or a month without a year names a day on one side of publication, and the sentence says
which (`points_forward`): "The council will vote by Friday" is the Friday after, "The council
voted on Friday" the one before. Looking back (the most recent such day, on or before
publication) is the default; "next Monday" is always the first one after it, "last Monday" the
one before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

import dateparser

from schemas.models import EventDate, storable_date_problem
from services.extract.lexicon.calendar_words import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS
from services.extract.lexicon.counted_nouns import PARTICIPLE_LOOKALIKES
from services.extract.lexicon.speech import SPEECH_FORMS
from services.extract.lexicon.tense_words import (
    BE_FORMS,
    COPULAR_VERBS,
    FORWARD_WORDS,
    FUTURE_AUXILIARIES,
    IRREGULAR_PAST_FORMS,
    OPEN_MODALS,
    PAST_AUXILIARIES,
    PERFECT_AUXILIARIES,
    PROSPECTIVE_AFTER_BE,
    PROSPECTIVE_VERBS,
    SCHEDULING_WORDS,
)
from services.extract.lexicon.time_words import DATE_WORDS_AHEAD

__all__ = ["FoundDate", "event_date_for", "find_date_expressions", "points_forward", "resolve_date"]


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


def resolve_date(raw: str, published: datetime | None, *, anchor: date | None = None,
                 ahead: bool = False) -> date | None:
    """The calendar date `raw` refers to, or None when it cannot be told. `ahead`: a weekday or a
    month without a year is the first such day on or after publication, not on or before it."""
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
    return _resolve_cached(phrase, published_day, ahead)


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
def _resolve_cached(phrase: str, published: date | None, ahead: bool = False) -> date | None:
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
    weekday = _WEEKDAY_PHRASE_RE.fullmatch(stripped)
    if weekday is not None and weekday.group(2) in WEEKDAYS:
        return _resolve_weekday(weekday, published, ahead)
    if re.fullmatch(r"(?:(?:earlier|later) )?(?:last|this|past|next) (?:week|weekend|month|year)", stripped):
        return _resolve_period(stripped, published)
    stripped = re.sub(r"^(?:early|late|mid)[\s-]+", "", stripped)
    stripped = re.sub(r" (?:morning|afternoon|evening)$", "", stripped)
    found = _dateparser(stripped, published)
    if ahead and found is not None and found < published and _YEARLESS_MONTH_RE.search(stripped) \
            and not _HAS_YEAR_RE.search(stripped):
        return _a_year_on(found, published, month_only=not re.search(r"\d", stripped))
    return found


_YEARLESS_MONTH_RE = re.compile(
    r"\b(?:" + "|".join(sorted({*MONTHS, *MONTH_ABBREVIATIONS}, key=len, reverse=True)) + r")\b"
)


def _a_year_on(found: date, published: date, *, month_only: bool) -> date | None:
    """A month (and day) without a year that lies ahead, which dateparser placed on or before
    publication: "in March" of an article of March is this March, "by March 2" next year's."""
    if month_only and (found.year, found.month) == (published.year, published.month):
        return found  # the first of this month stands for the month, which is not yet over
    try:
        return found.replace(year=found.year + 1)
    except ValueError:  # 29 February
        return None


_WEEKDAY_PHRASE_RE = re.compile(r"(?:(last|this|next|early|late) )?(\w+day)(?: (?:morning|afternoon|evening|night))?")


def _resolve_weekday(m: re.Match[str], published: date, ahead: bool) -> date | None:
    target = WEEKDAYS.index(m.group(2))
    forward = (target - published.weekday()) % 7
    back = (published.weekday() - target) % 7
    try:
        if m.group(1) == "next":
            return published + timedelta(days=forward or 7)
        if m.group(1) == "last":
            return published - timedelta(days=back or 7)
        return published + timedelta(days=forward) if ahead else published - timedelta(days=back)
    except OverflowError:
        return None


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


# --------------------------------------------------------------------------- direction

_Tense = Literal["future", "past", "open"]
# Where a clause ends: sentence and clause punctuation, quotation marks, dashes and brackets (a
# comma or full stop only before a space: "2,100", "6 a.m." do not end one).
_CLAUSE_BREAK_RE = re.compile(r"[;:!?()\[\]\"“”—–]|[,.](?=\s|$)")
_WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_CLAUSE_READ_CHARS = 160  # a clause is read at most this far either side of the date
_PARTICIPLE_AUXILIARIES = BE_FORMS | COPULAR_VERBS | PERFECT_AUXILIARIES | PAST_AUXILIARIES


def points_forward(text: str, start: int, end: int) -> bool:
    """Whether the date expression text[start:end] names a day after publication, not before it.

    The tense marker nearest the date in its clause decides: the words before it back to a clause
    break ("The council will vote by Friday", "voted on Friday"), or, with no marker there, the
    words after it ("On Friday, the council will vote"). With no marker, or one that leaves the
    side open ("said it would reply by Friday"), a date opened by "by", "until", "till", "before" or
    "this" looks ahead and any other back.
    """
    raw = _WORD_RE.findall(text[start:end])
    before = _WORD_RE.findall(_clause_before(text, start))
    opener = raw[0] if len(raw) > 1 else (before[-1] if before else "")
    if opener.lower() == "since":
        return False
    after = _WORD_RE.findall(_clause_after(text, end))
    # the words before are read with the date's after them: "has until Friday", "plans to vote"
    tense = _nearest_tense(before + raw, range(len(before) - 1, -1, -1)) or _nearest_tense(after, range(len(after)))
    if tense == "future":
        return True
    if tense == "past":
        return False
    return opener.lower() in DATE_WORDS_AHEAD


def _clause_before(text: str, start: int) -> str:
    region = text[max(0, start - _CLAUSE_READ_CHARS):start].rstrip(" ,")  # past "will, on Friday,"
    breaks = list(_CLAUSE_BREAK_RE.finditer(region))
    return region[breaks[-1].end():] if breaks else region


def _clause_after(text: str, end: int) -> str:
    region = text[end:end + _CLAUSE_READ_CHARS].lstrip(" ,")
    found = _CLAUSE_BREAK_RE.search(region)
    return region[:found.start()] if found else region


def _nearest_tense(words: list[str], nearest_first: range) -> _Tense | None:
    """The tense of the marker among `words` (in text order) nearest the date."""
    folded = [w.lower().replace("’", "'") for w in words]
    for distance, i in enumerate(nearest_first):
        tense = _tense_marked_by(words[i], folded[i - 1] if i else "", folded[i + 1:i + 4], distance)
        if tense is not None:
            return tense
    return None


def _tense_marked_by(word: str, earlier: str, later: list[str], distance: int) -> _Tense | None:
    """What `word` says of the time of its clause (None: nothing), given the word before it and up
    to three after it (lower-cased) and how many words lie between it and the date."""
    plain = word.replace("’", "'")
    low = plain.lower()
    if plain in FUTURE_AUXILIARIES or low.endswith("'ll") or low in FORWARD_WORDS:
        return "future"  # the modals lower-case only: not "Theresa May", "Will Smith"
    if low in PROSPECTIVE_VERBS and "to" in later:
        return "future"  # "expected to resume", "urged both sides to return"
    if low in PROSPECTIVE_AFTER_BE and earlier in BE_FORMS and later[:1] == ["to"]:
        return "future"  # "is due to vote"
    if low in SCHEDULING_WORDS and later[:1] == ["for"]:
        return "future"  # "scheduled for March 20"
    if low in OPEN_MODALS:
        return "open"
    past_form = low in IRREGULAR_PAST_FORMS or _is_regular_past(word)
    if earlier in _PARTICIPLE_AUXILIARIES and (past_form or low in SPEECH_FORMS):
        return None  # "was held", "had crossed", "stays closed": the auxiliary carries the tense
    if low in SPEECH_FORMS and past_form:
        # "said on Friday", "told reporters on Friday": the date is the speaking's; further off,
        # the date is in what was said, whose tense the reporting verb does not give
        return "past" if distance <= 2 else "open"
    if low in PAST_AUXILIARIES or past_form:
        return "past"
    if low in PERFECT_AUXILIARIES or low.endswith("'ve"):
        if later[:1] in (["to"], ["until"], ["till"]) or earlier in FUTURE_AUXILIARIES or earlier.endswith("'ll"):
            return None  # "has until Friday", "have to", "will have finished"
        return "past"
    return None


def _is_regular_past(word: str) -> bool:
    """A lower-case word of -ed ("voted", "crossed"), not a name ("Ahmed") or a noun ("hundred")."""
    return (word.islower() and len(word) >= 5 and word.endswith("ed") and not word.endswith("eed")
            and word not in PARTICIPLE_LOOKALIKES)


def event_date_for(text: str, published: datetime | None, anchor: date | None = None) -> EventDate | None:
    """The first date expression in a sentence, resolved (in the direction the sentence points it);
    None if the sentence names no date."""
    if not text or not _may_have_date(text):
        return None
    found = _DATE_RE.search(text)  # the first of `find_date_expressions`, without the rest
    if found is None:
        return None
    ahead = published is not None and points_forward(text, found.start(), found.end())
    resolved = resolve_date(found.group(), published, anchor=anchor, ahead=ahead)
    if resolved is not None and storable_date_problem(resolved) is not None:
        resolved = None  # "yesterday" in an article of 1800-01-01: a date the index could not store
    return EventDate(raw=found.group(), resolved=resolved)
