import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.extract.quantities import JudgedNumber, find_quantities, judge_numbers

SEEDS = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds"


def amounts(text: str) -> list[tuple[float | None, str | None, str | None]]:
    return [(f.quantity.value, f.quantity.qualifier, f.quantity.unit) for f in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # disaster reporting
        ("The storm destroyed as many as 300 homes along the coast.", [(300, "up to", "homes")]),
        ("Rescuers pulled at least 14 survivors from the rubble.", [(14, "at least", "survivors")]),
        ("Hundreds of protesters gathered outside parliament.", [(None, None, "protesters")]),
        ("Tens of thousands of residents fled the floods.", [(None, None, "residents")]),
        ("Some 2,500 firefighters battled the blaze.", [(2500, "about", "firefighters")]),
        ("Nearly two dozen villages were cut off.", [(24, "about", "villages")]),
        ("The quake killed more than a hundred people.", [(100, "more than", "people")]),
        # finance
        ("The company raised nearly $4.5bn in its listing.", [(4.5e9, "about", "dollars")]),
        ("Revenue rose 12% to €3.2 billion.", [(12, None, "percent"), (3.2e9, None, "euros")]),
        ("Fewer than 10 percent of voters backed the plan.", [(10, "less than", "percent")]),
        ("Profits topped £250m, up from under £200m.", [(250e6, None, "pounds"), (200e6, "less than", "pounds")]),
        ("The fund holds in excess of 1.2 million shares.", [(1.2e6, "more than", "shares")]),
        # sport
        ("A crowd of 52,000 fans watched the final.", [(52000, None, "fans")]),
        ("He has scored twenty-one goals this season.", [(21, None, "goals")]),
        ("They won 3-1 on Sunday.", []),
        # wire copy
        ("Officials said a dozen soldiers were wounded.", [(12, None, "soldiers")]),
        ("The ministry said 9,000 troops would arrive, roughly 400 more than planned.",
         [(9000, None, "troops"), (400, "about", "troops")]),
        ("Police said exactly 17 people were detained.", [(17, "exactly", "people")]),
        ("The convoy stretched 40km north of the city.", [(40, None, "km")]),
        ("The force numbers a thousand-plus men.", [(1000, "more than", "men")]),
        ("There were 500 or more casualties.", [(500, "at least", "casualties")]),
        ("It will not be only 200 soldiers, he said.", [(200, "more than", "soldiers")]),
        ("Exports have more than doubled since the deal.", [(2, "more than", "times")]),
        ("one hundred and fifty delegates attended", [(150, None, "delegates")]),
        ("The firm cut 10,000 jobs, about 5 per cent of its staff.",
         [(10000, None, "jobs"), (5, "about", "percent")]),
        ("A 12-year-old boy was rescued.", [(12, None, "year-old")]),
        ("The 7.8-magnitude quake struck at dawn.", [(7.8, None, "magnitude")]),
        ("The plan would cost roughly £12bn over five years.", [(12e9, "about", "pounds"), (5, None, "years")]),
        ("Around two-thirds of respondents were worried.", []),
    ],
)
def test_amounts_in_varied_prose(text, expected):
    assert amounts(text) == [(float(v) if v is not None else None, q, u) for v, q, u in expected]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_raises_and_spans_slice_the_surface(text):
    found = find_quantities(text)
    for f in found:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start : f.end] == f.quantity.surface
    assert find_quantities(text) == found


_NUMBERISH = st.lists(
    st.sampled_from(
        ["more", "than", "1,000", "a", "thousand", "$", "3.5", "bn", "%", "-", "plus", "of",
         "tens", "thousands", "troops", "over", "Feb", ".", "24", "2022", "at", "1700", "one",
         "just", "won’t", "be", "G", "7", "+", "or", "so", " ", "\n", "“", "”", "hundred", "and"]
    ),
    max_size=40,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_NUMBERISH)
def test_number_dense_noise_keeps_spans_consistent(text):
    found = find_quantities(text)
    for f in found:
        assert text[f.start : f.end] == f.quantity.surface
    starts = [f.start for f in found]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_huge_input_is_handled():
    text = "More than 1,000 troops arrived. " * 5000
    found = find_quantities(text)
    assert len(found) == 5000


def _gold_quantities():
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    for article in gold["articles"]:
        for claim in article["claims"]:
            for quantity in claim.get("quantities") or []:
                if quantity["value"] is not None:
                    yield claim["evidence"], quantity


@pytest.mark.skipif(not (SEEDS / "gold.json").exists(), reason="seed annotation not present")
def test_every_gold_quantity_is_found_in_its_evidence():
    cases = list(_gold_quantities())
    missed = []
    for evidence, gold in cases:
        found = {(f.quantity.value, f.quantity.qualifier) for f in find_quantities(evidence)}
        if (float(gold["value"]), gold["qualifier"]) not in found:
            missed.append((evidence, gold))
    assert cases, "gold.json has no valued quantities"
    assert missed == []


def test_judge_numbers_names_the_rule_that_fired_and_none_for_amounts():
    assert judge_numbers("The 1990s saw 300 new homes built.") == [
        JudgedNumber("1990", "not an amount", "ordinal_or_decade"),
        JudgedNumber("300", "an amount", None),
    ]
    assert judge_numbers("") == []
