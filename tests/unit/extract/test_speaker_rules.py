"""The speaker rules: each rule's own docstring example resolves as it says, and that rule is the
one `speaker_ref` records in `ref.rule` (or, for a "no speaker" rule, the one that stops the walk)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Token

from services.extract import speaker_rules
from services.extract.nlp import get_nlp
from services.extract.speaker_rules import SPEAKER_RULES, speaker_ref
from services.extract.speaker_types import NO_SPEAKER, NoSpeaker, SpeakerRef, Subject

# (rule, the example sentence from its docstring, the subject token, the answer: kind and surface,
# or None for "no speaker"; and how the recogniser read the sentence where the rule exists for a
# recogniser's slip: None for as parsed, () for no recogniser, else the entities as (words, label))
Case = tuple[str, str, str, tuple[str, str] | None, tuple[tuple[str, str], ...] | None]
CASES: list[Case] = [
    ("pronoun", "“We are ready,” she said.", "she", ("pronoun", "she"), None),
    ("possessive_pronoun", "His claim that the pier was safe was wrong.", "His", ("pronoun", "he"), None),
    ("age_description", "The 61-year-old said the harbour was safe.", "old", ("role", "the 61-year-old"), None),
    ("platform_object", "The mayor posted on Instagram.", "Instagram", None, None),
    ("role_abbreviation", "The CM said the budget was fair.", "CM", ("role", "the CM"), None),
    ("body_noun_with_named_apposition", "Her GP, Dr Tobias Wren, said the scan was clear.", "GP",
     ("name", "Tobias Wren"), None),
    ("entity_with_an_age", "Halden, 52, said the road was closed.", "Halden", ("name", "Halden"), None),
    ("country_owned_body", "Norway's fisheries ministry said the quota would fall.", "ministry",
     ("phrase", "Norway's fisheries ministry"), (("Norway", "GPE"), ("fisheries ministry", "ORG"))),
    ("body_name_runs_on", "The Centre for Coastal Studies said the dunes were shrinking.", "Centre",
     ("name", "Centre for Coastal Studies"), (("Centre", "ORG"),)),
    ("person_split_at_hyphen", "Omar al-Sayegh said the talks had stalled.", "Sayegh",
     ("name", "Omar al-Sayegh"), (("Sayegh", "PERSON"),)),
    ("named_entity", "Ingrid Solheim said the ferry was late.", "Solheim", ("name", "Ingrid Solheim"), None),
    ("nationality_in_focus", "The Norwegian told reporters he was tired.", "Norwegian",
     ("role", "the Norwegian"), None),
    ("nationality", "Canadian maintains its lead.", "Canadian", None, None),
    ("appositive_name", "The club's chairman, Pieter Vos, said the stadium would be rebuilt.", "chairman",
     ("name", "Pieter Vos"), None),
    ("one_of_a_group", "One of the inspectors said the bridge was unsafe.", "One",
     ("unnamed", "one of the inspectors"), None),
    ("not_a_noun", "Both said the plan would work.", "Both", None, None),
    ("name_after_description", "A spokeswoman for Senator Ada Brandt, Lena Moss, said the bill would pass.",
     "spokeswoman", ("name", "Lena Moss"), None),
    ("indefinite_role", "A spokesman for the port said the cranes were idle.", "spokesman",
     ("unnamed", "A spokesman for the port"), None),
    ("named_family", "The Okoro family said they were grateful.", "family", ("phrase", "Okoro family"), None),
    ("someone_at_a_named_body", "A Siemens engineer said the turbine was safe.", "engineer",
     ("unnamed", "a Siemens engineer"), None),
    ("name_in_phrase", "The Harlow administration said the budget was set.", "administration",
     ("phrase", "Harlow administration"), None),
    ("the_demonym", "The Dane said he would retire.", "Dane", ("role", "The Dane"), None),
    ("coordinated_titles", "President and CEO Rosa Lindqvist said profits rose.", "President",
     ("name", "Rosa Lindqvist"), None),
    ("document_of_owner", "The treasurer's audit found gaps.", "audit", ("role", "The treasurer"), None),
    ("document_by_issuer", "A survey by the Tidewater Trust found that rents rose.", "survey",
     ("name", "Tidewater Trust"), None),
    ("definite_document", "The report warned of delays.", "report", ("document", "The report"), None),
    ("kind_of_document", "According to hospital figures, admissions rose.", "figures",
     ("unnamed", "hospital figures"), None),
    ("unowned_document", "Polls show the race tightening.", "Polls", ("unnamed", "Polls"), None),
    ("pronoun_owned", "His office said the visit was cancelled.", "office", ("possessed", "His office"), None),
    ("agent_of_owner", "Dana Kerr's spokesman said she was unwell.", "spokesman",
     ("unnamed", "Dana Kerr's spokesman"), None),
    ("definite_role", "The mayor said the road would reopen.", "mayor", ("role", "The mayor"), None),
    ("definite_description", "The researchers said the sample was small.", "researchers",
     ("unnamed", "the researchers"), None),
    ("definite_body", "The ministry said the rules would change.", "ministry", ("body", "The ministry"), None),
    ("capitalised_name", "Industry group Fiskelag said catches fell.", "Fiskelag", ("name", "Fiskelag"), ()),
    ("owned_body", "Denmark's energy agency said prices would rise.", "agency",
     ("phrase", "Denmark's energy agency"), None),
    ("indefinite_source", "Two engineers said the dam was sound.", "engineers", ("unnamed", "two engineers"), None),
    ("bare_role", "Their mayor said the road would reopen.", "mayor", ("role", "Their mayor"), None),
    ("bare_body", "Regional council said the plan was approved.", "council", ("phrase", "Regional council"), None),
    ("person_in_focus", "The former goalkeeper said he had no regrets.", "goalkeeper",
     ("role", "The former goalkeeper"), None),
]


def _at(i: int) -> int:
    return i  # one sentence, the whole article


@pytest.fixture(scope="module")
def nlp() -> Language:
    return get_nlp()


def _parse(nlp: Language, text: str, ents: tuple[tuple[str, str], ...] | None) -> Doc:
    if ents is None:
        return nlp(text)
    doc = nlp(text, disable=["ner"])
    spans = []
    for words, label in ents:
        start = text.index(words)
        span = doc.char_span(start, start + len(words), label=label)
        assert span is not None
        spans.append(span)
    doc.ents = spans
    return doc


def _token(doc: Doc, text: str) -> Token:
    return next(t for t in doc if t.text == text)


def _first_answer(token: Token) -> tuple[str, SpeakerRef | NoSpeaker]:
    subject = Subject(token, _at, refer=lambda other: speaker_ref(other, _at))
    for rule in SPEAKER_RULES:
        answer = rule(subject)
        if answer is not None:
            return rule.__name__, answer
    raise AssertionError("no rule answered")


def _docstring(rule: Callable[..., object]) -> str:
    return re.sub(r"\s+", " ", rule.__doc__ or "")


def test_every_rule_has_a_case() -> None:
    assert [c[0] for c in CASES] == [r.__name__ for r in SPEAKER_RULES]


def test_rule_names_are_unique_and_public() -> None:
    names = [r.__name__ for r in SPEAKER_RULES]
    assert len(names) == len(set(names))
    assert all(not n.startswith("_") for n in names)


@pytest.mark.parametrize(("rule", "text", "head", "expected", "ents"), CASES, ids=[c[0] for c in CASES])
def test_the_rules_own_example(nlp: Language, rule: str, text: str, head: str,
                               expected: tuple[str, str] | None, ents: tuple[tuple[str, str], ...] | None) -> None:
    function = next(r for r in SPEAKER_RULES if r.__name__ == rule)
    assert text in _docstring(function), "the example is the rule's own, from its docstring"
    token = _token(_parse(nlp, text, ents), head)
    fired, answer = _first_answer(token)
    assert fired == rule
    ref = speaker_ref(token, _at)
    if expected is None:
        assert answer is NO_SPEAKER
        assert ref is None
    else:
        assert ref is not None
        assert (ref.kind, ref.surface) == expected
        assert ref.rule == rule


def test_a_rule_that_asks_about_another_token_records_its_own_name(nlp: Language) -> None:
    """'The treasurer's audit': the owner is found by the rules too, but the document rule fired."""
    ref = speaker_ref(_token(nlp("The treasurer's audit found gaps."), "audit"), _at)
    assert ref is not None and ref.rule == "document_of_owner"


def test_no_rule_answers_for_a_plain_thing(nlp: Language) -> None:
    token = _token(nlp("The vase fell off the shelf."), "vase")
    assert speaker_ref(token, _at) is None


def test_the_module_documents_its_convention() -> None:
    doc = speaker_rules.__doc__ or ""
    assert "NO_SPEAKER" in doc and "None" in doc and "SpeakerRef" in doc
