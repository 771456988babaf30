"""A cluster is one entity's mentions; a mention is what one name says about its entity.

`Cluster.canonical` picks the entity's name; `describe_name` turns a cleaned name into a `Mention`
(its person reading, word bag, initials, acronym and possessive owner).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from schemas.models import EntityType
from services.extract.acronyms import acronym_of, name_bag
from services.extract.alias_keys import (
    NAME_CACHE,
    POSSESSIVE_RE,
    armed_forces_name,
    clean,
    display_score,
    fold,
    initials,
    is_capitalised_name,
    names_its_own_unit,
    split_handle,
)
from services.extract.alias_people import Person, person_name
from services.extract.lexicon.bodies import ORGANISATION_NAME_WORDS


@dataclass
class Cluster:
    key: int
    type: EntityType | None
    forms: Counter[str] = field(default_factory=Counter)  # display forms (titles stripped)
    form_seen: dict[str, int] = field(default_factory=dict)  # when each form was first seen
    aliases: Counter[str] = field(default_factory=Counter)  # surfaces as given
    persons: list[Person] = field(default_factory=list)
    bags: set[frozenset[str]] = field(default_factory=set)
    possessive: tuple[str, frozenset[str]] | None = None  # (owner's surname, head bag)
    description: bool = False  # an unnamed source ("a senior official"): matched by its exact words only
    first_seen: int = 0
    last_seen: int = 0

    def canonical(self) -> str:
        full_forms = {p.display for p in self.persons if p.full}
        # Case variants ("Belta", "BelTA", "BELTA") count as one form; the best-capitalised
        # spelling of the winning form is shown.
        key_count: Counter[str] = Counter()
        key_seen: dict[str, int] = {}
        for form, count in self.forms.items():
            key = fold(form)
            key_count[key] += count
            key_seen[key] = min(key_seen.get(key, self.form_seen.get(form, 0)), self.form_seen.get(form, 0))

        # "Russian Armed Forces" stands for "Russian troops" and the like, unless the text also
        # wrote the body's own capitalised name ("Armed Forces of Ukraine"), which then wins
        written = {clean(alias) for alias in self.aliases}
        formal_written = any(armed_forces_name(w) is None and is_capitalised_name(w)
                             for w in written if w in self.forms)

        def rank(form: str) -> tuple:
            key = fold(form)
            return (
                not form.startswith("@"),
                form in full_forms or not self.persons,
                form in written or not formal_written,
                # a body's full name over its short form, however often the short one is used
                # ('Halvard Motors' said ... 'Halvard said'): the short form is its prefix
                not self.persons and any(key.startswith(fold(other) + " ") for other in self.forms),
                key_count[key],
                # News names an entity fully on first reference ("Alexander Lukashenko ...
                # Lukashenko said"), so among equally frequent forms the earliest is the fullest.
                -key_seen[key],
                len(form.split()),
                display_score(form),
                len(form),
                form,  # last resort: deterministic
            )

        return max(self.forms, key=rank)

    def entity_type(self) -> EntityType:
        if self.type is not None:
            return self.type
        if any(p.full for p in self.persons) and self.possessive is None:
            return EntityType.person
        if any(fold(w) in ORGANISATION_NAME_WORDS for form in self.forms for w in form.split()):
            return EntityType.organisation
        return EntityType.other


@dataclass(frozen=True)
class Mention:
    """One name as the matching rules see it."""

    display: str
    type: EntityType | None
    person: Person | None
    bag: frozenset[str]
    initials: str
    acronym: str | None
    possessive: tuple[str, frozenset[str]] | None  # (owner's surname, head bag)


@functools.lru_cache(maxsize=NAME_CACHE)
def display_form(cleaned: str) -> str:
    """The form a cleaned name is counted under: titles off a full name, a body's own unit
    ("Acme Group's Widget Division" -> "Widget Division"), a collective noun's armed forces."""
    handle = split_handle(cleaned)
    if handle is not None:
        return cleaned
    m = POSSESSIVE_RE.match(cleaned.replace("’", "'"))
    if m is not None and names_its_own_unit(m.group("owner"), m.group("head")):
        return m.group("head")
    collective = armed_forces_name(cleaned)
    if collective is not None:
        return collective
    person = person_name(cleaned)
    return person.display if person is not None and person.full else cleaned


@functools.lru_cache(maxsize=NAME_CACHE)
def describe_name(cleaned: str, name: str, is_handle: bool, type: EntityType | None,  # noqa: A002
                  possessive: tuple[str, frozenset[str]] | None) -> Mention:
    """What a name says once its possessive is known: depends on its arguments only."""
    person = None
    if type in (None, EntityType.person) and possessive is None:
        person = person_name(name)
        if person is not None and not person.full and type is None and name.isupper():
            person = None  # "NATO" is an acronym, not a surname
    display = cleaned if is_handle else (person.display if person is not None and person.full else cleaned)
    display = armed_forces_name(display) or display
    acronym = acronym_of(name)
    return Mention(display, type, person, name_bag(name, acronym), initials(name), acronym, possessive)


def latest(clusters: Iterable[Cluster]) -> Cluster | None:
    """The cluster seen most recently (the first of equals)."""
    best = None
    for cluster in clusters:
        if best is None or cluster.last_seen > best.last_seen:
            best = cluster
    return best
