"""The walk (services.extract.walk): units in text order, each claimed by its step. Paragraphs
invented for this file."""

from __future__ import annotations

from claim_helpers import article

from services.extract.extractor import parse_plans
from services.extract.nlp import Span
from services.extract.plan import Sentence, plan_article
from services.extract.quotes import Quote
from services.extract.walk import ArticleWalk, units_in_order
from services.extract.walk_state import WalkState


def _walk(text: str) -> ArticleWalk:
    plan = plan_article(article(text))
    parse_plans([plan])
    return ArticleWalk(plan)


def test_units_come_in_text_order_with_a_quote_before_its_sentence() -> None:
    text = "Ilse Marten said: “The pier reopens in May.”\n\nThe ferry carried 400 people."
    walk = _walk(text)
    units = units_in_order(walk.state)
    offsets = [at for at, _ in units]
    assert offsets == sorted(offsets)
    kinds = [type(unit) for _, unit in units]
    assert kinds[:2] == [Quote, Sentence]  # same offset: the quotation first, so its verb is known


def test_qa_answers_are_units() -> None:
    text = "Q: Will the pier reopen?\n\nA: It will, in May."
    units = units_in_order(_walk(text).state)
    assert any(isinstance(unit, Span) for _, unit in units)


def test_run_gives_claims_and_entities() -> None:
    walk = _walk("Harbour master Ilse Marten said the pier would reopen in May.")
    claims = walk.run()
    assert [c.speaker.canonical for c in claims if c.speaker] == ["Ilse Marten"]
    assert "Ilse Marten" in {e.canonical for e in walk.entities()}


def test_walk_state_quote_lookups() -> None:
    text = "She said “yes” and “no” twice."
    plan = plan_article(article(text))
    state = WalkState(plan)
    yes = text.index("yes")
    assert state.in_quote(yes) and not state.in_quote(0)
    assert state.next_quote_open(0) == text.index("“")
    assert state.quoted_overlapping(0, yes) == [plan.quoted[0]]
    sentence = state.sentence_at(yes)
    assert sentence is not None and sentence.span.start == 0
