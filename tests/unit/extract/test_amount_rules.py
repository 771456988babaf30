"""amount_rules: the ordered table that tells a number that is no amount, rule by rule."""

import inspect
import re

import pytest

from services.extract import amount_rules
from services.extract.amount_rules import AMOUNT_RULES
from services.extract.quantities import find_quantities, judge_numbers

EXAMPLE_RE = re.compile(
    r'Example: "(?P<sentence>[^"]+)" -> "(?P<number>[^"]+)" is (?P<verdict>not an amount|an amount)\.'
)


def _example(rule):
    match = EXAMPLE_RE.search(inspect.getdoc(rule) or "")
    assert match is not None, f"{rule.__name__} has no example in its docstring"
    return match["sentence"], match["number"], match["verdict"]


def test_the_rules_can_be_listed_in_order():
    names = [rule.__name__ for rule in AMOUNT_RULES]
    assert names[0] == "in_url_or_handle"
    assert names.index("qualified_year_like_number") < names.index("year_after_a_preposition")
    assert len(set(names)) == len(names)


def test_every_rule_in_the_module_is_in_the_table():
    defined = {name for name, f in inspect.getmembers(amount_rules, inspect.isfunction)
               if f.__module__ == amount_rules.__name__ and not name.startswith("_")
               and name != "judge" and list(inspect.signature(f).parameters) == ["c"]}
    assert defined == {rule.__name__ for rule in AMOUNT_RULES}


@pytest.mark.parametrize("rule", AMOUNT_RULES, ids=lambda rule: rule.__name__)
def test_each_rules_example_is_judged_by_that_rule(rule):
    sentence, number, verdict = _example(rule)
    judged = [j for j in judge_numbers(sentence) if j.text == number]
    assert judged, f"{number!r} not parsed in {sentence!r}"
    assert (judged[0].verdict, judged[0].rule) == (verdict, rule.__name__)


@pytest.mark.parametrize("rule", AMOUNT_RULES, ids=lambda rule: rule.__name__)
def test_each_rules_example_behaves_as_it_says_in_the_found_quantities(rule):
    sentence, number, verdict = _example(rule)
    surfaces = " | ".join(f.quantity.surface for f in find_quantities(sentence))
    if verdict == "not an amount":
        assert not re.search(rf"(?<![\w.]){re.escape(number)}(?![\w])", surfaces), surfaces
    else:
        assert number in surfaces


@pytest.mark.parametrize(
    "text",
    [
        "The war began on Feb. 24, 2022.",
        "In 2014, Russia annexed Crimea.",
        "The talks resumed on 24 October 2022 in Geneva.",
        "The meeting ended at 17:00 local time.",
        "Troops crossed at about 1700 on Tuesday.",
        "Shelling resumed at 0800 GMT.",
        "The 38th Air Assault Brigade moved north.",
        "G7 leaders met in Hiroshima.",
        "Trucks queued at Bridge 2 for hours.",
        "Call +44 20 7946 0958 for details.",
        "See pic.twitter.com/Ab12Cd34 and https://example.com/2022/10/24/story-123",
        "F-16 jets and Covid-19 rules were discussed in the 1990s.",
        "Follow @user2022 and #Ukraine2022 for updates.",
        "No one was hurt, and one of the guards fled.",
        "Published 2022-10-24, updated 10/25/2022.",
        "The 2022 elections were contested.",
    ],
)
def test_things_that_are_not_amounts(text):
    assert find_quantities(text) == []




@pytest.mark.parametrize(
    ("text", "number", "rule"),
    [
        ("Shelling resumed at 0800 GMT.", "0800", "clock_time"),
        ("Agent 007 was recast.", "007", "leading_zero"),
        ("The 38th Air Assault Brigade moved north.", "38", "ordinal_or_decade"),
        ("G7 leaders met in Hiroshima.", "7", "glued_to_a_name"),
        ("Trucks queued at Bridge 2 for hours.", "2", "label_number"),
        ("In 2014, Russia annexed Crimea.", "2014", "year_after_a_preposition"),
        ("The 2022 elections were contested.", "2022", "year_after_a_preposition"),
        ("No one was hurt, and one of the guards fled.", "one", "one_after_a_determiner"),
    ],
)
def test_the_rule_that_fired_on_familiar_non_amounts(text, number, rule):
    assert [j.rule for j in judge_numbers(text) if j.text == number][:1] == [rule]
