"""What the alias resolver knows about countries, from maintained data rather than hand lists.

- Country names, their official and alternative spellings, demonyms and capitals come from
  `countryinfo` ("Russian Federation" and "Russian" are Russia, Minsk is the capital of Belarus).
- Acronyms of unions of states come from the CLDR territory names shipped with `babel`
  ("EU": European Union, "UN": United Nations): a territory code that is no country, whose name is
  a body (it has an organisation word) and whose initials spell the code.

On top of that data, mention finders for names a capitalised-sequence scan misses:

- `military_mentions`: a country's armed forces named by a nationality or country and a military
  collective noun ("Russian troops", "Ukraine's armed forces", "Armed Forces of Ukraine",
  "French soldiers"); "French fries" and "Turkish delight" are no such thing.
- `numbered_unit_mentions`: numbered units ("38th Air Assault Brigade", with an owner in front:
  "Belarusian Army's 38th Air Assault Brigade").
- `capital_actors`: a capital city standing for its government because it is the subject of a
  verb of saying or doing ("Minsk and Moscow had agreed", "Paris has warned"), not when it is a
  place ("in Minsk", "Moscow is a big city") nor a person ("Paris Hilton said").

Everything here is pure and read-only; the tables are built once per process.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "acronym_expansion",
    "capital_actors",
    "country_of_capital",
    "country_of_demonym",
    "country_of_name",
    "country_phrase_re",
    "demonym_of",
    "is_place_adjective",
    "military_mentions",
    "numbered_unit_mentions",
]


def _key(text: str) -> str:
    """Lowercase, accents off, straight apostrophes, single spaces: the lookup key of a name."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", text).strip(" .")


@dataclass(frozen=True)
class _Tables:
    names: dict[str, str]  # country name or long alternative spelling -> country name
    demonyms: dict[str, str]  # demonym -> country name
    demonym_of: dict[str, str]  # country name -> its demonym, as written
    capitals: dict[str, str]  # capital city -> country name
    acronyms: dict[str, str]  # "EU" -> "European Union"


_ORGANISATION_WORDS = frozenset(
    "union nations organization organisation alliance community league council federation "
    "association commonwealth treaty".split())


@functools.cache
def _tables() -> _Tables:
    from countryinfo import CountryInfo

    countries = CountryInfo.all()
    names: dict[str, tuple[int, str]] = {}
    demonyms: dict[str, tuple[int, str]] = {}
    demonym_of: dict[str, str] = {}
    capitals: dict[str, tuple[int, str]] = {}

    def keep(table: dict[str, tuple[int, str]], key: str, population: int, country: str) -> None:
        # one name, several territories ("French": France and French Polynesia; "Congolese"):
        # the most populous is the one news means
        if key and (key not in table or table[key][0] < population):
            table[key] = (population, country)

    iso_codes: set[str] = set()
    for info in countries.values():
        country = str(info.get("name") or "").strip()
        if not country:
            continue
        population = int(info.get("population") or 0)
        iso = info.get("ISO") or {}
        codes = {str(iso.get(k) or "").upper() for k in ("alpha2", "alpha3")} - {""}
        iso_codes |= codes
        keep(names, _key(country), population, country)
        for alt in info.get("altSpellings") or []:
            alt = str(alt)
            # official long forms only ("Russian Federation"): codes ("RU") collide with
            # acronyms, and one-word alternatives are native names that collide with English
            # words and surnames ("Island" for Iceland, "Mann" for the Isle of Man)
            if " " not in alt.strip() or not alt.isascii():
                continue
            keep(names, _key(alt), population, country)
        for demonym in re.split(r"[,/]", str(info.get("demonym") or "")):
            demonym = demonym.strip()
            if demonym:
                keep(demonyms, _key(demonym), population, country)
                demonym_of.setdefault(country, demonym)
        capital = str(info.get("capital") or "").strip()
        if capital and "/" not in capital:
            keep(capitals, _key(capital), population, country)
            # "Washington D.C.": news writes the city without its district initials
            bare = re.sub(r"\s+(?:[A-Z]\.){2,}$", "", capital)
            if bare != capital:
                keep(capitals, _key(bare), population, country)
    return _Tables(
        names={k: v for k, (_, v) in names.items()},
        demonyms={k: v for k, (_, v) in demonyms.items()},
        demonym_of=demonym_of,
        capitals={k: v for k, (_, v) in capitals.items()},
        acronyms=_union_acronyms(iso_codes),
    )


