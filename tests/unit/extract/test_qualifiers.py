"""qualifiers: the qualifier phrases before and after an amount."""

import pytest

from services.extract.qualifiers import qualifier_after, qualifier_before
from services.extract.quantities import find_quantities
from services.extract.tokens import TokenText


@pytest.mark.parametrize(
    ("text", "at", "expected"),
    [
        ("well over 40 boats", 2, ("more than", 0)),
        ("no fewer than 9 ships", 3, ("at least", 0)),
        ("as many as 70 vans", 3, ("up to", 0)),
        ("an estimated 600 cows", 2, ("about", 0)),
        ("just under 8 hours", 2, ("less than", 0)),
        ("precisely 11 cats", 1, ("exactly", 0)),
        ("it isn't only 3 bikes", 3, ("more than", 2)),
        ("a fleet of 40 boats", 3, None),
    ],
)
def test_qualifier_before(text, at, expected):
    assert qualifier_before(TokenText(text), at) == expected


@pytest.mark.parametrize(
    ("text", "last", "expected"),
    [
        ("60 or so hikers", 0, ("about", 2)),
        ("60 or more hikers", 0, ("at least", 2)),
        ("60 or more than that", 0, None),
        ("60+ hikers", 0, ("more than", 1)),
        ("60 + 3", 0, None),
        ("sixty-plus hikers", 0, ("more than", 2)),
        ("60 hikers", 0, None),
    ],
)
def test_qualifier_after(text, last, expected):
    assert qualifier_after(TokenText(text), last) == expected


def test_lookalike_letters_do_not_hide_a_qualifier():
    # "more thаn" with a Cyrillic а, as planted by spun copy
    (found,) = find_quantities("The brigade has more th\u0430n 800 vehicles.")
    assert (found.quantity.value, found.quantity.qualifier) == (800.0, "more than")


def test_over_a_span_of_time_is_no_qualifier():
    (found,) = find_quantities("The works ran over six weeks.")
    assert (found.quantity.value, found.quantity.qualifier, found.quantity.unit) == (6.0, None, "weeks")
