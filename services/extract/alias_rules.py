"""Is this name the same entity as one already known? An ordered table of small rules.

`match` asks each rule of `MATCH_RULES` in turn. A rule returns the cluster the mention joins, or
`NEW_ENTITY` (stop: the mention is an entity of its own), or None (no opinion: ask the next rule).
When no rule answers, the mention is a new entity. `match_person` decides between people, and is
also what the resolver asks about a possessive's owner or a metonym's namesake.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from schemas.models import EntityType
from services.extract import places
from services.extract.acronyms import is_own_acronym, spells
from services.extract.alias_clusters import Cluster, Mention, latest
from services.extract.alias_keys import (
    LOOKALIKES,
    NAME_CACHE,
    WORD_RE,
    bags_equal,
    bags_similar,
    covered,
    extra_words,
    fold,
    org_bag,
    surnames_match,
)
from services.extract.alias_people import Person, double_surname, given_compatible
from services.extract.lexicon.bodies import CORPORATE_TAILS


class Verdict(enum.Enum):
    NEW_ENTITY = "new entity"


NEW_ENTITY = Verdict.NEW_ENTITY
Outcome = Cluster | Verdict | None


@dataclass(frozen=True)
class MatchMode:
    """`corpus`: a many-document resolver (stricter, see `AliasResolver`); `surname_merges`: a
    bare surname or a bare reference may join a fuller name."""

    corpus: bool
    surname_merges: bool

    @property
    def shortest_acronym(self) -> int:
        # Across a corpus two-letter initials collide ("US": United States, Union State): there
        # an acronym needs three letters, or a document that used it alongside its expansion.
        return 3 if self.corpus else 2


def types_compatible(cluster: Cluster, mention: Mention, corpus: bool) -> bool:
    if cluster.type is None or mention.type is None or cluster.type == mention.type:
        return True
    # Documents disagree whether "Belarus" is a place or a body that speaks: across a corpus
    # only person versus not-a-person keeps entities apart.
    return corpus and EntityType.person not in (cluster.type, mention.type)


@dataclass
class Attempt:
    """One mention against its candidate clusters, with the narrower lists the rules use."""

    mention: Mention
    every: list[Cluster]
    mode: MatchMode

    @cached_property
    def compatible(self) -> list[Cluster]:
        """Candidates whose type does not rule the mention out."""
        return [c for c in self.every if types_compatible(c, self.mention, self.mode.corpus)]

    @cached_property
    def named(self) -> list[Cluster]:
        """Compatible candidates that are no one's possessive."""
        return [c for c in self.compatible if c.possessive is None]

    @cached_property
    def others(self) -> list[Cluster]:
        """What the word rules may match: in a corpus a bare surname that is no known person's
        may still be a body ("Belarus"), never someone's cluster."""
        if self.mode.corpus and self.mention.person is not None:
            return [c for c in self.named if not c.persons]
        return self.named


# --------------------------------------------------------------------------- people


def match_person(person: Person, candidates: list[Cluster], mode: MatchMode) -> Cluster | None:
    """The cluster of the person `person` names, among `candidates`."""
    people = [c for c in candidates if c.persons]
    if mode.corpus:
        return _match_person_in_corpus(person, people)
    if person.full:
        return _match_full_name(person, people, mode.surname_merges)
    if not mode.surname_merges:
        return latest(c for c in people if any(not p.full and p.surname == person.surname for p in c.persons))
    return latest(c for c in people if any(surnames_match(p.surname, person.surname) for p in c.persons))


def _same_full_name(person: Person, c: Cluster) -> bool:
    return any(p.full and p.given == person.given and surnames_match(p.surname, person.surname) for p in c.persons)


def _match_full_name(person: Person, people: list[Cluster], surname_merges: bool) -> Cluster | None:
    exact = [c for c in people if _same_full_name(person, c)]
    if exact:
        return latest(exact)
    compatible = []
    for c in people:
        same_surname = [p for p in c.persons if surnames_match(p.surname, person.surname) or double_surname(p, person)]
        if not same_surname:
            continue
        fulls = [p for p in same_surname if p.full]
        if fulls and not any(given_compatible(p.given, person.given) for p in fulls):
            continue  # Anna Myroniuk is not Anton Myroniuk
        if not fulls and not surname_merges:
            continue
        compatible.append(c)
    return latest(compatible)


def _match_person_in_corpus(person: Person, people: list[Cluster]) -> Cluster | None:
    def bears(c: Cluster) -> bool:
        return any(surnames_match(p.surname, person.surname) or double_surname(p, person) for p in c.persons)

    bearers = [c for c in people if bears(c)]
    bare = [c for c in bearers if not any(p.full for p in c.persons)]
    if person.full:
        exact = [c for c in bearers if _same_full_name(person, c)]
        if exact:
            return latest(exact)
        compatible = [c for c in bearers if c not in bare and any(
            p.full and given_compatible(p.given, person.given) for p in c.persons)]
        if compatible:
            return latest(compatible)
        # the only known bearer of the surname, never named in full before
        return bare[0] if len(bearers) == 1 and bare else None
    if len(bearers) == 1:
        return bearers[0]
    # two or more people share the surname: a bare mention stays with the other bare ones
    return latest(bare)


# --------------------------------------------------------------------------- the rules


def company_short_name(attempt: Attempt) -> Outcome:
    """'Quorvane Motors opened a plant. Quorvane said …': a company's short name is its full name
    without the trading words that follow ('Motors', 'Group', 'Holdings', 'Inc'), whatever type
    the recogniser guessed for the bare word (often a person)."""
    mention = attempt.mention
    if not attempt.mode.surname_merges or len(mention.bag) != 1 or mention.possessive is not None:
        return None
    (word,) = mention.bag
    return latest(c for c in attempt.every if any(short_company_name(f) == word for f in c.forms))


