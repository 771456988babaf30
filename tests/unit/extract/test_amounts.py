"""amounts: the number at a token, in digits or words, with any currency sign or code."""

import pytest

from services.extract.amounts import parse_amount, parse_number_words
from services.extract.tokens import TokenText


def _parse(text: str, at: int = 0):
    return parse_amount(TokenText(text), at)


@pytest.mark.parametrize(
    ("text", "value", "unit", "last"),
    [
        ("1,250 boats", 1250.0, None, 0),
        ("3.5 tonnes", 3.5, None, 0),
        ("$4.5bn raised", 4.5e9, "dollars", 2),
        ("€2 million spent", 2e6, "euros", 2),
        ("US$30 each", 30.0, "US dollars", 2),
        ("GBP 12 fee", 12.0, "pounds", 1),
        ("20k runners", 2e4, None, 1),
        ("1.2 hundred thousand", 1.2e5, None, 2),
        ("$7 bn deal", 7e9, "dollars", 2),
    ],
)
def test_digits_with_scales_and_currencies(text, value, unit, last):
    amount = _parse(text)
    assert amount is not None
    assert (amount.value, amount.unit, amount.last) == (value, unit, last)


def test_a_bare_m_scales_money_only():
    assert _parse("5m of cable").value == 5.0  # five metres
    assert _parse("£5m of funding").value == 5e6


@pytest.mark.parametrize("text", ["12% higher", "12 percent higher", "12 per cent higher", "twelve pct up"])
def test_percent_signs_and_words(text):
    amount = _parse(text)
    assert amount.is_percent and amount.value == 12.0


@pytest.mark.parametrize(
    ("text", "value"),
    [("nine thousand", 9000.0), ("twenty-one", 21.0), ("a dozen", 12.0), ("one hundred and fifty", 150.0),
     ("two million", 2e6), ("an hundred", 100.0)],
)
def test_number_words(text, value):
    parsed = parse_number_words(TokenText(text), 0)
    assert parsed is not None and parsed[0] == value


def test_two_number_words_in_a_row_are_two_numbers():
    assert parse_number_words(TokenText("five six"), 0) == (5.0, 0)


@pytest.mark.parametrize("text", ["tens of thousands of people", "hundreds of homes", "dozens of cars",
                                  "several thousand fans", "a few hundred metres"])
def test_vague_amounts_have_no_value(text):
    amount = _parse(text)
    assert amount is not None and amount.value is None and amount.allows_of


def test_scores_without_of_is_a_noun_and_a_currency_needs_digits():
    assert _parse("test scores rose", 1) is None
    assert _parse("$ signs") is None


def test_multiplier_verbs_count_times():
    amount = _parse("tripled since")
    assert (amount.value, amount.unit) == (3.0, "times")
