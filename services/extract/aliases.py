"""One name per real-world entity, across titles, spellings, word orders and documents.

No table of known entities: mentions are merged by generic rules over their words.

- People: honorifics and titles are dropped ("Mr Lukashenko", "Belarusian President Alexander
  Lukashenko"); a surname-only mention joins the most recently mentioned person with that surname;
  transliterations merge by fuzzy surname plus compatible first name ("Lukashenka",
  "Alyaksandra Lukashenko"); two people with clearly different first names stay apart
  ("Anna Myroniuk" / "Anton Myroniuk"); social handles are split ("@AnnaMyroniuk").
- Organisations and places: compared as bags of normalised words, so word order, "of the",
  possessives and demonyms do not matter ("Belarusian Defense Ministry" = "Ministry of Defense of
  the Republic of Belarus" = "Belarus Ministry of Defense"); acronyms match initials ("EU");
  a bare reference ("the Ministry of Defense") joins the qualified one already mentioned.
- Possessives name a different entity than their owner ("Zelenskiy’s office" is not Zelenskiy),
  but two possessives with the same owner and head are one ("President Volodymyr Zelenskiy’s
  office" = "Zelenskiy’s office").

Across documents, `AliasResolver(corpus=True)` (used by `services.extract.registry`) is stricter
about bare surnames, bare references and two-letter acronyms, and indexes its clusters.

The canonical name of a cluster is its most complete form: a full name over a surname, then the
more frequent, then the longer, then the better-capitalised ("BelTA" over "Belta").
Canonical names can improve as a document is read, so ask `canonical()` after the last `add()`.

This module is the façade. The work is done, in reading order, by `alias_keys` (the keys a name
is compared by), `alias_people` (people's names), `acronyms`, `alias_clusters` (a cluster and its
canonical name, a mention), `alias_rules` (the ordered table of matching rules; `rule_for` names
the one that decides a name), `alias_index` (the corpus candidate index) and `alias_state`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from schemas.models import Entity, EntityType
from services.extract import alias_rules, places
from services.extract.alias_clusters import Cluster, Mention, describe_name, display_form, latest
from services.extract.alias_index import CandidateIndex, surname_keys
from services.extract.alias_keys import (
    POSSESSIVE_RE,
    bags_equal,
    clean,
    description_words,
    is_capitalised_name,
    names_its_own_unit,
    org_bag,
    split_handle,
    surnames_match,
)
from services.extract.alias_people import is_fuller_name, person_name
from services.extract.alias_rules import MatchMode, match_person
from services.extract.alias_state import cluster_from_state, cluster_to_state

__all__ = ["AliasResolver", "is_better_name", "is_fuller_name", "merge_resolvers"]

_Method = TypeVar("_Method", bound=Callable[..., Any])


def _changes_clusters(method: _Method) -> _Method:
    """A resolver method that changes clusters: the canonical names remembered since the last
    change are forgotten before and after it runs."""
    @functools.wraps(method)
    def changing(self: AliasResolver, *args: Any, **kwargs: Any) -> Any:
        self._canonical_names.clear()
        try:
            return method(self, *args, **kwargs)
        finally:
            self._canonical_names.clear()
    return cast(_Method, changing)


class AliasResolver:
    """Canonical names for entity mentions; feed one document's mentions in reading order.

    `surname_merges=False` turns off surname-only and bare-reference merging, for a corpus-level
    resolver that is fed canonical names from many documents (where a lone "Smith" from one
    article says nothing about another article's "Anna Smith").

    `corpus=True` is the mode for a long-lived, many-document resolver fed one canonical name per
    entity per document (see `services.extract.registry`):

    - a surname-only name joins the only known person with that surname, and stays apart (in a
      cluster of its own for that bare surname) while two or more are known; a full name joins a
      surname-only cluster when that cluster is the only known bearer of the surname;
    - the aliases of a fed entity are remembered for lookups (`canonical`) but never used to
      match another document's names: one article's bare "Ministry of Defense" is not the next
      article's;
    - candidates are found through indexes (surname, word prefixes, initials) instead of a scan,
      so matching stays fast with hundreds of thousands of names; `forget` drops a cluster.
    """

    def __init__(self, *, surname_merges: bool = True, corpus: bool = False) -> None:
        self._clusters: dict[int, Cluster] = {}
        self._by_surface: dict[str, int] = {}
        self._surname_merges = surname_merges and not corpus
        self._corpus = corpus
        self._clock = 0
        self._next_key = 0
        self._alias_of: dict[str, int] = {}  # corpus mode: aliases, for lookups only
        self._metonyms: set[str] = set()  # surfaces that stand for another entity ("Minsk")
        self._index = CandidateIndex()  # corpus mode only
        self._mode = MatchMode(corpus=corpus, surname_merges=self._surname_merges)
        # cluster -> its canonical name, worked out when first asked after the last change: a
        # document's names are asked for many times once all its mentions are in
        self._canonical_names: dict[int, str] = {}

    # ---- public API
    def add(self, surface: str, type: EntityType | None = None) -> str:  # noqa: A002 - contract name
        """Register a mention and return the canonical name it currently resolves to."""
        key = self.register(surface, type)
        return self._canonical_name(key) if key is not None else surface

    def register(self, surface: str, type: EntityType | None = None) -> int | None:  # noqa: A002
        """`add` without working out the canonical name (which a reader feeding a whole
        document asks for only at the end): the cluster the mention joined, None for a name
        with no letters or digits."""
        cleaned = clean(surface or "")
        if not cleaned or not any(c.isalnum() for c in cleaned):
            return None
        return self._add(surface, cleaned, type)

    @_changes_clusters
    def _add(self, surface: str, cleaned: str, type: EntityType | None) -> int:  # noqa: A002
        self._clock += 1
        mention = None
        known = self._by_surface.get(surface)
        if known is not None and self._corpus:
            # a bare surname seen before may have become ambiguous since: match it afresh
            mention = self._describe(cleaned, type)
            if mention.person is not None and not mention.person.full:
                known = None
        if known is not None:
            cluster = self._clusters[known]
            cluster.aliases[surface] += 1
            if surface not in self._metonyms:
                self._count_form(cluster, display_form(cleaned))
            cluster.last_seen = self._clock
            return cluster.key
        if mention is None:
            mention = self._describe(cleaned, type)
        if self._corpus and mention.acronym is not None and surface in self._alias_of:
            # an acronym another document used alongside its expansion
            target: Cluster | None = self._clusters[self._alias_of[surface]]
        else:
            target = self._match(mention)
        if target is None:
            target = self._new_cluster(type)
        self._attach(target, surface, mention)
        return target.key

    def canonical(self, surface: str, *, match: bool = True) -> str:
        """The canonical name for `surface`, without registering it. With `match` False a name
        never registered is not matched against the known ones (a look at each of them): only
        its own registered spelling, cleaned or not, leads to a cluster."""
        key = self.key_of(surface) if match else self._registered_key(surface)
        if key is not None:
            return self._canonical_name(key)
        cleaned = clean(surface or "")
        return self._describe(cleaned, None).display if cleaned else surface

    def _canonical_name(self, key: int) -> str:
        name = self._canonical_names.get(key)
        if name is None:
            name = self._canonical_names[key] = self._clusters[key].canonical()
        return name

    def key_of(self, surface: str, type: EntityType | None = None) -> int | None:  # noqa: A002
        """The cluster `surface` resolves to, without registering it; None for a new entity."""
        known = self.exact_key(surface)
        if known is not None and self._clusters[known].description:
            return known
        cleaned = clean(surface or "")
        if self._corpus and cleaned:
            mention = self._describe(cleaned, type)
            if mention.person is not None and not mention.person.full:
                target = self._match(mention)
                if target is not None:
                    return target.key
                # no person by that name: a single word a document tied to a body or a place
                # ("Minsk" standing for Belarus) still leads there
                known = self.exact_key(surface)
                if known is not None and not any(p.full for p in self._clusters[known].persons):
                    return known
                return None
        for name in (surface, cleaned):
            known = self._by_surface.get(name)
            if known is None:
                known = self._alias_of.get(name)
            if known is not None:
                return known
        if not cleaned:
            return None
        target = self._match(self._describe(cleaned, type))
        return target.key if target is not None else None

    def _registered_key(self, surface: str) -> int | None:
        for name in (surface, clean(surface or "")):
            known = self.exact_key(name)
            if known is not None:
                return known
        return None

    def rule_for(self, surface: str, type: EntityType | None = None) -> str | None:  # noqa: A002
        """The name of the rule in `alias_rules.MATCH_RULES` that decides what `surface` joins
        now (None when no rule answers: a new entity), without registering it."""
        cleaned = clean(surface or "")
        if not cleaned:
            return None
        mention = self._describe(cleaned, type)
        rule, _ = alias_rules.decide(mention, self._candidates(mention), self._mode)
        return rule.__name__ if rule is not None else None

    def exact_key(self, surface: str) -> int | None:
        """The cluster that `surface`, exactly as written, was registered under; no matching."""
        known = self._by_surface.get(surface)
        return known if known is not None else self._alias_of.get(surface)

    @_changes_clusters
    def add_metonym(self, surface: str, referent: str) -> str | None:
        """`surface` stands for `referent` in this document (a capital for its government:
        "Minsk agreed" is Belarus): `referent` is registered and `surface` resolves to it from
        now on, as an alias that never becomes its name. Refused (None) when `surface` is the
        surname of a person named in full here ("Washington" after "Denzel Washington")."""
        cleaned, target = clean(surface or ""), clean(referent or "")
        if not cleaned or not target or not any(c.isalnum() for c in cleaned + target):
            return None
        as_person = person_name(cleaned)
        if as_person is not None:
            bearer = match_person(as_person, list(self._clusters.values()), self._mode)
            if bearer is not None and any(p.full for p in bearer.persons):
                return None
        key = self._add(referent, target, None)
        cluster = self._clusters[key]
        earlier = self._by_surface.get(surface)
        if earlier is not None and earlier != key and earlier in self._clusters:
            # the city was taken for an entity of its own before its role was known
            old = self._clusters[earlier]
            old.aliases.pop(surface, None)
            old.forms.pop(display_form(cleaned), None)
            if not old.aliases:
                self.forget(earlier)
        self._by_surface[surface] = key
        self._metonyms.add(surface)
        cluster.aliases[surface] += 1
        return cluster.canonical()

    @_changes_clusters
    def learn_description(self, entity: Entity) -> int | None:
        """Register an unnamed source ("unnamed senior US defense official", aliases "a senior
        US defense official") as an entity of its own: found again by its exact words only,
        never matched to a name or to another description."""
        name = (entity.canonical or "").strip()
        if not description_words(name):
            return None
        self._clock += 1
        key = self.description_of(name)
        if key is None:
            cluster = self._new_cluster(entity.type)
            cluster.description = True
            self._count_form(cluster, name)
        else:
            cluster = self._clusters[key]
        if self.exact_key(name) is None:
            self._by_surface[name] = cluster.key
        cluster.aliases[name] += 1
        cluster.last_seen = self._clock
        for alias in entity.aliases:
            if self.exact_key(alias) is None and description_words(alias):
                self._alias_of[alias] = cluster.key
                cluster.aliases[alias] += 1
        self._index_cluster(cluster)
        return cluster.key

    def description_of(self, text: str) -> int | None:
        """The unnamed source `text` describes, by its words less articles and anonymity
        markers: "a senior US defense official" = "unnamed senior US defense official"."""
        words = description_words(text)
        if not words:
            return None
        found = latest(self._clusters[k] for k in self._index.members(("d", words)) if k in self._clusters)
        return found.key if found is not None else None

    def entities(self) -> list[Entity]:
        result = []
        for cluster in sorted(self._clusters.values(), key=lambda c: c.first_seen):
            result.append(
                Entity(
                    canonical=self._canonical_name(cluster.key),
                    type=cluster.entity_type(),
                    aliases=sorted(cluster.aliases),
                )
            )
        return result

    def add_entity(self, entity: Entity) -> str:
        """Feed another resolver's entity: its canonical is matched, its aliases follow it."""
        key = self.learn_entity(entity)
        return self._canonical_name(key) if key is not None else entity.canonical

    @_changes_clusters
    def learn_entity(self, entity: Entity) -> int | None:
        """`add_entity`, returning the cluster the entity joined (None for a name with no
        letters or digits). In corpus mode a document's "other" type counts as untyped: it is
        what a document resolver says when it could not tell."""
        cleaned = clean(entity.canonical or "")
        if not cleaned or not any(c.isalnum() for c in cleaned):
            return None
        type_ = None if self._corpus and entity.type is EntityType.other else entity.type
        key = self._add(entity.canonical, cleaned, type_)
        cluster = self._clusters[key]
        lookup = self._alias_of if self._corpus else self._by_surface
        for alias in entity.aliases:
            if alias not in self._by_surface and alias not in lookup:
                lookup[alias] = key
                cluster.aliases[alias] += 1
        return key

    @property
    def alias_count(self) -> int:
        return len(self._by_surface) + len(self._alias_of)

    def __contains__(self, key: object) -> bool:
        return key in self._clusters

    @_changes_clusters
    def forget(self, key: int) -> None:
        """Drop a cluster and every name pointing at it (bounded memory for long-lived corpora)."""
        cluster = self._clusters.pop(key, None)
        if cluster is None:
            return
        for surface in cluster.aliases:
            for lookup in (self._by_surface, self._alias_of):
                if lookup.get(surface) == key:
                    del lookup[surface]
        self._index.drop(key)

    def least_recent(self, count: int) -> list[int]:
        """The `count` clusters seen longest ago."""
        return [c.key for c in sorted(self._clusters.values(), key=lambda c: c.last_seen)[:count]]


    # ---- persistence
    def to_state(self) -> dict[str, Any]:
        """Everything the resolver learnt, as plain JSON-able data (see `from_state`)."""
        return {
            "surname_merges": self._surname_merges,
            "corpus": self._corpus,
            "clock": self._clock,
            "next_key": self._next_key,
            "clusters": [cluster_to_state(c) for c in self._clusters.values()],
            "by_surface": self._by_surface,
            "alias_of": self._alias_of,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> AliasResolver:
        """The resolver `to_state` described; raises ValueError on malformed state."""
        try:
            resolver = cls(surname_merges=bool(state["surname_merges"]), corpus=bool(state["corpus"]))
            resolver._clock = int(state["clock"])
            resolver._next_key = int(state["next_key"])
            for raw in state["clusters"]:
                cluster = cluster_from_state(raw)
                resolver._clusters[cluster.key] = cluster
                resolver._index_cluster(cluster)
            resolver._by_surface = {str(k): int(v) for k, v in state["by_surface"].items()}
            resolver._alias_of = {str(k): int(v) for k, v in state["alias_of"].items()}
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ValueError(f"not an alias resolver state: {error}") from error
        if any(k not in resolver._clusters for k in [*resolver._by_surface.values(), *resolver._alias_of.values()]):
            raise ValueError("not an alias resolver state: a name points at no cluster")
        return resolver

    # ---- internals
    def _describe(self, cleaned: str, type: EntityType | None) -> Mention:  # noqa: A002
        handle = split_handle(cleaned)
        name = handle if handle is not None else cleaned
        possessive = None
        m = POSSESSIVE_RE.match(name.replace("’", "'"))
        if m is not None and handle is None:
            possessive = self._person_possessive(m.group("owner"), m.group("head"))
            if possessive is None and names_its_own_unit(m.group("owner"), m.group("head")):
                name = cleaned = m.group("head")  # "Belarusian Army’s 38th Air Assault Brigade"
        return describe_name(cleaned, name, handle is not None, type, possessive)

    def _person_possessive(self, owner: str, head: str) -> tuple[str, frozenset[str]] | None:
        """(owner surname, head) when `owner` is a person: "Zelenskiy’s office" is an entity of
        its own. A place's or body's possessive is just another word order ("Ukraine’s armed
        forces" = "Armed Forces of Ukraine") and gives None."""
        owner_name = person_name(owner)
        if owner_name is None:
            return None
        key = (owner_name.surname, org_bag(head))
        if self._corpus:
            possessives = self._index.lookup([("o", key[0][:1])])
            people = self._index.lookup(surname_keys(owner_name.surname))
            clusters = [self._clusters[k] for k in sorted(possessives | people) if k in self._clusters]
        else:
            clusters = list(self._clusters.values())
        if any(c.possessive is not None and bags_equal(c.possessive[1], key[1])
               and surnames_match(c.possessive[0], key[0]) for c in clusters):
            return key
        if owner_name.full:
            return key
        owner_cluster = match_person(owner_name, clusters, self._mode)
        if owner_cluster is not None and any(p.full for p in owner_cluster.persons):
            return key
        return None

    def _new_cluster(self, type: EntityType | None) -> Cluster:  # noqa: A002
        key = self._next_key
        self._next_key += 1
        cluster = Cluster(key=key, type=type, first_seen=self._clock)
        self._clusters[key] = cluster
        return cluster

    def _attach(self, cluster: Cluster, surface: str, mention: Mention) -> None:
        self._by_surface[surface] = cluster.key
        cluster.aliases[surface] += 1
        self._count_form(cluster, mention.display)
        cluster.last_seen = self._clock
        if cluster.type is None and mention.type is not None:
            cluster.type = mention.type
        if mention.person is not None and mention.person not in cluster.persons:
            cluster.persons.append(mention.person)
        if mention.bag:
            cluster.bags.add(mention.bag)
        if mention.possessive is not None:
            cluster.possessive = mention.possessive
        self._index_cluster(cluster)

    def _count_form(self, cluster: Cluster, form: str) -> None:
        cluster.forms[form] += 1
        if form not in cluster.form_seen:
            cluster.form_seen[form] = self._clock
            self._index_cluster(cluster)

    def _index_cluster(self, cluster: Cluster) -> None:
        if self._corpus:
            self._index.add(cluster)

    def _candidates(self, mention: Mention) -> list[Cluster]:
        return self._index.candidates(mention, self._clusters) if self._corpus else list(self._clusters.values())

    def _match(self, mention: Mention) -> Cluster | None:
        return alias_rules.match(mention, self._candidates(mention), self._mode)


def is_better_name(name: str, than: str) -> bool:
    """Whether `name` should replace `than` as the name of one entity: a full name over a bare
    surname (`is_fuller_name`), or a body's own capitalised name ("Armed Forces of Ukraine")
    over the name made up for its collective nouns ("Ukrainian Armed Forces")."""
    if is_fuller_name(name, than):
        return True
    made_up = re.fullmatch(r"(?P<demonym>.+) Armed Forces", than)
    return (made_up is not None and places.country_of_demonym(made_up.group("demonym")) is not None
            and re.fullmatch(r".+ Armed Forces", name) is None and is_capitalised_name(name)
            and bags_equal(org_bag(name), org_bag(than)))


def merge_resolvers(resolvers: Iterable[AliasResolver]) -> AliasResolver:
    """A corpus-level resolver: every document's entities, with spelling variants unified
    ("Alexander Lukashenko" from one article, "Alexander Lukashenka" from another)."""
    corpus = AliasResolver(surname_merges=False)
    for resolver in resolvers:
        for entity in resolver.entities():
            corpus.add_entity(entity)
    return corpus
