"""The keys a name is compared by: folded words, word bags, initials, handles and descriptions.

Pure functions of their strings (and of read-only library data in `services.extract.places`); the
cluster and matching logic that uses them is in `services.extract.alias_clusters` and
`services.extract.alias_rules`.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from rapidfuzz import fuzz

from services.extract import places
from services.extract.lexicon.bodies import FORMAL_STATE_WORDS, ORGANISATION_NAME_WORDS
from services.extract.lexicon.function_words import DESCRIPTION_OPENERS, NAME_STOP_WORDS

# The helpers below are pure functions of their strings (and of read-only library tables), and
# the same names recur within and across articles: they are memoised in bounded caches. Only
# their return values are shared, and those are immutable (str, frozenset, frozen dataclasses).
_WORD_CACHE = 65536
NAME_CACHE = 16384

LOOKALIKE_LETTERS = str.maketrans("аеорсухіјѕԁАВЕКМНОРСТХІЈЅ", "aeopcyxijsdABEKMHOPCTXIJS")
LOOKALIKES = str.maketrans("аеорсухіјѕԁАВЕКМНОРСТХІЈЅ’ʼ`´", "aeopcyxijsdABEKMHOPCTXIJS''''")
WORD_RE = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
POSSESSIVE_RE = re.compile(r"^(?P<owner>.+?)'s?\s+(?P<head>\S.*)$")
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
def fold(text: str) -> str:
    """Lowercase, lookalike letters to Latin, diacritics off, straight apostrophes."""
    text = text.translate(LOOKALIKES)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@functools.lru_cache(maxsize=_WORD_CACHE)
def fold_name(token: str) -> str:
    """Collapse common transliteration differences: Zelenskiy/Zelensky, Aleksandr/Alexander."""
    token = fold(token)
    for a, b in (("ks", "x"), ("kh", "h"), ("iy", "i"), ("yy", "i"), ("ij", "i"), ("y", "i"),
                 ("ii", "i"), ("ph", "f"), ("w", "v"), ("ck", "k"), ("c", "k"), ("-", "")):
        token = token.replace(a, b)
    return token


_DEMONYM_SUFFIXES = ("n", "an", "ian", "ean", "ese", "ish", "i", "ien")


def is_demonym_of(word: str, place: str) -> bool:
    """belarusian/belarus, russian/russia, ukrainian/ukraine, chinese/china, european/europe,
    but not nigeria/niger."""
    if len(place) < 4 or word == place:
        return False
    if word.startswith(place) and word[len(place):] in _DEMONYM_SUFFIXES:
        return True
    return place[-1] in "aeiouy" and word.startswith(place[:-1]) and word[len(place) - 1 :] in _DEMONYM_SUFFIXES


def same_word(a: str, b: str) -> bool:
    # a demonym opens with three letters of its place at least (the place has four or more)
    return a == b or (a[:3] == b[:3] and (is_demonym_of(a, b) or is_demonym_of(b, a)))


def covered(small: frozenset[str], large: frozenset[str]) -> bool:
    # a word in both is the same word: the pairwise look is only for the others (demonyms)
    return all(x in large or any(same_word(x, y) for y in large) for x in small)


def bags_equal(a: frozenset[str], b: frozenset[str]) -> bool:
    # equal bags cover each other: the pairwise look is only for bags that differ
    return len(a) == len(b) and (a == b or (covered(a, b) and covered(b, a)))


def extra_words(small: frozenset[str], large: frozenset[str]) -> frozenset[str]:
    return frozenset(y for y in large if not any(same_word(x, y) for x in small))


def country_token(country: str) -> str:
    return fold(country).replace(" ", "-")


def country_word(word: str) -> str:
    """A country's name, official name or demonym as one word (library data): "russian",
    "russian-federation" -> "russia"; "dutch" -> "netherlands"; "british" -> "united-kingdom"."""
    country = places.country_of_demonym(word) or places.country_of_name(word)
    return country_token(country) if country is not None else word


@functools.lru_cache(maxsize=NAME_CACHE)
def org_bag(surface: str) -> frozenset[str]:
    words_in = WORD_RE.findall(surface.translate(LOOKALIKES))
    if len(words_in) > 1:
        # "EU Council on Foreign Relations" = "European Council on Foreign Relations": inside a
        # longer name a union's acronym is its adjective, when the library's expansion has one
        for word in words_in:
            adjective = union_adjective(word)
            if adjective is not None:
                surface = re.sub(rf"(?<![\w-]){word}(?![\w-])", adjective, surface)
    folded = fold(surface)
    for pattern, replacement in _PHRASE_SYNONYMS:
        folded = pattern.sub(replacement, folded)
    if " " in folded:  # every phrase the pattern knows has two words or more
        folded = places.country_phrase_re().sub(lambda m: country_token(country_word(m.group(0))), folded)
    words = [w[:-2] if w.endswith("'s") else w for w in WORD_RE.findall(folded)]
    return frozenset(country_word(w) for w in words if w not in NAME_STOP_WORDS and w not in FORMAL_STATE_WORDS)


@functools.cache
def union_adjective(acronym: str) -> str | None:
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


@functools.lru_cache(maxsize=NAME_CACHE)
def names_its_own_unit(owner: str, head: str) -> bool:
    """Whether "<owner>’s <head>" is the head itself: a body's named sub-unit ("Belarusian
    Army’s 38th Air Assault Brigade", "Acme Group’s Widget Division") rather than the owner's
    generic part ("Ukraine’s armed forces", "the ministry’s Press Service", which need their
    owner to name anything)."""
    owner_words = [fold(w) for w in WORD_RE.findall(owner.translate(LOOKALIKES))]
    if not any(w in ORGANISATION_NAME_WORDS for w in owner_words):
        return False  # a place's or a person's possessive, decided elsewhere
    head_words = WORD_RE.findall(head.translate(LOOKALIKES))
    if len(head_words) < 2 or not all(w[:1].isupper() or w[:1].isdigit() or fold(w) in NAME_STOP_WORDS
                                      for w in head_words):
        return False
    folded = [fold(w) for w in head_words]
    has_unit_word = any(w in ORGANISATION_NAME_WORDS for w in folded)
    distinctive = any(w not in ORGANISATION_NAME_WORDS and w not in NAME_STOP_WORDS for w in folded)
    return has_unit_word and distinctive


@functools.lru_cache(maxsize=NAME_CACHE)
def description_words(text: str) -> str:
    """"a senior US defense official", "unnamed senior US defense official" -> "senior us
    defense official": the words that say who an unnamed source is."""
    words = WORD_RE.findall(fold(text or ""))
    while words and words[0] in DESCRIPTION_OPENERS:
        words.pop(0)
    return " ".join(words)


