"""Drafts -> ClaimEvents: each claim the walk found, with the hedges of its evidence sentence that
modify it (its own clause's and its frame's, not another clause's), the sentence's event date, the
article's canonical entities named in that sentence, and its speaker."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from schemas.models import (
    ClaimEvent,
    ClaimKind,
    Entity,
    EntityType,
    EventDate,
    Evidence,
    Quantity,
    QuotedPart,
    RawArticle,
    Speaker,
    SpeakerType,
    claim_id_for,
)
from services.extract.attribution_types import attribution_type_of
from services.extract.dates import event_date_for
from services.extract.hedges import find_hedges, hedges_of_claim

EXTRACTOR_VERSION = "claimwire-extract/1.0"

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Draft:
    """A claim as the walk finds it, before hedges, dates and entities."""

    kind: ClaimKind
    text: str
    span: tuple[int, int]  # the claim's own span, for its id
    evidence: tuple[int, int]
    speaker: Speaker | None
    cue: str | None
    via: str | None
    quote: str | None = None
    carry: list[tuple[int, int]] = field(default_factory=list)  # ranges whose quantities it carries
    parts: list[tuple[int, int]] = field(default_factory=list)  # its verbatim quoted words (a direct quote: span)
    quantities: list[Quantity] = field(default_factory=list)
    date_text: str | None = None
    rule: str | None = None  # the path that produced it (services.extract.rules)


def with_speaker(entities: list[Entity], speaker: Speaker | None) -> list[Entity]:
    """The claim's entities include its speaker; an unnamed source keeps its description as alias
    ('a senior US defense official'), pronouns and roles do not become aliases."""
    if speaker is None or any(e.canonical == speaker.canonical for e in entities):
        return entities
    type_ = {SpeakerType.person: EntityType.person,
             SpeakerType.organisation: EntityType.organisation}.get(speaker.type, EntityType.other)
    aliases = [speaker.canonical]
    if speaker.canonical.startswith("unnamed ") and speaker.surface != speaker.canonical:
        aliases.append(speaker.surface)
    return [*entities, Entity(canonical=speaker.canonical, type=type_, aliases=sorted(set(aliases)))]


def quoted_parts(draft: Draft, text: str) -> list[QuotedPart]:
    """The draft's quoted words with their offsets; a direct quote with none given is its own span."""
    spans = draft.parts or ([draft.span] if draft.kind is ClaimKind.direct_quote else [])
    return [QuotedPart(start=start, end=end, text=text[start:end]) for start, end in spans if end > start]


def unique_quantities(quantities: list[Quantity]) -> list[Quantity]:
    seen: dict[str, Quantity] = {}
    for quantity in quantities:
        seen.setdefault(quantity.model_dump_json(), quantity)
    return list(seen.values())


class EntityIndex:
    """Finds the article's canonical entities in a sentence by any of their surface forms."""

    def __init__(self, entities: list[Entity]) -> None:
        self.by_surface: dict[str, Entity] = {}
        for entity in entities:
            for surface in {entity.canonical, *entity.aliases}:
                if len(surface) >= 2:
                    self.by_surface.setdefault(surface.lower(), entity)
        surfaces = sorted(self.by_surface, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, surfaces)) + r")(?!\w)", re.IGNORECASE)
            if surfaces else None
        )

    def within(self, sentence: str) -> list[Entity]:
        if self.pattern is None:
            return []
        found: dict[str, Entity] = {}
        for match in self.pattern.finditer(sentence):
            entity = self.by_surface.get(match.group(0).lower())
            if entity is not None:
                found.setdefault(entity.canonical, entity)
        return list(found.values())


def _event_date(text: str, article: RawArticle) -> EventDate | None:
    try:
        return event_date_for(text, article.published)
    except Exception:
        log.debug("date resolution failed", exc_info=True)
        return None


def _hedges(sentence: str, sentence_start: int, span: tuple[int, int]) -> list[str]:
    """The hedges of the evidence sentence that modify the claim at `span` (offsets into the text);
    all of the sentence's for a claim whose span lies outside it."""
    start, end = span[0] - sentence_start, span[1] - sentence_start
    if not 0 <= start <= end <= len(sentence):
        return find_hedges(sentence)
    return hedges_of_claim(sentence, start, end)


def claim_events(article: RawArticle, text: str, drafts: list[Draft], entities: list[Entity],
                 max_quantities: int) -> list[ClaimEvent]:
    """One ClaimEvent per distinct claim id, in text order; `text` is the (cut) text the drafts'
    offsets point into."""
    entity_index = EntityIndex(entities)
    events: dict[str, ClaimEvent] = {}
    # several claims share an evidence sentence (a split quote, a quote and its paraphrase)
    hedges_of: dict[tuple[int, int, int, int], list[str]] = {}
    date_of: dict[str, EventDate | None] = {}
    for draft in sorted(drafts, key=lambda d: (d.span[0], d.span[1], d.kind.value)):
        try:
            start, end = draft.evidence
            sentence = text[start:end]
            hedge_key = (start, end, *draft.span)
            if hedge_key not in hedges_of:
                hedges_of[hedge_key] = _hedges(sentence, start, draft.span)
            hedges = list(hedges_of[hedge_key])
            date_source = draft.date_text or sentence
            if date_source not in date_of:
                date_of[date_source] = _event_date(date_source, article)
            event_date = date_of[date_source]
            claim_id = claim_id_for(article.article_id, draft.kind, draft.span[0], draft.span[1])
            if claim_id in events:
                continue
            events[claim_id] = ClaimEvent(
                claim_id=claim_id, article_id=article.article_id, kind=draft.kind,
                text=draft.text, quote=draft.quote, parts=quoted_parts(draft, text), speaker=draft.speaker,
                cue=draft.cue,
                attribution_type=attribution_type_of(draft.kind, draft.cue, draft.speaker),
                via=draft.via, quantities=unique_quantities(draft.quantities)[:max_quantities],
                hedged=bool(hedges),
                hedges=hedges, event_date=event_date,
                entities=with_speaker(entity_index.within(sentence), draft.speaker),
                evidence=Evidence(start=start, end=end, sentence=sentence, rule=draft.rule),
                outlet=article.outlet, url=article.url, published=article.published,
                extractor_version=EXTRACTOR_VERSION,
            )
        except Exception:
            log.exception("could not build claim at %s", draft.span)
    return list(events.values())
