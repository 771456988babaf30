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
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from schemas.models import Entity, EntityType
from services.extract import places
from services.extract.lexicon.bodies import CORPORATE_TAILS, FORMAL_STATE_WORDS, ORGANISATION_NAME_WORDS
from services.extract.lexicon.function_words import DESCRIPTION_OPENERS, NAME_STOP_WORDS
from services.extract.lexicon.names import FOLDED_NAME_PARTICLES, NAME_SUFFIXES
from services.extract.lexicon.titles import TITLES_AND_QUALIFIERS

__all__ = ["AliasResolver", "is_better_name", "is_fuller_name", "merge_resolvers"]

# --------------------------------------------------------------------------- normalisation

# The helpers below are pure functions of their strings (and of read-only library tables), and
# the same names recur within and across articles: they are memoised in bounded caches. Only
# their return values are shared, and those are immutable (str, frozenset, frozen dataclasses).
_WORD_CACHE = 65536
_NAME_CACHE = 16384

_LOOKALIKE_LETTERS = str.maketrans("аеорсухіјѕԁАВЕКМНОРСТХІЈЅ", "aeopcyxijsdABEKMHOPCTXIJS")
_LOOKALIKES = str.maketrans("аеорсухіјѕԁАВЕКМНОРСТХІЈЅ’ʼ`´", "aeopcyxijsdABEKMHOPCTXIJS''''")
_WORD_RE = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_POSSESSIVE_RE = re.compile(r"^(?P<owner>.+?)'s?\s+(?P<head>\S.*)$")
_CAMEL_RE = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+|\d+")

# Generic institutional vocabulary that news copy uses interchangeably.
_PHRASE_SYNONYMS = [
    (re.compile(r"\binternal affairs\b"), "interior"),
    (re.compile(r"\bhome affairs\b"), "interior"),
    (re.compile(r"\bforeign affairs\b"), "foreign"),
    (re.compile(r"\barmed forces\b"), "military"),
    (re.compile(r"\bdefence\b"), "defense"),
    (re.compile(r"\b(?:army|troops|soldiers|servicemen|forces)\b"), "military"),
]


@functools.lru_cache(maxsize=_WORD_CACHE)
def _fold(text: str) -> str:
    """Lowercase, lookalike letters to Latin, diacritics off, straight apostrophes."""
    text = text.translate(_LOOKALIKES)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@functools.lru_cache(maxsize=_WORD_CACHE)
def _fold_name(token: str) -> str:
    """Collapse common transliteration differences: Zelenskiy/Zelensky, Aleksandr/Alexander."""
    token = _fold(token)
    for a, b in (("ks", "x"), ("kh", "h"), ("iy", "i"), ("yy", "i"), ("ij", "i"), ("y", "i"),
                 ("ii", "i"), ("ph", "f"), ("w", "v"), ("ck", "k"), ("c", "k"), ("-", "")):
        token = token.replace(a, b)
    return token


_DEMONYM_SUFFIXES = ("n", "an", "ian", "ean", "ese", "ish", "i", "ien")


def _demonym_of(word: str, place: str) -> bool:
    """belarusian/belarus, russian/russia, ukrainian/ukraine, chinese/china, european/europe,
    but not nigeria/niger."""
    if len(place) < 4 or word == place:
        return False
    if word.startswith(place) and word[len(place):] in _DEMONYM_SUFFIXES:
        return True
    return place[-1] in "aeiouy" and word.startswith(place[:-1]) and word[len(place) - 1 :] in _DEMONYM_SUFFIXES


def _same_word(a: str, b: str) -> bool:
    return a == b or _demonym_of(a, b) or _demonym_of(b, a)


def _covered(small: frozenset[str], large: frozenset[str]) -> bool:
    return all(any(_same_word(x, y) for y in large) for x in small)


def _bags_equal(a: frozenset[str], b: frozenset[str]) -> bool:
    return len(a) == len(b) and _covered(a, b) and _covered(b, a)


def _extra_words(small: frozenset[str], large: frozenset[str]) -> frozenset[str]:
    return frozenset(y for y in large if not any(_same_word(x, y) for x in small))


def _country_token(country: str) -> str:
    return _fold(country).replace(" ", "-")


def _country_word(word: str) -> str:
    """A country's name, official name or demonym as one word (library data): "russian",
    "russian-federation" -> "russia"; "dutch" -> "netherlands"; "british" -> "united-kingdom"."""
    country = places.country_of_demonym(word) or places.country_of_name(word)
    return _country_token(country) if country is not None else word


@functools.lru_cache(maxsize=_NAME_CACHE)
def _org_bag(surface: str) -> frozenset[str]:
    words_in = _WORD_RE.findall(surface.translate(_LOOKALIKES))
    if len(words_in) > 1:
        # "EU Council on Foreign Relations" = "European Council on Foreign Relations": inside a
        # longer name a union's acronym is its adjective, when the library's expansion has one
        for word in words_in:
            adjective = _union_adjective(word)
            if adjective is not None:
                surface = re.sub(rf"(?<![\w-]){word}(?![\w-])", adjective, surface)
    folded = _fold(surface)
    for pattern, replacement in _PHRASE_SYNONYMS:
        folded = pattern.sub(replacement, folded)
    if " " in folded:  # every phrase the pattern knows has two words or more
        folded = places.country_phrase_re().sub(lambda m: _country_token(_country_word(m.group(0))), folded)
    words = [w[:-2] if w.endswith("'s") else w for w in _WORD_RE.findall(folded)]
    return frozenset(_country_word(w) for w in words if w not in NAME_STOP_WORDS and w not in FORMAL_STATE_WORDS)


