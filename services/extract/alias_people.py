"""People's names: titles off, given names and surname folded, and when two names are one person.

"Belarusian President Alexander Lukashenko" and "Mr Lukashenka" are one person; "Anna Myroniuk"
and "Anton Myroniuk" are two.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from rapidfuzz import fuzz

from services.extract.alias_keys import NAME_CACHE, clean, fold, fold_name, surnames_match
from services.extract.lexicon.bodies import ORGANISATION_NAME_WORDS
from services.extract.lexicon.names import FOLDED_NAME_PARTICLES, NAME_SUFFIXES
from services.extract.lexicon.titles import TITLES_AND_QUALIFIERS


@dataclass(frozen=True)
class Person:
    given: tuple[str, ...]  # folded given names (may be empty: surname-only mention)
    surname: str  # folded surname
    display: str  # the name without titles, as written

    @property
    def full(self) -> bool:
        return bool(self.given)


@functools.lru_cache(maxsize=NAME_CACHE)
def person_name(text: str) -> Person | None:
    words = text.split()
    if not words or len(words) > 7:
        return None
    # Drop titles, and a demonym or lowercase word in front of a title:
    # "Belarusian President", "Ukrainian Defence Minister", "dictator".
    i = 0
    while i < len(words):
        w = fold(words[i]).strip(".,")
        nxt = fold(words[i + 1]).strip(".,") if i + 1 < len(words) else ""
        if (w in TITLES_AND_QUALIFIERS or (words[i][:1].islower() and nxt)
                or (nxt in TITLES_AND_QUALIFIERS and i + 2 < len(words))):
            i += 1
            continue
        break
    words = [w for w in words[i:] if fold(w).strip(".") not in NAME_SUFFIXES]
    if not words or len(words) > 5:
        return None
    if any(fold(w) in ORGANISATION_NAME_WORDS for w in words):
        return None
    for w in words:
        if not (w[:1].isupper() or fold(w) in FOLDED_NAME_PARTICLES) or any(ch.isdigit() for ch in w):
            return None
    surname_at = len(words) - 1
    given = tuple(fold_name(w.strip(".")) for w in words[:surname_at] if fold(w) not in FOLDED_NAME_PARTICLES)
    surname = fold_name(words[surname_at])
    if len(surname) < 2:
        return None
    return Person(given, surname, " ".join(words))


def given_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
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


def double_surname(a: Person, b: Person) -> bool:
    """'Josep Borrell' and 'Josep Borrell Fontelles': one name continues the other."""
    if not (a.full and b.full):
        return False
    ta, tb = (*a.given, a.surname), (*b.given, b.surname)
    short, long_ = sorted((ta, tb), key=len)
    return len(short) >= 2 and long_[: len(short)] == short


def is_fuller_name(name: str, than: str) -> bool:
    """Whether `name` is a person's full name and `than` the same person's bare surname, titles
    aside: "Alexander Lukashenko" is fuller than "Mr Lukashenka"."""
    fuller, bare = person_name(clean(name)), person_name(clean(than))
    if fuller is None or bare is None or not fuller.full or not surnames_match(fuller.surname, bare.surname):
        return False
    if not bare.full:
        return True
    # "Mara Lindqvist" is fuller than "M. Lindqvist": a spelled-out given name over its initial.
    return len(bare.given[0]) == 1 and len(fuller.given[0]) > 1 and fuller.given[0][0] == bare.given[0]
