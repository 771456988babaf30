"""The names one article uses, fed to the alias resolver in reading order, so that short forms
resolve to full names ('Okafor' -> 'Grace Okafor') and the speaker book keys its people by them.

Named-entity recognition only sees where speakers are named (see services.extract.parse);
elsewhere capitalised sequences feed the resolver, untyped.
"""

from __future__ import annotations

import logging
import re

from schemas.models import Entity, EntityType, SpeakerType
from services.extract.aliases import AliasResolver
from services.extract.lexicon.function_words import PARTITIVE_HEADS, SENTENCE_START_WORDS
from services.extract.lexicon.titles import TITLES_OPENING_A_SENTENCE
from services.extract.limits import ExtractionLimits
from services.extract.mentions import (
    acronym_led_mentions,
    capital_actors,
    military_mentions,
    numbered_unit_mentions,
)
from services.extract.plan import Plan
from services.extract.speakers import (
    CAPITAL,
    ENTITY_TYPES,
    NAME_JOIN,
    SpeakerBook,
    clean_surface,
    doc_mentions,
    has_given_name,
    is_person_noun,
    looks_like_person,
    strip_person_title,
    titled_names,
)

log = logging.getLogger(__name__)

# (offset, surface, entity type for the resolver, speaker type, titles)
Mention = tuple[int, str, EntityType | None, SpeakerType | None, set[str]]

_ENTITY_LABELS_FOR_ALIASES = {"PERSON", "ORG", "GPE", "LOC", "FAC"}
CAP_SEQUENCE_RE = re.compile(
    rf"\b{CAPITAL}[a-zà-ÿ][\w’'-]*(?:(?:\s+of\s+(?:the\s+)?|{NAME_JOIN}){CAPITAL}[\w’'-]+){{1,4}}"
)
_INITIALS_BEFORE_RE = re.compile(r"(?<![\w.])(?:[A-Z]\.\s?){1,3}\s$")
_NICKNAME_RE = re.compile(r"(?<=\w)\s+[“\"‘'][A-Z][\w’'-]{1,15}[”\"’'](?=\s+[A-Za-z])")
_NICKNAME_MARKS = "“\"‘'"  # a nickname opens with one of these


def bounded_mentions(mentions: list[Mention], limits: ExtractionLimits) -> list[Mention]:
    """The mentions of the first `max_names` distinct names, at most `max_mentions` in all, in
    reading order: matching a name costs a look at every name before it, so a text of thousands
    of distinct capitalised names is a list, not news, and the rest of it names no one."""
    if len(mentions) <= limits.max_mentions and len({m[1] for m in mentions}) <= limits.max_names:
        return mentions
    kept: list[Mention] = []
    names: set[str] = set()
    for mention in mentions:
        if mention[1] not in names:
            if len(names) >= limits.max_names:
                continue
            names.add(mention[1])
        kept.append(mention)
        if len(kept) >= limits.max_mentions:
            break
    return kept


def capitalised_name(chunk: str, match: re.Match[str]) -> str | None:
    """The name in a capitalised sequence, without what opens a sentence ('The'), a title, a
    partitive ('Shares of') or a possessor ('DA’s Nomvula Khumalo'); None when one word is left."""
    words = match.group(0).split()
    if words[0] in SENTENCE_START_WORDS or words[0].lower() in TITLES_OPENING_A_SENTENCE:
        words = words[1:]
    initials = _INITIALS_BEFORE_RE.search(chunk, max(0, match.start() - 12), match.start())
    if initials is not None and words == match.group(0).split():
        words = initials.group(0).split() + words  # 'K. Venkata Raghunath', 'J.R. Adeyemi'
    if len(words) >= 3 and words[1] == "of" and (words[0].lower() in PARTITIVE_HEADS
                                                  or is_person_noun(words[0].lower().removesuffix("s"))):
        words = words[2:]  # 'Shares of Halvard Therapeutics', 'Members of Parliament'
    owner = next((i for i, w in enumerate(words[:-1]) if w.endswith(("'s", "’s"))), None)
    if owner is not None:
        words = words[owner + 1 :]  # "DA’s Nomvula Khumalo": the possessor is not in the name
    if len(words) < 2:
        return None
    # "Halvorsen Shipping’s quarterly profit": the name without the possessive
    surface = clean_surface(" ".join(words))
    # "Chief Executive Priya Raghunathan", "Conservative Simon Greaves": a title, occupation or
    # party label before a person's name is not part of the name
    person = strip_person_title(surface)
    if person != surface and (has_given_name(person) or looks_like_person(person)):
        surface = person
    return surface


