"""speaker_phrases: reading the parse around a speaker, on invented sentences."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Token

from services.extract.nlp import get_nlp
from services.extract.speaker_phrases import (
    description_of,
    doc_mentions,
    entity_of,
    name_tail_end,
    np_left,
    split_name_start,
    titles_of_entity,
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return get_nlp()


def _token(doc: Doc, text: str) -> Token:
    return next(t for t in doc if t.text == text)


def test_entity_of(nlp: Language) -> None:
    doc = nlp("Ingrid Solheim said the ferry was late.")
    ent = entity_of(_token(doc, "Solheim"))
    assert ent is not None and ent.text == "Ingrid Solheim"
    assert entity_of(_token(doc, "ferry")) is None


def test_np_left_and_description(nlp: Language) -> None:
    doc = nlp("A senior port official, who asked not to be named, said the cranes were idle.")
    official = _token(doc, "official")
    assert np_left(official).text == "A senior port official"
    assert description_of(official) == "A senior port official"  # a lone capital letter is kept


def test_description_keeps_the_prepositional_tail(nlp: Language) -> None:
    doc = nlp("Two people close to the talks said a deal was near.")
    assert description_of(_token(doc, "people")) == "two people close to the talks"  # the sentence's capital lowered


def test_titles_of_entity(nlp: Language) -> None:
    doc = nlp("Harbour mayor Ines Vos opened the bridge.")
    ent = next(e for e in doc.ents if e.label_ == "PERSON")
    assert "mayor" in titles_of_entity(ent)


def test_doc_mentions(nlp: Language) -> None:
    doc = nlp("Ingrid Solheim met Harbourline Shipping in Bergen.")
    found = {(surface, label) for surface, _, label, _ in doc_mentions(doc, lambda i: i + 100)}
    assert ("Ingrid Solheim", "PERSON") in found
    assert all(offset >= 100 for _, offset, _, _ in doc_mentions(doc, lambda i: i + 100))


def test_name_tail_end_runs_on_through_of(nlp: Language) -> None:
    doc = nlp("The Centre for Coastal Studies said the dunes were shrinking.")
    centre = _token(doc, "Centre")
    assert doc[centre.i : name_tail_end(centre)].text == "Centre for Coastal Studies"


def test_split_name_start_goes_back_over_a_hyphen(nlp: Language) -> None:
    doc = nlp("Omar al-Sayegh said the talks had stalled.")
    sayegh = _token(doc, "Sayegh")
    assert doc[split_name_start(doc, sayegh.i) : sayegh.i + 1].text == "Omar al-Sayegh"