def _union_acronyms(country_codes: set[str]) -> dict[str, str]:
    from babel import Locale

    found = {}
    for code, name in Locale("en").territories.items():
        if not code.isalpha() or code in country_codes:
            continue
        words = name.split()
        initials = "".join(w[0] for w in words if w[0].isupper())
        if initials == code and any(w.lower() in _ORGANISATION_WORDS for w in words):
            found[code] = name
    return found


def country_of_name(name: str) -> str | None:
    """'Russian Federation' -> 'Russia', 'Republic of Belarus' -> 'Belarus'; None otherwise."""
    return _tables().names.get(_key(name))


def country_of_demonym(word: str) -> str | None:
    """'Belarusian' -> 'Belarus', 'Dutch' -> 'Netherlands', 'French' -> 'France'."""
    return _tables().demonyms.get(_key(word))


def demonym_of(country: str) -> str | None:
    """'France' -> 'French'."""
    return _tables().demonym_of.get(country)


def country_of_capital(city: str) -> str | None:
    """'Minsk' -> 'Belarus', 'Washington' -> 'United States'."""
    return _tables().capitals.get(_key(city))


def acronym_expansion(acronym: str) -> str | None:
    """'EU' -> 'European Union', 'UN' -> 'United Nations' (unions of states only)."""
    return _tables().acronyms.get(acronym)


_ADJECTIVE_SUFFIXES = ("an", "ean", "ian", "n", "ese", "ish", "i")


@functools.cache
def _territory_names() -> frozenset[str]:
    from babel import Locale

    return frozenset(_key(name) for name in Locale("en").territories.values() if " " not in name)


def is_place_adjective(word: str) -> bool:
    """'European' (Europe), 'Belarusian', 'Dutch': a demonym or the adjective of a territory's
    name (CLDR territories include continents and regions); not 'United'."""
    key = _key(word)
    if country_of_demonym(key) is not None:
        return True
    for name in _territory_names():
        if len(name) < 4 or key == name:
            continue
        for stem in {name, name[:-1] if name[-1] in "aeiouy" else name}:
            if key.startswith(stem) and key[len(stem):] in _ADJECTIVE_SUFFIXES:
                return True
    return False


@functools.cache
def country_phrase_re() -> re.Pattern[str]:
    """Every multi-word country name, alternative spelling and demonym, longest first, over
    folded text (see `_key`): 'united kingdom', 'russian federation', 'south korean'."""
    tables = _tables()
    phrases = {p for p in [*tables.names, *tables.demonyms] if " " in p}
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


# --------------------------------------------------------------------------- mention finders

_MILITARY_NOUNS = (
    r"(?:armed\s+forces|military|army|navy|air\s+force|troops|soldiers|servicemen|servicewomen|"
    r"forces|marines|sailors|paratroopers)"
)
_PROPER_WORD = r"[A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*){0,3}"
_OWNED_MILITARY_RE = re.compile(
    rf"(?P<owner>{_PROPER_WORD})(?P<possessive>[’']s?)?[ \t]+(?P<noun>(?i:{_MILITARY_NOUNS}))\b"
)
_MILITARY_OF_RE = re.compile(
    rf"\b(?P<noun>(?:Armed\s+Forces|Army|Navy|Air\s+Force|Military))\s+of\s+(?:the\s+)?(?P<owner>{_PROPER_WORD})"
)


def _country_owner(words: str) -> str | None:
    """The country a nationality or country name (its trailing words) names: the longest tail
    that is one ('President Putin's Russian' never, 'the Belarusian' -> Belarus)."""
    parts = words.split()
    for start in range(len(parts)):
        tail = " ".join(parts[start:])
        country = country_of_demonym(tail) or country_of_name(tail)
        if country is not None:
            return " ".join(words.split()[start:])
    return None


