"""Properties that hold for any text: no exception, evidence slices the text, ids are stable."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import SAMPLE_ARTICLES

from schemas.models import ArticleSource, RawArticle, SourceKind
from services.extract.extractor import extract_claims
from services.extract.nlp import paragraphs, split_sentences

_NEWSY = st.sampled_from([
    "“", "”", '"', "‘", "’", "'", " said ", " says ", ", he said.", " according to ", "Mr ", "Dr. ",
    "Ministry of Defense", "Anna Lind", "She", " told reporters: ", "\n", "\n\n", ". ", "? ", "!",
    "— Jane Roe (@janeroe) May 3, 2023\n", "more than 1,000 troops", "Q: ", "A: ", " 20% ", "…",
    "pic.twitter.com/x1", "#Tag", "\u200b", "а", "\u202e", "\x00", " ",
])
_TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(_NEWSY, st.text(max_size=12)), max_size=60).map("".join),
)


def _article(text: str) -> RawArticle:
    return RawArticle(article_id="prop", text=text, source=ArticleSource(kind=SourceKind.stdin))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_any_text_extracts_without_raising_and_evidence_slices_the_text(text: str) -> None:
    article = _article(text)
    for claim in extract_claims(article):
        assert article.text[claim.evidence.start : claim.evidence.end] == claim.evidence.sentence
        assert claim.article_id == "prop"
        if claim.quote is not None:
            assert claim.quote.strip()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_extraction_is_deterministic(text: str) -> None:
    article = _article(text)
    assert extract_claims(article) == extract_claims(article)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_sentences_lie_inside_their_paragraphs(text: str) -> None:
    for par in paragraphs(text):
        for sentence in split_sentences(text, par):
            assert par.start <= sentence.start < sentence.end <= par.end


def test_claim_ids_are_stable_across_runs_and_unique() -> None:
    for name, text in SAMPLE_ARTICLES.items():
        article = _article(text)
        first, second = extract_claims(article), extract_claims(article)
        assert [c.claim_id for c in first] == [c.claim_id for c in second], name
        assert len({c.claim_id for c in first}) == len(first), name
        for claim in first:
            assert article.text[claim.evidence.start : claim.evidence.end] == claim.evidence.sentence


def test_huge_article_is_handled() -> None:
    text = ("“We will win,” she said. The army said 1,000 troops arrived. " * 400) + "“unclosed " * 50
    claims = extract_claims(_article(text))
    assert claims
