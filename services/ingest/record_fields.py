"""Field values of a record as the readers need them: text, a publication date the index can store.

A JSON record states its fields in many shapes (a string, a number, a list of paragraphs, an object
``{"name": "Reuters"}``); these helpers turn each into text or a date, or say why they cannot.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import dateparser

from schemas.models import storable_date_problem

__all__ = ["MAX_JSON_DEPTH", "FieldProblem", "as_text", "first_field", "parse_date", "storable_published"]

MAX_JSON_DEPTH = 32  # nesting walked inside one JSON field ({"text": [[...]]}); real records use 2 or 3
_SURROGATE = re.compile("[\ud800-\udfff]")  # json.loads pairs valid ones, so these are lone


class FieldProblem(Exception):
    """A field value the readers refuse (too deep, lone surrogates); ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def first_field(data: dict[str, Any], names: Iterable[str]) -> Any:
    """The first of ``names`` (compared in lower case) that ``data`` holds with a non-empty value."""
    lowered = {str(key).lower(): value for key, value in data.items()}
    for name in names:
        value = lowered.get(name)
        if value not in (None, "", [], {}):
            return value
    return None


def record_id_text(value: Any) -> str | None:
    """A record's own id as text: a string, or a whole number ("42" from 42 or 42.0). A fraction,
    NaN, infinity, true/false, a list or an object is no id (1.5 and 1.50 would be two ids of one
    number), and the article gets its derived id instead."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return None


def as_text(value: Any, depth: int = 0) -> str | None:
    """A field's value as text: strings, numbers, lists of them (one per line), objects by their
    name/title/value/text... Raises FieldProblem past MAX_JSON_DEPTH levels or on a lone surrogate."""
    if value is None:
        return None
    if depth > MAX_JSON_DEPTH:
        raise FieldProblem(f"a field nests lists or objects more than {MAX_JSON_DEPTH} levels deep")
    if isinstance(value, dict):  # {"name": "Reuters"}, {"href": ...}, {"value": ...}
        value = first_field(value, ("name", "title", "value", "text", "rendered", "href", "url"))
        return as_text(value, depth + 1)
    if isinstance(value, list):
        parts = [as_text(item, depth + 1) for item in value]
        joined = "\n".join(part for part in parts if part)
        return joined or None
    if isinstance(value, bool | int | float):
        return str(value)
    text = str(value)
    surrogate = _SURROGATE.search(text)
    if surrogate is not None:
        raise FieldProblem(
            f"a field contains a lone UTF-16 surrogate (\\u{ord(surrogate.group()):04x} at character "
            f"{surrogate.start()}), which is not valid Unicode text"
        )
    return text.strip() or None


def storable_published(*candidates: datetime | None) -> tuple[datetime | None, str | None]:
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


def parse_date(value: Any) -> datetime | None:
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
        text = as_text(value)
    except FieldProblem:
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
