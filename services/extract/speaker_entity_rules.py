"""The speaker rules about a name the recogniser found ('Ingrid Solheim said'), its slips (a
role, an age or a nationality taken for a name, a name cut short) and a name in apposition ('the
club's chairman, Pieter Vos'). They keep their place in `speaker_rules.SPEAKER_RULES` and answer
as every speaker rule does (a `SpeakerRef`, `NO_SPEAKER`, or None for the next rule).
"""

from __future__ import annotations

from spacy.tokens import Token

from schemas.models import SpeakerType
from services.extract.lexicon.titles import PERSON_TITLES, POST_NOMINALS, ROLE_ABBREVIATIONS, ROLE_NOUNS
from services.extract.nlp import coarse_pos
from services.extract.speaker_names import (
    clean_surface,
    ent_surface,
    has_given_name,
    is_demonym_noun,
    is_person_noun,
    strip_person_title,
    titled_person,
)
from services.extract.speaker_phrases import (
    entity_of,
    name_tail_end,
    split_name_start,
)
from services.extract.speaker_types import NO_SPEAKER, NoSpeaker, SpeakerRef, Subject

SPEAKER_ENT_LABELS = {"PERSON": SpeakerType.person, "ORG": SpeakerType.organisation,
                      "GPE": SpeakerType.organisation}


def role_abbreviation(s: Subject) -> SpeakerRef | None:
    """'The CM said the budget was fair.': an abbreviated role the recogniser took for a name."""
    token = s.token
    if s.ent is not None and len(s.ent) == 1 and s.lower in ROLE_ABBREVIATIONS and token.i > 0 \
            and token.doc[token.i - 1].lower_ == "the":
        return SpeakerRef(f"the {token.text}", "role", SpeakerType.person, head=s.lower, offset=s.offset)
    return None


def body_noun_with_named_apposition(s: Subject) -> SpeakerRef | None:
    """'Her GP, Dr Tobias Wren, said the scan was clear.': a common noun the recogniser took for a
    body, with the person named in apposition."""
    token, ent = s.token, s.ent
    if ent is None or ent.label_ != "ORG" or len(ent) != 1 or token.tag_ not in {"NN", "NNS"}:
        return None
    for child in token.children:
        child_ent = entity_of(child)
        titled = any(t.lower_.rstrip(".") in PERSON_TITLES for t in child.doc[child.left_edge.i : child.i])
        if child.dep_ == "appos" and child_ent is not None and (
                child_ent.label_ == "PERSON" or titled or has_given_name(ent_surface(child_ent))):
            return SpeakerRef(ent_surface(child_ent), "name", SpeakerType.person,
                              offset=s.locate(child_ent.start_char))
    return None


def entity_with_an_age(s: Subject) -> SpeakerRef | None:
    """'Halden, 52, said the road was closed.': a body or a place has no age, so a person."""
    ent = s.ent
    if ent is not None and ent.label_ in {"ORG", "GPE"} and any(
            c.dep_ == "appos" and c.like_num and c.i > s.token.i for c in s.token.children):
        return SpeakerRef(ent_surface(ent), "name", SpeakerType.person, offset=s.locate(ent.start_char))
    return None


def country_owned_body(s: Subject) -> SpeakerRef | None:
    """'Norway's fisheries ministry said the quota would fall.', the recogniser taking 'fisheries
    ministry' for a name: a body described, not named, is known by its country."""
    ent = s.ent
    if ent is None or ent.label_ != "ORG" or not ent.text[:1].islower():
        return None
    owners = [c for c in ent.root.children if c.dep_ == "poss" and c.i < ent.start and c.ent_type_ == "GPE"]
    if not owners:
        return None
    owned = s.token.doc[owners[0].left_edge.i : min(ent.end, ent.root.i + 1)]
    return SpeakerRef(clean_surface(owned.text), "phrase", SpeakerType.organisation, offset=s.locate(owned.start_char))


def body_name_runs_on(s: Subject) -> SpeakerRef | None:
    """'The Centre for Coastal Studies said the dunes were shrinking.', the recogniser seeing only
    'Centre': the name runs on through 'for'."""
    ent = s.ent
    if ent is None or ent.label_ != "ORG" or name_tail_end(ent.root) <= ent.end:
        return None
    longer = s.token.doc[ent.start : name_tail_end(ent.root)]
    return SpeakerRef(clean_surface(longer.text, keep_capital_the=True), "name", SpeakerType.organisation,
                      offset=s.locate(longer.start_char))


