"""Who is speaking: turning a subject noun phrase from the parse into a speaker, and remembering
who has been mentioned and who has spoken so pronouns, roles ("the president") and continuation
quotes resolve to a named speaker.

The memory (`SpeakerBook`) is per article. Names are canonicalised by the alias resolver, which is
fed every person and organisation mention of the article before any speaker is resolved, so
"Mr Lukashenko" and "Lukashenko" land on the fullest name the article uses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from schemas.models import EntityType, Speaker, SpeakerType
from services.extract.gender import compatible as gender_compatible
from services.extract.gender import is_given_name, name_gender, role_gender
from services.extract.lexicon.bodies import (
    DOCUMENT_ISSUED_FORMS,
    DOCUMENT_NOUNS,
    DOCUMENT_WITNESSED_FORMS,
    GENERIC_ORG_NOUNS,
    ORG_NOUNS,
)
from services.extract.lexicon.function_words import PARTITIVE_WORDS
from services.extract.lexicon.names import HYPHENED_NAME_PARTICLES, NAME_PARTICLES
from services.extract.lexicon.people import AGENT_NOUNS, DEMONYM_NOUNS, PERSON_NOUNS, SOURCE_NOUNS, SPEAKERISH_NOUNS
from services.extract.lexicon.platforms import PLATFORMS
from services.extract.lexicon.pronouns import POSSESSIVE_PRONOUNS, PRONOUNS_ANY, PRONOUNS_PERSON, PRONOUNS_THING
from services.extract.lexicon.titles import (
    HONORIFICS,
    PARTY_LABELS,
    PERSON_TITLES,
    POST_NOMINALS,
    ROLE_ABBREVIATIONS,
    ROLE_NOUNS,
)
from services.extract.nlp import coarse_pos

_PARTICLE_ALT = "|".join(sorted(NAME_PARTICLES, key=len, reverse=True))
# A capitalised name of two or more words, lower-case particles allowed between them
CAPITAL = r"[A-ZÀ-ÖØ-ÞĀ-Ž]"
# ... and an Arabic article or 'ul' joined to the next name by a hyphen: 'Nasser al-Harthy'
_JOINED_PARTICLES = r"(?:" + "|".join(HYPHENED_NAME_PARTICLES) + r")-"
_JOINED_PARTICLE_RE = re.compile(_JOINED_PARTICLES + r"[A-Z]")
_JOINED_PARTICLE_PREFIX_RE = re.compile(r"^" + _JOINED_PARTICLES + r"(?=[A-Z])")
NAME_JOIN = rf"\s+(?:(?:{_PARTICLE_ALT})\s+){{0,2}}(?:{_JOINED_PARTICLES})?"

# Stands for 'this person' when the extractor itself asks who is in focus (an interviewee, 'the
# former world champion'): a person, of either gender.
SOMEONE = "someone"


def is_person_noun(word: str) -> bool:
    """A noun that describes a person: the lexicons, or an agent suffix ('-ist', '-ian')."""
    return (word in ROLE_NOUNS or word in PERSON_NOUNS or word in SOURCE_NOUNS
            or (len(word) > 5 and word.endswith(("ist", "ian"))) or _AGED_RE.fullmatch(word) is not None)


_AGED_RE = re.compile(r"\d{1,3}-year-old")  # 'the 54-year-old said'
_AGED_PHRASE_RE = re.compile(r"\b(the|a|an)\s+(\d{1,3})\s*-\s*year\s*-\s*old$", re.IGNORECASE)


_SPEAKER_ENT_LABELS = {"PERSON": SpeakerType.person, "ORG": SpeakerType.organisation,
                       "GPE": SpeakerType.organisation}
ENTITY_TYPES = {"PERSON": EntityType.person, "ORG": EntityType.organisation,
                "GPE": EntityType.location, "LOC": EntityType.location, "FAC": EntityType.location,
                "NORP": EntityType.other}


def clean_surface(surface: str, keep_capital_the: bool = False) -> str:
    """A mention without a leading article or a trailing possessive: 'the Ministry of Defense’s'.
    A capital 'The' inside a sentence is part of a name ('according to The New York Times')."""
    surface = re.sub(r"\s+", " ", surface).strip(" ,;:.\"“”‘’'()[]")
    surface = re.sub(r"^the\s+" if keep_capital_the else r"^(?:the|The|THE)\s+", "", surface)
    surface = re.sub(r"(?:['’]s|['’])$", "", surface)
    return surface.strip()


@dataclass(frozen=True, slots=True)
class SpeakerRef:
    """A speaker as found in one sentence, before resolution."""

    surface: str
    kind: str  # name | pronoun | role | body | unnamed | document | phrase
    type: SpeakerType = SpeakerType.unknown
    head: str = ""  # lower-case head noun for roles and documents
    offset: int = 0  # article offset of the mention
    rule: str | None = None  # name of the rule that found this speaker (see SPEAKER_RULES)


@dataclass(slots=True)
class _Mention:
    canonical: str
    surface: str
    offset: int
    type: SpeakerType
    titles: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _Spoken:
    speaker: Speaker
    offset: int
    via: str | None
    titles: set[str]


def _may_be_fuller(mention: _Mention) -> bool:
    """Whether a mention can be the fuller name of a short one: a person's name, without a title
    run into it ('Trade Commissioner Elif Sarac')."""
    if not looks_like_person(mention.canonical):
        return False
    if any(w.lower().rstrip(".") in PERSON_TITLES or is_person_noun(w.lower()) for w in mention.canonical.split()):
        return False
    return not (mention.type is SpeakerType.organisation and not has_given_name(mention.canonical))


class SpeakerBook:
    """Per-article memory of mentions, titles and speakers in text order."""

    def __init__(self, canonical: CanonicalFn) -> None:
        self._canonical = canonical
        self._mentions: list[_Mention] = []
        self._titles: dict[str, set[str]] = {}
        self._spoken: list[_Spoken] = []
        self._subjects: list[tuple[int, Speaker]] = []
        self._plural: set[str] = set()
        self._groups: list[tuple[int, Speaker]] = []
        # look-ups over the mentions, built once they are all in (see `_mention_index`)
        self._index: tuple[dict[tuple[str, tuple[str, ...]], set[str]], dict[str, SpeakerType]] | None = None

    # ------------------------------------------------------------------ recording
    def add_mention(self, surface: str, offset: int, type_: SpeakerType,
                    titles: set[str] | None = None) -> None:
        canonical = self._canonical(surface)
        mention = _Mention(canonical, surface, offset, type_, set(titles or ()))
        self._mentions.append(mention)
        self._index = None
        if titles:
            self._titles.setdefault(canonical, set()).update(titles)

    def add_titles(self, surface: str, titles: set[str]) -> None:
        if titles:
            self._titles.setdefault(self._canonical(surface), set()).update(titles)

    def finish_mentions(self) -> None:
        """Canonical names can change as the resolver learns fuller names: re-key once all are in."""
        titles: dict[str, set[str]] = {}
        for mention in self._mentions:
            mention.canonical = self._canonical(mention.surface)
            if mention.titles:
                titles.setdefault(mention.canonical, set()).update(mention.titles)
        for key, values in self._titles.items():
            titles.setdefault(self._canonical(key), set()).update(values)
        self._titles = titles
        self._mentions.sort(key=lambda m: m.offset)
        self._index = None

    def note_spoken(self, speaker: Speaker, offset: int, via: str | None) -> None:
        self._spoken.append(_Spoken(speaker, offset, via, self._titles.get(speaker.canonical, set())))

    def last_spoken(self, before: int, within: int | None = None) -> _Spoken | None:
        for spoken in reversed(self._spoken):
            if spoken.offset <= before and (within is None or before - spoken.offset <= within):
                return spoken
        return None

    # ------------------------------------------------------------------ resolution
    def speaker_for_name(self, surface: str, type_: SpeakerType) -> Speaker:
        canonical = self._canonical(surface) or surface
        if type_ is SpeakerType.unknown or (" " not in surface and looks_like_person(canonical)):
            type_ = self._type_of(canonical)
            if type_ is SpeakerType.unknown and looks_like_person(canonical):
                type_ = SpeakerType.person
        if type_ is not SpeakerType.person and has_given_name(canonical):
            type_ = SpeakerType.person  # the recogniser often takes 'Clare Whitcombe' for a body
        fuller = self._fuller_person_name(canonical)
        if fuller is not None:
            canonical, type_ = fuller, SpeakerType.person
        return Speaker(canonical=canonical, surface=surface, type=type_)

    def first_person_between(self, start: int, end: int) -> Speaker | None:
        """The first person named in [start, end): a name shaped like a person's, not a body's."""
        for mention in self._mentions:
            if start <= mention.offset < end and mention.type is not SpeakerType.organisation \
                    and looks_like_person(mention.canonical) and not _is_territory(mention.canonical):
                return Speaker(canonical=mention.canonical, surface=mention.surface, type=SpeakerType.person)
        return None

    def named_after(self, role: str, offset: int, within: int = 800) -> str | None:
        """The one person given this role ('spokesman') in a mention shortly after the offset."""
        found = {m.canonical for m in self._mentions
                 if offset < m.offset <= offset + within and role in self._titles.get(m.canonical, ())}
        return found.pop() if len(found) == 1 else None

    def person_named(self, label: str) -> str | None:
        """The one person mentioned whose name, or surname, is this label in any letter case
        ('OKAFOR', 'DEL CASTILLO', 'Grace Okafor'); None when nobody or several fit."""
        wanted = label.casefold().split()
        found = set()
        for mention in self._mentions:
            words = mention.canonical.casefold().split()
            if mention.type is SpeakerType.organisation and not has_given_name(mention.canonical):
                continue
            if words == wanted or (len(words) > len(wanted) and words[-len(wanted):] == wanted
                                   and looks_like_person(mention.canonical)):
                found.add(mention.canonical)
        return found.pop() if len(found) == 1 else None

    def _fuller_person_name(self, name: str) -> str | None:
        """The one fuller person's name this short form is the start or the end of: 'Zhao' for
        'Zhao Wenjing' (family name first), 'Ferrández Ruiz' for 'María José Ferrández Ruiz' (two
        surnames). None when no name or several fit ('Whitcombe' with two Whitcombes)."""
        words = name.split()
        if not 1 <= len(words) <= 4 or not all(w[:1].isupper() or w in NAME_PARTICLES or _JOINED_PARTICLE_RE.match(w)
                                               for w in words):
            return None
        fuller = self._mention_index()[0]
        found = fuller.get(("start", tuple(words)), set()) | fuller.get(("end", tuple(words)), set())
        return next(iter(found)) if len(found) == 1 else None

    def fits(self, pronoun: str, canonical: str) -> bool:
        """Whether 'he'/'she' can refer to this speaker (the other gender is ruled out)."""
        return self._fits(pronoun, canonical)

    def _fits(self, pronoun: str, canonical: str) -> bool:
        """A candidate for 'he'/'she' whose given name or title says the other gender is out."""
        return gender_compatible(pronoun, canonical, self._titles.get(canonical, set()))

    def _type_of(self, canonical: str) -> SpeakerType:
        return self._mention_index()[1].get(canonical, SpeakerType.unknown)

    def _mention_index(self) -> tuple[dict[tuple[str, tuple[str, ...]], set[str]], dict[str, SpeakerType]]:
        """(the fuller person's names by their first and last one to four words, the first known
        type of each canonical name), made once per set of mentions: a look-up per speaker
        instead of a pass over every mention (thousands of names in a hostile text)."""
        if self._index is not None:
            return self._index
        fuller: dict[tuple[str, tuple[str, ...]], set[str]] = {}
        types: dict[str, SpeakerType] = {}
        for mention in self._mentions:
            if mention.type is not SpeakerType.unknown:
                types.setdefault(mention.canonical, mention.type)
            other = mention.canonical.split()
            if len(other) < 2 or not _may_be_fuller(mention):
                continue
            for k in range(1, min(4, len(other) - 1) + 1):
                fuller.setdefault(("start", tuple(other[:k])), set()).add(mention.canonical)
                fuller.setdefault(("end", tuple(other[-k:])), set()).add(mention.canonical)
        self._index = (fuller, types)
        return self._index

    def resolve(self, ref: SpeakerRef) -> Speaker | None:
        if ref.kind == "name":
            return self.speaker_for_name(ref.surface, ref.type)
        if ref.kind == "pronoun":
            return self._resolve_pronoun(ref)
        if ref.kind == "role":
            return self._resolve_role(ref)
        if ref.kind == "owned role":
            return self._resolve_role(ref, focus=False)
        if ref.kind == "document":
            spoken = self.last_spoken(ref.offset, within=1500)
            if spoken is not None:
                return spoken.speaker.model_copy(update={"surface": ref.surface})
            return None
        if ref.kind == "unnamed":
            # an unnamed source is named by its whole description, as the article gives it
            # ("a senior US defense official", "two people familiar with the matter"): nothing
            # else identifies it, and a shorter form would merge different sources
            canonical = as_description(ref.surface)
            earlier = self._described_before(canonical, ref.offset)
            if earlier is not None:
                return earlier.model_copy(update={"surface": ref.surface})
            if ref.head == "plural":
                self._plural.add(canonical)
            return Speaker(canonical=canonical, surface=ref.surface, type=ref.type)
        if ref.kind == "body":
            return self._resolve_body(ref)
        if ref.kind == "possessed":
            owner = self._resolve_pronoun(SpeakerRef(POSSESSIVE_PRONOUNS[ref.head], "pronoun", offset=ref.offset))
            owned = ref.surface.split(maxsplit=1)[-1]
            if owner is None:
                return Speaker(canonical=ref.surface, surface=ref.surface, type=ref.type)
            return Speaker(canonical=f"{owner.canonical}'s {owned}", surface=ref.surface, type=ref.type)
        return Speaker(canonical=clean_surface(ref.surface) or ref.surface, surface=ref.surface,
                       type=ref.type)

    def _described_before(self, description: str, offset: int) -> Speaker | None:
        """'The deal could close next week, said the people': a bare 'the <noun>' refers back to
        the unnamed source that spoke last with that noun ('two people familiar with the
        matter'), not to a new source."""
        words = description.lower().split()
        if len(words) != 2 or words[0] != "the":
            return None
        for candidate in reversed(self._spoken):
            if candidate.offset >= offset or offset - candidate.offset > 1500:
                continue
            other = candidate.speaker.canonical
            if other[:1].isupper() or other.lower().startswith("the ") or candidate.speaker.type is not SpeakerType.person:
                continue
            if words[1] in other.lower().split()[:4]:
                return candidate.speaker
        return None

    def note_subject(self, surface: str, offset: int) -> bool:
        """A name opening a sentence ('Solberg rejected the criticism.'): a later 'she' more
        likely means this person than an earlier speaker. True when noted."""
        canonical = self._canonical(surface)
        type_ = self._type_of(canonical)
        if type_ is SpeakerType.person or (type_ is SpeakerType.unknown and looks_like_person(canonical)):
            self._subjects.append((offset, Speaker(canonical=canonical, surface=surface,
                                                   type=SpeakerType.person)))
            return True
        return False

    def note_described_subject(self, speaker: Speaker, offset: int) -> None:
        """A person described opening a sentence ('The minister was defiant.'), as resolved."""
        self._subjects.append((offset, speaker.model_copy(update={"type": SpeakerType.person})))

    def note_group(self, description: str, offset: int) -> None:
        """A group of people opening a sentence ('Members of the tenants' association voted ...'):
        a 'they' that follows more likely means this group than an earlier speaker."""
        self._groups.append((offset, Speaker(canonical=description, surface=description,
                                             type=SpeakerType.person)))
        self._plural.add(description)

    def subject_after(self, start: int, end: int) -> Speaker | None:
        """The latest sentence-subject person noted in [start, end)."""
        for at, speaker in reversed(self._subjects):
            if start <= at < end:
                return speaker
        return None

    def subject_before(self, offset: int, within: int) -> Speaker | None:
        for at, speaker in reversed(self._subjects):
            if at < offset:
                return speaker if offset - at <= within else None
        return None

    def _resolve_pronoun(self, ref: SpeakerRef, surface: str | None = None,
                         within: int = 2500) -> Speaker | None:
        word = ref.surface.lower()
        surface = surface or ref.surface
        ref = SpeakerRef(surface, ref.kind, ref.type, ref.head, ref.offset)
        spoken = None
        for candidate in reversed(self._spoken):
            if candidate.offset > ref.offset or ref.offset - candidate.offset > within:
                continue
            if (word in PRONOUNS_PERSON or word == SOMEONE) and (candidate.speaker.type is SpeakerType.organisation
                                            or candidate.speaker.canonical in self._plural
                                            or not self._fits(word, candidate.speaker.canonical)
                                            or (candidate.speaker.type is SpeakerType.unknown
                                                and " " in candidate.speaker.canonical
                                                and candidate.speaker.canonical[:1].isupper()
                                                and not looks_like_person(candidate.speaker.canonical))):
                continue  # 'she' is no body, and no name of one ('Kestrel Motorsport said …')
            spoken = candidate
            break
        subject = next(((o, s) for o, s in reversed(self._subjects)
                        if o < ref.offset and ref.offset - o <= within and self._fits(word, s.canonical)), None)
        if (word in PRONOUNS_PERSON or word == SOMEONE) and subject is not None and (
                spoken is None or subject[0] > spoken.offset):
            return subject[1].model_copy(update={"surface": ref.surface})
        if word in PRONOUNS_ANY:
            group = next(((o, g) for o, g in reversed(self._groups)
                          if o < ref.offset and ref.offset - o <= within), None)
            if group is not None and (spoken is None or group[0] > spoken.offset):
                return group[1].model_copy(update={"surface": ref.surface})
        if spoken is not None:
            return spoken.speaker.model_copy(update={"surface": ref.surface})
        wanted = {SpeakerType.person} if word in PRONOUNS_PERSON or word == SOMEONE else (
            {SpeakerType.organisation} if word in PRONOUNS_THING else
            {SpeakerType.person, SpeakerType.organisation})
        for mention in reversed(self._mentions):
            if mention.offset >= ref.offset or ref.offset - mention.offset > within:
                continue
            type_ = mention.type
            if type_ is SpeakerType.unknown and looks_like_person(mention.canonical):
                type_ = SpeakerType.person
            if type_ is not SpeakerType.person and has_given_name(mention.canonical):
                type_ = SpeakerType.person
            if type_ is SpeakerType.person and not self._fits(word, mention.canonical):
                continue
            if type_ in wanted:
                return Speaker(canonical=mention.canonical, surface=ref.surface, type=type_)
        return None

    def _resolve_body(self, ref: SpeakerRef) -> Speaker:
        """'the ministry said': the latest organisation mentioned whose name has that noun, else
        the phrase itself."""
        generic = ref.head in GENERIC_ORG_NOUNS
        for spoken in reversed(self._spoken):
            if not spoken.offset < ref.offset <= spoken.offset + 3000:
                continue
            name = spoken.speaker.canonical
            # "France's culture ministry denied … “…,” the ministry said": the body that spoke;
            # "Loomly said … The company said": a one-word name that spoke, no person's
            body = spoken.speaker.type is SpeakerType.organisation or (
                spoken.speaker.type is SpeakerType.unknown and " " not in name and name[:1].isupper()
                and not has_given_name(name) and not _is_territory(name))
            if body and (ref.head in name.lower().split() or (generic and ref.offset - spoken.offset <= 1500)):
                return spoken.speaker.model_copy(update={"surface": ref.surface, "type": SpeakerType.organisation})
        candidates = [m for m in reversed(self._mentions) if m.offset < ref.offset <= m.offset + 3000
                      and m.canonical.split() and not has_given_name(m.canonical)
                      and not _is_territory(m.canonical)  # 'outages across North America, the company said'
                      # "Ms Okafor ... The company denies the claim": a person is no company
                      and m.canonical.split()[0].lower().rstrip(".") not in PERSON_TITLES]
        for mention in candidates:
            named = ref.head in mention.canonical.lower().split()
            # an untyped capitalised name (the recogniser did not run there) is a body when the
            # noun is its own word ('the committee' after 'Senate Finance Committee') or generic
            organisation = mention.type is SpeakerType.organisation or (
                mention.type is SpeakerType.unknown and (generic or named)
                and not looks_like_person(mention.canonical) and len(mention.canonical.split()) >= 2)
            if organisation and (named or generic):
                # the noun says what it is: "the company" is an organisation whatever was guessed
                return Speaker(canonical=mention.canonical, surface=ref.surface, type=SpeakerType.organisation)
        for mention in candidates if generic else []:
            # "Goldfarb Meyer raised its target, the bank said": a name shaped like a person's but
            # with no given name, in the same sentence, is the body the generic noun means
            if mention.type is SpeakerType.unknown and ref.offset - mention.offset <= 300 \
                    and len(mention.canonical.split()) == 2 and mention.canonical.replace(" ", "").isalpha():
                return Speaker(canonical=mention.canonical, surface=ref.surface, type=SpeakerType.organisation)
        return Speaker(canonical=clean_surface(ref.surface) or ref.surface, surface=ref.surface,
                       type=SpeakerType.organisation)

    def _resolve_role(self, ref: SpeakerRef, focus: bool = True) -> Speaker | None:
        """'the president' is the latest speaker holding that title, else the latest person
        mentioned with it, else (a description introduced before the name) the next one."""
        head = ROLE_ABBREVIATIONS.get(ref.head, ref.head)
        for spoken in reversed(self._spoken):
            if spoken.offset <= ref.offset and head in self._titles.get(spoken.speaker.canonical, ()):
                return spoken.speaker.model_copy(update={"surface": ref.surface})
        before = [m for m in self._mentions if m.offset < ref.offset]
        after = [m for m in self._mentions if m.offset > ref.offset]
        for mention in [*reversed(before), *after]:
            if head in self._titles.get(mention.canonical, ()):
                return Speaker(canonical=mention.canonical, surface=ref.surface, type=mention.type)
        # "the former world champion said": a description the article never attached to a name
        # refers to the person in focus, as 'she' would
        pronoun = {"female": "she", "male": "he"}.get(role_gender(head) or "", SOMEONE)  # 'the spokeswoman'
        in_focus = self._resolve_pronoun(SpeakerRef(pronoun, "pronoun", offset=ref.offset),
                                         surface=ref.surface, within=600) if focus else None
        if in_focus is not None and (in_focus.canonical[:1].isupper() or description_head(in_focus.canonical) == head):
            return in_focus  # a person in focus, not another description ('the mayor' is no auditor)
        # nobody to refer to ('“We will rebuild,” the governor said.'): the description is the
        # speaker, as for an unnamed source
        if not is_person_noun(head) and not _is_demonym_noun(head):
            return None  # "The painting, said to be worth ...": not someone who speaks
        description = as_description(ref.surface)
        return Speaker(canonical=description, surface=ref.surface, type=SpeakerType.person) if description else None


def as_description(surface: str) -> str:
    """A description as a speaker's name: whitespace collapsed, a capital leading article lowered
    ('The governor' -> 'the governor'), trailing punctuation dropped."""
    text = re.sub(r"\s+", " ", surface).strip(" ,;:.\"“”‘’'()[]")
    first, _, rest = text.partition(" ")
    if first in {"The", "A", "An", "One"} and rest:
        text = f"{first.lower()} {rest}"
    return text


_NOT_PERSON_WORDS = ORG_NOUNS | frozenset(
    "republic kingdom union states nations city river sea ocean street square airport bridge "
    "university institute foundation times news post journal herald guardian pharma foods motors "
    "shipping logistics industrial industries holdings capital partners airlines airways energy "
    "rail railways systems technologies labs media solutions inc ltd plc llc corp co ag gmbh "
    "rovers united fc county council insurance brewery pharmaceuticals pharma telecom telecoms mining "
    "minerals retail brands software networks semiconductors electric oil gas petroleum chemicals "
    "construction properties estates hotels resorts studios entertainment robotics "
    "therapeutics biotech analytics dynamics aerospace automotive cosmetics apparel racing motorsport "
    "athletic athletics wanderers sporting stadium arena hall centre center square street road avenue "
    "station hotel cathedral church mosque temple market palace campus gardens system health".split()
)


def description_head(description: str) -> str:
    """The head noun of a description: 'a WHO spokesman' -> 'spokesman', 'a spokeswoman for Great
    Plains Electric' -> 'spokeswoman'."""
    words = re.split(r"\s+(?:for|of|at|with|from|in|to|on|who|whose|that)\s+", description, maxsplit=1)[0].split()
    return words[-1].lower() if words else ""


def has_given_name(name: str) -> bool:
    """A person's name by its first word: 'Clare Whitcombe', whatever the recogniser said. Only
    names of two to four words without an institutional word, opening with a given name the
    name dictionary knows as a man's or a woman's."""
    words = name.split()
    return looks_like_person(name) and name_gender(" ".join(words[:2])) is not None


def looks_like_person(name: str) -> bool:
    """Two to four capitalised words with no institutional word, not ending in an acronym:
    'Mette Larsen', not 'Reality TV' or 'Channel NTV'."""
    words = [_JOINED_PARTICLE_PREFIX_RE.sub("", w) for w in name.split() if w not in NAME_PARTICLES] \
        if name[:1].isupper() else name.split()
    if words and len(words[-1]) >= 2 and words[-1].isupper() and words[-1].isalpha():
        return False
    if words and _opens_with_place_adjective(words[0]):
        return False  # 'Australian Open', 'Russian Embassy'
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not (
        {re.sub(r"['’]s?$", "", w.lower()) for w in words} & _NOT_PERSON_WORDS)


@lru_cache(maxsize=4096)
def _opens_with_place_adjective(word: str) -> bool:
    from services.extract.places import is_place_adjective

    return word[:1].isupper() and word.lower() not in NAME_PARTICLES and is_place_adjective(word)


class CanonicalFn:  # pragma: no cover - typing helper
    def __call__(self, surface: str) -> str: ...


# --------------------------------------------------------------------------- reading the parse


def strip_person_title(name: str) -> str:
    """'Councillor Ray Dunn' -> 'Ray Dunn', 'Dr. Amrit Vale' -> 'Amrit Vale'; a lone title stays.
    An occupation capitalised at the start of a sentence goes too ('Campaigner Joanne Feeney',
    'Fisherman Lachlan Moore') when a name of two words or more follows, and so do letters after
    the name ('Hannah Ferreira MP')."""
    words = name.split()
    while len(words) > 2 and words[-1].strip(".,").lower() in POST_NOMINALS and words[-1][:1].isupper():
        words = words[:-1]  # 'Aidan Breathnach SC', 'Hannah Ferreira MP': letters after the name
    while len(words) > 2 and (words[0].lower().rstrip(".") in PERSON_TITLES
                              or (is_person_noun(words[0].lower()) and words[1][:1].isupper())
                              or (words[0].lower() in PARTY_LABELS and has_given_name(" ".join(words[1:])))):
        words = words[1:]
    if len(words) == 2 and words[0].lower().rstrip(".") in PERSON_TITLES and words[1][:1].isupper():
        words = words[1:]
    for start in range(1, len(words) - 1):
        # "House Speaker Mike Johnson", "Forecaster Alex Deakin": capitalised words no name
        # dictionary knows, then a given name opening a person's name of two or three words
        rest = words[start:]
        if len(rest) > 3 or not is_given_name(rest[0]) or not looks_like_person(" ".join(rest)):
            continue
        if all(w[:1].isupper() and w not in NAME_PARTICLES and not is_given_name(w) for w in words[:start]):
            words = rest
        break
    return " ".join(words)


_ORDINAL_RE = re.compile(r"\d+(?:st|nd|rd|th)")


def ent_surface(ent: SpacySpan) -> str:
    """An entity's name: 'The' kept where it is capitalised mid-sentence (The New York Times),
    a person's title dropped (Councillor Ray Dunn)."""
    mid_sentence = ent.start > 0 and not ent.doc[ent.start - 1].is_punct
    text = ent.text
    if ent.label_ == "ORG" and ent.start > 0 and _ORDINAL_RE.fullmatch(ent.doc[ent.start - 1].lower_):
        text = ent.doc[ent.start - 1 : ent.end].text  # "the 41st Separate Brigade"
    if ent.label_ == "ORG":
        # "Drinks maker Hobbs & Lyle": the recogniser ran the description into the name
        words = text.split()
        for i, word in enumerate(words[:-1]):
            if word.islower() and word in ORG_NOUNS and words[i + 1][:1].isupper():
                text = " ".join(words[i + 1 :])
                break
    surface = clean_surface(text, keep_capital_the=mid_sentence)
    return strip_person_title(surface) if ent.label_ == "PERSON" or _titled_person(surface) else surface


def _titled_person(name: str) -> bool:
    """'Ms Gráinne Ní Bhriain SC' taken for a body: an honorific before or letters after a name."""
    words = name.split()
    return len(words) >= 3 and (words[0].lower().rstrip(".") in HONORIFICS or words[-1].lower() in POST_NOMINALS)


def entity_of(token: Token) -> SpacySpan | None:
    doc = token.doc
    if token.ent_iob_ == "O" or not token.ent_type_:
        return None
    for ent in doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def _np_left(token: Token) -> SpacySpan:
    """The head noun with its left modifiers: 'a senior US defense official'."""
    start = token.left_edge.i
    while start < token.i and token.doc[start].is_punct:
        start += 1  # a closing quotation mark the parser hung on the phrase: '…,” one resident'
    return token.doc[start : token.i + 1]


_DESCRIPTION_DEPS = frozenset({"det", "nummod", "amod", "compound", "prep", "pobj", "poss", "case",
                               "advmod", "quantmod", "npadvmod", "nmod", "cc", "conj", "punct"})


def _description(token: Token, max_words: int = 10) -> str:
    """An unnamed source's description as written: the head noun with its modifiers and
    prepositional tail ('a spokesperson for the Ministry of Transport', 'two people familiar with
    the matter'), without relative clauses or appositions; a sentence-initial capital lowered."""
    keep = {token.i}
    for child in token.children:
        if child.dep_ in _DESCRIPTION_DEPS or (child.dep_ == "amod" and child.i > token.i) or (
                # "experts not involved in the research": the negation says who they are (a plain
                # participle tail, "diplomats briefed on the talks", is left off)
                child.dep_ == "acl" and child.tag_ == "VBN" and child.left_edge.i == token.i + 1
                and child.left_edge.lower_ == "not"):
            if child.dep_ == "punct":
                continue
            keep.update(t.i for t in child.subtree)
    tokens = [t for t in token.doc[min(keep) : max(keep) + 1] if t.i in keep]
    if any(t.text == "," and t.i > token.i for t in tokens):  # ", who spoke on condition ..."
        tokens = [t for t in tokens if t.i < min(t2.i for t2 in tokens if t2.text == "," and t2.i > token.i)]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    tokens = tokens[: max_words]
    words = []
    for t in tokens:
        text = t.text
        sentence_initial = t.i == 0 or t.doc[t.i - 1].is_punct
        if t is tokens[0] and sentence_initial and coarse_pos(t) != "PROPN" and not text.isupper():
            text = t.lower_
        words.append(text + t.whitespace_)
    return "".join(words).strip()


def _titles_before(ent: SpacySpan) -> set[str]:
    """Role words in the same noun phrase before a name: 'Belarusian President Alexander ...'."""
    titles = set()
    head = ent.root
    for tok in head.subtree:
        if tok.i >= ent.start:
            break
        if tok.lower_ in ROLE_NOUNS:
            titles.add(tok.lower_)
    return titles


def titles_of_entity(ent: SpacySpan) -> set[str]:
    titles = _titles_before(ent)
    for child in ent.root.children:
        if child.dep_ == "appos":
            if child.lower_ in ROLE_NOUNS:
                titles.add(child.lower_)
    # "The EU's chief, Josep Borrell": the name is the apposition of a role noun
    if ent.root.dep_ == "appos" and ent.root.head.lower_ in ROLE_NOUNS:
        titles.add(ent.root.head.lower_)
    # "chief of the general staff ... Viktor Gulevich" parsed with the role as a sibling subject
    head = ent.root.head
    for sibling in head.children:
        if sibling.dep_ == ent.root.dep_ and sibling.i < ent.start and sibling.lower_ in ROLE_NOUNS:
            titles.add(sibling.lower_)
    return titles


def _name_after_tail(token: Token) -> SpacySpan | None:
    """'A spokeswoman for Senator Alan Graves, Maria Ostrow, said': the parser hangs the name on
    the nearest noun, but a name does not take a second name in apposition, so it names the
    person the description is about."""
    for prep in token.children:
        if prep.dep_ != "prep" or prep.i < token.i:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj" or coarse_pos(obj) != "PROPN":
                continue
            for appos in obj.children:
                if appos.dep_ != "appos" or coarse_pos(appos) != "PROPN" or appos.i < obj.i:
                    continue
                run = [t for t in appos.doc[appos.left_edge.i : appos.i + 1] if coarse_pos(t) == "PROPN"]
                if len(run) >= 2 and run[-1].i == appos.i:
                    return appos.doc[run[0].i : appos.i + 1]
    return None


_AGENT_PLURAL_RE = re.compile(r"(?!(?:papers|letters|numbers|orders|others|matters|answers|"
                               r"powers|centers|chapters|quarters|charters|monitors|sectors|factors)$)"
                               r"[a-z]{3,}(?:ers|ors)")


def _name_tail_end(token: Token) -> int:
    """Where a capitalised name ends when it runs on through 'of'/'for' ('Institute for Housing
    Futures', 'Bank of England'): after the prepositional phrase when every word of it is
    capitalised (or 'the', 'and', '&'); else right after the token."""
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ not in {"of", "for"} or prep.i != token.i + 1:
            continue
        words = list(prep.subtree)[1:]
        if words and all(w.text[:1].isupper() or w.lower_ in {"the", "and", "&", "of", "for"} for w in words) \
                and words[-1].text[:1].isupper():
            return words[-1].i + 1
    return token.i + 1


def _is_territory(name: str) -> bool:
    from services.extract.places import is_territory

    return is_territory(name)


def _is_demonym_noun(word: str) -> bool:
    from services.extract.places import country_of_demonym

    return word.lower() in DEMONYM_NOUNS or country_of_demonym(word) is not None


def _split_name_start(doc: Doc, start: int) -> int:
    """Where a name really starts when the parser split it at a hyphen ('Okafor-Bell',
    'bin Hamad al-Nuaimi', 'ul-Haq' parsed as several subjects): back over hyphen-joined parts,
    then over the given names before them."""
    split = False
    while start >= 2 and doc[start - 1].text in {"-", "‐"} and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_ \
            and (doc[start - 2].text[:1].isupper() or doc[start - 2].lower_ in NAME_PARTICLES):
        start -= 2
        split = True
    while split and start >= 1 and coarse_pos(doc[start - 1]) == "PROPN" and (
            doc[start - 1].text[:1].isupper() or doc[start - 1].lower_ in NAME_PARTICLES):
        start -= 1
    return start


def _untagged_name(token: Token) -> bool:
    """'Okonjo later wrote …' with the surname tagged an adjective: a capitalised subject that is
    no common word."""
    return token.dep_ == "nsubj" and token.tag_ == "JJ" and token.text[:1].isupper() \
        and not token.is_stop and token.text[1:].islower() and len(token.text) > 2


def speaker_ref(token: Token, locate: Callable[[int], int]) -> SpeakerRef | None:
    """The speaker named by a subject (or agent, or 'according to' object) token."""
    lower = token.lower_
    offset = locate(token.idx)
    if lower in PRONOUNS_PERSON | PRONOUNS_ANY | PRONOUNS_THING:
        return SpeakerRef(token.text, "pronoun", offset=offset)
    aged = _AGED_PHRASE_RE.search(token.doc[max(0, token.i - 5) : token.i + 1].text) if lower == "old" else None
    if aged is not None:
        # "the 54-year-old told the BBC": the person in focus; "a 19-year-old said": unnamed
        head = f"{aged.group(2)}-year-old"
        if aged.group(1).lower() == "the":
            return SpeakerRef(f"the {head}", "role", SpeakerType.person, head=head, offset=offset)
        return SpeakerRef(f"{aged.group(1).lower()} {head}", "unnamed", SpeakerType.person, offset=offset)
    if lower in PLATFORMS and token.dep_ == "pobj":
        return None  # "posted on Instagram": where it was said, not who said it
    ent = entity_of(token)
    if ent is not None and len(ent) == 1 and lower in ROLE_ABBREVIATIONS and token.i > 0 \
            and token.doc[token.i - 1].lower_ == "the":
        return SpeakerRef(f"the {token.text}", "role", SpeakerType.person, head=lower, offset=offset)  # 'the CM'
    if ent is not None and ent.label_ == "ORG" and len(ent) == 1 and token.tag_ in {"NN", "NNS"}:
        # "Her GP, Dr Anil Mehta, said": a common noun the recogniser took for a body, with the
        # person named in apposition
        for child in token.children:
            child_ent = entity_of(child)
            titled = any(t.lower_.rstrip(".") in PERSON_TITLES for t in child.doc[child.left_edge.i : child.i])
            if child.dep_ == "appos" and child_ent is not None and (
                    child_ent.label_ == "PERSON" or titled or has_given_name(ent_surface(child_ent))):
                return SpeakerRef(ent_surface(child_ent), "name", SpeakerType.person,
                                  offset=locate(child_ent.start_char))
    if ent is not None and ent.label_ in {"ORG", "GPE"} and any(
            c.dep_ == "appos" and c.like_num and c.i > token.i for c in token.children):
        # "Smith, 45, said": a body or a place has no age
        return SpeakerRef(ent_surface(ent), "name", SpeakerType.person, offset=locate(ent.start_char))
    if ent is not None and ent.label_ in _SPEAKER_ENT_LABELS:
        owners = [c for c in ent.root.children if c.dep_ == "poss" and c.i < ent.start and c.ent_type_ == "GPE"]
        if ent.label_ == "ORG" and ent.text[:1].islower() and owners:
            # "Poland's defence ministry": a body described, not named, is known by its country
            owned = token.doc[owners[0].left_edge.i : min(ent.end, ent.root.i + 1)]
            return SpeakerRef(clean_surface(owned.text), "phrase", SpeakerType.organisation,
                              offset=locate(owned.start_char))
        if ent.label_ == "ORG" and _name_tail_end(ent.root) > ent.end:
            # the recogniser saw only part of the window: 'Institute' of 'Institute for Housing Futures'
            longer = token.doc[ent.start : _name_tail_end(ent.root)]
            return SpeakerRef(clean_surface(longer.text, keep_capital_the=True), "name", SpeakerType.organisation,
                              offset=locate(longer.start_char))
        if ent.label_ == "PERSON" and _split_name_start(token.doc, ent.start) < ent.start:
            whole = token.doc[_split_name_start(token.doc, ent.start) : ent.end]  # 'Tariq ul-Hassan'
            return SpeakerRef(strip_person_title(clean_surface(whole.text)), "name", SpeakerType.person,
                              offset=locate(whole.start_char))
        return SpeakerRef(ent_surface(ent), "name", _SPEAKER_ENT_LABELS[ent.label_],
                          offset=locate(ent.start_char))
    if ent is not None and ent.label_ == "NORP":
        if token.i > 0 and token.doc[token.i - 1].lower_ == "the" and _is_demonym_noun(token.text) \
                and (token.tag_ in {"NNP", "NN"} or token.dep_ == "nsubj"):
            # "the Spaniard said", "the Kenyan told reporters": the person in focus, by nationality
            return SpeakerRef(f"the {token.text}", "role", SpeakerType.person, head=lower, offset=offset)
        return None  # "Ukrainian maintains ...": a nationality is not a speaker
    # an apposition carrying the name: "The EU's chief, Josep Borrell, said"
    for child in token.children:
        if child.dep_ == "appos" and entity_of(child) is None and coarse_pos(child) == "PROPN" \
                and (coarse_pos(token) == "NOUN" or is_person_noun(lower)):  # 'The Minister for X, Y Z,'
            run = [t for t in child.doc[child.left_edge.i : child.i + 1] if t.text[:1].isupper()]
            if run:
                name = child.doc[run[0].i : child.i + 1].text
                return SpeakerRef(strip_person_title(clean_surface(name)), "name",
                                  SpeakerType.person if lower in ROLE_NOUNS else SpeakerType.unknown,
                                  offset=locate(child.idx))
        if child.dep_ == "appos":
            child_ent = entity_of(child)
            if child.lower_ in POST_NOMINALS and child.i > 0 and entity_of(child.doc[child.i - 1]) is not None:
                child_ent = entity_of(child.doc[child.i - 1])  # 'Mr Aidan Breathnach SC': the name before the letters
            if child_ent is not None and child_ent.label_ in {"PERSON", "ORG"}:
                # a role noun in apposition names a person whatever the recogniser guessed
                type_ = SpeakerType.person if lower in ROLE_NOUNS or _titled_person(child_ent.text) \
                    else _SPEAKER_ENT_LABELS[child_ent.label_]
                return SpeakerRef(ent_surface(child_ent), "name", type_,
                                  offset=locate(child_ent.start_char))
    if lower in PARTITIVE_WORDS:
        # "one of the people said", "two of the officials told Reuters": part of a group of sources
        for prep in token.children:
            group = [o for o in prep.children if o.dep_ == "pobj"] if prep.dep_ == "prep" and prep.lower_ == "of" else []
            if group and group[0].tag_ == "NNS" and (group[0].lower_ in SPEAKERISH_NOUNS or is_person_noun(
                    group[0].lower_.removesuffix("s")) or _AGENT_PLURAL_RE.fullmatch(group[0].lower_)):
                description = token.doc[token.i : group[0].right_edge.i + 1].text
                return SpeakerRef(as_description(description), "unnamed", SpeakerType.person, offset=offset)
    if coarse_pos(token) not in {"NOUN", "PROPN"} and not _untagged_name(token) \
            and not (lower in ORG_NOUNS and token.dep_ == "nsubj"):  # 'the nonprofit said', tagged an adjective
        return None
    phrase = _np_left(token)
    named = _name_after_tail(token) if is_person_noun(lower) else None
    if named is not None:
        return SpeakerRef(clean_surface(named.text), "name", SpeakerType.person, offset=locate(named.start_char))
    if lower in ROLE_NOUNS and phrase[0].lower_ in {"a", "an", "one"}:
        return SpeakerRef(_description(token), "unnamed", SpeakerType.person, offset=offset)
    if lower in {"family", "families"}:
        # "the Mensah family said": the family speaks, not the relative last named
        names = [c for c in token.lefts if c.dep_ == "compound" and c.text[:1].isupper()]
        if names:
            surface = token.doc[names[0].i : token.i + 1].text
            return SpeakerRef(clean_surface(surface), "phrase", SpeakerType.person, offset=offset)
    # a name inside the phrase, not as a possessor: "news outlet Belta"
    first = phrase[0].lower_
    if first in {"a", "an", "one"} and coarse_pos(token) == "NOUN" and any(
            entity_of(c) is not None for c in token.lefts if c.dep_ in {"compound", "amod"}):
        # "one senior Labour backbencher", "a Google engineer": the name says whose, not who
        return SpeakerRef(as_description(_description(token)), "unnamed", SpeakerType.person, offset=offset)
    for child in token.lefts:
        child_ent = entity_of(child)
        if child.dep_ == "compound" and child_ent is not None and child_ent.label_ in {"PERSON", "ORG"}:
            if child_ent.end == token.i and lower in ORG_NOUNS and first == "the" and lower not in {"police", "union"}:
                # "the Aravan military", "the Trump administration": the body, not the name it
                # is named after
                body = token.doc[child_ent.start : token.i + 1].text
                return SpeakerRef(clean_surface(body), "phrase", SpeakerType.organisation, offset=offset)
            if child_ent.end == token.i and child_ent.label_ == "ORG" and is_person_noun(lower) \
                    and lower not in ORG_NOUNS and first == "the":
                # "the Riverside manager": a role at a body, so the person holding it
                return SpeakerRef(phrase.text, "role", SpeakerType.person, head=lower, offset=offset)
            if child_ent.end == token.i and child_ent.label_ == "PERSON" and coarse_pos(token) == "PROPN" \
                    and token.text[:1].isupper():
                # 'K. Venkata Raghunath' with the recogniser stopping short of the surname
                whole = token.doc[child_ent.start : token.i + 1]
                return SpeakerRef(strip_person_title(clean_surface(whole.text)), "name", SpeakerType.person,
                                  offset=locate(whole.start_char))
            if child_ent.end >= token.i:
                return SpeakerRef(ent_surface(child_ent), "name",
                                  _SPEAKER_ENT_LABELS[child_ent.label_],
                                  offset=locate(child_ent.start_char))
    if first == "the" and len(phrase) == 2 and token.text[:1].isupper() and _is_demonym_noun(token.text):
        return SpeakerRef(phrase.text, "role", SpeakerType.person, head=lower, offset=offset)  # as above
    if lower in PERSON_TITLES or lower in ROLE_NOUNS:
        # "Brightwater President and CEO Angela Ruiz-Hartmann said": the titles coordinated, the
        # name the last conjunct
        for conj in token.children:
            if conj.dep_ != "conj":
                continue
            conj_ent = entity_of(conj)
            if conj_ent is not None and conj_ent.label_ == "PERSON":
                return SpeakerRef(ent_surface(conj_ent), "name", SpeakerType.person,
                                  offset=locate(conj_ent.start_char))
            name = clean_surface(conj.doc[conj.left_edge.i : conj.i + 1].text)
            if conj_ent is None and coarse_pos(conj) == "PROPN" and looks_like_person(name):
                return SpeakerRef(name, "name", SpeakerType.person, offset=locate(conj.left_edge.idx))
    surface = phrase.text
    first = phrase[0].lower_
    # a curly apostrophe often comes out as nmod + case rather than poss
    has_possessor = any(c.dep_ == "poss" or (c.dep_ == "nmod" and c.i < token.i and any(
        g.dep_ == "case" for g in c.children)) for c in token.children)
    if lower in DOCUMENT_NOUNS:
        # "the finance officer's report warned": the possessor issued it
        for child in token.children:
            # a curly apostrophe often comes out as nmod + case rather than poss
            if child.i < token.i and (child.dep_ == "poss" or (
                    child.dep_ == "nmod" and any(c.dep_ == "case" for c in child.children))):
                owner = speaker_ref(child, locate)
                if owner is not None:
                    return owner
        # "a report by the Halberd Institute", "figures released by the statistics office": the
        # issuer speaks
        issuers = [p for p in token.children if p.dep_ == "prep" and p.lower_ in {"by", "from", "of"}]
        for clause in token.children:
            # "a memo seen by Reuters": whoever saw or obtained it did not issue it
            if clause.dep_ != "acl":
                continue
            # "the memo, dated May 2 and signed by its author": coordinated participles too
            for participle in [clause, *(c for c in clause.children if c.dep_ == "conj")]:
                if participle.lower_ not in DOCUMENT_WITNESSED_FORMS:
                    issuers += [a for a in participle.children if a.dep_ == "agent"]
        for prep in issuers:
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                if entity_of(obj) is not None or coarse_pos(obj) == "PROPN":
                    return speaker_ref(obj, locate)
                if (prep.dep_ == "agent" and obj.lower_ in ORG_NOUNS) or (
                        prep.lower_ == "by" and is_person_noun(obj.lower_.removesuffix("s"))):
                    # "figures released by the statistics office", "a study by researchers at X"
                    issuer = speaker_ref(obj, locate)
                    if issuer is not None:
                        return issuer
        if first in {"the", "this", "that"} or has_possessor:
            return SpeakerRef(surface, "document", head=lower, offset=offset)
        if any(c.dep_ in {"amod", "compound"} and c.i < token.i and not c.text[:1].isupper()
               for c in token.children) or any(c.dep_ == "acl" and c.lower_ in DOCUMENT_ISSUED_FORMS
                                               for c in token.children):
            # "according to government figures", "court documents show": the kind of document
            # is all that identifies the source, as a description identifies an unnamed person
            issued = [c.right_edge.i for c in token.children if c.dep_ == "acl" and c.lower_ in DOCUMENT_ISSUED_FORMS]
            described = token.doc[token.left_edge.i : max(issued) + 1].text if issued else _description(token)
            return SpeakerRef(as_description(described), "unnamed", SpeakerType.organisation, offset=offset)
        return None  # "according to a statement": whose statement is not said
    owner_pronoun = next((c.lower_ for c in token.children
                          if c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS), None)
    if owner_pronoun is not None and (lower in AGENT_NOUNS or lower in ORG_NOUNS) and len(phrase) <= 3:
        # "her office said", "his spokesman said": known by whom the pronoun means
        return SpeakerRef(as_description(phrase.text), "possessed",
                          SpeakerType.person if lower in AGENT_NOUNS else SpeakerType.organisation,
                          head=owner_pronoun, offset=offset)
    if lower in AGENT_NOUNS and has_possessor:
        # "Abdelkader Benslimane’s spokesman said": someone speaking for the owner, not the owner
        return SpeakerRef(as_description(token.doc[token.left_edge.i : token.i + 1].text), "unnamed",
                          SpeakerType.person, offset=offset)
    if lower in ROLE_NOUNS and first in {"the", "this", "that"} | {lower}:
        # "the city’s labour mediator": a role someone else owns names a person only through a
        # name given that title, never the person merely in focus
        kind = "owned role" if has_possessor else "role"
        return SpeakerRef(surface, kind, SpeakerType.person, head=lower, offset=offset)
    if first == "the" and lower not in ROLE_NOUNS and is_person_noun(lower.removesuffix("s")) and (
            has_possessor or token.tag_ == "NNS"
            or any(c.dep_ == "prep" and c.i > token.i for c in token.children)):
        # "the council’s cabinet member for leisure", "the authors": a description no name
        # stands for is the speaker as written
        return SpeakerRef(as_description(_description(token)), "unnamed", SpeakerType.person,
                          head="plural" if token.tag_ == "NNS" else "", offset=offset)
    named_on = token.text[:1].isupper() and _name_tail_end(token) > token.i + 1  # 'the Institute for X'
    if lower in ORG_NOUNS and first in {"the", "this", "that"} and not has_possessor and len(phrase) <= 3 \
            and not named_on:
        return SpeakerRef(surface, "body", SpeakerType.organisation, head=lower, offset=offset)
    capitalised = token.text[:1].isupper() and token.tag_ in {"NN", "NNP", "NNPS"} and (
        token.i > 0 or lower not in SPEAKERISH_NOUNS or named_on)
    if token.text[:1].isupper() and token.tag_ == "NNS" and token.i >= 2 and not token.doc[token.i - 1].whitespace_ \
            and token.doc[token.i - 1].text in {"-", "‐"} and token.doc[token.i - 2].text[:1].isupper():
        capitalised = True  # "Pike-Morales later told": the tagger took the surname's end for a plural
    if (coarse_pos(token) == "PROPN" and token.text[:1].isupper()) or capitalised or _untagged_name(token):
        # the capitalised run ending at the head (a lower-case word the tagger called a proper
        # noun, 'Kestria’s defence ministry', is a description, handled below): "industry association Fiskebat" -> "Fiskebat"
        run = [token]
        for left in reversed(list(phrase)[:-1]):
            ordinal = bool(_ORDINAL_RE.fullmatch(left.lower_))  # "41st Separate Brigade"
            # "Scott-Farrow": a hyphen written without spaces joins two parts of one name
            joined = left.text in {"-", "‐"} and not left.whitespace_ and left.i > 0 \
                and not left.doc[left.i - 1].whitespace_
            particle = left.lower_ in NAME_PARTICLES and run[0].text[:1].isupper()
            if not (left.text[:1].isupper() or ordinal or joined or particle) or left.lower_ in {"the", "a", "an"}:
                break
            run.insert(0, left)
        start = _split_name_start(token.doc, run[0].i)
        run = list(token.doc[start : run[0].i]) + run
        while run[0].lower_ in NAME_PARTICLES | {"-", "‐"} and len(run) > 1 \
                and not (run[0].lower_ in NAME_PARTICLES and not run[0].whitespace_
                         and token.doc[run[0].i + 1].text in {"-", "‐"}):
            run = run[1:]  # a leading 'van' goes; 'ul-' of 'ul-Haq' is the surname's own
        end = _name_tail_end(token)
        name = strip_person_title(clean_surface(token.doc[run[0].i : end].text))
        return SpeakerRef(name, "name", SpeakerType.unknown, offset=offset)
    if lower in ORG_NOUNS and has_possessor:
        full = token.doc[token.left_edge.i : token.i + 1].text
        return SpeakerRef(clean_surface(full), "phrase", SpeakerType.organisation, offset=offset)
    if first in {"a", "an", "one", "two", "three", "several", "some"} or (
        token.tag_ == "NNS" and first not in {"the", "these", "those"}
    ):
        singular = lower[:-3] + "y" if lower.endswith("ies") else lower[:-1] if lower.endswith("s") else lower
        # "forecasters said", "investigators told reporters": people named by what they do
        agents = token.tag_ == "NNS" and _AGENT_PLURAL_RE.fullmatch(lower) is not None
        if lower in SPEAKERISH_NOUNS or singular in SPEAKERISH_NOUNS or is_person_noun(singular) or agents:
            type_ = SpeakerType.organisation if singular in ORG_NOUNS else SpeakerType.person
            return SpeakerRef(_description(token), "unnamed", type_,
                              head="plural" if token.tag_ == "NNS" else "", offset=offset)
        return None
    if lower in ROLE_NOUNS:
        return SpeakerRef(surface, "role", SpeakerType.person, head=lower, offset=offset)
    if lower in ORG_NOUNS:
        return SpeakerRef(clean_surface(surface), "phrase", SpeakerType.organisation, offset=offset)
    if first == "the" and token.tag_ == "NN" and lower not in SOURCE_NOUNS and is_person_noun(lower):
        # "the former world champion said": a description of the person in focus. A noun that
        # names no person ("the coastguard said") is never taken for that person.
        return SpeakerRef(surface, "role", SpeakerType.person, head=lower, offset=offset)
    return None


def doc_mentions(doc: Doc, locate: Callable[[int], int]) -> list[tuple[str, int, str, set[str]]]:
    """(surface, article offset, entity label, titles) for every named entity in a parsed sentence."""
    found = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_TYPES:
            continue
        if ent.label_ == "PERSON" and ent.end < len(doc) and ent[-1].whitespace_ and coarse_pos(doc[ent.end]) == "PROPN" \
                and doc[ent.end].text[:1].isupper() and not doc[ent.end].ent_type_:
            # the recogniser stopping short of the surname: 'K. Venkata' of '… Raghunath'
            ent = doc[ent.start : ent.end + 1]
            ent.label_ = "PERSON"
        surface = ent_surface(ent)
        if not surface or not any(ch.isupper() for ch in surface[:1]):
            continue
        titles = titles_of_entity(ent) if ent.label_ == "PERSON" else set()
        found.append((surface, locate(ent.start_char), ent.label_, titles))
    return found


# --------------------------------------------------------------------------- cheap text patterns

_CAP = r"[A-ZÀ-ÖØ-ÞĀ-Ž][\w’'\-]*"
_NAME = rf"{_CAP}(?:\s+{_CAP}){{1,3}}"
_ROLE_ALT = "|".join(sorted(ROLE_NOUNS, key=len, reverse=True))
_TITLED_NAME_RE = re.compile(
    rf"\b(?P<role>(?i:{_ROLE_ALT}))(?:\s+of\s+(?:the\s+)?[\w\s’'-]{{0,60}}?)?\s+(?P<name>{_NAME})"
)
_APPOSITIVE_RE = re.compile(
    rf"(?P<name>{_NAME}),\s+(?:a|an|the)\s+(?P<desc>[^,.;]{{3,90}}?),"
)


def titled_names(text: str) -> list[tuple[str, int, set[str]]]:
    """Names introduced with a role anywhere in the text, without parsing:
    'Belarusian President Alexander Lukashenko', 'Josep Borrell, the EU's foreign policy chief,'."""
    found: list[tuple[str, int, set[str]]] = []
    for match in _TITLED_NAME_RE.finditer(text):
        name = match.group("name")
        if not name[0].isupper() or not all(w[0].isupper() for w in name.split()):
            continue
        words = clean_surface(name).split()
        while len(words) > 2 and (words[0].lower().rstrip(".") in PERSON_TITLES or is_person_noun(words[0].lower())):
            words = words[1:]  # 'Chief Executive Anand Subramaniam': the rest of the title too
        found.append((" ".join(words), match.start("name"), {match.group("role").lower()}))
    for match in _APPOSITIVE_RE.finditer(text):
        # the description's own head, not a role inside its complement ("adviser to the minister")
        own = re.split(r"\s(?:of|to|at|for|in|from|with|on)\s", match.group("desc"))[0]
        roles = {w.lower() for w in re.findall(r"[\w’'-]+", own)} & ROLE_NOUNS
        if roles:
            found.append((clean_surface(match.group("name")), match.start("name"), roles))
    return found
