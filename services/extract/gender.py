"""Grammatical gender of a person's name, so 'she said' does not go to the man named just before.

The evidence, strongest first: a gendered title or role in the mention ('Mrs', 'Sir',
'spokeswoman'), then the given name looked up in gender-guesser's name dictionary (about 40,000
given names from many countries). Anything uncertain (unisex names, initials, names the dictionary
lacks) is `None`: the resolver then treats the name as compatible with either pronoun, so this
never makes a speaker up, it only rules candidates out.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from services.extract.lexicon.people import FEMALE_ROLE_SUFFIXES, GENDER_NEUTRAL_ROLES, MALE_ROLE_SUFFIXES
from services.extract.lexicon.pronouns import PRONOUN_GENDER
from services.extract.lexicon.titles import FEMALE_TITLES, MALE_TITLES

if TYPE_CHECKING:
    import gender_guesser.detector as gender_guesser

Gender = Literal["female", "male"]

_WORD_RE = re.compile(r"[^\W\d_][\w’'.-]*")

_detector_lock = threading.Lock()


@lru_cache(maxsize=1)
def _detector() -> gender_guesser.Detector:
    import gender_guesser.detector as gender_guesser

    return gender_guesser.Detector(case_sensitive=False)


def _fold_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@lru_cache(maxsize=8192)
def given_name_gender(word: str) -> Gender | None:
    """'Patricia' -> female, 'Dmitri' -> male, 'Alex' or 'Xiaoming' -> None (unisex or unknown)."""
    word = word.strip(".’'")
    if len(word) < 2 or not word[:1].isupper() or word.isupper() and len(word) <= 3:
        return None  # initials ('T.J.') say nothing
    with _detector_lock:
        detector = _detector()
        answer = detector.get_gender(word)
        if answer == "unknown" and _fold_accents(word) != word:
            answer = detector.get_gender(_fold_accents(word))  # 'Siobhán' is listed as 'Siobhan'
        if answer == "unknown" and "-" in word:
            answer = detector.get_gender(word.split("-")[0])  # 'Kerry-Ann', 'Jean-Luc'
    if answer in {"female", "mostly_female"}:
        return "female"
    if answer in {"male", "mostly_male"}:
        return "male"
    return None


def is_given_name(word: str) -> bool:
    """Whether the name dictionary lists the word as a given name of either gender ('Alex' too)."""
    word = word.strip(".’'")
    if len(word) < 2 or not word[:1].isupper() or (word.isupper() and len(word) <= 3):
        return False
    with _detector_lock:
        detector = _detector()
        answer = detector.get_gender(word)
        if answer == "unknown" and _fold_accents(word) != word:
            answer = detector.get_gender(_fold_accents(word))
    return answer != "unknown"


def role_gender(word: str) -> Gender | None:
    """'spokeswoman' -> female, 'chairman' -> male, 'actress' -> female, 'minister' -> None."""
    lower = word.lower().strip(".")
    if lower in FEMALE_TITLES:
        return "female"
    if lower in MALE_TITLES:
        return "male"
    if lower in GENDER_NEUTRAL_ROLES or len(lower) < 5:
        return None
    if lower.endswith(FEMALE_ROLE_SUFFIXES):
        return "female"
    if lower.endswith(MALE_ROLE_SUFFIXES) and not lower.endswith(("woman", "women")):
        return "male"
    return None


def name_gender(name: str, titles: set[str] | frozenset[str] = frozenset()) -> Gender | None:
    """The gender a mention of a person gives away: a gendered title among `titles` or leading
    the name, else the first given name. 'Mrs. Edith Calloway' -> female."""
    for title in titles:
        found = role_gender(title)
        if found is not None:
            return found
    words = _WORD_RE.findall(name)
    for word in words[:3]:
        found = role_gender(word) if word.lower().strip(".") in FEMALE_TITLES | MALE_TITLES else None
        if found is not None:
            return found
        if word.lower().strip(".") in FEMALE_TITLES | MALE_TITLES:
            continue
        if len(words) >= 2 and word[:1].isupper():
            return given_name_gender(word)
        break
    return None


def compatible(pronoun: str, name: str, titles: set[str] | frozenset[str] = frozenset()) -> bool:
    """False only when the pronoun's gender and the name's are both known and differ."""
    wanted = PRONOUN_GENDER.get(pronoun.lower())
    if wanted is None:
        return True
    found = name_gender(name, titles)
    return found is None or found == wanted