def military_mentions(text: str) -> list[tuple[int, str]]:
    """(offset, surface) of every country's armed forces named in `text` by a nationality or a
    country and a military noun: 'Russian troops', 'Ukraine’s armed forces', 'Armed Forces of
    Ukraine', 'Belarusian Army'. A word that is neither ('Special forces', 'Rebel troops') or
    a noun that is not military ('French fries') gives nothing."""
    found: list[tuple[int, str]] = []
    for match in _OWNED_MILITARY_RE.finditer(text):
        owner = _country_owner(match.group("owner"))
        if owner is None:
            continue
        if match.group("possessive") and country_of_name(owner) is None:
            continue  # "the Russian’s army": a person's
        start = match.end("owner") - len(owner)
        found.append((start, text[start : match.end()]))
    for match in _MILITARY_OF_RE.finditer(text):
        owner = match.group("owner").split()
        # "Armed Forces of Ukraine said": the owner ends where the country name does
        for end in range(len(owner), 0, -1):
            if country_of_name(" ".join(owner[:end])) is not None:
                surface = text[match.start() : match.start("owner")] + " ".join(owner[:end])
                found.append((match.start(), surface))
                break
    return sorted(set(found))


_UNIT_WORDS = (
    r"(?:Brigade|Division|Regiment|Battalion|Corps|Army|Fleet|Squadron|Wing|Group|Detachment|"
    r"Company|Flotilla|Task\s+Force|Guards)"
)
_NUMBERED_UNIT_RE = re.compile(
    rf"(?:(?P<owner>{_PROPER_WORD})[’']s\s+)?"
    rf"(?P<unit>\d{{1,4}}(?:st|nd|rd|th)\s+(?:[A-Z][\w-]*\s+){{0,5}}?{_UNIT_WORDS})\b"
)


def numbered_unit_mentions(text: str) -> list[tuple[int, str]]:
    """(offset, surface) of numbered military units, with their owner when one is written:
    '101st Airborne Division', 'Belarusian Army’s 38th Air Assault Brigade'."""
    found = []
    for match in _NUMBERED_UNIT_RE.finditer(text):
        found.append((match.start(), match.group(0)))
    return found


# Verbs whose subject is where something is or what happens to it, not who acts: a capital
# before them is the city ("Moscow lies on the river", "Paris saw snow").
_PLACE_VERBS = frozenset(
    """be lie sit stand border host remain become look seem feel sprawl stretch experience
    suffer see get receive wake swelter freeze shiver shake tremble flood burn celebrate
    attract welcome boast rank count contain include house""".split()
)
_IRREGULAR = {
    "be": "is are was were been being am 's 're", "lie": "lay lain lying", "sit": "sat sitting",
    "stand": "stood", "become": "became", "feel": "felt", "see": "saw seen", "get": "got gotten getting",
    "wake": "woke woken", "freeze": "froze frozen", "shake": "shook shaken", "burn": "burnt",
}


def _inflections(lemma: str) -> set[str]:
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return forms | set(_IRREGULAR.get(lemma, "").split())


_PLACE_VERB_FORMS = frozenset(form for lemma in _PLACE_VERBS for form in _inflections(lemma))


def capital_actors(doc: Iterable, locate=None) -> list[tuple[int, str, str]]:  # type: ignore[no-untyped-def]
    """(offset, surface, country) for every capital city that is the subject of a verb of
    saying or doing in a parsed sentence (spaCy tokens): 'Minsk and Moscow had agreed' gives
    Minsk/Belarus and Moscow/Russia. `locate` maps a character of the parsed text to an
    article offset (identity when None). A subject the recogniser calls a person ('Paris Hilton
    said') or a passive subject ('Kyiv was shelled') is no government."""
    from services.extract.nlp import coarse_pos

    found: list[tuple[int, str, str]] = []
    for token in doc:
        if coarse_pos(token) != "PROPN" or token.ent_type_ == "PERSON":
            continue
        subject = token
        while subject.dep_ == "conj" and subject.head is not subject:
            subject = subject.head  # "Minsk and Moscow": the second conjunct acts too
        if subject.dep_ != "nsubj":
            continue
        verb = subject.head
        if coarse_pos(verb) not in {"VERB", "AUX"} or verb.lower_ in _PLACE_VERB_FORMS:
            continue
        first = token
        for child in sorted(token.children, key=lambda t: t.i, reverse=True):
            if child.dep_ in {"compound", "flat"} and child.i == first.i - 1 and coarse_pos(child) == "PROPN":
                first = child
        if token.i + 1 < len(token.doc) and coarse_pos(token.doc[token.i + 1]) == "PROPN":
            continue  # "Paris Hilton": a longer name than the city
        if first.i > 0 and coarse_pos(token.doc[first.i - 1]) == "PROPN":
            continue
        surface = token.doc[first.i : token.i + 1].text
        country = country_of_capital(surface)
        if country is None:
            continue
        offset = first.idx if locate is None else locate(first.idx)
        found.append((offset, surface, country))
    return found
