"""The candidate index of a corpus resolver: the clusters a matching rule could accept, found by
blocking keys instead of a scan (exact for word bags, initials and acronyms; heuristic for
surname spellings), so matching stays fast with hundreds of thousands of names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from services.extract.alias_clusters import Cluster, Mention
from services.extract.alias_keys import description_words, initials

IndexKey = tuple


def surname_keys(surname: str) -> list[IndexKey]:
    """Blocking keys for surnames that may be spellings of each other: transliterations
    change vowels and doubled letters (Lukashenko/Lukashenka, Navalny/Navalnyy), so the
    first letter and consonant skeleton (l-k-sh-n-k) agree at its start or its end. A
    variant changing consonants at both ends is missed: the price of not scanning."""
    skeleton = surname[:1]
    for ch in surname[1:]:
        if ch not in "aeiouy" and ch != skeleton[-1]:
            skeleton += ch
    return [("s", surname), ("s<", skeleton[:4]), ("s>", surname[:1], skeleton[-3:])]


def word_keys(word: str) -> list[IndexKey]:
    """The keys a bag word is looked up by: equal words and demonyms share their first three
    letters; spelling slips (`surnames_match`) share the first letter and a length within one."""
    keys: list[IndexKey] = [("p", word[:3])]
    if len(word) >= 5:
        keys += [("w", word[:1], n) for n in (len(word) - 1, len(word), len(word) + 1)]
    return keys


def cluster_keys(cluster: Cluster) -> set[IndexKey]:
    """The keys a cluster is filed under (a description's are its words only: it is never a
    candidate for a name)."""
    if cluster.description:
        return {("d", description_words(a)) for a in cluster.aliases}
    keys: set[IndexKey] = set()
    for person in cluster.persons:
        keys.update(surname_keys(person.surname))
        tokens = (*person.given, person.surname)
        if len(tokens) >= 2:
            keys.add(("t", tokens[0], tokens[1]))  # double surnames continue a full name
    for bag in cluster.bags:
        for word in bag:
            keys.add(("p", word[:3]))
            if len(word) >= 5:
                keys.add(("w", word[:1], len(word)))
    for form in cluster.forms:
        if " " in form:
            keys.add(("i", initials(form)))
        if form.isupper():
            keys.add(("u", form))
    if cluster.possessive is not None:
        keys.add(("o", cluster.possessive[0][:1]))
    return keys


class CandidateIndex:
    """Blocking key -> cluster keys, and back."""

    def __init__(self) -> None:
        self._members: dict[IndexKey, set[int]] = {}
        self._keys_of: dict[int, set[IndexKey]] = {}

    def add(self, cluster: Cluster) -> None:
        """File `cluster` under every key it has now (again after it grew)."""
        keys = cluster_keys(cluster)
        known = self._keys_of.setdefault(cluster.key, set())
        for key in keys - known:
            self._members.setdefault(key, set()).add(cluster.key)
        known |= keys

    def drop(self, cluster_key: int) -> None:
        for index_key in self._keys_of.pop(cluster_key, set()):
            members = self._members.get(index_key)
            if members is not None:
                members.discard(cluster_key)
                if not members:
                    del self._members[index_key]

    def members(self, key: IndexKey) -> set[int]:
        return self._members.get(key, set())

    def lookup(self, keys: Iterable[IndexKey]) -> set[int]:
        found: set[int] = set()
        for key in keys:
            found |= self._members.get(key, set())
        return found

    def candidates(self, mention: Mention, clusters: Mapping[int, Cluster]) -> list[Cluster]:
        """The clusters any rule could match `mention` to, in key order."""
        found: set[int] = set()
        if mention.person is not None:
            found |= self.lookup(surname_keys(mention.person.surname))
            tokens = (*mention.person.given, mention.person.surname)
            if len(tokens) >= 2:
                found |= self.members(("t", tokens[0], tokens[1]))
        if mention.possessive is not None:
            found |= self.members(("o", mention.possessive[0][:1]))
        if mention.bag:
            # every word of an equal or similar bag has a counterpart: intersect per word
            per_word = sorted((self.lookup(word_keys(w)) for w in mention.bag), key=len)
            common = set(per_word[0])
            for members in per_word[1:]:
                common &= members
                if not common:
                    break
            found |= common
        if mention.acronym is not None:
            found |= self.members(("i", mention.acronym))
        if len(mention.initials) >= 2:
            found |= self.members(("u", mention.initials))
        return [clusters[k] for k in sorted(found) if k in clusters]