@functools.cache
def _union_adjective(acronym: str) -> str | None:
    """'EU' -> 'European': the first word of a union's expansion ("European Union") when it is
    the adjective of a place's name ("Europe"), so "EU X" and "European X" are one name; not
    "United" for "UN" ("United Nations")."""
    if not acronym.isupper():
        return None
    expansion = places.acronym_expansion(acronym)
    if expansion is None:
        return None
    first = expansion.split()[0]
    return first if places.is_place_adjective(first) else None


@functools.lru_cache(maxsize=_NAME_CACHE)
def _names_its_own_unit(owner: str, head: str) -> bool:
    """Whether "<owner>’s <head>" is the head itself: a body's named sub-unit ("Belarusian
    Army’s 38th Air Assault Brigade", "Acme Group’s Widget Division") rather than the owner's
    generic part ("Ukraine’s armed forces", "the ministry’s Press Service", which need their
    owner to name anything)."""
    owner_words = [_fold(w) for w in _WORD_RE.findall(owner.translate(_LOOKALIKES))]
    if not any(w in ORGANISATION_NAME_WORDS for w in owner_words):
        return False  # a place's or a person's possessive, decided elsewhere
    head_words = _WORD_RE.findall(head.translate(_LOOKALIKES))
    if len(head_words) < 2 or not all(w[:1].isupper() or w[:1].isdigit() or _fold(w) in NAME_STOP_WORDS
                                      for w in head_words):
        return False
    folded = [_fold(w) for w in head_words]
    has_unit_word = any(w in ORGANISATION_NAME_WORDS for w in folded)
    distinctive = any(w not in ORGANISATION_NAME_WORDS and w not in NAME_STOP_WORDS for w in folded)
    return has_unit_word and distinctive


@functools.lru_cache(maxsize=_NAME_CACHE)
def _description_words(text: str) -> str:
    """"a senior US defense official", "unnamed senior US defense official" -> "senior us
    defense official": the words that say who an unnamed source is."""
    words = _WORD_RE.findall(_fold(text or ""))
    while words and words[0] in DESCRIPTION_OPENERS:
        words.pop(0)
    return " ".join(words)


_MILITARY_COLLECTIVE_RE = re.compile(r"(?:armed forces|forces|troops|soldiers|servicemen|servicewomen|military|army)$")


@functools.lru_cache(maxsize=_NAME_CACHE)
def _armed_forces_name(surface: str) -> str | None:
    """"Russian troops", "Russian forces", "Ukraine's military" -> "Russian Armed Forces",
    "Ukrainian Armed Forces": one name for a country's armed forces told by a collective noun
    (demonym from library data). A name written with capitals ("Belarusian Army", "Armed
    Forces of Ukraine") is kept as written."""
    words = _WORD_RE.findall(surface.translate(_LOOKALIKES))
    if not _MILITARY_COLLECTIVE_RE.search(surface.strip()) or len(words) < 2:
        return None
    bag = _org_bag(surface)
    countries = [w for w in bag if w != "military"]
    if bag != {"military", *countries} or len(countries) != 1:
        return None
    country = places.country_of_name(countries[0]) or places.country_of_name(countries[0].replace("-", " "))
    demonym = places.demonym_of(country) if country is not None else None
    if demonym is None:
        return None
    return f"{demonym} Armed Forces"


@functools.lru_cache(maxsize=_NAME_CACHE)
def _is_capitalised_name(text: str) -> bool:
    words = [w for w in _WORD_RE.findall(text.translate(_LOOKALIKES)) if w.lower() not in NAME_STOP_WORDS]
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() for w in words)


@functools.lru_cache(maxsize=_NAME_CACHE)
def _initials(surface: str) -> str:
    words = [w for w in _WORD_RE.findall(surface.translate(_LOOKALIKES)) if w.lower() not in NAME_STOP_WORDS]
    return "".join(w[0] for w in words if w[0].isupper()).upper()


@functools.lru_cache(maxsize=_NAME_CACHE)
def _clean(surface: str) -> str:
    text = surface.translate(_LOOKALIKE_LETTERS).replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text).strip(" \t\n\"“”‘,.;:()[]")
    # "the Ministry of Defense" -> "Ministry of Defense", but "The New York Times" keeps its The.
    return re.sub(r"^(?:the|THE)\s+|^The\s+(?=[a-z])", "", text)


@functools.lru_cache(maxsize=_NAME_CACHE)
def _split_handle(surface: str) -> str | None:
    """'@AnnaMyroniuk' -> 'Anna Myroniuk'; a trailing initial is dropped ('@JosepBorrellF')."""
    if not surface.startswith("@") or len(surface) < 3:
        return None
    parts = _CAMEL_RE.findall(surface[1:].replace("_", " "))
    while len(parts) > 1 and len(parts[-1]) == 1:
        parts.pop()
    if not parts:
        return None
    return " ".join(p if not p.isupper() or len(p) <= 1 else p for p in parts)


