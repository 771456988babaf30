"""Names and descriptions as text: cleaning a mention, telling a person's name from a body's,
dropping titles, and finding titled names in raw text without a parse."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span as SpacySpan

from services.extract.gender import is_given_name, name_gender
from services.extract.lexicon.bodies import NON_PERSON_NAME_WORDS, ORG_NOUNS
from services.extract.lexicon.names import HYPHENED_NAME_PARTICLES, NAME_PARTICLES
from services.extract.lexicon.people import DEMONYM_NOUNS, PERSON_NOUNS, SOURCE_NOUNS
from services.extract.lexicon.titles import (
    HONORIFICS,
    PARTY_LABELS,
    PERSON_TITLES,
    POST_NOMINALS,
    ROLE_NOUNS,
)

# The name helpers below are pure functions of short strings, asked about the same names over and
# over (each mention, each speaker, each sentence opening with a name): memoised in bounded
# caches, as the alias resolver's are. They return str or bool only.
_NAME_CACHE = 16384

_PARTICLE_ALT = "|".join(sorted(NAME_PARTICLES, key=len, reverse=True))
# A capitalised name of two or more words, lower-case particles allowed between them
CAPITAL = r"[A-ZÀ-ÖØ-ÞĀ-Ž]"
# ... and an Arabic article or 'ul' joined to the next name by a hyphen: 'Nasser al-Harthy'
_JOINED_PARTICLES = r"(?:" + "|".join(HYPHENED_NAME_PARTICLES) + r")-"
JOINED_PARTICLE_RE = re.compile(_JOINED_PARTICLES + r"[A-Z]")
_JOINED_PARTICLE_PREFIX_RE = re.compile(r"^" + _JOINED_PARTICLES + r"(?=[A-Z])")
NAME_JOIN = rf"\s+(?:(?:{_PARTICLE_ALT})\s+){{0,2}}(?:{_JOINED_PARTICLES})?"


def is_person_noun(word: str) -> bool:
    """A noun that describes a person: the lexicons, or an agent suffix ('-ist', '-ian')."""
    return (word in ROLE_NOUNS or word in PERSON_NOUNS or word in SOURCE_NOUNS
            or (len(word) > 5 and word.endswith(("ist", "ian"))) or _AGED_RE.fullmatch(word) is not None)


_AGED_RE = re.compile(r"\d{1,3}-year-old")  # 'the 54-year-old said'
AGED_PHRASE_RE = re.compile(r"\b(the|a|an)\s+(\d{1,3})\s*-\s*year\s*-\s*old$", re.IGNORECASE)


@lru_cache(maxsize=_NAME_CACHE)
def clean_surface(surface: str, keep_capital_the: bool = False) -> str:
    """A mention without a leading article or a trailing possessive: 'the Ministry of Defense’s'.
    A capital 'The' inside a sentence is part of a name ('according to The New York Times')."""
    surface = re.sub(r"\s+", " ", surface).strip(" ,;:.\"“”‘’'()[]")
    surface = re.sub(r"^the\s+" if keep_capital_the else r"^(?:the|The|THE)\s+", "", surface)
    surface = re.sub(r"(?:['’]s|['’])$", "", surface)
    return surface.strip()


def as_description(surface: str) -> str:
    """A description as a speaker's name: whitespace collapsed, a capital leading article lowered
    ('The governor' -> 'the governor'), trailing punctuation dropped."""
    text = re.sub(r"\s+", " ", surface).strip(" ,;:.\"“”‘’'()[]")
    first, _, rest = text.partition(" ")
    if first in {"The", "A", "An", "One"} and rest:
        text = f"{first.lower()} {rest}"
    return text


_NOT_PERSON_WORDS = ORG_NOUNS | NON_PERSON_NAME_WORDS


def description_head(description: str) -> str:
    """The head noun of a description: 'a WHO spokesman' -> 'spokesman', 'a spokeswoman for Great
    Plains Electric' -> 'spokeswoman'."""
    words = re.split(r"\s+(?:for|of|at|with|from|in|to|on|who|whose|that)\s+", description, maxsplit=1)[0].split()
    return words[-1].lower() if words else ""


