"""The outlet's own claims: quantities no quotation or report carries become numeric claims of
their sentence, and sentences the outlet asserts as events ('Police arrested two men') become
reported events."""

from __future__ import annotations

import re

from schemas.models import ClaimKind
from services.extract import rules
from services.extract.claims import Draft
from services.extract.plan import Cover
from services.extract.quantities import FoundQuantity
from services.extract.reported import reported_event_cue
from services.extract.speakers import CAPITAL
from services.extract.walk_state import WalkState

# A bare number right after a capitalised name and a comma, closed by a comma or a full stop: an age
_AGE_AFTER_NAME_RE = re.compile(rf"{CAPITAL}[\w’'-]+,\s*$")
_AGE_RE = re.compile(r"\d{1,3}(?=\s*(?:[,.;](?!\d)|$))")


def _is_loose(state: WalkState, found: FoundQuantity) -> bool:
    """A quantity no claim carries, outside quotations, posts, sources and ages."""
    if state.in_quote(found.start) or any(lo <= found.start < hi for lo, hi in state.plan.post_ranges):
        return False
    if any(lo <= found.start < hi for lo, hi in state.source_ranges):
        return False  # "according to two diplomats": the count of sources is not a claim
    # "said Marjorie Platt, 71,": a person's age, not a claim
    return not (_AGE_AFTER_NAME_RE.search(state.text, max(0, found.start - 40), found.start)
                and _AGE_RE.match(state.text, found.start))


def loose_quantities(state: WalkState) -> dict[int, list[FoundQuantity]]:
    """Quantities by the start of their sentence, once each claim has taken the ones in its words."""
    loose: dict[int, list[FoundQuantity]] = {}
    for found in state.plan.quantities:
        carrier = next((d for d in state.drafts if any(lo <= found.start < hi for lo, hi in d.carry)), None)
        if carrier is not None:
            carrier.quantities.append(found.quantity)
            continue
        if not _is_loose(state, found):
            continue
        sentence = state.sentence_at(found.start)
        if sentence is not None:
            loose.setdefault(sentence.span.start, []).append(found)
    return loose


def numeric_claims(state: WalkState, loose: dict[int, list[FoundQuantity]]) -> None:
    """One numeric claim per sentence with loose quantities."""
    by_start = {s.span.start: s for s in state.plan.sentences}
    for start, found_list in loose.items():
        sentence = by_start[start]
        span = (sentence.span.start, sentence.span.end)
        state.drafts.append(Draft(
            kind=ClaimKind.numeric, text=state.text[span[0] : span[1]], span=span, evidence=span,
            speaker=None, cue=None, via=None, quantities=[f.quantity for f in found_list], rule=rules.NUMERIC_OUTLET,
        ))


def event_claims(state: WalkState, claimed_sentences: set[int], drafted: Cover) -> None:
    """Sentences the outlet asserts as events, not already claimed, quoted or in a post."""
    in_post = Cover(state.plan.post_ranges)
    for sentence in state.plan.sentences:
        start, end = sentence.span.start, sentence.span.end
        if start in claimed_sentences or in_post.covers(start):
            continue
        if len(sentence.outside.strip()) < 0.7 * (end - start):
            continue  # mostly quoted words: not the outlet's own assertion
        if drafted.covers(start):
            continue
        cue = reported_event_cue(state.text[start:end])
        if cue is None:
            continue
        state.drafts.append(Draft(
            kind=ClaimKind.reported_event, text=state.text[start:end], span=(start, end),
            evidence=(start, end), speaker=None, cue=None, via=None, rule=rules.EVENT_OUTLET,
        ))


def numeric_and_event_claims(state: WalkState) -> None:
    """Numeric claims, then reported events, after every quotation and report is drafted."""
    claimed_sentences = {d.evidence[0] for d in state.drafts if d.kind is not ClaimKind.direct_quote}
    loose = loose_quantities(state)
    drafted = Cover(d.evidence for d in state.drafts)  # sentences added below start after these
    numeric_claims(state, loose)
    claimed_sentences.update(loose)
    event_claims(state, claimed_sentences, drafted)