# --------------------------------------------------------------------------- mentions


@dataclass(frozen=True)
class _Person:
    given: tuple[str, ...]  # folded given names (may be empty: surname-only mention)
    surname: str  # folded surname
    display: str  # the name without titles, as written

    @property
    def full(self) -> bool:
        return bool(self.given)


@functools.lru_cache(maxsize=_NAME_CACHE)
def _person_name(text: str) -> _Person | None:
    words = text.split()
    if not words or len(words) > 7:
        return None
    # Drop titles, and a demonym or lowercase word in front of a title:
    # "Belarusian President", "Ukrainian Defence Minister", "dictator".
    i = 0
    while i < len(words):
        w = _fold(words[i]).strip(".,")
        nxt = _fold(words[i + 1]).strip(".,") if i + 1 < len(words) else ""
        if (w in TITLES_AND_QUALIFIERS or (words[i][:1].islower() and nxt)
                or (nxt in TITLES_AND_QUALIFIERS and i + 2 < len(words))):
            i += 1
            continue
        break
    words = [w for w in words[i:] if _fold(w).strip(".") not in NAME_SUFFIXES]
    if not words or len(words) > 5:
        return None
    if any(_fold(w) in ORGANISATION_NAME_WORDS for w in words):
        return None
    for w in words:
        if not (w[:1].isupper() or _fold(w) in FOLDED_NAME_PARTICLES) or any(ch.isdigit() for ch in w):
            return None
    surname_at = len(words) - 1
    given = tuple(_fold_name(w.strip(".")) for w in words[:surname_at] if _fold(w) not in FOLDED_NAME_PARTICLES)
    surname = _fold_name(words[surname_at])
    if len(surname) < 2:
        return None
    return _Person(given, surname, " ".join(words))


def _given_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """First names agree: equal, an initial or a short form of the other, or a transliteration."""
    if not a or not b:
        return True
    x, y = a[0], b[0]
    if x == y:
        return True
    if x[0] != y[0]:
        return False
    if len(x) == 1 or len(y) == 1:  # "A. Lukashenko"
        return True
    short, long_ = sorted((x, y), key=len)
    if len(short) >= 3 and long_.startswith(short) and len(long_) - len(short) >= 3:
        return True  # Alex / Alexander, not Daniel / Daniela
    return min(len(x), len(y)) >= 5 and fuzz.ratio(x, y) >= 70


def _surnames_match(a: str, b: str) -> bool:
    if a == b:
        return True
    # Transliterations change a letter or two, not the length: Lukashenko/Lukashenka, but not
    # Austria/Australia.
    return (
        min(len(a), len(b)) >= 5 and abs(len(a) - len(b)) <= 1 and a[0] == b[0] and fuzz.ratio(a, b) >= 85
    )


def _display_score(surface: str) -> int:
    """Prefer 'BelTA' over 'Belta' and 'NATO' over 'Nato', but not a shouted 'BELARUS'."""
    score = 0
    for word in surface.split():
        if word.isupper() and len(word) > 4:
            continue
        score += sum(1 for c in word if c.isupper())
    return score


@dataclass
class _Cluster:
    key: int
    type: EntityType | None
    forms: Counter[str] = field(default_factory=Counter)  # display forms (titles stripped)
    form_seen: dict[str, int] = field(default_factory=dict)  # when each form was first seen
    aliases: Counter[str] = field(default_factory=Counter)  # surfaces as given
    persons: list[_Person] = field(default_factory=list)
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
            key = _fold(form)
            key_count[key] += count
            key_seen[key] = min(key_seen.get(key, self.form_seen.get(form, 0)), self.form_seen.get(form, 0))

        # "Russian Armed Forces" stands for "Russian troops" and the like, unless the text also
        # wrote the body's own capitalised name ("Armed Forces of Ukraine"), which then wins
        written = {_clean(alias) for alias in self.aliases}
        formal_written = any(_armed_forces_name(w) is None and _is_capitalised_name(w)
                             for w in written if w in self.forms)

        def rank(form: str) -> tuple:
            key = _fold(form)
            return (
                not form.startswith("@"),
                form in full_forms or not self.persons,
                form in written or not formal_written,
                # a body's full name over its short form, however often the short one is used
                # ('Halvard Motors' said ... 'Halvard said'): the short form is its prefix
                not self.persons and any(key.startswith(_fold(other) + " ") for other in self.forms),
                key_count[key],
                # News names an entity fully on first reference ("Alexander Lukashenko ...
                # Lukashenko said"), so among equally frequent forms the earliest is the fullest.
                -key_seen[key],
                len(form.split()),
                _display_score(form),
                len(form),
                form,  # last resort: deterministic
            )

        return max(self.forms, key=rank)

    def entity_type(self) -> EntityType:
        if self.type is not None:
            return self.type
        if any(p.full for p in self.persons) and self.possessive is None:
            return EntityType.person
        if any(_fold(w) in ORGANISATION_NAME_WORDS for form in self.forms for w in form.split()):
            return EntityType.organisation
        return EntityType.other


