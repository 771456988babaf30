"""nominal: the ordered rules that find what a cue noun attributes and who holds it ('her claim that
…', 'the union's call for …', 'the senator made the promise to …'). Every sentence is written for
this file."""

from __future__ import annotations

import inspect
import re

import pytest
from spacy.tokens import Doc, Token

from services.extract import nominal
from services.extract.lexicon.speech import NOMINAL_CUE_FORMS
from services.extract.nlp import get_nlp, has_speech_cue
from services.extract.nominal import CONTENT_RULES, SOURCE_RULES, find_nominal_cues, judge_content, judge_source

CONTENT_EXAMPLE_RE = re.compile(r'Example: "(?P<sentence>[^"]+)" -> (?:"(?P<content>.+)"|no content)\.\s*$')
SOURCE_EXAMPLE_RE = re.compile(r'Example: "(?P<sentence>[^"]+)" -> (?:source "(?P<source>.+)"|no source)\.\s*$')


def _example(rule, pattern: re.Pattern[str]) -> re.Match[str]:
    text = " ".join((inspect.getdoc(rule) or "").split())
    match = pattern.search(text)
    assert match is not None, f"{rule.__name__} has no example in its docstring"
    return match


def _cue_noun(doc: Doc) -> Token:
    return next(t for t in doc if t.lower_ in NOMINAL_CUE_FORMS)


def _rules_of_module(parameter: str) -> set[str]:
    return {name for name, f in inspect.getmembers(nominal, inspect.isfunction)
            if f.__module__ == nominal.__name__ and list(inspect.signature(f).parameters) == [parameter]
            and not name.startswith("_")}


def test_every_rule_in_the_module_is_in_a_table_once() -> None:
    content = [rule.__name__ for rule in CONTENT_RULES]
    source = [rule.__name__ for rule in SOURCE_RULES]
    assert len(set(content + source)) == len(content + source)
    assert _rules_of_module("c") == set(content + source)
    assert content[-1] == "no_content" and source[-1] == "nobody"


@pytest.mark.parametrize("rule", CONTENT_RULES, ids=lambda rule: rule.__name__)
def test_each_content_rules_example_is_decided_by_that_rule(rule) -> None:
    match = _example(rule, CONTENT_EXAMPLE_RE)
    doc = get_nlp()(match["sentence"])
    span, fired = judge_content(_cue_noun(doc))
    assert fired == rule.__name__
    assert (doc.text[span[0] : span[1]] if span else None) == match["content"]


@pytest.mark.parametrize("rule", SOURCE_RULES, ids=lambda rule: rule.__name__)
def test_each_source_rules_example_is_decided_by_that_rule(rule) -> None:
    match = _example(rule, SOURCE_EXAMPLE_RE)
    doc = get_nlp()(match["sentence"])
    noun = _cue_noun(doc)
    assert judge_content(noun)[0] is not None, "a source is only looked for where there is content"
    source, fired = judge_source(noun)
    assert fired == rule.__name__
    assert (source.text if source is not None else None) == match["source"]


@pytest.mark.parametrize("sentence", ["The promise that she gave was broken.", "The claim that he made was false."])
def test_a_relative_clause_on_the_noun_is_no_content(sentence: str) -> None:
    # the second is parsed as a complement clause ('that' a mark), its verb without an object
    assert judge_content(_cue_noun(get_nlp()(sentence))) == (None, "no_content")


def test_a_denied_or_refused_promise_is_held_by_nobody() -> None:
    for sentence in ("The coach refused to make a promise to stay.", "The coach did not make a promise to stay."):
        doc = get_nlp()(sentence)
        assert judge_source(_cue_noun(doc)) == (None, "not_held"), sentence


def test_cue_nouns_inside_quotes_or_inside_what_a_verb_reports_are_left_alone() -> None:
    doc = get_nlp()("Her claim that the dam was sound drew a sharp reply.")
    [cue] = find_nominal_cues(doc, [])
    assert (cue.cue, doc.text[cue.content_start : cue.content_end]) == ("Her claim", "the dam was sound")
    assert find_nominal_cues(doc, [(0, 20)]) == []
    assert find_nominal_cues(doc, [], [(0, len(doc.text))]) == []


def test_the_cue_reads_the_light_verb_or_the_possessive_word() -> None:
    doc = get_nlp()("The regulator issued a warning that fares would rise.")
    [cue] = find_nominal_cues(doc, [])
    assert (cue.cue, cue.source.text, cue.source_rule) == ("issued a warning", "regulator", "light_verb_subject")


@pytest.mark.parametrize(("sentence", "parsed"), [
    ("Her claim that the vote was rigged spread fast.", True),
    ("The union's calls for a strike grew louder.", True),
    ("Their pledge yesterday to cut fares was welcome.", True),
    ("The claim form was lost in the post.", False),
    ("At that point the road was closed.", False),
])
def test_a_cue_noun_before_what_opens_its_content_makes_a_sentence_worth_parsing(sentence: str, parsed: bool) -> None:
    assert has_speech_cue(sentence) is parsed