@lru_cache(maxsize=_NAME_CACHE)
def has_given_name(name: str) -> bool:
    """A person's name by its first word: 'Clare Whitcombe', whatever the recogniser said. Only
    names of two to four words without an institutional word, opening with a given name the
    name dictionary knows as a man's or a woman's."""
    words = name.split()
    return looks_like_person(name) and name_gender(" ".join(words[:2])) is not None


@lru_cache(maxsize=_NAME_CACHE)
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


@lru_cache(maxsize=_NAME_CACHE)
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


ORDINAL_RE = re.compile(r"\d+(?:st|nd|rd|th)")


def ent_surface(ent: SpacySpan) -> str:
    """An entity's name: 'The' kept where it is capitalised mid-sentence (The New York Times),
    a person's title dropped (Councillor Ray Dunn)."""
    mid_sentence = ent.start > 0 and not ent.doc[ent.start - 1].is_punct
    text = ent.text
    if ent.label_ == "ORG" and ent.start > 0 and ORDINAL_RE.fullmatch(ent.doc[ent.start - 1].lower_):
        text = ent.doc[ent.start - 1 : ent.end].text  # "the 41st Separate Brigade"
    if ent.label_ == "ORG":
        # "Drinks maker Hobbs & Lyle": the recogniser ran the description into the name
        words = text.split()
        for i, word in enumerate(words[:-1]):
            if word.islower() and word in ORG_NOUNS and words[i + 1][:1].isupper():
                text = " ".join(words[i + 1 :])
                break
    surface = clean_surface(text, keep_capital_the=mid_sentence)
    return strip_person_title(surface) if ent.label_ == "PERSON" or titled_person(surface) else surface


def titled_person(name: str) -> bool:
    """'Ms Gráinne Ní Bhriain SC' taken for a body: an honorific before or letters after a name."""
    words = name.split()
    return len(words) >= 3 and (words[0].lower().rstrip(".") in HONORIFICS or words[-1].lower() in POST_NOMINALS)


def is_territory(name: str) -> bool:
    from services.extract.places import is_territory

    return is_territory(name)


def is_demonym_noun(word: str) -> bool:
    from services.extract.places import country_of_demonym

    return word.lower() in DEMONYM_NOUNS or country_of_demonym(word) is not None


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


_WORD_RE = re.compile(r"\w+")


def _may_open_role(word: str) -> bool:
    """Whether `_TITLED_NAME_RE` can match from this word: a role noun in any case. A word with
    letters outside ASCII is always tried (case-insensitive matching is wider than `lower()`)."""
    return word.lower() in ROLE_NOUNS if word.isascii() else True


def titled_name_matches(text: str) -> list[re.Match[str]]:
    """`_TITLED_NAME_RE.finditer(text)`, with the pattern tried only where a word that can be a
    role noun starts. Every match opens with a whole role word (the role is one word of letters
    after a word boundary, followed by a space), so the matches are the same; trying the
    case-insensitive alternation of every role at every character is what made this the slowest
    text scan of an article."""
    matches: list[re.Match[str]] = []
    end = 0
    for word in _WORD_RE.finditer(text):
        if word.start() < end or not _may_open_role(word.group()):
            continue
        match = _TITLED_NAME_RE.match(text, word.start())
        if match is not None:
            matches.append(match)
            end = match.end()
    return matches


def titled_names(text: str) -> list[tuple[str, int, set[str]]]:
    """Names introduced with a role anywhere in the text, without parsing:
    'Belarusian President Alexander Lukashenko', 'Josep Borrell, the EU's foreign policy chief,'."""
    found: list[tuple[str, int, set[str]]] = []
    for match in titled_name_matches(text):
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