@functools.lru_cache(maxsize=NAME_CACHE)
def short_company_name(form: str) -> str | None:
    """The folded first word of a company's name followed only by trading words ('Quorvane
    Motors' -> 'quorvane'), None for any other form. Worked out once per form: every one-word
    mention asks it of every form known."""
    words = form.split()
    if len(words) >= 2 and all(fold(w).strip(".,") in CORPORATE_TAILS for w in words[1:]):
        return fold(words[0])
    return None


def same_possessive(attempt: Attempt) -> Outcome:
    """'Governor Ilse Brandvik's office said … Brandvik's office added': a person's possessive is
    an entity of its own, one with any other possessive of the same owner and head, and nothing
    else."""
    if attempt.mention.possessive is None:
        return None
    owner, head = attempt.mention.possessive
    hit = latest(c for c in attempt.compatible if c.possessive is not None
                 and bags_equal(c.possessive[1], head) and surnames_match(c.possessive[0], owner))
    return hit if hit is not None else NEW_ENTITY


def same_person(attempt: Attempt) -> Outcome:
    """'Mayor Tomas Halloran spoke … Halloran said': a person's name joins that person
    (`match_person`). In a corpus a full or typed name that is no known person is a new one."""
    person = attempt.mention.person
    if person is None:
        return None
    hit = match_person(person, attempt.named, attempt.mode)
    if hit is not None:
        return hit
    if attempt.mode.corpus and (person.full or attempt.mention.type is not None):
        return NEW_ENTITY
    return None


def same_words(attempt: Attempt) -> Outcome:
    """'Velmarian Water Authority' = 'Water Authority of Velmaria': the same words in any order,
    "of the", demonyms and possessives aside."""
    bag = attempt.mention.bag
    return latest(c for c in attempt.others if bag and any(bags_equal(bag, b) for b in c.bags))


def acronym_spells_a_form(attempt: Attempt) -> Outcome:
    """'the Irvale Mining Company (IMC)' … 'IMC said': an acronym joins a body whose name it
    spells. A country's acronym ("US") is matched by its country only (`same_words`)."""
    acronym = attempt.mention.acronym
    if (acronym is None or len(acronym) < attempt.mode.shortest_acronym
            or places.country_of_acronym(acronym) is not None):
        return None
    return latest(c for c in attempt.others if any(spells(acronym, f) for f in c.forms))


def same_capitals(attempt: Attempt) -> Outcome:
    """'KVL' … 'K.V.L.': a name whose initials are an acronym already written in capitals."""
    initials = attempt.mention.initials
    if len(initials) < attempt.mode.shortest_acronym:
        return None
    return latest(c for c in attempt.others if any(f == initials and is_own_acronym(f) for f in c.forms))


def similar_words(attempt: Attempt) -> Outcome:
    """'Nordhavn Health Organisation' = 'Nordhavn Health Organization': the same words up to a
    spelling slip per word, for names that are no person's."""
    mention = attempt.mention
    if mention.person is not None or not mention.bag:
        return None
    return latest(c for c in attempt.others if not c.persons and any(bags_similar(mention.bag, b) for b in c.bags))


def bare_reference(attempt: Attempt) -> Outcome:
    """'the Velmarian Ministry of Transport said … the Ministry of Transport added': a bare
    reference joins a qualified one, before or after it, when what it leaves out is only
    capitalised qualifiers; never a cluster that already holds a different qualification (the
    Velmarian and the Ostrian ministries stay apart)."""
    mention = attempt.mention
    if mention.person is not None or not mention.bag or not attempt.mode.surname_merges:
        return None
    return latest(c for c in attempt.others if not c.persons and qualifies(mention, c))


def qualifies(mention: Mention, cluster: Cluster) -> bool:
    """Whether `mention` and `cluster` differ only by capitalised qualifiers (`bare_reference`)."""
    def nested(a: frozenset[str], b: frozenset[str]) -> bool:
        return covered(a, b) or covered(b, a)

    if len(mention.bag) < 2 or not all(nested(b, mention.bag) for b in cluster.bags):
        return False
    capitalised: set[str] = set()
    for form in [*cluster.forms, mention.display]:
        for word in WORD_RE.findall(form.translate(LOOKALIKES)):
            if word[:1].isupper():
                capitalised |= org_bag(word)
    for bag in cluster.bags:
        small, large = sorted((bag, mention.bag), key=len)
        if (len(small) < len(large) and len(small) >= 2 and covered(small, large)
                and extra_words(small, large) <= capitalised):
            return True
    return False


Rule = Callable[[Attempt], Outcome]

MATCH_RULES: tuple[Rule, ...] = (
    company_short_name,
    same_possessive,
    same_person,
    same_words,
    acronym_spells_a_form,
    same_capitals,
    similar_words,
    bare_reference,
)


def decide(mention: Mention, candidates: list[Cluster], mode: MatchMode) -> tuple[Rule | None, Cluster | None]:
    """The rule that answered (None when none did) and the cluster `mention` joins (None: a new
    entity)."""
    attempt = Attempt(mention, candidates, mode)
    for rule in MATCH_RULES:
        outcome = rule(attempt)
        if outcome is NEW_ENTITY:
            return rule, None
        if isinstance(outcome, Cluster):
            return rule, outcome
    return None, None


def match(mention: Mention, candidates: list[Cluster], mode: MatchMode) -> Cluster | None:
    """The cluster `mention` joins among `candidates`, None for a new entity."""
    return decide(mention, candidates, mode)[1]
