"""Per-article memory of who has been mentioned and who has spoken, so pronouns, roles ("the
president"), bodies ("the ministry") and continuation quotes resolve to a named speaker.

Names are canonicalised by the alias resolver, which is fed every person and organisation mention
of the article before any speaker is resolved, so "Mr Lukashenko" and "Lukashenko" land on the
fullest name the article uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from schemas.models import Speaker, SpeakerType
from services.extract.gender import compatible as gender_compatible
from services.extract.gender import role_gender
from services.extract.lexicon.bodies import (
    GENERIC_ORG_NOUNS,
)
from services.extract.lexicon.pronouns import POSSESSIVE_PRONOUNS, PRONOUNS_ANY, PRONOUNS_PERSON, PRONOUNS_THING
from services.extract.lexicon.titles import (
    PERSON_TITLES,
    ROLE_ABBREVIATIONS,
)
from services.extract.speaker_mentions import Mention, MentionIndex, Spoken
from services.extract.speaker_names import (
    as_description,
    clean_surface,
    description_head,
    has_given_name,
    is_demonym_noun,
    is_person_noun,
    is_territory,
    looks_like_person,
)
from services.extract.speaker_types import NO_SPEAKER, SOMEONE, NoSpeaker, SpeakerRef

CanonicalFn = Callable[[str], str]  # a surface -> the fullest name the article uses for it


@dataclass(frozen=True, slots=True)
class _PronounQuery:
    word: str  # the pronoun, lower-case
    ref: SpeakerRef  # with the surface the answer takes
    within: int  # how far back to look, in characters
    spoken: Spoken | None  # the latest speaker the pronoun can mean


@dataclass(frozen=True, slots=True)
class _RoleQuery:
    ref: SpeakerRef
    head: str  # the role, an abbreviation as the title it stands for ('pm' -> 'minister')
    focus: bool  # whether the person in focus may be meant


class SpeakerBook:
    """Per-article memory of mentions, titles and speakers in text order."""

    def __init__(self, canonical: CanonicalFn) -> None:
        self._canonical = canonical
        self._mentions: list[Mention] = []
        self._titles: dict[str, set[str]] = {}
        self._spoken: list[Spoken] = []
        self._subjects: list[tuple[int, Speaker]] = []
        self._plural: set[str] = set()
        self._groups: list[tuple[int, Speaker]] = []
        self._index: MentionIndex | None = None  # built once the mentions are all in

    # ------------------------------------------------------------------ recording
    def add_mention(self, surface: str, offset: int, type_: SpeakerType,
                    titles: set[str] | None = None) -> None:
        canonical = self._canonical(surface)
        mention = Mention(canonical, surface, offset, type_, set(titles or ()))
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
        self._spoken.append(Spoken(speaker, offset, via, self._titles.get(speaker.canonical, set())))

    def last_spoken(self, before: int, within: int | None = None) -> Spoken | None:
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
                    and looks_like_person(mention.canonical) and not is_territory(mention.canonical):
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
        return self._mention_index().fuller_person_name(name)

    def fits(self, pronoun: str, canonical: str) -> bool:
        """Whether 'he'/'she' can refer to this speaker (the other gender is ruled out)."""
        return self._fits(pronoun, canonical)

    def _fits(self, pronoun: str, canonical: str) -> bool:
        """A candidate for 'he'/'she' whose given name or title says the other gender is out."""
        return gender_compatible(pronoun, canonical, self._titles.get(canonical, set()))

    def _type_of(self, canonical: str) -> SpeakerType:
        return self._mention_index().type_of(canonical)

    def _mention_index(self) -> MentionIndex:
        if self._index is None:
            self._index = MentionIndex.of(self._mentions)
        return self._index

    # ------------------------------------------------------------------ resolution by kind
    # `resolve` looks the ref's kind up in KIND_RESOLVERS (defined after them below); pronouns,
    # bodies and roles are resolved by ordered steps (PRONOUN_STEPS, BODY_STEPS, ROLE_STEPS), each
    # answering a Speaker, NO_SPEAKER (nobody: stop), or None (try the next step).

    def resolve(self, ref: SpeakerRef) -> Speaker | None:
        resolver = self.KIND_RESOLVERS.get(ref.kind)
        return resolver(self, ref) if resolver is not None else self._resolve_phrase(ref)

    def _resolve_name(self, ref: SpeakerRef) -> Speaker | None:
        """'Ingrid Solheim said': the fullest name the article uses."""
        return self.speaker_for_name(ref.surface, ref.type)

    def _resolve_owned_role(self, ref: SpeakerRef) -> Speaker | None:
        """'the town's mediator': only a name given that title, never the person in focus."""
        return self._resolve_role(ref, focus=False)

    def _resolve_document(self, ref: SpeakerRef) -> Speaker | None:
        """'The report warned': whoever spoke shortly before issued it; with no one, the report."""
        spoken = self.last_spoken(ref.offset, within=1500)
        if spoken is not None:
            return spoken.speaker.model_copy(update={"surface": ref.surface})
        return Speaker(canonical=as_description(ref.surface), surface=ref.surface, type=SpeakerType.document)

    def _resolve_unnamed(self, ref: SpeakerRef) -> Speaker | None:
        """An unnamed source is named by its whole description, as the article gives it ('a senior
        port official', 'two people close to the talks'): nothing else identifies it, and a
        shorter form would merge different sources."""
        canonical = as_description(ref.surface)
        earlier = self._described_before(canonical, ref.offset)
        if earlier is not None:
            return earlier.model_copy(update={"surface": ref.surface})
        if ref.head == "plural":
            self._plural.add(canonical)
        return Speaker(canonical=canonical, surface=ref.surface, type=ref.type)

    def _resolve_possessed(self, ref: SpeakerRef) -> Speaker | None:
        """'His office said': the office of whoever 'his' means."""
        owner = self._resolve_pronoun(SpeakerRef(POSSESSIVE_PRONOUNS[ref.head], "pronoun", offset=ref.offset))
        owned = ref.surface.split(maxsplit=1)[-1]
        if owner is None:
            return Speaker(canonical=ref.surface, surface=ref.surface, type=ref.type)
        return Speaker(canonical=f"{owner.canonical}'s {owned}", surface=ref.surface, type=ref.type)

    def _resolve_phrase(self, ref: SpeakerRef) -> Speaker | None:
        """Any other kind ('phrase'): the speaker as written."""
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
            if other[:1].isupper() or other.lower().startswith("the ") \
                    or candidate.speaker.type is not SpeakerType.person:
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

    # ------------------------------------------------------------------ pronouns
    def _resolve_pronoun(self, ref: SpeakerRef, surface: str | None = None,
                         within: int = 2500) -> Speaker | None:
        word = ref.surface.lower()
        ref = SpeakerRef(surface or ref.surface, ref.kind, ref.type, ref.head, ref.offset)
        query = _PronounQuery(word, ref, within, self._last_fitting_speaker(word, ref.offset, within))
        for step in self.PRONOUN_STEPS:
            answer = step(self, query)
            if answer is not None:
                return answer
        return None

    def _last_fitting_speaker(self, word: str, offset: int, within: int) -> Spoken | None:
        """The latest speaker the pronoun can mean: 'she' is no body, and no name of one
        ('Kestrel Motorsport said …')."""
        for candidate in reversed(self._spoken):
            if candidate.offset > offset or offset - candidate.offset > within:
                continue
            if (word in PRONOUNS_PERSON or word == SOMEONE) and (candidate.speaker.type is SpeakerType.organisation
                                            or candidate.speaker.canonical in self._plural
                                            or not self._fits(word, candidate.speaker.canonical)
                                            or (candidate.speaker.type is SpeakerType.unknown
                                                and " " in candidate.speaker.canonical
                                                and candidate.speaker.canonical[:1].isupper()
                                                and not looks_like_person(candidate.speaker.canonical))):
                continue
            return candidate
        return None

    def _subject_since_speaker(self, q: _PronounQuery) -> Speaker | None:
        """'Vos spoke first. Lund then rose. “No,” she said.': a person opening a sentence since
        the last speaker is more likely meant."""
        word, ref = q.word, q.ref
        subject = next(((o, s) for o, s in reversed(self._subjects)
                        if o < ref.offset and ref.offset - o <= q.within and self._fits(word, s.canonical)), None)
        if (word in PRONOUNS_PERSON or word == SOMEONE) and subject is not None and (
                q.spoken is None or subject[0] > q.spoken.offset):
            return subject[1].model_copy(update={"surface": ref.surface})
        return None

    def _group_since_speaker(self, q: _PronounQuery) -> Speaker | None:
        """'Members of the rowing club voted. “We won,” they said.': the group noted since the last
        speaker."""
        if q.word not in PRONOUNS_ANY:
            return None
        group = next(((o, g) for o, g in reversed(self._groups)
                      if o < q.ref.offset and q.ref.offset - o <= q.within), None)
        if group is not None and (q.spoken is None or group[0] > q.spoken.offset):
            return group[1].model_copy(update={"surface": q.ref.surface})
        return None

    def _last_speaker(self, q: _PronounQuery) -> Speaker | None:
        """'Vos said the club was solvent. “We are fine,” he said.': the latest speaker it fits."""
        return q.spoken.speaker.model_copy(update={"surface": q.ref.surface}) if q.spoken is not None else None

    def _last_mention(self, q: _PronounQuery) -> Speaker | None:
        """'Lund arrived late. “Sorry,” she said.': nobody spoke yet, so the latest person (or, for
        'it', body) mentioned whom it fits."""
        word, ref = q.word, q.ref
        wanted = {SpeakerType.person} if word in PRONOUNS_PERSON or word == SOMEONE else (
            {SpeakerType.organisation} if word in PRONOUNS_THING else
            {SpeakerType.person, SpeakerType.organisation})
        for mention in reversed(self._mentions):
            if mention.offset >= ref.offset or ref.offset - mention.offset > q.within:
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

    # ------------------------------------------------------------------ bodies
    def _resolve_body(self, ref: SpeakerRef) -> Speaker:
        """'the ministry said': the latest organisation mentioned whose name has that noun, else
        the phrase itself."""
        for step in self.BODY_STEPS:
            answer = step(self, ref)
            if answer is not None:
                return answer
        return self._body_as_written(ref)

    def _body_that_spoke(self, ref: SpeakerRef) -> Speaker | None:
        """'Norway's fisheries ministry denied it … “…,” the ministry said': the body that spoke;
        'Loomly said … The company said': a one-word name that spoke, no person's."""
        generic = ref.head in GENERIC_ORG_NOUNS
        for spoken in reversed(self._spoken):
            if not spoken.offset < ref.offset <= spoken.offset + 3000:
                continue
            name = spoken.speaker.canonical
            body = spoken.speaker.type is SpeakerType.organisation or (
                spoken.speaker.type is SpeakerType.unknown and " " not in name and name[:1].isupper()
                and not has_given_name(name) and not is_territory(name))
            if body and (ref.head in name.lower().split() or (generic and ref.offset - spoken.offset <= 1500)):
                return spoken.speaker.model_copy(update={"surface": ref.surface, "type": SpeakerType.organisation})
        return None

    def _body_candidates(self, ref: SpeakerRef) -> list[Mention]:
        """The names mentioned shortly before, latest first, that may be a body: no person's name
        ('Ms Okafor … The company denies it'), no territory ('outages across Ontario, the company
        said')."""
        return [m for m in reversed(self._mentions) if m.offset < ref.offset <= m.offset + 3000
                and m.canonical.split() and not has_given_name(m.canonical)
                and not is_territory(m.canonical)
                and m.canonical.split()[0].lower().rstrip(".") not in PERSON_TITLES]

    def _body_mentioned(self, ref: SpeakerRef) -> Speaker | None:
        """'Harbourline Shipping cut routes. The company said …': the latest body mentioned whose
        name has the noun, or any for a generic noun."""
        generic = ref.head in GENERIC_ORG_NOUNS
        for mention in self._body_candidates(ref):
            named = ref.head in mention.canonical.lower().split()
            # an untyped capitalised name (the recogniser did not run there) is a body when the
            # noun is its own word ('the committee' after 'Senate Finance Committee') or generic
            organisation = mention.type is SpeakerType.organisation or (
                mention.type is SpeakerType.unknown and (generic or named)
                and not looks_like_person(mention.canonical) and len(mention.canonical.split()) >= 2)
            if organisation and (named or generic):
                # the noun says what it is: "the company" is an organisation whatever was guessed
                return Speaker(canonical=mention.canonical, surface=ref.surface, type=SpeakerType.organisation)
        return None

    def _body_named_like_a_person(self, ref: SpeakerRef) -> Speaker | None:
        """'Brandt Lowe raised its target, the bank said': a name shaped like a person's but with
        no given name, in the same sentence, is the body the generic noun means."""
        if ref.head not in GENERIC_ORG_NOUNS:
            return None
        for mention in self._body_candidates(ref):
            if mention.type is SpeakerType.unknown and ref.offset - mention.offset <= 300 \
                    and len(mention.canonical.split()) == 2 and mention.canonical.replace(" ", "").isalpha():
                return Speaker(canonical=mention.canonical, surface=ref.surface, type=SpeakerType.organisation)
        return None

    def _body_as_written(self, ref: SpeakerRef) -> Speaker:
        """'The ministry said' with no body to refer to: the phrase itself."""
        return Speaker(canonical=clean_surface(ref.surface) or ref.surface, surface=ref.surface,
                       type=SpeakerType.organisation)

    # ------------------------------------------------------------------ roles
    def _resolve_role(self, ref: SpeakerRef, focus: bool = True) -> Speaker | None:
        """'the president' is the latest speaker holding that title, else the latest person
        mentioned with it, else (a description introduced before the name) the next one."""
        query = _RoleQuery(ref, ROLE_ABBREVIATIONS.get(ref.head, ref.head), focus)
        for step in self.ROLE_STEPS:
            answer = step(self, query)
            if answer is not None:
                return None if isinstance(answer, NoSpeaker) else answer
        return None

    def _role_holder_who_spoke(self, q: _RoleQuery) -> Speaker | None:
        """'Mayor Ines Vos said … The mayor added': the latest speaker given that title."""
        for spoken in reversed(self._spoken):
            if spoken.offset <= q.ref.offset and q.head in self._titles.get(spoken.speaker.canonical, ()):
                return spoken.speaker.model_copy(update={"surface": q.ref.surface})
        return None

    def _role_holder_mentioned(self, q: _RoleQuery) -> Speaker | None:
        """'Mayor Ines Vos opened the bridge. The mayor said': the latest person mentioned with the
        title, else the next one ('The mayor, Ines Vos, said')."""
        before = [m for m in self._mentions if m.offset < q.ref.offset]
        after = [m for m in self._mentions if m.offset > q.ref.offset]
        for mention in [*reversed(before), *after]:
            if q.head in self._titles.get(mention.canonical, ()):
                return Speaker(canonical=mention.canonical, surface=q.ref.surface, type=mention.type)
        return None

    def _role_in_focus(self, q: _RoleQuery) -> Speaker | None:
        """'Lund won again. “I am tired,” the former champion said': a description the article
        never attached to a name refers to the person in focus, as 'she' would; a person, not
        another description ('the mayor' is no auditor)."""
        if not q.focus:
            return None
        pronoun = {"female": "she", "male": "he"}.get(role_gender(q.head) or "", SOMEONE)  # 'the spokeswoman'
        in_focus = self._resolve_pronoun(SpeakerRef(pronoun, "pronoun", offset=q.ref.offset),
                                         surface=q.ref.surface, within=600)
        if in_focus is not None and (
                in_focus.canonical[:1].isupper() or description_head(in_focus.canonical) == q.head):
            return in_focus
        return None

    def _role_as_description(self, q: _RoleQuery) -> Speaker | NoSpeaker | None:
        """'“We will rebuild,” the governor said.' with nobody to refer to: the description is the
        speaker, as for an unnamed source; 'The painting, said to be worth …' is nobody who speaks."""
        if not is_person_noun(q.head) and not is_demonym_noun(q.head):
            return NO_SPEAKER
        description = as_description(q.ref.surface)
        return Speaker(canonical=description, surface=q.ref.surface, type=SpeakerType.person) if description \
            else NO_SPEAKER

    KIND_RESOLVERS: ClassVar[dict[str, Callable[[SpeakerBook, SpeakerRef], Speaker | None]]] = {
        "name": _resolve_name,
        "pronoun": _resolve_pronoun,
        "role": _resolve_role,
        "owned role": _resolve_owned_role,
        "document": _resolve_document,
        "unnamed": _resolve_unnamed,
        "body": _resolve_body,
        "possessed": _resolve_possessed,
    }
    PRONOUN_STEPS: ClassVar[tuple[Callable[[SpeakerBook, _PronounQuery], Speaker | None], ...]] = (
        _subject_since_speaker,
        _group_since_speaker,
        _last_speaker,
        _last_mention,
    )
    BODY_STEPS: ClassVar[tuple[Callable[[SpeakerBook, SpeakerRef], Speaker | None], ...]] = (
        _body_that_spoke,
        _body_mentioned,
        _body_named_like_a_person,
    )
    ROLE_STEPS: ClassVar[tuple[Callable[[SpeakerBook, _RoleQuery], Speaker | NoSpeaker | None], ...]] = (
        _role_holder_who_spoke,
        _role_holder_mentioned,
        _role_in_focus,
        _role_as_description,
    )
