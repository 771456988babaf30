"""A speaker as found in one sentence, before the article's memory resolves it, and what the speaker
rules answer and read (`NO_SPEAKER`, `Subject`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cached_property

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from schemas.models import SpeakerType
from services.extract.speaker_phrases import entity_of, name_tail_end, np_left

# Stands for 'this person' when the extractor itself asks who is in focus (an interviewee, 'the
# former world champion'): a person, of either gender.
SOMEONE = "someone"


@dataclass(frozen=True, slots=True)
class SpeakerRef:
    """A speaker as found in one sentence, before resolution."""

    surface: str
    kind: str  # name | pronoun | role | body | unnamed | document | phrase
    type: SpeakerType = SpeakerType.unknown
    head: str = ""  # lower-case head noun for roles and documents
    offset: int = 0  # article offset of the mention
    rule: str | None = None  # name of the rule that found this speaker (see SPEAKER_RULES)


class NoSpeaker(Enum):
    """A rule's answer that the token names no speaker, so no later rule is asked."""

    NO_SPEAKER = "no speaker"


NO_SPEAKER = NoSpeaker.NO_SPEAKER


class Subject:
    """The token a speaker rule looks at, with what several rules read from it, worked out once."""

    def __init__(self, token: Token, locate: Callable[[int], int],
                 refer: Callable[[Token], SpeakerRef | None]) -> None:
        self.token = token
        self.locate = locate  # sentence offset -> article offset
        self.refer = refer  # the speaker another token of the sentence names, by the same rules
        self.lower = token.lower_
        self.offset = locate(token.idx)
        self.ent = entity_of(token)

    @cached_property
    def phrase(self) -> SpacySpan:
        """The head noun with its left modifiers: 'a senior port official'."""
        return np_left(self.token)

    @cached_property
    def first(self) -> str:
        """The phrase's first word, lower-case: 'a', 'the', 'this' ..."""
        return self.phrase[0].lower_

    @cached_property
    def has_possessor(self) -> bool:
        """'the council's officer': a curly apostrophe often comes out as nmod + case, not poss."""
        token = self.token
        return any(c.dep_ == "poss" or (c.dep_ == "nmod" and c.i < token.i and any(
            g.dep_ == "case" for g in c.children)) for c in token.children)

    @cached_property
    def named_on(self) -> bool:
        """'the Institute for Tidal Energy': a capitalised head whose name runs on after it."""
        return self.token.text[:1].isupper() and name_tail_end(self.token) > self.token.i + 1