_MILITARY_COLLECTIVE_RE = re.compile(r"(?:armed forces|forces|troops|soldiers|servicemen|servicewomen|military|army)$")


@functools.lru_cache(maxsize=NAME_CACHE)
def armed_forces_name(surface: str) -> str | None:
    """"Russian troops", "Russian forces", "Ukraine's military" -> "Russian Armed Forces",
    "Ukrainian Armed Forces": one name for a country's armed forces told by a collective noun
    (demonym from library data). A name written with capitals ("Belarusian Army", "Armed
    Forces of Ukraine") is kept as written."""
    words = WORD_RE.findall(surface.translate(LOOKALIKES))
    if not _MILITARY_COLLECTIVE_RE.search(surface.strip()) or len(words) < 2:
        return None
    bag = org_bag(surface)
    countries = [w for w in bag if w != "military"]
    if bag != {"military", *countries} or len(countries) != 1:
        return None
    country = places.country_of_name(countries[0]) or places.country_of_name(countries[0].replace("-", " "))
    demonym = places.demonym_of(country) if country is not None else None
    if demonym is None:
        return None
    return f"{demonym} Armed Forces"


@functools.lru_cache(maxsize=NAME_CACHE)
def is_capitalised_name(text: str) -> bool:
    words = [w for w in WORD_RE.findall(text.translate(LOOKALIKES)) if w.lower() not in NAME_STOP_WORDS]
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() for w in words)


@functools.lru_cache(maxsize=NAME_CACHE)
def initials(surface: str) -> str:
    words = [w for w in WORD_RE.findall(surface.translate(LOOKALIKES)) if w.lower() not in NAME_STOP_WORDS]
    return "".join(w[0] for w in words if w[0].isupper()).upper()


@functools.lru_cache(maxsize=NAME_CACHE)
def clean(surface: str) -> str:
    text = surface.translate(LOOKALIKE_LETTERS).replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text).strip(" \t\n\"“”‘,.;:()[]")
    # "the Ministry of Defense" -> "Ministry of Defense", but "The New York Times" keeps its The.
    return re.sub(r"^(?:the|THE)\s+|^The\s+(?=[a-z])", "", text)


@functools.lru_cache(maxsize=NAME_CACHE)
def split_handle(surface: str) -> str | None:
    """'@AnnaMyroniuk' -> 'Anna Myroniuk'; a trailing initial is dropped ('@JosepBorrellF')."""
    if not surface.startswith("@") or len(surface) < 3:
        return None
    parts = _CAMEL_RE.findall(surface[1:].replace("_", " "))
    while len(parts) > 1 and len(parts[-1]) == 1:
        parts.pop()
    if not parts:
        return None
    return " ".join(p if not p.isupper() or len(p) <= 1 else p for p in parts)


@functools.lru_cache(maxsize=NAME_CACHE)
def display_score(surface: str) -> int:
    """Prefer 'BelTA' over 'Belta' and 'NATO' over 'Nato', but not a shouted 'BELARUS'."""
    score = 0
    for word in surface.split():
        if word.isupper() and len(word) > 4:
            continue
        score += sum(1 for c in word if c.isupper())
    return score


def surnames_match(a: str, b: str) -> bool:
    """Two folded words are one surname up to a transliteration: "lukashenko" / "lukashenka"."""
    if a == b:
        return True
    # Transliterations change a letter or two, not the length: Lukashenko/Lukashenka, but not
    # Austria/Australia.
    return (
        min(len(a), len(b)) >= 5 and abs(len(a) - len(b)) <= 1 and a[0] == b[0] and fuzz.ratio(a, b) >= 85
    )


def bags_similar(a: frozenset[str], b: frozenset[str]) -> bool:
    """Same words up to a spelling slip per word ("Organisation"/"Organization")."""
    if len(a) != len(b):
        return False

    def close(x: str, y: str) -> bool:
        return same_word(x, y) or surnames_match(x, y)

    return all(any(close(x, y) for y in b) for x in a) and all(any(close(y, x) for x in a) for y in b)
