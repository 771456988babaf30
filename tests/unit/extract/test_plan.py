"""Planning an article before any parsing (services.extract.plan): sentences, quoted ranges, what
the parser reads. Paragraphs invented for this file."""

from __future__ import annotations

import dataclasses

import pytest
from claim_helpers import article

from services.extract.extractor import extract_claims
from services.extract.limits import DEFAULT_LIMITS
from services.extract.nlp import Span, has_speech_cue, may_be_cue_verb, word_before
from services.extract.plan import PLACEHOLDER, Cover, Ranges, blank_ranges, plan_article


def test_only_sentences_with_a_reporting_cue_outside_quotes_are_parsed() -> None:
    text = ("The ferry left at dawn. The harbour master said the sea was calm.\n\n"
            "“Nobody said a word about the storm,” she said.")
    plan = plan_article(article(text))
    parsed = {text[s.span.start : s.span.end]: s.parse for s in plan.sentences}
    assert parsed["The ferry left at dawn."] is False
    assert parsed["The harbour master said the sea was calm."] is True
    assert [s.par for s in plan.sentences] == [0, 0, 1]
    assert plan.starts == [s.span.start for s in plan.sentences]
    # the quoted words are blanked in `outside`: 'said' inside the quotation is no cue
    last = plan.sentences[-1]
    assert "Nobody" not in last.outside and last.outside.rstrip().endswith("she said.")


def test_quoted_ranges_include_the_marks() -> None:
    text = "“We are ready,” the coach said."
    plan = plan_article(article(text))
    assert plan.quoted == [(0, text.index("”") + 1)]


def test_a_long_standalone_quotation_is_compressed_for_the_parser() -> None:
    quote = "We have waited eleven years for this bridge and we will wait no longer"
    text = f"“{quote},” the mayor said."
    [sentence] = plan_article(article(text)).sentences
    assert sentence.parse and sentence.parse_text == f"“{PLACEHOLDER},” the mayor said."
    assert quote not in sentence.parse_text
    # offsets map back into the article across the placeholder
    said = sentence.parse_text.index("said")
    assert sentence.art(said) == text.index("said")
    assert sentence.doc_char(text.index("said")) == said


def test_the_parse_budget_bounds_what_is_parsed() -> None:
    text = " ".join(f"Official {i} said the road was shut." for i in range(40))
    limits = dataclasses.replace(DEFAULT_LIMITS, max_parse_chars=100)
    plan = plan_article(article(text), limits)
    assert sum(len(t) for t in plan.parse_texts) <= 100
    assert any(not s.parse for s in plan.sentences)


def test_ranges_overlapping_finds_ranges_opened_before_the_span() -> None:
    ranges = Ranges([(0, 50), (10, 12), (60, 70)])
    assert ranges.overlapping(20, 30) == [(0, 50)]
    assert ranges.overlapping(11, 65) == [(0, 50), (10, 12), (60, 70)]
    assert ranges.overlapping(50, 60) == []


def test_cover_merges_ranges() -> None:
    cover = Cover([(5, 10), (8, 20), (30, 31), (40, 40)])
    assert [cover.covers(i) for i in (4, 5, 19, 20, 30, 40)] == [False, True, True, False, True, False]


def test_blank_ranges_keeps_offsets() -> None:
    text = "He said “no” twice."
    assert blank_ranges(text, Span(0, len(text)), [(8, 12)]) == "He said      twice."


@pytest.mark.parametrize(("sentence", "cue"), [
    ("Exports to the United States rose by a third.", False),
    ("Islamic State fighters left the town overnight.", False),
    ("The Washington Post ran the story on its front page.", False),
    ("The report on the harbour was late.", False),
    ("The United States says the harbour will reopen.", True),
    ("The report states that the harbour will reopen.", True),
    ("Harbour officials post the tide tables online.", True),
    ("Voters in several states think the harbour should reopen.", True),
])
def test_a_cue_form_that_ends_a_name_is_no_cue(sentence: str, cue: bool) -> None:
    assert has_speech_cue(sentence) is cue


def test_may_be_cue_verb() -> None:
    assert may_be_cue_verb("", "says") and may_be_cue_verb("report", "states")
    assert not may_be_cue_verb("united", "states") and not may_be_cue_verb("the", "report")
    # a gerund after a preposition reports ('opened by saying'); after a determiner it is a noun
    assert may_be_cue_verb("by", "saying") and may_be_cue_verb("of", "warning")
    assert not may_be_cue_verb("the", "saying") and not may_be_cue_verb("a", "warning")


def test_word_before() -> None:
    assert word_before("Trade with the United States", 22) == "united"
    assert word_before("  “States", 3) == ""


def test_a_quotation_after_a_name_that_ends_in_a_cue_form_is_woven_in() -> None:
    """The sentence is not parsed ('States' is no verb), and its quotation stays woven into it, as
    when the parser read 'States' as a name: it does not continue the previous speaker's words."""
    text = ("Minister Ada Lind spoke at the port on Monday. “We are ready for the season,” she said. "
            "Trade with the United States “has never been stronger than it is this year.”")
    assert [s.parse for s in plan_article(article(text)).sentences] == [False, True, False]
    assert [c.text for c in extract_claims(article(text))] == ["We are ready for the season"]