def sentence_mentions(plan: Plan) -> list[Mention]:
    """Capitalised sequences and recognised entities, sentence by sentence."""
    mentions: list[Mention] = []
    for sentence in plan.sentences:
        chunk = plan.text[sentence.span.start : sentence.span.end]
        # 'Ramon “Monching” dela Paz': a quoted nickname inside a name is not part of it
        if any(mark in chunk for mark in _NICKNAME_MARKS):  # the pattern tries every character
            chunk = _NICKNAME_RE.sub(lambda m: " " * len(m.group(0)), chunk)
        for match in CAP_SEQUENCE_RE.finditer(chunk):
            surface = capitalised_name(chunk, match)
            if surface is not None:
                mentions.append((sentence.span.start + match.start(), surface, None, SpeakerType.unknown, set()))
        if sentence.doc is None:
            continue
        for surface, offset, label, titles in doc_mentions(sentence.doc, sentence.art):
            if label not in _ENTITY_LABELS_FOR_ALIASES:
                continue
            type_ = {"PERSON": SpeakerType.person, "ORG": SpeakerType.organisation,
                     "GPE": SpeakerType.organisation}.get(label, SpeakerType.unknown)
            entity_type: EntityType | None = ENTITY_TYPES[label]
            if label == "ORG" and " " not in surface:
                # a lone surname is often taken for an organisation: let the resolver decide
                entity_type, type_ = None, SpeakerType.unknown
            mentions.append((offset, surface, entity_type, type_, titles))
    return mentions


def article_mentions(plan: Plan) -> list[Mention]:
    """Every mention in the article, in reading order (the alias resolver expects a reader's order)."""
    mentions = sentence_mentions(plan)
    for post in plan.posts:
        mentions.append((post.signature.start, post.author, EntityType.person, SpeakerType.person, set()))
    for name, offset, titles in titled_names(plan.text):
        mentions.append((offset, name, None, SpeakerType.person, titles))
    # names the scans above miss: "Russian troops", "Army’s 38th Air Assault Brigade"
    # (entities only: no speaker type, the speaker book does not see them)
    for offset, name in [*military_mentions(plan.text), *numbered_unit_mentions(plan.text),
                         *acronym_led_mentions(plan.text)]:
        mentions.append((offset, name, EntityType.organisation, None, set()))
    mentions.sort(key=lambda m: m[0])
    return mentions


class ArticleNames:
    """The alias resolver of one article, and its canonical names once every mention is in."""

    def __init__(self) -> None:
        self.resolver = AliasResolver()
        self._frozen = False
        self._canonical_memo: dict[str, str] = {}
        self._names_bounded = False  # the article names more than limits.max_names / max_mentions

    def canonical(self, surface: str) -> str:
        # once every mention is in, the resolver no longer changes: memoise its answers
        if self._frozen and surface in self._canonical_memo:
            return self._canonical_memo[surface]
        try:
            # past the bound on names, a name not fed in is not matched against them all
            result = self.resolver.canonical(surface, match=not self._names_bounded) or surface
        except Exception:
            result = surface
        if self._frozen:
            self._canonical_memo[surface] = result
        return result

    def collect(self, plan: Plan, book: SpeakerBook) -> None:
        """Feed the alias resolver every mention, in reading order, then let the speaker book
        re-key its names."""
        mentions = article_mentions(plan)
        bounded = bounded_mentions(mentions, plan.limits)
        self._names_bounded = len(bounded) < len(mentions)
        for _, surface, entity_type, _, _ in bounded:
            self._add(surface, entity_type)
        self._add_capital_actors(plan)
        self._frozen = True
        for offset, surface, _, speaker_type, titles in bounded:
            if speaker_type is not None:
                book.add_mention(surface, offset, speaker_type, titles)
        book.finish_mentions()

    def _add(self, surface: str, type_: EntityType | None) -> None:
        try:
            self.resolver.register(surface, type_)  # canonical names are asked for once all are in
        except Exception:
            log.debug("alias resolver rejected %r", surface, exc_info=True)

    def _add_capital_actors(self, plan: Plan) -> None:
        """A capital that says or does something stands for its country ("Minsk agreed")."""
        for sentence in plan.sentences:
            if sentence.doc is None:
                continue
            try:
                for _, surface, country in capital_actors(sentence.doc):
                    self.resolver.add_metonym(surface, country)
            except Exception:
                log.debug("capital metonymy failed", exc_info=True)

    def entities(self) -> list[Entity]:
        try:
            return self.resolver.entities()
        except Exception:
            log.exception("alias resolver could not list entities")
            return []
