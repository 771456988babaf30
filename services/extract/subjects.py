"""Who a sentence is about: the name, description or group it opens with is the likeliest person
for a 'he', 'she' or 'they' that follows, and for a quotation right after it."""

from __future__ import annotations

import re

from schemas.models import SpeakerType
from services.extract.lexicon.function_words import SENTENCE_START_WORDS
from services.extract.plan import Sentence
from services.extract.speakers import (
    CAPITAL,
    NAME_JOIN,
    SpeakerRef,
    as_description,
    clean_surface,
    is_person_noun,
    strip_person_title,
)
from services.extract.walk_state import WalkState

_SUBJECT_NAME_RE = re.compile(rf"({CAPITAL}[\w’'-]+(?:{NAME_JOIN}{CAPITAL}[\w’'-]+){{0,3}})(?:[’']s)?,?\s+(?=[a-z])")
# "The minister was defiant.", "The 54-year-old told ...": a person described, opening the sentence
_DESCRIBED_SUBJECT_RE = re.compile(r"((?:The|the)\s+(?:[a-z][\w-]*\s+){0,2}?(?P<head>[a-z0-9][\w-]*))\s+(?=[a-z])")
# "Members of the Riverside Tenants’ Association voted ...", "Workers at the Halden plant say ...":
# a group of people named by their tie to a body, opening the sentence
_GROUP_SUBJECT_RE = re.compile(
    rf"((?:[Tt]he\s+)?(?P<head>[A-Za-z]+s)\s+(?:of|at|from|in)\s+(?:the\s+)?{CAPITAL}[\w’'-]*"
    rf"(?:\s+(?:of\s+|and\s+|&\s+)?{CAPITAL}[\w’'-]*){{0,5}}"
    r"(?:\s+(?:plant|factory|site|mine|works|hospital|school|branch|office|depot|store|warehouse|centre|"
    r"center|estate|club|farm|port|yard|prison|camp))?)\s+(?=[a-z])")
# "Kilbride Athletic manager Siobhán Ní Bhriain ...": the words after a name opening the sentence
# are a role and another name; the body before the role is not the sentence's subject
_ROLE_THEN_NAME_RE = re.compile(rf"((?:[a-z][\w-]*\s+){{1,3}}){CAPITAL}")
_SUBJECT_APPOSITION_RE = re.compile(
    r"(?:[\w’'-]+\s+){0,5}?[a-z][\w’'-]*,\s+(?:[a-z][\w’'-]*,?\s+){0,3}"
    rf"({CAPITAL}[\w’'.-]+(?:{NAME_JOIN}{CAPITAL}[\w’'-]+){{0,3}}),\s")
# "Health commissioner Lydia Brandt was blunt ...": a titled name opening the sentence
_SUBJECT_TITLED_RE = re.compile(
    rf"(?:[\w’'.-]+\s+){{1,4}}?({CAPITAL}[\w’'-]+{NAME_JOIN}{CAPITAL}[\w’'-]+(?:{NAME_JOIN}{CAPITAL}[\w’'-]+)?)(?:,|\s+(?=[a-z]))")
# A relative pronoun or a participle before a name: the name sits in a clause about the subject
_CLAUSE_BEFORE_NAME_RE = re.compile(r"\b(?:who|whom|whose|which|that|[a-z]+ing)\b")


def _note_described(state: WalkState, sentence: Sentence) -> bool:
    """'The minister was defiant. “…,” she said.': the description is who 'she' is, unless it
    refers back to someone named. True when noted."""
    described = _DESCRIBED_SUBJECT_RE.match(state.text, sentence.span.start, sentence.span.end)
    if described is None or not is_person_noun(described.group("head").lower()):
        return False
    head = described.group("head").lower()
    speaker = state.resolve(SpeakerRef(described.group(1), "role", SpeakerType.person, head=head,
                                       offset=sentence.span.start))
    if speaker is None:
        return False
    state.book.note_described_subject(speaker, sentence.span.start)
    return True


def _subject_name(state: WalkState, sentence: Sentence, pattern: re.Pattern[str]) -> str | None:
    """The name `pattern` finds opening the sentence, when it is the sentence's subject."""
    match = pattern.match(state.text, sentence.span.start, sentence.span.end)
    if match is None or match.group(1).split()[0] in SENTENCE_START_WORDS:
        return None
    if pattern is _SUBJECT_TITLED_RE and _CLAUSE_BEFORE_NAME_RE.search(state.text, match.start(), match.start(1)):
        return None  # "The officer who arrested Jane Smith said": the name is not the subject
    if pattern is _SUBJECT_NAME_RE:
        after = _ROLE_THEN_NAME_RE.match(state.text, match.end(), sentence.span.end)
        if after is not None and any(is_person_noun(w) for w in after.group(1).split()):
            return None
    return strip_person_title(clean_surface(match.group(1)))


def note_sentence_subject(state: WalkState, sentence: Sentence) -> None:
    """The name a sentence opens with ('Solberg rejected ...', 'Her neighbour, Jonas Berg, is
    ...') is the likeliest person for a 'he' or 'she' that follows; a group of people opening
    it ('Members of the tenants' association ...') for a 'they'."""
    group = _GROUP_SUBJECT_RE.match(state.text, sentence.span.start, sentence.span.end)
    if group is not None and is_person_noun(group.group("head").lower().removesuffix("s")):
        state.book.note_group(as_description(group.group(1)), sentence.span.start)
    if _note_described(state, sentence):
        return
    for pattern in (_SUBJECT_NAME_RE, _SUBJECT_APPOSITION_RE, _SUBJECT_TITLED_RE):
        name = _subject_name(state, sentence, pattern)
        if name is not None and state.book.note_subject(name, sentence.span.start):
            return
