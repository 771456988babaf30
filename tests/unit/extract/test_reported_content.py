"""reported_content: the ordered rules that find what a reporting verb reports."""

import inspect
import re

import pytest
from spacy.tokens import Doc

from services.extract import reported_content
from services.extract.nlp import get_nlp
from services.extract.reported_content import CONTENT_RULES, content_of, judge_content
from services.extract.reporting_verbs import is_reporting_verb

EXAMPLE_RE = re.compile(r'Example(?: \([^)]*\))?: "(?P<sentence>[^"]+)" -> (?:"(?P<content>.+)"|no content)\.\s*$')

# A parser slip the rule exists for, which the pinned model does not make on a short sentence:
# the parse is given by hand (words, heads, dependencies, tags, coarse parts of speech).
HAND_PARSED = {
    "content_before_a_trailing_attribution": (
        "Rail fares will rise in spring , a spokesman said on Monday .".split(),
        [1, 3, 3, 3, 3, 4, 3, 8, 9, 3, 9, 10, 3],
        ["compound", "nsubj", "aux", "ROOT", "prep", "pobj", "punct", "det", "nsubj", "ccomp", "prep", "pobj",
         "punct"],
        ["NN", "NNS", "MD", "VB", "IN", "NN", ",", "DT", "NN", "VBD", "IN", "NNP", "."],
        ["NOUN", "NOUN", "AUX", "VERB", "ADP", "NOUN", "PUNCT", "DET", "NOUN", "VERB", "ADP", "PROPN", "PUNCT"],
    ),
}


def _example(rule):
    text = " ".join((inspect.getdoc(rule) or "").split())
    match = EXAMPLE_RE.search(text)
    assert match is not None, f"{rule.__name__} has no example in its docstring"
    return match["sentence"], match["content"]


def _doc(rule, sentence: str) -> Doc:
    if rule.__name__ in HAND_PARSED:
        words, heads, deps, tags, pos = HAND_PARSED[rule.__name__]
        doc = Doc(get_nlp().vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos)
        assert doc.text.replace(" ,", ",").replace(" .", ".").strip() == sentence
        return doc
    return get_nlp()(sentence)


def test_the_rules_can_be_listed_in_order():
    names = [rule.__name__ for rule in CONTENT_RULES]
    assert names[0] == "finding_not_reported" and names[-1] == "object_content"
    assert len(set(names)) == len(names)


def test_every_rule_in_the_module_is_in_the_table():
    defined = {name for name, f in inspect.getmembers(reported_content, inspect.isfunction)
               if f.__module__ == reported_content.__name__ and list(inspect.signature(f).parameters) == ["r"]
               and not name.startswith("_")}
    assert defined == {rule.__name__ for rule in CONTENT_RULES}


@pytest.mark.parametrize("rule", CONTENT_RULES, ids=lambda rule: rule.__name__)
def test_each_rules_example_is_decided_by_that_rule(rule):
    sentence, content = _example(rule)
    doc = _doc(rule, sentence)
    verbs = [t for t in doc if is_reporting_verb(t)]
    assert verbs, f"no reporting verb in {sentence!r}"
    span, fired = judge_content(verbs[0])
    assert fired == rule.__name__
    assert (doc.text[span[0] : span[1]] if span else None) == content
    assert content_of(verbs[0]) == span
