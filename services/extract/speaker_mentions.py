"""What the speaker memory holds: a mention of a name, a speaker who spoke, and the look-ups over
all the mentions of an article (the fuller name a short one stands for, the type of each name)."""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas.models import Speaker, SpeakerType
from services.extract.lexicon.names import NAME_PARTICLES
from services.extract.lexicon.titles import PERSON_TITLES
from services.extract.speaker_names import JOINED_PARTICLE_RE, has_given_name, is_person_noun, looks_like_person


@dataclass(slots=True)
class Mention:
    canonical: str
    surface: str
    offset: int
    type: SpeakerType
    titles: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Spoken:
    speaker: Speaker
    offset: int
    via: str | None
    titles: set[str]


def _may_be_fuller(mention: Mention) -> bool:
    """Whether a mention can be the fuller name of a short one: a person's name, without a title
    run into it ('Trade Commissioner Elif Sarac')."""
    if not looks_like_person(mention.canonical):
        return False
    if any(w.lower().rstrip(".") in PERSON_TITLES or is_person_noun(w.lower()) for w in mention.canonical.split()):
        return False
    return not (mention.type is SpeakerType.organisation and not has_given_name(mention.canonical))


@dataclass(frozen=True, slots=True)
class MentionIndex:
    """The fuller person's names by their first and last one to four words, and the first known
    type of each canonical name: made once per set of mentions, a look-up per speaker instead of
    a pass over every mention (thousands of names in a hostile text)."""

    fuller: dict[tuple[str, tuple[str, ...]], set[str]]
    types: dict[str, SpeakerType]

    @classmethod
    def of(cls, mentions: list[Mention]) -> MentionIndex:
        fuller: dict[tuple[str, tuple[str, ...]], set[str]] = {}
        types: dict[str, SpeakerType] = {}
        for mention in mentions:
            if mention.type is not SpeakerType.unknown:
                types.setdefault(mention.canonical, mention.type)
            other = mention.canonical.split()
            if len(other) < 2 or not _may_be_fuller(mention):
                continue
            for k in range(1, min(4, len(other) - 1) + 1):
                fuller.setdefault(("start", tuple(other[:k])), set()).add(mention.canonical)
                fuller.setdefault(("end", tuple(other[-k:])), set()).add(mention.canonical)
        return cls(fuller, types)

    def type_of(self, canonical: str) -> SpeakerType:
        return self.types.get(canonical, SpeakerType.unknown)

    def fuller_person_name(self, name: str) -> str | None:
        """The one fuller person's name this short form is the start or the end of: 'Zhao' for
        'Zhao Wenjing' (family name first), 'Ferrández Ruiz' for 'María José Ferrández Ruiz' (two
        surnames). None when no name or several fit ('Whitcombe' with two Whitcombes)."""
        words = name.split()
        if not 1 <= len(words) <= 4 or not all(w[:1].isupper() or w in NAME_PARTICLES or JOINED_PARTICLE_RE.match(w)
                                               for w in words):
            return None
        found = self.fuller.get(("start", tuple(words)), set()) | self.fuller.get(("end", tuple(words)), set())
        return next(iter(found)) if len(found) == 1 else None
