"""What the alias resolver knows about countries, from maintained data rather than hand lists.

- Country names, their official and alternative spellings, demonyms and capitals come from
  `countryinfo` ("Russian Federation" and "Russian" are Russia, Minsk is the capital of Belarus).
- Acronyms of unions of states come from the CLDR territory names shipped with `babel`
  ("EU": European Union, "UN": United Nations): a territory code that is no country, whose name is
  a body (it has an organisation word) and whose initials spell the code.

Everything here is pure and read-only; the tables are built once per process. The mention
finders that use it are in `services.extract.mentions`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from services.extract.lexicon.bodies import ORGANISATION_NAME_WORDS

__all__ = [
    "acronym_expansion",
    "country_of_acronym",
    "country_of_capital",
    "country_of_demonym",
    "country_of_name",
    "country_phrase_re",
    "demonym_of",
    "is_place_adjective",
]


_SPACES_RE = re.compile(r"\s+")


def _key(text: str) -> str:
    """Lowercase, accents off, straight apostrophes, single spaces: the lookup key of a name."""
    text = text.replace("’", "'")
    if not text.isascii():  # ASCII has no accents to take off
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES_RE.sub(" ", text.lower()).strip(" .")


@dataclass(frozen=True)
class _Tables:
    names: dict[str, str]  # country name or long alternative spelling -> country name
    demonyms: dict[str, str]  # demonym -> country name
    demonym_of: dict[str, str]  # country name -> its demonym, as written
    capitals: dict[str, str]  # capital city -> country name
    acronyms: dict[str, str]  # "EU" -> "European Union"
    country_acronyms: dict[str, str]  # "US", "USA" -> "United States"; "UK" -> "United Kingdom"


_ABBREVIATED_POPULATION = 50_000_000


@functools.cache
def _tables() -> _Tables:
    from countryinfo import CountryInfo

    countries = CountryInfo.all()
    names: dict[str, tuple[int, str]] = {}
    demonyms: dict[str, tuple[int, str]] = {}
    demonym_of: dict[str, str] = {}
    capitals: dict[str, tuple[int, str]] = {}
    country_acronyms: dict[str, tuple[int, str]] = {}

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
        # a code or short form that spells the initials of one of the country's names is that
        # country ("USA", "UAE", "DRC", "UK", "US"); two letters only for the few countries
        # news abbreviates so, else they are everyday acronyms ("PR", "SS", "SA", "CV"); codes
        # that spell nothing ("AI", "IT") are no acronym at all
        long_names = [country, *(str(a) for a in info.get("altSpellings") or [] if " " in str(a))]
        for short in {*codes, *(str(a) for a in info.get("altSpellings") or [] if str(a).isupper())}:
            if len(short) == 2 and population < _ABBREVIATED_POPULATION:
                continue
            if any(_initials(name) == short for name in long_names):
                keep(country_acronyms, short, population, country)
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
        country_acronyms={k: v for k, (_, v) in country_acronyms.items()},
    )


def _union_acronyms(country_codes: set[str]) -> dict[str, str]:
    from babel import Locale

    found = {}
    for code, name in Locale("en").territories.items():
        if not code.isalpha() or code in country_codes:
            continue
        words = name.split()
        initials = "".join(w[0] for w in words if w[0].isupper())
        if initials == code and any(w.lower() in ORGANISATION_NAME_WORDS for w in words):
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


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[^\W\d_]+", name) if w[0].isupper())


def country_of_acronym(acronym: str) -> str | None:
    """'US', 'USA' -> 'United States', 'UK' -> 'United Kingdom'; not 'AI' (Anguilla's code)."""
    return _tables().country_acronyms.get(acronym)


def acronym_expansion(acronym: str) -> str | None:
    """'EU' -> 'European Union', 'UN' -> 'United Nations' (unions of states only)."""
    return _tables().acronyms.get(acronym)


_ADJECTIVE_SUFFIXES = ("an", "ean", "ian", "n", "ese", "ish", "i")


@functools.cache
def _territory_names() -> frozenset[str]:
    from babel import Locale

    return frozenset(_key(name) for name in Locale("en").territories.values() if " " not in name)


@functools.cache
def _all_territory_names() -> frozenset[str]:
    from babel import Locale

    return frozenset(_key(name) for name in Locale("en").territories.values())


def is_territory(name: str) -> bool:
    """A country, continent or world region by its CLDR name ('North America', 'Western Europe')."""
    return _key(name) in _all_territory_names() or country_of_name(name) is not None


@functools.cache
def _territory_adjectives() -> dict[str, frozenset[str]]:
    """Adjective form -> the territory names it comes from: a name of four letters or more, less
    a final vowel or not, and an adjective suffix ('europe' -> 'european')."""
    sources: dict[str, set[str]] = {}
    for name in _territory_names():
        if len(name) < 4:
            continue
        for stem in {name, name[:-1] if name[-1] in "aeiouy" else name}:
            for suffix in _ADJECTIVE_SUFFIXES:
                sources.setdefault(stem + suffix, set()).add(name)
    return {form: frozenset(names) for form, names in sources.items()}


def is_place_adjective(word: str) -> bool:
    """'European' (Europe), 'Belarusian', 'Dutch': a demonym or the adjective of a territory's
    name (CLDR territories include continents and regions); not 'United'."""
    key = _key(word)
    if country_of_demonym(key) is not None:
        return True
    # a word is not its own adjective ('Mali' is no adjective of 'Mal')
    return bool(_territory_adjectives().get(key, frozenset()) - {key})


@functools.cache
def country_phrase_re() -> re.Pattern[str]:
    """Every multi-word country name, alternative spelling and demonym, longest first, over
    folded text (see `_key`): 'united kingdom', 'russian federation', 'south korean'."""
    tables = _tables()
    phrases = {p for p in [*tables.names, *tables.demonyms] if " " in p}
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