# --------------------------------------------------------------------------- resolver


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
        self._clusters: dict[int, _Cluster] = {}
        self._by_surface: dict[str, int] = {}
        self._surname_merges = surname_merges and not corpus
        self._corpus = corpus
        self._clock = 0
        self._next_key = 0
        self._alias_of: dict[str, int] = {}  # corpus mode: aliases, for lookups only
        self._metonyms: set[str] = set()  # surfaces that stand for another entity ("Minsk")
        self._index: dict[tuple, set[int]] = {}  # candidate key -> clusters
        self._indexed: dict[int, set[tuple]] = {}  # cluster -> its candidate keys

    # ---- public API
    def add(self, surface: str, type: EntityType | None = None) -> str:  # noqa: A002 - contract name
        """Register a mention and return the canonical name it currently resolves to."""
        key = self.register(surface, type)
        return self._clusters[key].canonical() if key is not None else surface

    def register(self, surface: str, type: EntityType | None = None) -> int | None:  # noqa: A002
        """`add` without working out the canonical name (which a reader feeding a whole
        document asks for only at the end): the cluster the mention joined, None for a name
        with no letters or digits."""
        cleaned = _clean(surface or "")
        if not cleaned or not any(c.isalnum() for c in cleaned):
            return None
        return self._add(surface, cleaned, type)

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
                self._count_form(cluster, self._display(cleaned))
            cluster.last_seen = self._clock
            return cluster.key
        if mention is None:
            mention = self._describe(cleaned, type)
        if self._corpus and mention.acronym is not None and surface in self._alias_of:
            # an acronym another document used alongside its expansion
            target = self._clusters[self._alias_of[surface]]
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
            return self._clusters[key].canonical()
        cleaned = _clean(surface or "")
        return self._describe(cleaned, None).display if cleaned else surface

    def key_of(self, surface: str, type: EntityType | None = None) -> int | None:  # noqa: A002
        """The cluster `surface` resolves to, without registering it; None for a new entity."""
        known = self.exact_key(surface)
        if known is not None and self._clusters[known].description:
            return known
        cleaned = _clean(surface or "")
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
        for name in (surface, _clean(surface or "")):
            known = self.exact_key(name)
            if known is not None:
                return known
        return None

    def exact_key(self, surface: str) -> int | None:
        """The cluster that `surface`, exactly as written, was registered under; no matching."""
        known = self._by_surface.get(surface)
        return known if known is not None else self._alias_of.get(surface)

    def add_metonym(self, surface: str, referent: str) -> str | None:
        """`surface` stands for `referent` in this document (a capital for its government:
        "Minsk agreed" is Belarus): `referent` is registered and `surface` resolves to it from
        now on, as an alias that never becomes its name. Refused (None) when `surface` is the
        surname of a person named in full here ("Washington" after "Denzel Washington")."""
        cleaned, target = _clean(surface or ""), _clean(referent or "")
        if not cleaned or not target or not any(c.isalnum() for c in cleaned + target):
            return None
        as_person = _person_name(cleaned)
        if as_person is not None:
            bearer = self._match_person(as_person, list(self._clusters.values()))
            if bearer is not None and any(p.full for p in bearer.persons):
                return None
        key = self._add(referent, target, None)
        cluster = self._clusters[key]
        earlier = self._by_surface.get(surface)
        if earlier is not None and earlier != key and earlier in self._clusters:
            # the city was taken for an entity of its own before its role was known
            old = self._clusters[earlier]
            old.aliases.pop(surface, None)
            old.forms.pop(self._display(cleaned), None)
            if not old.aliases:
                self.forget(earlier)
        self._by_surface[surface] = key
        self._metonyms.add(surface)
        cluster.aliases[surface] += 1
        return cluster.canonical()

    def learn_description(self, entity: Entity) -> int | None:
        """Register an unnamed source ("unnamed senior US defense official", aliases "a senior
        US defense official") as an entity of its own: found again by its exact words only,
        never matched to a name or to another description."""
        name = (entity.canonical or "").strip()
        if not _description_words(name):
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
            if self.exact_key(alias) is None and _description_words(alias):
                self._alias_of[alias] = cluster.key
                cluster.aliases[alias] += 1
        self._index_cluster(cluster)
        return cluster.key

    def description_of(self, text: str) -> int | None:
        """The unnamed source `text` describes, by its words less articles and anonymity
        markers: "a senior US defense official" = "unnamed senior US defense official"."""
        words = _description_words(text)
        if not words:
            return None
        found = self._latest(self._clusters[k] for k in self._index.get(("d", words), ()) if k in self._clusters)
        return found.key if found is not None else None

    def entities(self) -> list[Entity]:
        result = []
        for cluster in sorted(self._clusters.values(), key=lambda c: c.first_seen):
            result.append(
                Entity(
                    canonical=cluster.canonical(),
                    type=cluster.entity_type(),
                    aliases=sorted(cluster.aliases),
                )
            )
        return result

    def add_entity(self, entity: Entity) -> str:
        """Feed another resolver's entity: its canonical is matched, its aliases follow it."""
        key = self.learn_entity(entity)
        return self._clusters[key].canonical() if key is not None else entity.canonical

    def learn_entity(self, entity: Entity) -> int | None:
        """`add_entity`, returning the cluster the entity joined (None for a name with no
        letters or digits). In corpus mode a document's "other" type counts as untyped: it is
        what a document resolver says when it could not tell."""
        cleaned = _clean(entity.canonical or "")
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

    def forget(self, key: int) -> None:
        """Drop a cluster and every name pointing at it (bounded memory for long-lived corpora)."""
        cluster = self._clusters.pop(key, None)
        if cluster is None:
            return
        for surface in cluster.aliases:
            for lookup in (self._by_surface, self._alias_of):
                if lookup.get(surface) == key:
                    del lookup[surface]
        for index_key in self._indexed.pop(key, set()):
            members = self._index.get(index_key)
            if members is not None:
                members.discard(key)
                if not members:
                    del self._index[index_key]

    def least_recent(self, count: int) -> list[int]:
        """The `count` clusters seen longest ago."""
        return [c.key for c in sorted(self._clusters.values(), key=lambda c: c.last_seen)[:count]]

    # ---- persistence
    def to_state(self) -> dict:
        """Everything the resolver learnt, as plain JSON-able data (see `from_state`)."""
        return {
            "surname_merges": self._surname_merges,
            "corpus": self._corpus,
            "clock": self._clock,
            "next_key": self._next_key,
            "clusters": [
                {
                    "key": c.key,
                    "type": c.type.value if c.type is not None else None,
                    "forms": [[form, count, c.form_seen.get(form, 0)] for form, count in c.forms.items()],
                    "aliases": [[alias, count] for alias, count in c.aliases.items()],
                    "persons": [[list(p.given), p.surname, p.display] for p in c.persons],
                    "bags": sorted(sorted(bag) for bag in c.bags),
                    "possessive": [c.possessive[0], sorted(c.possessive[1])] if c.possessive else None,
                    "description": c.description,
                    "first_seen": c.first_seen,
                    "last_seen": c.last_seen,
                }
                for c in self._clusters.values()
            ],
            "by_surface": self._by_surface,
            "alias_of": self._alias_of,
        }

    @classmethod
    def from_state(cls, state: dict) -> AliasResolver:
        """The resolver `to_state` described; raises ValueError on malformed state."""
        try:
            resolver = cls(surname_merges=bool(state["surname_merges"]), corpus=bool(state["corpus"]))
            resolver._clock = int(state["clock"])
            resolver._next_key = int(state["next_key"])
            for raw in state["clusters"]:
                cluster = _Cluster(
                    key=int(raw["key"]),
                    type=EntityType(raw["type"]) if raw["type"] is not None else None,
                    first_seen=int(raw["first_seen"]), last_seen=int(raw["last_seen"]),
                    description=bool(raw.get("description", False)),
                )
                for form, count, seen in raw["forms"]:
                    cluster.forms[str(form)] = int(count)
                    cluster.form_seen[str(form)] = int(seen)
                for alias, count in raw["aliases"]:
                    cluster.aliases[str(alias)] = int(count)
                cluster.persons = [_Person(tuple(map(str, given)), str(surname), str(display))
                                   for given, surname, display in raw["persons"]]
                cluster.bags = {frozenset(map(str, bag)) for bag in raw["bags"]}
                if raw["possessive"] is not None:
                    owner, head = raw["possessive"]
                    cluster.possessive = (str(owner), frozenset(map(str, head)))
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
    @dataclass(frozen=True)
    class _Mention:
        display: str
        type: EntityType | None
        person: _Person | None
        bag: frozenset[str]
        initials: str
        acronym: str | None
        possessive: tuple[str, frozenset[str]] | None

    @staticmethod
    @functools.lru_cache(maxsize=_NAME_CACHE)
    def _display(cleaned: str) -> str:
        handle = _split_handle(cleaned)
        if handle is not None:
            return cleaned
        m = _POSSESSIVE_RE.match(cleaned.replace("’", "'"))
        if m is not None and _names_its_own_unit(m.group("owner"), m.group("head")):
            return m.group("head")
        collective = _armed_forces_name(cleaned)
        if collective is not None:
            return collective
        person = _person_name(cleaned)
        return person.display if person is not None and person.full else cleaned

    def _describe(self, cleaned: str, type: EntityType | None) -> AliasResolver._Mention:  # noqa: A002
        handle = _split_handle(cleaned)
        name = handle if handle is not None else cleaned
        possessive = None
        m = _POSSESSIVE_RE.match(name.replace("’", "'"))
        if m is not None and handle is None:
            possessive = self._person_possessive(m.group("owner"), m.group("head"))
            if possessive is None and _names_its_own_unit(m.group("owner"), m.group("head")):
                name = cleaned = m.group("head")  # "Belarusian Army’s 38th Air Assault Brigade"
        return AliasResolver._described(cleaned, name, handle is not None, type, possessive)

    @staticmethod
    @functools.lru_cache(maxsize=_NAME_CACHE)
    def _described(cleaned: str, name: str, is_handle: bool, type: EntityType | None,  # noqa: A002
                   possessive: tuple[str, frozenset[str]] | None) -> AliasResolver._Mention:
        """What `_describe` makes of a name once its possessive is known: depends on its
        arguments only."""
        person = None
        if type in (None, EntityType.person) and possessive is None:
            person = _person_name(name)
            if person is not None and not person.full and type is None and name.isupper():
                person = None  # "NATO" is an acronym, not a surname
        display = cleaned if is_handle else (person.display if person is not None and person.full else cleaned)
        display = _armed_forces_name(display) or display
        acronym = name if name.isupper() and 2 <= len(name) <= 6 and name.isalpha() else None
        expansion = places.acronym_expansion(acronym) if acronym is not None else None
        country = places.country_of_acronym(acronym) if acronym is not None else None
        # by library data, a union's acronym is its expansion's words ("EU" = "European Union")
        # and a country's is the country ("US" = "United States", never "Union State")
        if country is not None:
            bag = frozenset({_country_token(country)})
        else:
            bag = _org_bag(expansion if expansion is not None else name)
        return AliasResolver._Mention(display, type, person, bag, _initials(name), acronym, possessive)

    def _person_possessive(self, owner: str, head: str) -> tuple[str, frozenset[str]] | None:
        """(owner surname, head) when `owner` is a person: "Zelenskiy’s office" is an entity of
        its own. A place's or body's possessive is just another word order ("Ukraine’s armed
        forces" = "Armed Forces of Ukraine") and gives None."""
        owner_name = _person_name(owner)
        if owner_name is None:
            return None
        key = (owner_name.surname, _org_bag(head))
        if self._corpus:
            possessives = self._lookup([("o", key[0][:1])])
            people = self._lookup(self._surname_keys(owner_name.surname))
            clusters = [self._clusters[k] for k in sorted(possessives | people) if k in self._clusters]
        else:
            clusters = list(self._clusters.values())
        if any(c.possessive is not None and _bags_equal(c.possessive[1], key[1]) and _surnames_match(c.possessive[0], key[0])
               for c in clusters):
            return key
        if owner_name.full:
            return key
        owner_cluster = self._match_person(owner_name, clusters)
        if owner_cluster is not None and any(p.full for p in owner_cluster.persons):
            return key
        return None

    def _new_cluster(self, type: EntityType | None) -> _Cluster:
        key = self._next_key
        self._next_key += 1
        cluster = _Cluster(key=key, type=type, first_seen=self._clock)
        self._clusters[key] = cluster
        return cluster

    def _attach(self, cluster: _Cluster, surface: str, mention: AliasResolver._Mention) -> None:
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

    def _count_form(self, cluster: _Cluster, form: str) -> None:
        cluster.forms[form] += 1
        if form not in cluster.form_seen:
            cluster.form_seen[form] = self._clock
            self._index_cluster(cluster)

    # ---- candidate index (corpus mode): the clusters a rule could match, found by blocking keys
    # (exact for word bags, initials and acronyms; heuristic for surname spellings)
    @staticmethod
    def _surname_keys(surname: str) -> list[tuple]:
        """Blocking keys for surnames that may be spellings of each other: transliterations
        change vowels and doubled letters (Lukashenko/Lukashenka, Navalny/Navalnyy), so the
        first letter and consonant skeleton (l-k-sh-n-k) agree at its start or its end. A
        variant changing consonants at both ends is missed: the price of not scanning."""
        skeleton = surname[:1]
        for ch in surname[1:]:
            if ch not in "aeiouy" and ch != skeleton[-1]:
                skeleton += ch
        return [("s", surname), ("s<", skeleton[:4]), ("s>", surname[:1], skeleton[-3:])]

    @staticmethod
    def _word_keys(word: str) -> list[tuple]:
        # equal words and demonyms share their first three letters; spelling slips
        # (_surnames_match) share the first letter and a length within one
        keys: list[tuple] = [("p", word[:3])]
        if len(word) >= 5:
            keys += [("w", word[:1], n) for n in (len(word) - 1, len(word), len(word) + 1)]
        return keys

    def _cluster_keys(self, cluster: _Cluster) -> set[tuple]:
        keys: set[tuple] = set()
        for person in cluster.persons:
            keys.update(self._surname_keys(person.surname))
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
                keys.add(("i", _initials(form)))
            if form.isupper():
                keys.add(("u", form))
        if cluster.possessive is not None:
            keys.add(("o", cluster.possessive[0][:1]))
        return keys

    def _index_cluster(self, cluster: _Cluster) -> None:
        if not self._corpus:
            return
        # a description is found by its words only, never as a candidate for a name
        keys = {("d", _description_words(a)) for a in cluster.aliases} if cluster.description else self._cluster_keys(cluster)
        known = self._indexed.setdefault(cluster.key, set())
        for key in keys - known:
            self._index.setdefault(key, set()).add(cluster.key)
        known |= keys

    def _lookup(self, keys: Iterable[tuple]) -> set[int]:
        found: set[int] = set()
        for key in keys:
            found |= self._index.get(key, set())
        return found

    def _candidates(self, mention: AliasResolver._Mention) -> list[_Cluster]:
        if not self._corpus:
            return list(self._clusters.values())
        found: set[int] = set()
        if mention.person is not None:
            found |= self._lookup(self._surname_keys(mention.person.surname))
            tokens = (*mention.person.given, mention.person.surname)
            if len(tokens) >= 2:
                found |= self._index.get(("t", tokens[0], tokens[1]), set())
        if mention.possessive is not None:
            found |= self._index.get(("o", mention.possessive[0][:1]), set())
        if mention.bag:
            # every word of an equal or similar bag has a counterpart: intersect per word
            per_word = sorted((self._lookup(self._word_keys(w)) for w in mention.bag), key=len)
            common = set(per_word[0])
            for members in per_word[1:]:
                common &= members
                if not common:
                    break
            found |= common
        if mention.acronym is not None:
            found |= self._index.get(("i", mention.acronym), set())
        if len(mention.initials) >= 2:
            found |= self._index.get(("u", mention.initials), set())
        return [self._clusters[k] for k in sorted(found) if k in self._clusters]

    def _types_compatible(self, cluster: _Cluster, mention: AliasResolver._Mention) -> bool:
        if cluster.type is None or mention.type is None or cluster.type == mention.type:
            return True
        # Documents disagree whether "Belarus" is a place or a body that speaks: across a corpus
        # only person versus not-a-person keeps entities apart.
        return self._corpus and EntityType.person not in (cluster.type, mention.type)

    def _match(self, mention: AliasResolver._Mention) -> _Cluster | None:
        every = self._candidates(mention)
        short = self._company_of_short_name(mention, every)
        if short is not None:
            return short
        candidates = [c for c in every if self._types_compatible(c, mention)]
        if mention.possessive is not None:
            owner, head = mention.possessive
            return self._latest(
                c for c in candidates
                if c.possessive is not None and _bags_equal(c.possessive[1], head) and _surnames_match(c.possessive[0], owner)
            )
        candidates = [c for c in candidates if c.possessive is None]
        if mention.person is not None:
            hit = self._match_person(mention.person, candidates)
            if hit is not None:
                return hit
            if self._corpus:
                # in a corpus a person is matched as a person only: the word bag {smith} of one
                # Smith's cluster says nothing about which Smith a bare "Smith" is. An untyped
                # single word may be no person at all ("Belarus"): it may still match a body.
                if mention.person.full or mention.type is not None:
                    return None
                candidates = [c for c in candidates if not c.persons]
        # Same words in any order, "of the", demonyms and possessives aside.
        hit = self._latest(c for c in candidates if mention.bag and any(_bags_equal(mention.bag, b) for b in c.bags))
        if hit is not None:
            return hit
        # Across a corpus two-letter initials collide ("US": United States, Union State): there
        # an acronym needs three letters, or a document that used it alongside its expansion.
        shortest = 3 if self._corpus else 2
        # a country's acronym ("US") is matched by its country only (the bags above)
        if mention.acronym is not None and len(mention.acronym) >= shortest and places.country_of_acronym(mention.acronym) is None:
            hit = self._latest(
                c for c in candidates if any(_initials(f) == mention.acronym for f in c.forms if " " in f)
            )
            if hit is not None:
                return hit
        if len(mention.initials) >= shortest:
            hit = self._latest(c for c in candidates if any(
                f.isupper() and f == mention.initials and places.country_of_acronym(f) is None for f in c.forms))
            if hit is not None:
                return hit
        if mention.person is None and len(mention.bag) >= 1:
            hit = self._latest(
                c for c in candidates if not c.persons and any(self._bags_similar(mention.bag, b) for b in c.bags)
            )
            if hit is not None:
                return hit
            if self._surname_merges:
                # A bare reference ("the Ministry of Defense") joins a qualified one ("Belarusian
                # Ministry of Defense"), before or after it, when what it leaves out is only
                # capitalised qualifiers; never a cluster that already holds a different
                # qualification (the Russian and the Belarusian ministries stay apart).
                hit = self._latest(
                    c for c in candidates
                    if not c.persons and self._qualifies(mention, c)
                )
                if hit is not None:
                    return hit
        return None

    def _company_of_short_name(self, mention: AliasResolver._Mention, candidates) -> _Cluster | None:  # type: ignore[no-untyped-def]
        """'Halvard Motors said … Halvard said': a company's short name is its full name without
        the trading word that follows ('Motors', 'Group', 'Holdings', 'Inc'), whatever type the
        recogniser guessed for the bare word (often a person)."""
        if not self._surname_merges or len(mention.bag) != 1 or mention.possessive is not None:
            return None
        (word,) = mention.bag
        return self._latest(c for c in candidates if any(
            len(f.split()) >= 2 and _fold(f.split()[0]) == word
            and all(_fold(w).strip(".,") in CORPORATE_TAILS for w in f.split()[1:]) for f in c.forms))

    def _match_person(self, person: _Person, candidates: list[_Cluster]) -> _Cluster | None:
        people = [c for c in candidates if c.persons]
        if self._corpus:
            return self._match_person_in_corpus(person, people)
        if person.full:
            exact = [c for c in people if any(p.full and p.given == person.given and _surnames_match(p.surname, person.surname) for p in c.persons)]
            if exact:
                return self._latest(exact)
            compatible = []
            for c in people:
                same_surname = [p for p in c.persons if _surnames_match(p.surname, person.surname) or self._double_surname(p, person)]
                if not same_surname:
                    continue
                fulls = [p for p in same_surname if p.full]
                if fulls and not any(_given_compatible(p.given, person.given) for p in fulls):
                    continue  # Anna Myroniuk is not Anton Myroniuk
                if not fulls and not self._surname_merges:
                    continue
                compatible.append(c)
            return self._latest(compatible)
        if not self._surname_merges:
            return self._latest(
                c for c in people if any(not p.full and p.surname == person.surname for p in c.persons)
            )
        return self._latest(c for c in people if any(_surnames_match(p.surname, person.surname) for p in c.persons))

    def _match_person_in_corpus(self, person: _Person, people: list[_Cluster]) -> _Cluster | None:
        def bears(c: _Cluster) -> bool:
            return any(_surnames_match(p.surname, person.surname) or self._double_surname(p, person)
                       for p in c.persons)

        bearers = [c for c in people if bears(c)]
        bare = [c for c in bearers if not any(p.full for p in c.persons)]
        if person.full:
            exact = [c for c in bearers if any(
                p.full and p.given == person.given and _surnames_match(p.surname, person.surname) for p in c.persons)]
            if exact:
                return self._latest(exact)
            compatible = [c for c in bearers if c not in bare and any(
                p.full and _given_compatible(p.given, person.given) for p in c.persons)]
            if compatible:
                return self._latest(compatible)
            # the only known bearer of the surname, never named in full before
            return bare[0] if len(bearers) == 1 and bare else None
        if len(bearers) == 1:
            return bearers[0]
        # two or more people share the surname: a bare mention stays with the other bare ones
        return self._latest(bare)

    @staticmethod
    def _double_surname(a: _Person, b: _Person) -> bool:
        """'Josep Borrell' and 'Josep Borrell Fontelles': one name continues the other."""
        if not (a.full and b.full):
            return False
        ta, tb = (*a.given, a.surname), (*b.given, b.surname)
        short, long_ = sorted((ta, tb), key=len)
        return len(short) >= 2 and long_[: len(short)] == short

    @staticmethod
    def _bags_similar(a: frozenset[str], b: frozenset[str]) -> bool:
        """Same words up to a spelling slip per word ("Organisation"/"Organization")."""
        if len(a) != len(b):
            return False

        def close(x: str, y: str) -> bool:
            return _same_word(x, y) or _surnames_match(x, y)

        return all(any(close(x, y) for y in b) for x in a) and all(any(close(y, x) for x in a) for y in b)

    @staticmethod
    def _qualifies(mention: AliasResolver._Mention, cluster: _Cluster) -> bool:
        def nested(a: frozenset[str], b: frozenset[str]) -> bool:
            return _covered(a, b) or _covered(b, a)

        if len(mention.bag) < 2 or not all(nested(b, mention.bag) for b in cluster.bags):
            return False
        capitalised = set()
        for form in [*cluster.forms, mention.display]:
            for word in _WORD_RE.findall(form.translate(_LOOKALIKES)):
                if word[:1].isupper():
                    capitalised |= _org_bag(word)
        for bag in cluster.bags:
            small, large = sorted((bag, mention.bag), key=len)
            if len(small) < len(large) and len(small) >= 2 and _covered(small, large):
                if _extra_words(small, large) <= capitalised:
                    return True
        return False

    def _latest(self, clusters: Iterable[_Cluster]) -> _Cluster | None:
        best = None
        for cluster in clusters:
            if best is None or cluster.last_seen > best.last_seen:
                best = cluster
        return best