def person_split_at_hyphen(s: Subject) -> SpeakerRef | None:
    """'Omar al-Sayegh said the talks had stalled.', the recogniser taking only 'Sayegh': the
    name starts before the hyphen, with the given names."""
    ent = s.ent
    if ent is None or ent.label_ != "PERSON" or split_name_start(s.token.doc, ent.start) >= ent.start:
        return None
    whole = s.token.doc[split_name_start(s.token.doc, ent.start) : ent.end]
    return SpeakerRef(strip_person_title(clean_surface(whole.text)), "name", SpeakerType.person,
                      offset=s.locate(whole.start_char))


def named_entity(s: Subject) -> SpeakerRef | None:
    """'Ingrid Solheim said the ferry was late.': a person, body or place the recogniser named."""
    ent = s.ent
    if ent is None or ent.label_ not in SPEAKER_ENT_LABELS:
        return None
    return SpeakerRef(ent_surface(ent), "name", SPEAKER_ENT_LABELS[ent.label_], offset=s.locate(ent.start_char))


def nationality_in_focus(s: Subject) -> SpeakerRef | None:
    """'The Norwegian told reporters he was tired.': the person in focus, known by nationality."""
    token = s.token
    if s.ent is not None and s.ent.label_ == "NORP" and token.i > 0 and token.doc[token.i - 1].lower_ == "the" \
            and is_demonym_noun(token.text) and (token.tag_ in {"NNP", "NN"} or token.dep_ == "nsubj"):
        return SpeakerRef(f"the {token.text}", "role", SpeakerType.person, head=s.lower, offset=s.offset)
    return None


def nationality(s: Subject) -> SpeakerRef | NoSpeaker | None:
    """'Canadian maintains its lead.': a nationality is not a speaker; a plural one is a group of
    people who can hold a claim ('Republicans said the probe was mishandled'), named as written."""
    if s.ent is None or s.ent.label_ != "NORP":
        return None
    if s.token.tag_ in {"NNPS", "NNS"} or s.lower.endswith("s"):
        return SpeakerRef(clean_surface(s.phrase.text), "phrase", SpeakerType.unknown, offset=s.offset)
    return NO_SPEAKER


def _unrecognised_appositive_name(s: Subject, child: Token) -> SpeakerRef | None:
    if child.dep_ == "appos" and entity_of(child) is None and coarse_pos(child) == "PROPN" \
            and (coarse_pos(s.token) == "NOUN" or is_person_noun(s.lower)):  # 'The Minister for X, Y Z,'
        run = [t for t in child.doc[child.left_edge.i : child.i + 1] if t.text[:1].isupper()]
        if run:
            name = child.doc[run[0].i : child.i + 1].text
            return SpeakerRef(strip_person_title(clean_surface(name)), "name",
                              SpeakerType.person if s.lower in ROLE_NOUNS else SpeakerType.unknown,
                              offset=s.locate(child.idx))
    return None


def _recognised_appositive_name(s: Subject, child: Token) -> SpeakerRef | None:
    if child.dep_ != "appos":
        return None
    child_ent = entity_of(child)
    if child.lower_ in POST_NOMINALS and child.i > 0 and entity_of(child.doc[child.i - 1]) is not None:
        child_ent = entity_of(child.doc[child.i - 1])  # 'Mr Aidan Breathnach SC': the name before the letters
    if child_ent is not None and child_ent.label_ in {"PERSON", "ORG"}:
        # a role noun in apposition names a person whatever the recogniser guessed
        type_ = SpeakerType.person if s.lower in ROLE_NOUNS or titled_person(child_ent.text) \
            else SPEAKER_ENT_LABELS[child_ent.label_]
        return SpeakerRef(ent_surface(child_ent), "name", type_, offset=s.locate(child_ent.start_char))
    return None


def appositive_name(s: Subject) -> SpeakerRef | None:
    """'The club's chairman, Pieter Vos, said the stadium would be rebuilt.': an apposition
    carrying the name."""
    for child in s.token.children:
        found = _unrecognised_appositive_name(s, child) or _recognised_appositive_name(s, child)
        if found is not None:
            return found
    return None
