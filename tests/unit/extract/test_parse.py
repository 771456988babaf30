"""The parse step (services.extract.parse): the parser's input order and the speaker windows that
named-entity recognition reads. Sentences invented for this file."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from services.extract.nlp import get_nlp
from services.extract.parse import may_be_name, parse_texts, recognise_speaker_names, speaker_windows


@pytest.fixture(scope="module")
def nlp() -> Language:
    return get_nlp()


def _parse(nlp: Language, text: str) -> Doc:
    [doc] = parse_texts(nlp, [text])
    return doc


def test_parse_texts_returns_docs_in_input_order(nlp: Language) -> None:
    texts = ["A much longer sentence about the harbour master and the ferry.", "Short one.", ""]
    assert [d.text for d in parse_texts(nlp, texts)] == texts
    assert parse_texts(nlp, []) == []


def test_windows_cover_the_subject_and_an_inverted_speaker(nlp: Language) -> None:
    doc = _parse(nlp, "Harbour master Ilse Marten said the pier would reopen.")
    windows = speaker_windows(doc)
    assert windows and any("Marten" in doc[a:b].text for a, b in windows)
    inverted = _parse(nlp, "“It was loud,” said Tomas Brenner on Monday.")
    assert any("Brenner" in inverted[a:b].text for a, b in speaker_windows(inverted))


def test_no_window_without_a_possible_name(nlp: Language) -> None:
    doc = _parse(nlp, "He said the pier would reopen.")
    assert speaker_windows(doc) == []


def test_may_be_name_skips_closed_class_words(nlp: Language) -> None:
    doc = _parse(nlp, "Officials said Marten was right.")
    by_text = {t.text: may_be_name(t) for t in doc}
    assert by_text["Marten"] is True
    assert by_text["Officials"] is False and by_text["said"] is False


def test_recognised_names_are_copied_back(nlp: Language) -> None:
    doc = _parse(nlp, "Harbour master Ilse Marten said the pier would reopen.")
    recognise_speaker_names(nlp, [doc])
    assert any("Marten" in ent.text for ent in doc.ents)