def is_fuller_name(name: str, than: str) -> bool:
    """Whether `name` is a person's full name and `than` the same person's bare surname, titles
    aside: "Alexander Lukashenko" is fuller than "Mr Lukashenka"."""
    fuller, bare = _person_name(_clean(name)), _person_name(_clean(than))
    if fuller is None or bare is None or not fuller.full or not _surnames_match(fuller.surname, bare.surname):
        return False
    if not bare.full:
        return True
    # "Mara Lindqvist" is fuller than "M. Lindqvist": a spelled-out given name over its initial.
    return len(bare.given[0]) == 1 and len(fuller.given[0]) > 1 and fuller.given[0][0] == bare.given[0]


def is_better_name(name: str, than: str) -> bool:
    """Whether `name` should replace `than` as the name of one entity: a full name over a bare
    surname (`is_fuller_name`), or a body's own capitalised name ("Armed Forces of Ukraine")
    over the name made up for its collective nouns ("Ukrainian Armed Forces")."""
    if is_fuller_name(name, than):
        return True
    made_up = re.fullmatch(r"(?P<demonym>.+) Armed Forces", than)
    return (made_up is not None and places.country_of_demonym(made_up.group("demonym")) is not None
            and re.fullmatch(r".+ Armed Forces", name) is None and _is_capitalised_name(name)
            and _bags_equal(_org_bag(name), _org_bag(than)))


def merge_resolvers(resolvers: Iterable[AliasResolver]) -> AliasResolver:
    """A corpus-level resolver: every document's entities, with spelling variants unified
    ("Alexander Lukashenko" from one article, "Alexander Lukashenka" from another)."""
    corpus = AliasResolver(surname_merges=False)
    for resolver in resolvers:
        for entity in resolver.entities():
            corpus.add_entity(entity)
    return corpus
