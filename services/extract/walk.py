"""The walk over one planned, parsed article: its units (quotations, sentences, posts, answers,
transcript lines, hand-overs) in text order, so pronouns, roles and continuation quotes resolve to
the most recent plausible speaker; then the outlet's numbers and events; then the claims."""

from __future__ import annotations

import logging

from schemas.models import ClaimEvent, Entity
from services.extract.attribution import name_described_speakers, quote_claim
from services.extract.claims import claim_events
from services.extract.formats import (
    answer_claim,
    answers,
    handover_claim,
    handovers,
    post_claims,
    transcript_claim,
    transcript_lines,
)
from services.extract.indirect import sentence_claims
from services.extract.nlp import Span
from services.extract.numeric import numeric_and_event_claims
from services.extract.plan import Plan, Sentence
from services.extract.quotes import EmbeddedPost, Quote
from services.extract.split_quotes import join_split_quotes
from services.extract.subjects import note_sentence_subject
from services.extract.walk_state import WalkState

log = logging.getLogger(__name__)

Transcript = tuple[Span, str]  # a transcript line and its speaker's label
Handover = tuple[Sentence, Span]  # the introducing sentence and the post it hands over to
Unit = Quote | Sentence | EmbeddedPost | Span | Transcript | Handover


def units_in_order(state: WalkState) -> list[tuple[int, Unit]]:
    """Every unit of the article with its offset, in text order; at one offset, quotations and whole-line formats
    come before their sentence, so 'X said: “…”' is known as an attribution before reported speech."""
    plan = state.plan
    units: list[tuple[int, int, Unit]] = []
    for quote in plan.quotes:
        home = state.sentence_at(quote.open)
        units.append((home.span.start if home is not None else quote.open, 0, quote))
    for sentence in plan.sentences:
        units.append((sentence.span.start, 1, sentence))
    for post in plan.posts:
        units.append((post.signature.start, 2, post))
    for answer in answers(state):
        units.append((answer.start, 0, answer))
    for par_start, line, label in transcript_lines(state):
        # keyed by the line's start, before any quotation in it: the line is claimed once, whole
        units.append((par_start, 0, (line, label)))
    for intro, block in handovers(state):
        units.append((block.start, 0, (intro, block)))
    units.sort(key=lambda u: (u[0], u[1], getattr(u[2], "open", 0)))
    return [(at, unit) for at, _, unit in units]


def unit_claims(state: WalkState, unit: Unit) -> None:
    """The claims of one unit, by what it is."""
    if isinstance(unit, Quote):
        skip = state.plan.post_ranges + state.answered
        if not any(lo <= unit.open < hi for lo, hi in skip):
            quote_claim(state, unit)
    elif isinstance(unit, Span):
        answer_claim(state, unit)
    elif isinstance(unit, tuple) and isinstance(unit[0], Sentence):
        handover_claim(state, unit[0], unit[1])
    elif isinstance(unit, tuple):
        transcript_claim(state, unit[0], unit[1])
    elif isinstance(unit, Sentence):
        note_sentence_subject(state, unit)
        sentence_claims(state, unit)
    else:
        post_claims(state, unit)


class ArticleWalk:
    """Second pass over one planned, parsed article."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.state = WalkState(plan)

    def entities(self) -> list[Entity]:
        """The article's canonical entities (for the corpus registry)."""
        return self.state.names.entities()

    def run(self) -> list[ClaimEvent]:
        state = self.state
        state.names.collect(self.plan, state.book)
        for offset, unit in units_in_order(state):
            try:
                unit_claims(state, unit)
            except Exception:  # one bad sentence must not lose the article's other claims
                log.exception("claim extraction failed at offset %s", offset)
        try:
            numeric_and_event_claims(state)
        except Exception:
            log.exception("numeric/event pass failed")
        name_described_speakers(state)
        drafts = join_split_quotes(state.drafts, self.plan.text)
        return claim_events(self.plan.article, self.plan.text, drafts, self.entities(),
                            self.plan.limits.max_quantities)
