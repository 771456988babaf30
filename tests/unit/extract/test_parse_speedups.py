"""The extractor's speed-ups over parsed sentences must not change what the rules see: the cue-word
pre-scan finds every token a reporting-verb rule can accept, the integer-keyed POS map agrees
with the tag strings, and the remembered sentences and text are spaCy's own."""

from __future__ import annotations

import pytest
from samples import SAMPLE_ARTICLES

from services.extract.nlp import (
    TAG_TO_POS,
    coarse_pos,
    cue_words,
    get_nlp,
    paragraphs,
    sentence_bounds,
    split_sentences,
)
from services.extract.parse import parse_texts
from services.extract.reported import is_reporting_verb

EXTRA = [
    "Quoted as saying the plan was dead, the minister later denied it, according to aides.",
    "ACCORDING TO the report, officials Reported that the dam had held; she TOLD reporters so.",
    "“No,” he retorted. The coach quipped, lamented and boasted, then blamed the referee.",
    "The ferry left. It was late; the harbour master, who said so, left too. Then rain.",
    "",
    "…",
]


@pytest.fixture(scope="module")
def parsed():
    nlp = get_nlp()
    texts = [text[s.start : s.end] for text in SAMPLE_ARTICLES.values()
             for p in paragraphs(text) for s in split_sentences(text, p)] + EXTRA
    return list(nlp.pipe(texts, disable=["ner"]))


def test_cue_words_cover_every_reporting_verb_and_according(parsed):
    checked = 0
    for doc in parsed:
        found = {t.i for t in cue_words(doc)}
        for token in doc:
            if is_reporting_verb(token) or token.lower_ == "according":
                assert token.i in found, (token.text, doc.text)
                checked += 1
    assert checked > 40  # the corpus does exercise the rule


def test_cue_words_skip_ordinary_words(parsed):
    doc = next(d for d in parsed if d.text.startswith("Quoted as saying"))
    # 'plan' is a form of a belief verb ('plans to'), so it is a cue word even as a noun: the
    # parse decides; 'was', 'dead', 'minister' and 'aides' never are
    assert [t.lower_ for t in cue_words(doc)] == ["saying", "plan", "denied", "according"]


def test_coarse_pos_matches_the_tag_strings(parsed):
    for doc in parsed:
        for token in doc:
            assert coarse_pos(token) == TAG_TO_POS.get(token.tag_, "X")


def test_sentence_bounds_are_the_token_s_sentence(parsed):
    several = 0
    for doc in parsed:
        several += len(list(doc.sents)) > 1
        for token in doc:
            assert sentence_bounds(token) == (token.sent.start, token.sent.end), (token.text, doc.text)
    assert several > 0  # some docs hold more than one sentence


def test_parsed_docs_remember_their_own_text():
    texts = ["The ferry left at dawn.", "  Two  spaces,\tthen a tab. ", "“No,” he said."]
    for text, doc in zip(texts, parse_texts(get_nlp(), texts), strict=True):
        assert doc.user_data["claimwire_text"] == doc.text == text
