"""units: what an amount counts, and the place or group that follows it."""

import pytest

from services.extract.amounts import parse_amount
from services.extract.quantities import find_quantities
from services.extract.tokens import TokenText
from services.extract.units import counts_something, head_word, looks_plural, prepositional_tail, unit_phrase


def _phrase(text: str, at: int = 0) -> str | None:
    t = TokenText(text)
    amount = parse_amount(t, at)
    assert amount is not None
    phrase = unit_phrase(t, amount.last + 1, amount)
    return None if phrase is None else t.span_text(*phrase)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("40 wooden boats sank", "wooden boats"),
        ("a 9-year-old girl", "year-old"),
        ("300 more riot police", "riot police"),
        ("thousands of the fans", "fans"),
        ("40% of the vote", "vote"),
        ("400 boats Tuesday", "boats"),
        ("hundreds remained", None),
        ("12 km north", "km"),
    ],
)
def test_unit_phrase(text, phrase):
    at = 1 if text.startswith("a ") else 0
    assert _phrase(text, at) == phrase


def test_counts_something_wants_a_lower_case_noun():
    t = TokenText("5 ferries and 5 Ferries and 5 of")
    assert counts_something(t, 1)
    assert not counts_something(t, 4)
    assert not counts_something(t, 7)


def test_looks_plural():
    assert looks_plural("ferries") and looks_plural("sheep")
    assert not looks_plural("bus") and not looks_plural("glass")


def test_head_word_keeps_acronyms_and_compounds():
    t = TokenText("air-defence systems and UNHCR")
    assert head_word(t, 0, 3) == "systems"
    assert head_word(t, 0, 2) == "air-defence"
    assert head_word(t, 5, 5) == "UNHCR"


def test_prepositional_tail():
    t = TokenText("riders in the old town who left")
    tail = prepositional_tail(t, 1)
    assert tail is not None and t.span_text(1, tail) == "in the old town"


def test_subject_includes_the_counted_phrase_and_its_modifier():
    (found,) = find_quantities("The strikes killed at least five civilians in the capital of Kyiv on Monday.")
    assert found.quantity.subject == "civilians in the capital of Kyiv"
    assert found.quantity.surface == "at least five civilians"


def test_elided_unit_is_taken_from_the_earlier_amount_in_the_sentence():
    found = find_quantities("Strikes killed four soldiers in Kharkiv and more than a dozen in Odesa.")
    assert [(f.quantity.value, f.quantity.unit) for f in found] == [(4.0, "soldiers"), (12.0, "soldiers")]


def test_percent_subject_follows_of():
    (found,) = find_quantities("Turnout was 61.5% of registered voters.")
    assert found.quantity.value == 61.5
    assert found.quantity.subject == "of registered voters"
