"""The parse step (services.extract.parse): the parser's input order and the speaker windows that
named-entity recognition reads. Sentences invented for this file."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from services.extract import parse
from services.extract.mentions import names_a_capital
from services.extract.nlp import get_nlp
from services.extract.parse import may_be_name, needs_parse, parse_texts, recognise_speaker_names, speaker_windows


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


@pytest.mark.parametrize(("text", "parsed"), [
    ("The mayor said the pier was safe.", True),
    ("Harbour officials think the pier is safe.", True),
    ("According to the harbour master, the pier is safe.", True),
    ("Officials in Minsk were asleep.", True),  # a capital: it may act ('Minsk agreed')
    ("The harbour master’s claim was false.", False),
    ("The harbour plan was late.", False),
])
def test_only_sentences_with_something_for_the_parser_are_parsed(nlp: Language, text: str, parsed: bool) -> None:
    doc = _parse(nlp, text)
    assert needs_parse(doc) is parsed
    assert doc.has_annotation("DEP") is parsed
    assert doc.has_annotation("TAG") and doc.text == text  # tagged either way


def test_names_a_capital_reads_runs_of_proper_nouns(nlp: Language) -> None:
    assert names_a_capital(_parse(nlp, "Talks in New Delhi ended late."))
    assert not names_a_capital(_parse(nlp, "Talks in New York ended late."))


def test_a_sentence_left_unparsed_gives_the_claims_a_parse_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tags alone decide that the parser has nothing to find: with every sentence parsed, the
    claims are the same."""
    from claim_helpers import article
    from samples import SAMPLE_ARTICLES

    from services.extract.extractor import extract_many

    extra = ("Minister Ada Lind spoke at the port. “We are ready for the season,” she said. "
             "The harbour master’s claim “has never been truer than it is this year.” The harbour plan "
             "was late, and the pier’s reports were lost. The harbour master later claimed the pier was safe.")
    articles = [article(text, f"a{i}") for i, text in enumerate([*SAMPLE_ARTICLES.values(), extra])]
    skipped = [[c.model_dump() for c in claims] for claims in extract_many(articles)]
    monkeypatch.setattr(parse, "needs_parse", lambda doc: True)
    assert [[c.model_dump() for c in claims] for claims in extract_many(articles)] == skipped
